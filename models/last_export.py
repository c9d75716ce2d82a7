"""Each draft's last export, kept in the per-user data folder so that reopening the draft shows it again.

It is this PC's state, not part of the draft: the paths are this PC's (a draft file handed to a
colleague must not carry them), so it lives beside the export choices (``settings.json``), one small
file per draft (``exports/<draft id>.json``: two windows exporting two drafts never overwrite each
other's). With the files it keeps a digest of the report as exported, so that a reopened draft can
say whether it was changed after the export (修改于导出之后), and whether each file is still there.
A missing or unreadable record is ignored; writing one is best effort. A link (symlink, junction)
where the folder or a record should be is never followed: not read, not written, not removed.
The record goes when its draft is purged for good (DraftStore.purge calls :func:`forget`); a draft in
the bin keeps it, so a restored draft shows its last export again. Stdlib only (no Qt).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .paths import data_dir, is_link
from .sha256 import sha256  # not hashlib: it loads OpenSSL (see models.sha256)

if TYPE_CHECKING:
    from .report import Report

FOLDER = "exports"
RECORD_VERSION = 1
MAX_RECORD_BYTES = 64 * 1024  # a record is a few hundred bytes; anything bigger is not ours
_DRAFT_ID = re.compile(r"[0-9a-f]{32}\Z")  # models.draft_store's ids: safe as a file name
CHANGED = "报告修改于导出之后"
LABELS = {".docx": "Word 报告", ".xlsx": "Excel 得分表"}


@dataclass(frozen=True)
class ExportRecord:
    """One export as it ended: when, draft or final, whether it succeeded, the files it wrote."""

    at: datetime  # local time, aware
    draft: bool
    ok: bool
    files: tuple[Path, ...] = ()  # Word first
    message: str = ""  # why it did not complete
    digest: str = ""  # content_digest of the report exported

    @property
    def kind(self) -> str:
        return "草稿版" if self.draft else "正式版"

    def when(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M}"


@dataclass(frozen=True)
class LastExport:
    last: ExportRecord  # the last export that ended (a cancelled one is not kept: it wrote nothing)
    written: ExportRecord | None = None  # the last one that wrote files, when ``last`` failed

    def files_on_disk(self) -> ExportRecord | None:
        """The export whose files the clerk has: the last one, or the one before a failure."""
        return self.last if self.last.ok else self.written


def content_digest(report: Report) -> str:
    """A digest of everything an export prints: the draft's content less the screen's own unit."""
    from .draft_format import report_to_dict  # the editor has loaded it with the draft

    data = report_to_dict(report)
    data.pop("display_unit", None)  # the screen's unit; the export's own unit is a setting
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, default=str)
    return sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def default_folder() -> Path:
    """``data_dir()/exports``: beside the default draft store's ``drafts`` (DraftStore.exports_dir)."""
    return data_dir() / FOLDER


def record_path(draft_id: str, folder: Path | None = None) -> Path | None:
    """Where *draft_id*'s record is; None for an id the store would not make, or where a link is."""
    if not _DRAFT_ID.match(draft_id):
        return None
    folder = default_folder() if folder is None else folder
    path = folder / f"{draft_id}.json"
    return None if is_link(folder) or is_link(path) else path


def _encode(record: ExportRecord) -> dict[str, Any]:
    return {"at": record.at.isoformat(timespec="seconds"), "kind": "draft" if record.draft else "final",
            "ok": record.ok, "files": [str(p) for p in record.files], "message": record.message,
            "digest": record.digest}


def _decode(raw: object) -> ExportRecord | None:
    if not isinstance(raw, dict):
        return None
    try:
        at = datetime.fromisoformat(str(raw["at"]))
    except (KeyError, ValueError):
        return None
    files = raw.get("files")
    if raw.get("kind") not in ("draft", "final") or not isinstance(raw.get("ok"), bool) \
            or not isinstance(files, list) or not all(isinstance(f, str) and f for f in files):
        return None
    message, digest = raw.get("message", ""), raw.get("digest", "")
    return ExportRecord(at if at.tzinfo else at.astimezone(), raw["kind"] == "draft", raw["ok"],
                        tuple(Path(f) for f in files), message if isinstance(message, str) else "",
                        digest if isinstance(digest, str) else "")


