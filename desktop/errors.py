"""One exception family. Every error a user can cause carries a Chinese message saying what to do."""

from __future__ import annotations


class ZhibuError(Exception):
    """Base class: ``str(err)`` is the user-facing Chinese message."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class WrongPassphrase(ZhibuError):
    def __init__(self, message: str = "口令不正确，无法打开支部纪实本。请检查大小写和输入法后重试；文件未被改动。"):
        super().__init__(message)


class BookNotFound(ZhibuError):
    pass


class BookExists(ZhibuError):
    pass


class BookLocked(ZhibuError):
    """Another process holds the single-writer lock of the book."""


class BookDamaged(ZhibuError):
    """The file is not a readable book (truncated, corrupted, not SQLCipher).

    ``backup`` is the newest backup that verified with the passphrase, when one was found (offered to restore).
    """

    def __init__(self, message: str, backup=None):
        super().__init__(message)
        self.backup = backup


class ValidationError(ZhibuError):
    """Input that breaks a domain rule. ``field`` names the offending field when there is one."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


class ImportRejected(ZhibuError):
    """An all-or-nothing import found problems; ``problems`` lists (row, reason)."""

    def __init__(self, message: str, problems: list[tuple[int, str]] | None = None):
        super().__init__(message)
        self.problems = problems or []


class NotFound(ZhibuError):
    pass


class BackupFailed(ZhibuError):
    pass


class StorageFull(ZhibuError):
    def __init__(self, message: str = "磁盘空间不足或写入失败，操作已取消，原文件未改动。请清理磁盘空间后重试。"):
        super().__init__(message)


class RecordLocked(ZhibuError):
    """A finalized record cannot be edited in place; amend it instead."""


class BookReadOnly(ZhibuError):
    """The book lies on read-only media or in a folder the user may not write."""


class StorageIOError(ZhibuError):
    """The disk reported an input/output error (failing disk, removed USB stick)."""

    def __init__(self, message: str = "读写磁盘时出错（输入/输出错误），操作已取消。请检查磁盘或U盘是否仍然连接、是否损坏，"
                 "然后重试；支部纪实本中已保存的内容不受影响。"):
        super().__init__(message)
