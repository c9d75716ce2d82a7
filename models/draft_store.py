"""Crash-safe, versioned draft store (stdlib only; no Qt).

Layout under the store root (default ``data_dir()/"drafts"``)::

    <root>/<draft_id>/rev-00000001.brw    one file per saved revision, written atomically
    <root>/<draft_id>/lock                 exclusive OS lock while a window edits the draft
    <root>/<draft_id>/save.lock            short lock held during one save (check + write + prune)
    <root>/../quarantine/                  damaged revisions, moved here at load, never deleted
    <root>/../bin/<draft_id>/              deleted drafts, recoverable until purged
    <root>/../exports/<draft_id>.json      the draft's last export (models.last_export), dropped at purge

Revision file format (all integers big-endian)::

    offset  size  field
         0     8  magic b"BRWDRAFT"
         8     2  envelope version (1)
        10     2  reserved (0)
        12     4  reserved (0)
        16     8  revision number (unsigned)
        24     8  saved_at, microseconds since 1970-01-01 UTC (signed)
        32     8  body length in bytes (unsigned)
        40    32  SHA-256 of bytes 0..39 followed by the body
        72     n  body: UTF-8 JSON {"title", "summary", "saved_at" (ISO 8601), "payload"}

The digest covers the header fields and the body, and the file length must equal 72 + body length,
so truncation, zeroing, garbage, trailing junk and any flipped bit are detected. A revision is only
ever created by writing a temp file, fsyncing it and renaming it into place, so a killed process
leaves either the complete new revision or none (plus a stray ``*.tmp`` that the next load removes).
"""

import builtins
import errno
import os
import re
import shutil
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Final

from .atomic import atomic_write_bytes, fsync_dir, rename_with_retry
from .draft_errors import (
    DraftConflictError,
    DraftCorruptError,
    DraftIOError,
    DraftLinkError,
    DraftLockedError,
    DraftNotFoundError,
    DraftPayloadError,
    DraftReadError,
    DraftSaveError,
    DraftStoreError,
    describe_os_error,
)
from .draft_lock import DraftLock, _LinkFound, _try_lock, _unlock
from .draft_revision import (
    ENVELOPE_VERSION,
    HEADER_SIZE,
    MAGIC,
    MAX_BODY_BYTES,
    DraftInfo,
    LoadedDraft,
    Payload,
    RevisionInfo,
    Summary,
    _check_summary,
    _Damaged,
    _fmt_time,
    _now,
    _peek_saved_at,
    _read_revision,
    _rev_name,
    _Revision,
    encode_revision,
)
from .paths import data_dir, is_link

KEEP_RECENT: Final = 30
MAX_REVISIONS: Final = 60
LOCK_NAME: Final = "lock"
SAVE_LOCK_NAME: Final = "save.lock"
SAVE_LOCK_TIMEOUT: Final = 5.0
DAMAGED_TITLE: Final = "（无法读取的草稿）"
LINK_TITLE: Final = "（指向别处的链接，不是草稿文件夹，已忽略）"
_ID_RE: Final = re.compile(r"[0-9a-f]{32}\Z")
_REV_RE: Final = re.compile(r"rev-(\d{8,})\.brw\Z")
_STAGING_PREFIX: Final = ".creating-"
_STAGING_MAX_AGE: Final = 3600.0
UNREADABLE: Final = "无法读取："  # reasons that start so are left where they are, not quarantined


# --------------------------------------------------------------------------- the store


