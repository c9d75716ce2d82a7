"""Last year's report, wherever the clerk has it: a draft file, a draft stored on this PC, or the Word
report that was submitted. ``read_last_year`` gives the Report that ``models.carry_forward`` starts from.

Qt-free; imports ``models`` only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from models.draft_format import DraftFormatError, read_draft_file
from models.draft_store import DraftStore, DraftStoreError
from models.drafts import open_report
from models.report import Report

_DRAFT_ID = re.compile(r"[0-9a-fA-F]{4,32}", re.ASCII)
DRAFT_SUFFIXES = (".json",)


class LastYearError(ValueError):
    """Last year's report cannot be read; ``str()`` is one Chinese sentence."""


@dataclass(frozen=True, slots=True)
class LastYear:
    report: Report
    source: str  # what the clerk would call it: 草稿文件「x.json」, 本机草稿「…」, Word 报告「x.docx」
    notes: tuple[str, ...] = ()  # the importer's summary for a Word file


def _looks_like_json(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            head = handle.read(64)
    except OSError:
        return False
    return head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{")


def read_word_report(path: Path) -> LastYear:
    from . import ImportFailure, import_report

    try:
        result = import_report(path)
    except ImportFailure as exc:
        raise LastYearError(str(exc)) from exc
    return LastYear(result.report, f"Word 报告「{path.name}」", tuple(result.summary_lines()))


def read_draft(path: Path) -> LastYear:
    try:
        return LastYear(read_draft_file(path), f"草稿文件「{path.name}」")
    except DraftFormatError as exc:
        raise LastYearError(f"无法读取「{path.name}」：{exc}") from exc


def read_stored(store: DraftStore, draft_id: str) -> LastYear:
    try:
        opened = open_report(store, draft_id)
    except (DraftFormatError, DraftStoreError) as exc:
        raise LastYearError(f"无法打开本机草稿：{exc}") from exc
    return LastYear(opened.report, f"本机草稿「{opened.title}」")


def resolve_stored(store: DraftStore, text: str) -> str | None:
    """The stored draft whose id starts with ``text``; None when none does; refused when several do."""
    if not _DRAFT_ID.fullmatch(text):
        return None
    matches = [info.draft_id for info in store.list() if info.draft_id.startswith(text.lower())]
    if len(matches) > 1:
        raise LastYearError(f"编号「{text}」对应多个本机草稿，请多写几位。")
    return matches[0] if matches else None


def read_last_year(source: str | Path, store: DraftStore | None = None) -> LastYear:
    """A file (a draft .json, or a Word report .docx/.doc/.wps), or the id (prefix) of a stored draft."""
    path = Path(source)
    if path.is_file():
        if path.suffix.lower() in DRAFT_SUFFIXES or _looks_like_json(path):
            return read_draft(path)
        return read_word_report(path)
    if path.is_dir():
        raise LastYearError(f"「{path}」是文件夹，请给出上年的草稿文件、Word 报告或本机草稿的编号。")
    store = store or DraftStore()
    draft_id = resolve_stored(store, str(source))
    if draft_id is None:
        raise LastYearError(f"找不到文件「{source}」，本机也没有这个编号的草稿（可用 drafts list 查看）。")
    return read_stored(store, draft_id)
