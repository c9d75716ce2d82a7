"""Reading a portable draft file the way import needs it: the report, its title, and what was not taken.

Import never changes anything silently: the title the file carries (meta.title) becomes the draft's
title, and every key this program does not know (a newer program's addition, meta.extra, a typo) is
named in a note instead of vanishing.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from .draft_format import parse_json, read_file_bytes, report_from_dict, report_to_dict
from .frameworks import BUILTIN_IDS
from .report import Report

META_KEYS = frozenset({"title", "exported_at"})


@dataclass(frozen=True)
class Portable:
    report: Report
    title: str  # meta.title as the file has it, "" when absent
    notes: tuple[str, ...]  # what the file holds that was not imported, named


@cache
def known_keys() -> frozenset[str]:
    """The top-level keys of the draft format: what report_to_dict writes, plus the portable meta."""
    return frozenset(report_to_dict(Report(framework_id=sorted(BUILTIN_IDS)[0]))) | {"framework_data", "meta"}


def read_portable(path: Path) -> Portable:
    """Read a portable draft file; DraftFormatError (Chinese) on any problem."""
    parsed = parse_json(read_file_bytes(path))
    report = report_from_dict(parsed)
    assert isinstance(parsed, dict)  # report_from_dict refuses anything else
    notes = []
    unknown = sorted(set(parsed) - known_keys())
    meta: Any = parsed.get("meta", {})
    title = ""
    if isinstance(meta, dict):
        raw_title = meta.get("title")
        title = raw_title if isinstance(raw_title, str) else ""
        unknown += [f"meta.{key}" for key in sorted(set(meta) - META_KEYS)]
    elif "meta" in parsed:
        unknown.append("meta")
    if unknown:
        shown = "、".join(f"「{key[:40]}」" for key in unknown[:5]) + (f" 等 {len(unknown)} 项" if len(unknown) > 5 else "")
        notes.append(f"文件中的 {shown} 本程序不认识，没有导入（可能由更新版本的程序写入）；其余内容已全部导入。")
    return Portable(report, title.strip()[:200], tuple(notes))