class DraftStore:
    """Versioned, crash-safe storage of drafts (payload-agnostic JSON dicts).

    Every save writes a new revision file atomically; load returns the newest revision that
    passes the integrity check and quarantines newer damaged ones. Not tied to Qt; safe to use
    from several processes (saves are serialised by a per-draft OS lock).
    """

    def __init__(self, root: Path | None = None, *, clock: Callable[[], datetime] | None = None) -> None:
        """*root* defaults to ``data_dir()/"drafts"``; *clock* (for tests) returns aware datetimes."""
        self.root = (Path(root) if root is not None else data_dir() / "drafts").absolute()
        self._clock = clock or _now

    @property
    def quarantine_dir(self) -> Path:
        """Where damaged revisions are moved (``<root>/../quarantine``)."""
        return self.root.parent / "quarantine"

    @property
    def bin_dir(self) -> Path:
        """Where deleted drafts wait until purged (``<root>/../bin``)."""
        return self.root.parent / "bin"

    @property
    def exports_dir(self) -> Path:
        """Where each draft's last export is kept (``<root>/../exports``, models.last_export)."""
        from .last_export import FOLDER

        return self.root.parent / FOLDER

    # ----- public API

    def create(self, payload: Payload, title: str, summary: Summary) -> str:
        """Create a draft with revision 1 and return its id (32 hex digits)."""
        self._check_inputs(payload, title, summary)
        draft_id = uuid.uuid4().hex
        staging = self.root / f"{_STAGING_PREFIX}{draft_id}"
        data = encode_revision(1, self._clock(), title, summary, payload)
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            staging.mkdir()
            atomic_write_bytes(staging / _rev_name(1), data)
            # The folder appears under its real name only once revision 1 is complete.
            rename_with_retry(staging, self.root / draft_id)
            fsync_dir(self.root)
        except OSError as exc:
            shutil.rmtree(staging, ignore_errors=True)
            raise DraftSaveError.from_os_error(exc) from exc
        return draft_id

    def save(
        self,
        draft_id: str,
        payload: Payload,
        *,
        base_revision: int,
        title: str | None = None,
        summary: Summary | None = None,
    ) -> int:
        """Save *payload* as a new revision and return its number.

        Raises ``DraftConflictError`` if the newest valid revision on disk is not *base_revision*,
        ``DraftSaveError`` on OS errors (earlier revisions untouched). Title and summary default to
        those of the previous revision. A draft with no readable revision counts as revision 0, so
        a copy kept in memory can still be saved over it (the damaged files stay).
        """
        self._check_inputs(payload, title, summary)
        ddir = self._draft_dir(draft_id)
        with self._saving(ddir):
            try:
                good, _bad = self._newest_valid(ddir)
            except OSError as exc:
                raise DraftSaveError.from_os_error(exc) from exc
            current = good.revision if good is not None else 0
            if current != base_revision:
                raise DraftConflictError(draft_id, base_revision, current)
            new_title = title if title is not None else (good.title if good is not None else "")
            new_summary = summary if summary is not None else (good.summary if good is not None else {})
            return self._write_next(ddir, draft_id, new_title, new_summary, payload)

    def load(self, draft_id: str) -> LoadedDraft:
        """Load the newest revision that passes the integrity check.

        Newer damaged revisions are moved to the quarantine folder and explained in ``notes``.
        Raises ``DraftCorruptError`` if no revision is readable, ``DraftReadError`` on OS errors.
        """
        ddir = self._draft_dir(draft_id)
        self._remove_temp_files(ddir)
        try:
            good, bad = self._newest_valid(ddir)
        except OSError as exc:
            raise DraftReadError.wrap("无法读取草稿", exc) from exc
        if good is None:
            raise self._corrupt_error(draft_id, ddir, bad)
        notes = tuple(self._skipped(num, path, reason, good) if reason.startswith(UNREADABLE)
                      else self._quarantine(draft_id, ddir, num, path, reason, good) for num, path, reason in bad)
        return self._loaded(draft_id, good, notes)

    def load_revision(self, draft_id: str, revision: int) -> LoadedDraft:
        """Load one specific revision; ``DraftCorruptError`` if it is damaged."""
        path = self._draft_dir(draft_id) / _rev_name(revision)
        try:
            rev = _read_revision(path, revision)
        except FileNotFoundError as exc:
            raise DraftNotFoundError(f"这个草稿没有第 {revision} 版（可能已被自动清理）。") from exc
        except OSError as exc:
            raise DraftReadError.wrap("无法读取草稿", exc) from exc
        except _Damaged as exc:
            raise DraftCorruptError(f"草稿的第 {revision} 版已损坏（{exc.reason}），无法打开。") from exc
        return self._loaded(draft_id, rev, ())

    def list(self) -> builtins.list[DraftInfo]:
        """All drafts, newest first. Unreadable drafts are listed with ``damaged=True``."""
        self._remove_stale_staging()
        return self._list_in(self.root)

    def list_bin(self) -> builtins.list[DraftInfo]:
        """Deleted (recoverable) drafts, newest first."""
        return self._list_in(self.bin_dir)

    def revisions(self, draft_id: str) -> builtins.list[RevisionInfo]:
        """The readable revisions of a draft, newest first (damaged ones are left out)."""
        ddir = self._draft_dir(draft_id)
        result: builtins.list[RevisionInfo] = []
        try:
            for num, path in self._scan(ddir):
                if is_link(path):
                    continue
                try:
                    rev = _read_revision(path, num)
                except (_Damaged, OSError):
                    continue
                result.append(RevisionInfo(rev.revision, rev.saved_at, rev.size))
        except OSError as exc:
            raise DraftReadError.wrap("无法读取草稿的历史版本", exc) from exc
        return result

    def rename(self, draft_id: str, title: str, *, base_revision: int | None = None) -> int:
        """Give the draft a new title (as a new revision with the same payload); return its number.

        With *base_revision*, raise ``DraftConflictError`` like :meth:`save` when it is stale.
        """
        if not isinstance(title, str):
            raise DraftPayloadError("草稿标题必须是文字。")
        ddir = self._draft_dir(draft_id)
        with self._saving(ddir):
            try:
                good, bad = self._newest_valid(ddir)
            except OSError as exc:
                raise DraftSaveError.from_os_error(exc) from exc
            if good is None:
                raise self._corrupt_error(draft_id, ddir, bad)
            if base_revision is not None and base_revision != good.revision:
                raise DraftConflictError(draft_id, base_revision, good.revision)
            return self._write_next(ddir, draft_id, title, good.summary, good.payload)

    def lock(self, draft_id: str) -> DraftLock:
        """Take the exclusive edit lock of a draft; ``DraftLockedError`` if another window has it."""
        path = self._draft_dir(draft_id) / LOCK_NAME
        try:
            fd = _try_lock(path)
        except _LinkFound as exc:
            raise DraftLinkError(path) from exc
        except OSError as exc:
            raise DraftIOError.wrap("无法锁定草稿", exc) from exc
        if fd is None:
            raise DraftLockedError()
        return DraftLock(draft_id, path, fd)

    def delete(self, draft_id: str) -> None:
        """Move the draft to the bin (recoverable). Refused while a window edits it."""
        ddir = self._draft_dir(draft_id)
        target = self.bin_dir / draft_id
        try:
            if os.path.lexists(target):
                raise DraftStoreError("回收站中已有同一编号的草稿，请先彻底删除或恢复它。")
            self.bin_dir.mkdir(parents=True, exist_ok=True)
            with self._unlocked(ddir):
                rename_with_retry(ddir, target)
        except _LinkFound as exc:
            raise DraftLinkError(ddir) from exc
        except OSError as exc:
            raise DraftIOError.wrap("草稿没有删除", exc) from exc
        fsync_dir(self.bin_dir)
        fsync_dir(self.root)

    def restore(self, draft_id: str) -> None:
        """Move a deleted draft from the bin back to the store (holding its locks, like delete)."""
        source = self._bin_draft_dir(draft_id)
        target = self.root / draft_id
        if os.path.lexists(target):
            raise DraftStoreError("草稿列表中已有同一编号的草稿，无法恢复。")
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            with self._unlocked(source):
                rename_with_retry(source, target)
        except _LinkFound as exc:
            raise DraftLinkError(source) from exc
        except OSError as exc:
            raise DraftIOError.wrap("草稿没有恢复", exc) from exc
        fsync_dir(self.root)
        fsync_dir(self.bin_dir)

    def purge(self, draft_id: str) -> None:
        """Delete a draft for good. Only drafts already in the bin can be purged."""
        source = self._bin_draft_dir(draft_id)
        try:
            shutil.rmtree(source)
        except OSError as exc:
            raise DraftIOError.wrap("草稿没有彻底删除", exc) from exc
        fsync_dir(self.bin_dir)
        from .last_export import forget

        forget(draft_id, self.exports_dir)  # its last export's files stay where the clerk put them

    # ----- internals

    @staticmethod
    def _check_inputs(payload: object, title: object, summary: object) -> None:
        if not isinstance(payload, dict):
            raise DraftPayloadError("草稿内容必须是字典。")
        if title is not None and not isinstance(title, str):
            raise DraftPayloadError("草稿标题必须是文字。")
        if summary is not None:
            _check_summary(summary)

    @staticmethod
    def _valid_id(draft_id: str) -> None:
        if not isinstance(draft_id, str) or not _ID_RE.match(draft_id):
            raise DraftNotFoundError(f"找不到这个草稿（编号「{draft_id}」无效）。")

    def _draft_dir(self, draft_id: str) -> Path:
        self._valid_id(draft_id)
        ddir = self.root / draft_id
        if is_link(ddir):
            raise DraftLinkError(ddir)
        if not ddir.is_dir():
            raise DraftNotFoundError(f"找不到这个草稿（编号 {draft_id}），它可能已被删除。")
        return ddir

    def _bin_draft_dir(self, draft_id: str) -> Path:
        self._valid_id(draft_id)
        ddir = self.bin_dir / draft_id
        if is_link(ddir):
            raise DraftLinkError(ddir)
        if not ddir.is_dir():
            raise DraftNotFoundError(f"回收站中没有这个草稿（编号 {draft_id}）。")
        return ddir

    @staticmethod
    def _scan(ddir: Path) -> builtins.list[tuple[int, Path]]:
        """Revision files of a draft folder, newest (highest number) first."""
        found: builtins.list[tuple[int, Path]] = []
        with os.scandir(ddir) as entries:
            for entry in entries:
                match = _REV_RE.match(entry.name)
                if match:
                    found.append((int(match.group(1)), Path(entry.path)))
        found.sort(reverse=True)
        return found

    def _newest_valid(self, ddir: Path) -> tuple[_Revision | None, builtins.list[tuple[int, Path, str]]]:
        """Newest valid revision and the damaged ones newer than it (number, path, reason)."""
        bad: builtins.list[tuple[int, Path, str]] = []
        for num, path in self._scan(ddir):
            if is_link(path):
                bad.append((num, path, UNREADABLE + "它是指向别处的链接，程序不会打开"))
                continue
            try:
                return _read_revision(path, num), bad
            except FileNotFoundError:
                continue  # pruned or quarantined by another process meanwhile
            except _Damaged as exc:
                bad.append((num, path, exc.reason))
            except OSError as exc:  # one unreadable revision (permissions, a folder) must not hide the others
                bad.append((num, path, UNREADABLE + describe_os_error(exc, reading=True)))
        return None, bad

    def _next_number(self, ddir: Path, draft_id: str) -> int:
        numbers = [num for num, _path in self._scan(ddir)]
        # Numbers of quarantined revisions are not reused, so "第 12 版" always means one file.
        pattern = re.compile(re.escape(draft_id) + r"-rev-(\d+)-")
        try:
            with os.scandir(self.quarantine_dir) as entries:
                for entry in entries:
                    match = pattern.match(entry.name)
                    if match:
                        numbers.append(int(match.group(1)))
        except OSError:
            pass
        return max(numbers, default=0) + 1

    def _write_next(self, ddir: Path, draft_id: str, title: str, summary: Summary, payload: Payload) -> int:
        """Write the next revision (caller holds the save lock) and prune; return its number."""
        try:
            number = self._next_number(ddir, draft_id)
            data = encode_revision(number, self._clock(), title, summary, payload)
            atomic_write_bytes(ddir / _rev_name(number), data)
        except OSError as exc:
            raise DraftSaveError.from_os_error(exc) from exc
        self._prune(ddir, number)
        return number

    @contextmanager
    def _saving(self, ddir: Path) -> Iterator[None]:
        """Hold the per-draft save lock (waits up to SAVE_LOCK_TIMEOUT for another saver)."""
        deadline = time.monotonic() + SAVE_LOCK_TIMEOUT
        while True:
            try:
                fd = _try_lock(ddir / SAVE_LOCK_NAME)
            except _LinkFound as exc:
                raise DraftLinkError(ddir / SAVE_LOCK_NAME) from exc
            except OSError as exc:
                raise DraftSaveError.from_os_error(exc) from exc
            if fd is not None:
                break
            if time.monotonic() >= deadline:
                raise DraftLockedError("另一个窗口或程序正在保存此草稿，这次没有保存，请稍后再试。")
            time.sleep(0.01)
        try:
            yield
        finally:
            _unlock(fd)

    @staticmethod
    @contextmanager
    def _unlocked(ddir: Path) -> Iterator[None]:
        """Hold both locks of a draft folder while the caller moves it, so nobody opens or saves it
        meanwhile. Windows cannot move a folder with open files, so there the locks are dropped just
        before the move: a window that takes the lock then keeps its file open and the move fails."""
        if is_link(ddir / LOCK_NAME) or is_link(ddir / SAVE_LOCK_NAME):
            raise _LinkFound(ddir)
        edit_fd = _try_lock(ddir / LOCK_NAME)
        if edit_fd is None:
            raise DraftLockedError()
        fds = [edit_fd]
        try:
            save_fd = _try_lock(ddir / SAVE_LOCK_NAME)
            if save_fd is None:
                raise DraftLockedError("另一个窗口或程序正在保存此草稿，请稍后再试。")
            fds.append(save_fd)
            if os.name == "nt":
                while fds:
                    _unlock(fds.pop())
            yield
        finally:
            while fds:
                _unlock(fds.pop())

    def _prune(self, ddir: Path, just_written: int) -> None:
        """Keep the newest KEEP_RECENT revisions plus the newest of each earlier day (max 60).

        Never raises: the new revision is already safely on disk. Files whose header cannot be
        read are left alone (they are not counted either).
        """
        try:
            revs = self._scan(ddir)
            if len(revs) <= KEEP_RECENT:
                return
            keep = {num for num, _path in revs[:KEEP_RECENT]} | {just_written}
            days_seen: set[date] = set()
            daily: builtins.list[int] = []
            unknown: set[int] = set()
            for num, path in revs:
                saved_at = _peek_saved_at(path)
                if saved_at is None:
                    unknown.add(num)
                    continue
                day = saved_at.date()
                if day not in days_seen:
                    days_seen.add(day)
                    daily.append(num)
            for num in daily:
                if len(keep) >= MAX_REVISIONS:
                    break
                keep.add(num)
            for num, path in revs:
                if num not in keep and num not in unknown:
                    try:
                        path.unlink()
                    except OSError:
                        pass
        except OSError:
            pass

    def _remove_temp_files(self, ddir: Path) -> None:
        """Delete leftover ``*.tmp`` files, but only when no save is in progress."""
        try:
            with os.scandir(ddir) as entries:
                leftovers = [Path(e.path) for e in entries
                             if e.name.endswith(".tmp") and e.is_file(follow_symlinks=False)]
            if not leftovers:
                return
            fd = _try_lock(ddir / SAVE_LOCK_NAME)
        except OSError:
            return  # unreadable or read-only folder: nothing we could clean anyway
        if fd is None:
            return  # a save is writing one of these right now
        try:
            for path in leftovers:
                try:
                    path.unlink()
                except OSError:
                    pass
        finally:
            _unlock(fd)

    def _remove_stale_staging(self) -> None:
        """Remove folders of creates that crashed before revision 1 was complete."""
        try:
            with os.scandir(self.root) as entries:
                stale = [
                    Path(entry.path)
                    for entry in entries
                    if entry.name.startswith(_STAGING_PREFIX)
                    and time.time() - entry.stat().st_mtime > _STAGING_MAX_AGE
                ]
        except OSError:
            return
        for path in stale:
            shutil.rmtree(path, ignore_errors=True)

    def _quarantine(
        self, draft_id: str, ddir: Path, num: int, path: Path, reason: str, good: _Revision
    ) -> str:
        """Move a damaged revision aside (never deleting or overwriting) and return the note."""
        opened = f"已打开最近一个完好的版本（第 {good.revision} 版，保存于 {_fmt_time(good.saved_at)}）。"
        head = f"草稿「{good.title or '未命名'}」的第 {num} 版已损坏（{reason}），"
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        try:
            self.quarantine_dir.mkdir(parents=True, exist_ok=True)
            for attempt in range(1000):
                suffix = f"-{attempt}" if attempt else ""
                target = self.quarantine_dir / f"{draft_id}-rev-{num}-{stamp}{suffix}.brw"
                if not target.exists():
                    break
            else:
                raise FileExistsError(errno.EEXIST, "quarantine name taken", str(target))
            rename_with_retry(path, target)
        except OSError as exc:
            return f"{head}但未能移到隔离区（{describe_os_error(exc)}），文件仍在：{path}；{opened}"
        fsync_dir(self.quarantine_dir)
        fsync_dir(ddir)
        return f"{head}已移到隔离区：{target}；{opened}"

    @staticmethod
    def _skipped(num: int, path: Path, reason: str, good: _Revision) -> str:
        """The note for a revision that could not be read at all: left where it is, never moved."""
        return (f"草稿「{good.title or '未命名'}」的第 {num} 版{reason}（{path}），已跳过、未作改动；"
                f"已打开最近一个可读的版本（第 {good.revision} 版，保存于 {_fmt_time(good.saved_at)}）。")

    def _corrupt_error(
        self, draft_id: str, ddir: Path, bad: builtins.list[tuple[int, Path, str]]
    ) -> DraftCorruptError:
        if not bad:
            return DraftCorruptError(f"草稿（编号 {draft_id}）中没有任何保存的版本，无法打开。")
        reasons = "；".join(f"第 {num} 版：{reason}" for num, _path, reason in bad)
        return DraftCorruptError(
            f"草稿（编号 {draft_id}）的 {len(bad)} 个版本都已损坏，无法打开（{reasons}）。"
            f"文件都保留在：{ddir}，请联系技术支持。"
        )

    @staticmethod
    def _loaded(draft_id: str, rev: _Revision, notes: tuple[str, ...]) -> LoadedDraft:
        return LoadedDraft(draft_id, rev.revision, rev.title, rev.summary, rev.saved_at, rev.payload, notes)

    def _list_in(self, base: Path) -> builtins.list[DraftInfo]:
        try:
            with os.scandir(base) as entries:
                dirs = [Path(e.path) for e in entries if _ID_RE.match(e.name) and e.is_dir()]
        except FileNotFoundError:
            return []
        except OSError as exc:
            raise DraftReadError.wrap("无法读取草稿列表", exc) from exc
        infos = [self._link_info(ddir) if is_link(ddir) else self._info(ddir) for ddir in dirs]
        infos.sort(key=lambda info: (info.saved_at, info.draft_id), reverse=True)
        return infos

    @staticmethod
    def _link_info(ddir: Path) -> DraftInfo:
        """A link in the data folder: listed, so the clerk learns of it, and never followed."""
        try:
            mtime = os.lstat(ddir).st_mtime
        except OSError:
            mtime = 0.0
        return DraftInfo(ddir.name, LINK_TITLE, {}, 0, datetime.fromtimestamp(mtime, timezone.utc).astimezone(),
                         damaged=True)

    def _info(self, ddir: Path) -> DraftInfo:
        try:
            good, _bad = self._newest_valid(ddir)
        except OSError:
            good = None
        if good is not None:
            return DraftInfo(ddir.name, good.title, good.summary, good.revision, good.saved_at)
        try:
            revs = self._scan(ddir)
            newest = revs[0][0] if revs else 0
            mtime = (revs[0][1] if revs else ddir).stat().st_mtime
        except OSError:
            newest, mtime = 0, 0.0
        saved_at = datetime.fromtimestamp(mtime, timezone.utc).astimezone()
        return DraftInfo(ddir.name, DAMAGED_TITLE, {}, newest, saved_at, damaged=True)


__all__ = [
    "ENVELOPE_VERSION",
    "HEADER_SIZE",
    "MAGIC",
    "MAX_BODY_BYTES",
    "DraftConflictError",
    "DraftCorruptError",
    "DraftIOError",
    "DraftInfo",
    "DraftLock",
    "DraftLockedError",
    "DraftNotFoundError",
    "DraftPayloadError",
    "DraftReadError",
    "DraftSaveError",
    "DraftStore",
    "DraftStoreError",
    "LoadedDraft",
    "Payload",
    "RevisionInfo",
    "Summary",
    "describe_os_error",
    "encode_revision",
]

