"""What a kind of chained record supplies to :class:`ui.records.lifecycle.RecordLifecycle`: a :class:`RecordKind`
(its service, the worker functions that load and save it, its texts) and a form (:class:`RecordForm`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable, Protocol

if TYPE_CHECKING:  # pragma: no cover
    from desktop.workspace import Workspace


@dataclass(frozen=True)
class RecordKind:
    """What differs between kinds of chained records (the rest is :class:`RecordLifecycle`)."""

    key: str  # the kind of a kept draft (and the 组织生活 tab it goes back to): "meeting"
    service: str  # the workspace's service: "meetings"
    what: str  # in confirmation texts: "会议记录"
    document: str  # record type of the 打印/导出 dialog: "meeting"
    load: Callable[["Workspace", int], Any]  # worker: (ws, id) -> data with .view, .input, .history
    save: Callable[["Workspace", int | None, Any], Any]  # worker: (ws, id or None to create, input) -> view
    export_tip: str = "预览、打印或导出这条记录"
    fixed_note: str = ""  # what a 更正 cannot change, added to its banner


class RecordForm(Protocol):
    """What a host widget supplies: its form, its checks and where it shows them."""

    def value(self) -> Any: ...  # the input on screen

    def show_record(self, data) -> None: ...  # fill the widgets from loaded data (``life.mode`` is its mode)

    def load_input(self, data) -> None: ...  # fill the widgets from an input kept over a lock

    def apply_mode(self, mode: str) -> None: ...  # what is editable in draft / final / void / correct

    def show_saved(self, view, first: bool, current: bool) -> None: ...  # a draft save (``current``: as on screen)

    def show_refusal(self, findings) -> None: ...  # 定稿 or 更正 refused for these findings

    def record_title(self) -> str: ...  # in the confirmation and amendment dialogs
