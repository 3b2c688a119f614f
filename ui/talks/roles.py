"""谈话人 (some of those taking part; the others are 谈话对象) and 记录人 of a talk, for the talk editor."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from desktop.domain.meeting_records import Ref
from desktop.domain.meeting_rules import HeartTalkInput
from ui.widgets.name_refs import RefCombo, RefsEdit


class TalkRoles(QObject):
    changed = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.interviewers = RefsEdit("参加人员中的谈话人，其余为谈话对象；多人用顿号分隔；不填则不区分")
        self.interviewers.setObjectName("interviewersEdit")
        self.recorder = RefCombo("可不填；本支部以外的人直接输入姓名")
        self.recorder.setObjectName("talkRecorder")
        self._names: dict[int, str] = {}
        self._pending: tuple | None = None
        for w in (self.interviewers, self.recorder):
            w.changed.connect(self.changed.emit)

    def rows(self) -> list[tuple[str, object]]:
        return [("其中谈话人：", self.interviewers), ("记录人：", self.recorder)]

    def remember(self, record) -> None:
        """Names as a record has them (someone may no longer be on the day's roster)."""
        self._names.update({r.id: r.name for r in (*record.interviewers, record.recorder) if r and r.id is not None})

    def load(self, data: HeartTalkInput, names: dict | None = None) -> None:
        """Shown once the roster of the day is known (``set_roster``)."""
        self._names.update(names or {})
        self._pending = (list(data.interviewers), data.recorder_id, data.recorder_name)
        self._show({})

    def set_roster(self, roster) -> None:
        self.interviewers.set_roster(roster)
        self.recorder.set_roster(roster)
        self._show({m.id: m.name for m in roster})

    def _show(self, known: dict) -> None:
        if self._pending is None:
            return
        names = {**known, **self._names}
        interviewers, recorder_id, recorder_name = self._pending
        if any(isinstance(i, int) and i not in names for i in [*interviewers, recorder_id] if i is not None):
            return  # wait for the roster
        self._pending = None
        self.interviewers.set_refs([Ref(i, names[i]) if isinstance(i, int) else Ref(None, i) for i in interviewers])
        self.recorder.set_ref(Ref(recorder_id, names[recorder_id]) if recorder_id is not None
                              else Ref(None, recorder_name) if recorder_name else None)

    def apply(self, data: HeartTalkInput) -> HeartTalkInput:
        if self._pending is not None:  # not shown yet: keep what was loaded
            data.interviewers, data.recorder_id, data.recorder_name = self._pending
            return data
        data.interviewers = [r.id if r.id is not None else r.name for r in self.interviewers.refs()]
        ref = self.recorder.ref()
        data.recorder_id = ref.id if ref else None
        data.recorder_name = ref.name if ref and ref.id is None else ""
        return data

    def set_editable(self, editable: bool) -> None:
        self.interviewers.setReadOnly(not editable)
        self.recorder.setEnabled(editable)
