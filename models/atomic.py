"""All-or-nothing file writes and Windows-safe file names.

``atomic_write_bytes`` follows what office suites do on save: write a temporary file in the target's
folder, flush and fsync it, then ``os.replace`` it onto the target. A failure at any step leaves the
previous target byte-identical and no temporary file behind.
"""

from __future__ import annotations

import errno
import os
import re
import sys
import time
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

# Windows error codes that mean "another program has the file open right now" (access denied,
# sharing violation, lock violation). Word, Excel, antivirus scanners and indexers cause these, and
# they usually go away within a fraction of a second.
TRANSIENT_WINERRORS = frozenset({5, 32, 33})
REPLACE_ATTEMPTS = 5
_RETRY_DELAYS = (0.05, 0.1, 0.15, 0.2)

_FORBIDDEN_CHARS = frozenset('<>:"/\\|?*')
_RESERVED_NAMES = frozenset(
    {"CON", "PRN", "AUX", "NUL"}
    | {f"{dev}{n}" for dev in ("COM", "LPT") for n in (*"0123456789", "¹", "²", "³")}
)
FALLBACK_FILENAME = "未命名"


def is_transient_lock_error(exc: BaseException) -> bool:
    """True if *exc* is a Windows "file is open in another program" error worth retrying."""
    return isinstance(exc, PermissionError) and getattr(exc, "winerror", None) in TRANSIENT_WINERRORS


def rename_with_retry(src: Path, dst: Path) -> None:
    """``os.rename``, retried briefly while an antivirus scanner or indexer holds the file (WinError 5/32)."""
    _retrying(os.rename, src, dst)


def _replace_with_retry(src: Path, dst: Path) -> None:
    _retrying(os.replace, src, dst)


def _retrying(move: Callable[[Path, Path], None], src: Path, dst: Path) -> None:
    for attempt in range(REPLACE_ATTEMPTS):
        try:
            move(src, dst)
            return
        except PermissionError as exc:
            if not is_transient_lock_error(exc) or attempt == REPLACE_ATTEMPTS - 1:
                raise
            time.sleep(_RETRY_DELAYS[min(attempt, len(_RETRY_DELAYS) - 1)])


def fsync_dir(directory: Path) -> None:
    """Best-effort fsync of a folder so a rename in it survives power loss (POSIX only).

    Windows cannot open a folder as a file, and NTFS journals renames anyway. Errors are ignored:
    by the time this runs the data itself is safely in place, and some file systems (network
    shares, FUSE) refuse to fsync folders.
    """
    if sys.platform == "win32":
        return
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _temp_path(path: Path) -> Path:
    # os.urandom, not secrets: secrets loads OpenSSL (hmac), 3.5 MiB of the GUI's memory for a name.
    # Keep the temp name well below the 255-character limit even for long target names.
    stem = path.name[:100]
    return path.with_name(f".{stem}.{os.getpid()}.{os.urandom(4).hex()}.tmp")


def _leftover_pattern(path: Path) -> re.Pattern[str]:
    """The temp files of writes to ``path`` (any process): what a killed export leaves behind."""
    return re.compile(re.escape(f".{path.name[:100]}.") + r"\d+\.[0-9a-f]{8}\.tmp\Z")