def load(draft_id: str, folder: Path | None = None) -> LastExport | None:
    path = record_path(draft_id, folder)
    if path is None:
        return None
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_RECORD_BYTES + 1)
        data = json.loads(raw) if len(raw) <= MAX_RECORD_BYTES else None
    except (OSError, ValueError, RecursionError):
        return None
    if not isinstance(data, dict) or data.get("version") != RECORD_VERSION:
        return None
    last = _decode(data.get("last"))
    if last is None:
        return None
    return LastExport(last, None if last.ok else _decode(data.get("written")))


def save(draft_id: str, record: ExportRecord, folder: Path | None = None) -> LastExport | None:
    """Keep *record* as the draft's last export (a failure keeps the files written before it).

    Returns what is now kept; None when the draft has no id, a link is in the way or the file
    could not be written."""
    from .atomic import atomic_write_bytes

    path = record_path(draft_id, folder)
    if path is None:
        return None
    before = load(draft_id, folder)
    kept = LastExport(record, None if record.ok else before.files_on_disk() if before else None)
    data = {"version": RECORD_VERSION, "last": _encode(kept.last),
            "written": _encode(kept.written) if kept.written else None}
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if is_link(path.parent) or is_link(path):  # made meanwhile: still not ours to write through
            return None
        atomic_write_bytes(path, json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8"))
    except OSError:
        return None
    return kept


def forget(draft_id: str, folder: Path | None = None) -> None:
    """The draft is gone for good: drop its record (best effort; a link is left alone)."""
    path = record_path(draft_id, folder)
    if path is not None:
        try:
            path.unlink(missing_ok=True)
        except OSError:
            pass  # a folder of that name, or locked: a record nothing will ever ask for again


@dataclass(frozen=True)
class Shown:
    """What the export panel says about a kept export, and which files it may offer to open."""

    text: str
    warning: str  # changed since, files gone: said in the warning colour ("" when all is well)
    present: tuple[Path, ...]  # the files still there (the only ones offered to open)


def changed_since(kept: LastExport, report: Report) -> bool:
    """Whether *report* differs from what the export that wrote the files printed."""
    on_disk = kept.files_on_disk()
    return on_disk is not None and on_disk.digest != content_digest(report)


def describe(kept: LastExport, changed: bool, *, exists: Callable[[Path], bool] = Path.is_file) -> Shown:
    """"上次导出：2026-12-02 01:10（正式版），报告.docx、报告-得分表.xlsx", where they are, whether the
    report *changed* since, and which files are no longer where they were written."""
    lines: list[str] = []
    last, on_disk = kept.last, kept.files_on_disk()
    if not last.ok:
        lines.append(f"上次导出（{last.when()}，{last.kind}）没有完成：{last.message}")
    if on_disk is None:
        return Shown("\n".join(lines), "", ())
    names = "、".join(p.name for p in on_disk.files)
    lines.append(f"{'上次导出' if on_disk is last else '此前导出'}：{on_disk.when()}（{on_disk.kind}），{names}")
    folders = {p.parent for p in on_disk.files}
    if len(folders) == 1:
        lines.append(f"保存在：{next(iter(folders))}")
    else:
        lines.extend(f"{LABELS.get(p.suffix.lower(), '文件')}：{p}" for p in on_disk.files)
    present = tuple(p for p in on_disk.files if exists(p))
    warnings = [f"「{p.name}」已不在原处（可能已被移动、改名或删除），无法打开。"
                for p in on_disk.files if p not in present]
    if changed:
        warnings.insert(0, f"{CHANGED}：磁盘上的文件不是最新内容，需要时请重新导出。")
    else:
        lines.append("导出之后报告没有修改，文件是最新内容。" if present else "导出之后报告没有修改。")
    return Shown("\n".join(lines), "\n".join(warnings), present)
