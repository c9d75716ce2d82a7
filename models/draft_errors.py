"""Errors of the draft store, each with a plain-Chinese message for the clerk."""

from __future__ import annotations

import errno

# --------------------------------------------------------------------------- errors


class DraftStoreError(Exception):
    """Base class of all draft store errors; ``str()`` is a plain-Chinese message for the clerk."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class DraftNotFoundError(DraftStoreError):
    """The draft (or the requested revision) does not exist."""


class DraftConflictError(DraftStoreError):
    """Another window or program saved a newer revision since this one was loaded."""

    def __init__(self, draft_id: str, base_revision: int, current_revision: int) -> None:
        super().__init__(
            f"此草稿已在别处保存过更新的版本（现在是第 {current_revision} 版，本窗口基于第 "
            f"{base_revision} 版），为避免覆盖其他窗口的修改，这次没有保存。"
            "请把当前内容另存为新草稿，或重新打开草稿。"
        )
        self.draft_id = draft_id
        self.base_revision = base_revision
        self.current_revision = current_revision


class DraftCorruptError(DraftStoreError):
    """No revision of the draft (or the requested revision) passes the integrity check."""


class DraftLockedError(DraftStoreError):
    """The draft is being edited (or saved) by another window or process."""

    def __init__(self, message: str = "此草稿正在另一个窗口中编辑，请先在那个窗口中关闭它，再打开。") -> None:
        super().__init__(message)


class DraftLinkError(DraftStoreError):
    """An entry of the data folder is a link (symlink or junction) to somewhere else: never followed."""

    def __init__(self, path: object) -> None:
        super().__init__(f"数据文件夹中的「{path}」是指向别处的链接（快捷方式或联接），不是本程序的草稿文件夹；"
                         "为安全起见，程序不读取、不移动、不删除其中的任何文件。")


class DraftPayloadError(DraftStoreError):
    """The payload, title or summary cannot be stored (wrong types, not JSON-able)."""


class DraftIOError(DraftStoreError):
    """An operating-system error while reading or changing the store.

    ``reason`` is the plain-Chinese cause, ``errno``/``winerror``/``filename`` come from the
    original ``OSError`` (also available as ``__cause__``).
    """

    def __init__(self, message: str, exc: OSError) -> None:
        super().__init__(message)
        self.reason = describe_os_error(exc)
        self.errno: int | None = exc.errno
        self.winerror: int | None = getattr(exc, "winerror", None)
        self.filename: str | None = None if exc.filename is None else str(exc.filename)

    @classmethod
    def wrap(cls, what: str, exc: OSError) -> DraftIOError:
        """Build the error for *exc* with the message "<what>：<reason>。"."""
        return cls(f"{what}：{describe_os_error(exc)}。", exc)


class DraftSaveError(DraftIOError):
    """Saving failed because of the operating system; every earlier revision is untouched."""

    @classmethod
    def from_os_error(cls, exc: OSError) -> DraftSaveError:
        """Build the save error for *exc*."""
        return cls(f"草稿没有保存：{describe_os_error(exc)}。之前保存的版本没有受影响。", exc)


class DraftReadError(DraftIOError):
    """Reading failed because of the operating system (not because the data is damaged)."""

    @classmethod
    def wrap(cls, what: str, exc: OSError) -> DraftIOError:
        return cls(f"{what}：{describe_os_error(exc, reading=True)}。", exc)


def describe_os_error(exc: OSError, *, reading: bool = False) -> str:
    """Return a short plain-Chinese cause for *exc* (disk full, read-only, file in use, ...).

    ``reading``: the error came from reading, so a permission error means no permission to read.
    """
    winerror = getattr(exc, "winerror", None)
    too_long = path_too_long(exc)
    if too_long:
        return too_long
    if winerror in (32, 33):
        return "文件正被其他程序占用（例如杀毒软件或同步盘），请稍后再试"
    if exc.errno == errno.ENOSPC or winerror in (39, 112):
        return "磁盘空间已满，请清理磁盘后再试"
    if exc.errno is not None and exc.errno == getattr(errno, "EDQUOT", None):
        return "磁盘配额已用完，请清理后再试"
    if exc.errno == errno.EROFS:
        return "草稿所在的磁盘是只读的"
    if isinstance(exc, IsADirectoryError) or exc.errno == errno.EISDIR:
        return "这是一个文件夹，不是文件"
    if isinstance(exc, PermissionError) or exc.errno in (errno.EACCES, errno.EPERM):
        if reading:
            return "没有读取权限（文件的权限被改过，或被其他程序占用）"
        return "没有写入权限（文件夹可能是只读的，或文件被其他程序占用）"
    if isinstance(exc, FileNotFoundError):
        return "文件或文件夹不存在（可能已被移动或删除）"
    return f"系统错误（{exc.strerror or exc}）"




MAX_PATH = 260  # Windows without long-path support refuses longer paths, with a misleading "not found"


def path_too_long(exc: OSError) -> str:
    """The plain-Chinese reason when *exc* is Windows refusing a path over 260 characters, else ""."""
    name = "" if exc.filename is None else str(exc.filename)
    if len(name) < MAX_PATH - 1:
        return ""
    if getattr(exc, "winerror", None) in (3, 206) or exc.errno in (errno.ENOENT, errno.ENAMETOOLONG):
        return (f"路径太长（{len(name)} 个字符，超过 Windows 的 {MAX_PATH} 个字符上限），"
                "请选择层级较浅的文件夹或较短的文件名")
    return ""
