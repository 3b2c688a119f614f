"""Long work reports progress and can be cancelled, without Qt."""

from __future__ import annotations

from typing import Protocol

from desktop.errors import ZhibuError


class Cancelled(ZhibuError):
    def __init__(self) -> None:
        super().__init__("操作已取消，未生成任何文件。")


class Progress(Protocol):
    def __call__(self, done: int, total: int, label: str = "") -> None: ...


def no_progress(done: int, total: int, label: str = "") -> None:
    """Default progress sink."""


class CancelToken:
    """Set from any thread; checked by the worker between steps."""

    def __init__(self) -> None:
        self._cancelled = False

    def cancel(self) -> None:
        self._cancelled = True

    @property
    def cancelled(self) -> bool:
        return self._cancelled

    def check(self) -> None:
        if self._cancelled:
            raise Cancelled()
