"""The life of a chained record on screen (draft → 定稿 → 更正 / 补充说明 / 作废), written once for every kind.

Mirrors ``desktop/services/chained_records.py``: :class:`ui.records.lifecycle.RecordLifecycle` owns autosave,
定稿, amendments, deleting a draft, 打印/导出, history and keeping drafts over a lock; a record kind supplies a
:class:`ui.records.kind.RecordKind` (its service and texts) and a form (see :class:`ui.records.kind.RecordForm`).
"""