def _remove_leftovers(path: Path) -> None:
    """Delete the temp files killed writes of the same target left, never one a live write holds.

    A writer holds an OS lock on its temp file until the file is in place (POSIX), and Windows
    refuses to delete a file another program has open: whatever can be claimed is abandoned.
    """
    pattern = _leftover_pattern(path)
    try:
        with os.scandir(path.parent) as entries:
            found = [Path(e.path) for e in entries if pattern.match(e.name) and e.is_file(follow_symlinks=False)]
    except OSError:
        return
    for leftover in found:
        try:
            if sys.platform == "win32":
                os.unlink(leftover)  # refused while the writing process still has it open
                continue
            fd = os.open(leftover, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
            try:
                if _claim(fd):
                    os.unlink(leftover)
            finally:
                os.close(fd)
        except OSError:
            continue


def _claim(fd: int) -> bool:
    """An exclusive, non-blocking OS lock on an open temp file (POSIX); False if a live writer has it."""
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


FILE_ATTRIBUTE_HIDDEN = 0x2


def _hide(path: Path) -> None:
    """A dot-name hides a file on Linux and macOS only; on Windows the attribute does (best effort)."""
    if sys.platform != "win32":
        return
    try:
        import ctypes

        ctypes.windll.kernel32.SetFileAttributesW(str(path), FILE_ATTRIBUTE_HIDDEN)
    except (AttributeError, OSError):
        pass


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write *data* to *path* all-or-nothing (see ``atomic_write_with``)."""
    atomic_write_with(path, lambda fh: fh.write(data))


def atomic_write_with(path: Path, write: Callable[[BinaryIO], object]) -> None:
    """Write *path* all-or-nothing through ``write(file)``, for output too large to build in memory.

    A temp file in the same folder is written, flushed and fsynced, then moved onto *path* with
    ``os.replace`` (retried briefly while Windows reports the target as open elsewhere), then the
    folder is fsynced on POSIX. On any failure the temp file is removed and the exception re-raised;
    the previous content of *path* is untouched.
    """
    path = Path(path)
    try:
        if path.is_dir():
            raise IsADirectoryError(errno.EISDIR, "is a folder", str(path))
        _remove_leftovers(path)
        tmp = _temp_path(path)
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
        fd = os.open(tmp, flags, 0o666)
    except OSError as exc:
        raise _named(exc, path) from None
    try:
        if sys.platform != "win32":
            _claim(fd)  # held until the file is in place: the next write's cleaner leaves it alone
        _hide(tmp)
        with open(fd, "wb", closefd=sys.platform == "win32") as fh:  # Windows renames closed files only
            write(fh)
            fh.flush()
            os.fsync(fh.fileno())
        _replace_with_retry(tmp, path)
    except BaseException as exc:
        if sys.platform != "win32":
            _close_quietly(fd)
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(exc, OSError):
            raise _named(exc, path) from None
        raise
    if sys.platform != "win32":
        _close_quietly(fd)
    fsync_dir(path.parent)


def _close_quietly(fd: int) -> None:
    try:
        os.close(fd)
    except OSError:
        pass  # already closed (the file object owned it): the write's own error is what counts


def _named(exc: OSError, path: Path) -> OSError:
    """``exc`` naming the clerk's file: the temp file's name means nothing to them."""
    exc.filename = str(path)
    exc.filename2 = None
    return exc


def _is_bad_char(ch: str) -> bool:
    if ch in _FORBIDDEN_CHARS:
        return True
    # Cc: control characters (incl. DEL and C1); Cs: lone surrogates, which no file system API
    # can encode.
    return unicodedata.category(ch) in ("Cc", "Cs")


def _is_reserved(name: str) -> bool:
    # Windows treats "CON", "con.txt", "CON .tar.gz" alike: the part before the first dot,
    # without trailing spaces, is what counts.
    stem = name.split(".", 1)[0].rstrip(" ")
    return stem.upper() in _RESERVED_NAMES


# Linux/macOS file systems cap a name at 255 bytes, and a Chinese character takes 3 in UTF-8; keep
# room for a suffix such as ".docx" or a temp-file prefix.
MAX_NAME_BYTES = 200


def _cut_to_bytes(text: str, limit: int) -> str:
    while len(text.encode("utf-8", "surrogatepass")) > limit:
        text = text[:-1]
    return text


def sanitize_filename(name: str, max_len: int = 120) -> str:
    """Turn *name* into a file name Windows accepts (no folder part).

    Replaces ``<>:"/\\|?*``, control characters and lone surrogates with ``_``, strips leading and
    trailing dots and spaces, prefixes reserved device names (CON, NUL, COM1, "con.txt", ...) with ``_``,
    cuts to *max_len* characters (and to MAX_NAME_BYTES of UTF-8), and never returns an empty name
    (falls back to "未命名").
    Chinese characters are kept. The result is stable: sanitising it again changes nothing.
    """
    if max_len < 1:
        raise ValueError("max_len must be at least 1")
    cleaned = "".join("_" if _is_bad_char(ch) else ch for ch in name)
    # No leading dot either: a unit named "../x" or ".hidden" must not give a hidden file.
    cleaned = _cut_to_bytes(cleaned.lstrip(". ")[:max_len], MAX_NAME_BYTES).rstrip(". ")
    if not cleaned:
        cleaned = FALLBACK_FILENAME[:max_len]
    if _is_reserved(cleaned):
        cleaned = _cut_to_bytes(("_" + cleaned)[:max_len], MAX_NAME_BYTES).rstrip(". ")
    return cleaned


__all__ = [
    "FALLBACK_FILENAME",
    "REPLACE_ATTEMPTS",
    "TRANSIENT_WINERRORS",
    "atomic_write_bytes",
    "fsync_dir",
    "is_transient_lock_error",
    "sanitize_filename",
]
