"""Writing an export to disk: all or nothing, with the failure said the way a clerk can act on it."""

from __future__ import annotations

import errno
from pathlib import Path

from models.atomic import atomic_write_bytes, sanitize_filename
from models.draft_errors import path_too_long
from models.report import Report

from .errors import OutputError
from .report_view import DRAFT_SUFFIX, REPORT_KIND

LOCKED_WINERRORS = frozenset({32, 33})  # sharing / lock violation: the file is open in Word or Excel
ACCESS_DENIED_WINERROR = 5
SCORING_KIND = "部门整体支出绩效自评得分表"


def default_file_names(report: Report, *, draft: bool = False) -> tuple[str, str]:
    """("蓉溪市农业农村局2025年度部门整体支出绩效自评报告.docx", "…自评得分表.xlsx"), safe on Windows."""
    unit = report.text("unit_name").strip() or "未命名单位"
    year = report.integer("eval_year")
    year_part = f"{year}年度" if year else ""
    suffix = DRAFT_SUFFIX if draft else ""
    return (_file_name(unit, f"{year_part}{REPORT_KIND}{suffix}") + ".docx",
            _file_name(unit, f"{year_part}{SCORING_KIND}{suffix}") + ".xlsx")


def _file_name(unit: str, tail: str) -> str:
    """``unit + tail`` made safe for Windows; a long unit name is shortened, never the tail.

    Cutting the end of "<200 characters of unit name>…自评报告（草稿）" would drop the kind of file and the
    draft mark: the draft and the final report (and the .docx and the .xlsx) would get one name.
    """
    head = unit
    while True:
        name = sanitize_filename(head + tail)
        if name.endswith(tail) or not head:
            return name
        head = head[:-1]


def default_paths(report: Report, folder: Path, *, draft: bool = False) -> tuple[Path, Path]:
    docx_name, xlsx_name = default_file_names(report, draft=draft)
    return folder / docx_name, folder / xlsx_name


def write_output(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` all-or-nothing; OutputError (Chinese) on failure, old file kept."""
    try:
        atomic_write_bytes(path, data)
    except OSError as exc:
        raise OutputError(output_message(path, exc)) from exc


def output_message(path: Path, exc: OSError) -> str:
    name = path.name
    winerror = getattr(exc, "winerror", None)
    kept = "原文件未改动。" if path.exists() else ""
    if isinstance(exc, PermissionError) and winerror in LOCKED_WINERRORS:
        return f"无法保存「{name}」：文件正在被 Word/Excel 打开，请关闭后重试，或另存为其他文件名。{kept}"
    if isinstance(exc, PermissionError) and winerror == ACCESS_DENIED_WINERROR:
        return (f"无法保存「{name}」：文件可能正在被 Word/Excel 打开，或被设为只读；请关闭后重试，"
                f"或另存为其他文件名。{kept}")
    too_long = path_too_long(exc)
    if too_long:
        return f"无法保存「{name}」：{too_long}。"
    if isinstance(exc, IsADirectoryError) or path.is_dir():
        return f"无法保存「{name}」：已有同名的文件夹，请另选文件名。"
    if isinstance(exc, FileNotFoundError):
        return f"无法保存「{name}」：文件夹「{path.parent}」不存在。"
    if isinstance(exc, PermissionError) or exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return f"无法保存「{name}」：没有写入权限（文件夹或文件是只读的），请另选保存位置。{kept}"
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return f"无法保存「{name}」：磁盘空间不足。{kept}"
    return f"无法保存「{name}」：{exc.strerror or exc}。{kept}"
