"""The exclusive OS lock a window holds on a draft while editing it (Windows and POSIX)."""

from __future__ import annotations

import errno
import os
import sys
from pathlib import Path
from types import TracebackType

# --------------------------------------------------------------------------- OS locks

if sys.platform == "win32":
    import msvcrt

    def _os_try_lock(fd: int) -> bool:
        os.lseek(fd, 0, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError as exc:
            if exc.errno in (errno.EACCES, errno.EDEADLOCK):
                return False
            raise
        return True

    def _os_unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _os_try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            if exc.errno in (errno.EAGAIN, errno.EWOULDBLOCK, errno.EACCES):
                return False
            raise
        return True

    def _os_unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)


class _LinkFound(OSError):
    """A lock file that is a link: never opened (it would create or lock a file outside the store)."""


def _try_lock(path: Path) -> int | None:
    """Open *path* and take an exclusive non-blocking lock; None if someone else holds it.

    A lock file that is a link raises _LinkFound: checked first (Windows has no O_NOFOLLOW), and
    refused by the OS too where O_NOFOLLOW exists (ELOOP), should a link appear in between.
    """
    from .paths import is_link

    if is_link(path):
        raise _LinkFound(errno.ELOOP, "lock file is a link", str(path))
    flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_BINARY", 0) | getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags, 0o666)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise _LinkFound(errno.ELOOP, "lock file is a link", str(path)) from exc
        raise
    try:
        locked = _os_try_lock(fd)
    except BaseException:
        os.close(fd)
        raise
    if not locked:
        os.close(fd)
        return None
    return fd


def _unlock(fd: int) -> None:
    try:
        _os_unlock(fd)
    finally:
        os.close(fd)


class DraftLock:
    """An exclusive OS lock on a draft, held while a window edits it.

    Use as a context manager or call :meth:`release`. The operating system drops the lock if the
    process dies, so a crash never leaves a draft locked.
    """

    def __init__(self, draft_id: str, path: Path, fd: int) -> None:
        self.draft_id = draft_id
        self.path = path
        self._fd: int | None = fd

    @property
    def held(self) -> bool:
        """True until :meth:`release` is called."""
        return self._fd is not None

    def release(self) -> None:
        """Release the lock (idempotent)."""
        fd, self._fd = self._fd, None
        if fd is not None:
            _unlock(fd)

    def __enter__(self) -> DraftLock:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.release()


