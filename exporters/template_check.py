"""Refuse a hostile or broken template before any office library parses it.

A template travels between offices by e-mail and USB stick. The package checks (size, compression,
DTDs, external links, macros) live in models/office_package.py, shared with the import of Word reports;
here they are named for a template. Every refusal is one Chinese sentence.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from models.files import FileTooLarge, read_at_most
from models.office_package import MAX_RATIO, OLE_MAGIC, PackageError, check_office_package, lossy_xlsx_parts

from .errors import TemplateError, TemplateIssue

MAX_TEMPLATE_BYTES = 20 * 1024 * 1024
__all__ = ["MAX_RATIO", "MAX_TEMPLATE_BYTES", "OLE_MAGIC", "CheckedTemplate", "check_package", "legacy_reason", "read_template", "template_kind"]
_KIND_NAMES = {"docx": "Word 模板", "xlsx": "Excel 模板"}


@dataclass(frozen=True, slots=True)
class CheckedTemplate:
    """A template that passed the package checks: its bytes, kind and what export will lose."""

    path: Path
    kind: str  # "docx" or "xlsx"
    data: bytes
    notes: tuple[TemplateIssue, ...] = ()


def _refuse(path: Path, kind: str, reason: str) -> TemplateError:
    return TemplateError(f"{_KIND_NAMES.get(kind, '模板')}「{path.name}」不能使用：{reason}")


# Old binary formats (Word 97-2003, WPS 文字, Excel 97-2003, WPS 表格): refused with what to do instead.
LEGACY_WORD_SUFFIXES = (".doc", ".dot", ".wps", ".wpt")
LEGACY_EXCEL_SUFFIXES = (".xls", ".xlt", ".et", ".ett")
SAVE_AS_DOCX = "请在 Word 或 WPS 中打开，另存为 .docx 后再选择"
SAVE_AS_XLSX = "请在 Excel 或 WPS 中打开，另存为 .xlsx 后再选择"
# Stream names in an OLE compound file's directory (UTF-16LE): which kind of old file it is.
_OLE_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")
_OLE_EXCEL = ("Workbook".encode("utf-16-le"), "Book".encode("utf-16-le"))


def legacy_reason(path: Path, data: bytes | None = None) -> str | None:
    """Why an old .doc/.wps/.xls (by name, or by its first bytes whatever its name) cannot be used."""
    suffix = path.suffix.lower()
    if data is not None and data.startswith(OLE_MAGIC):
        if _OLE_ENCRYPTED in data:
            return "文件加了打开密码，程序无法读取。请在 Word/Excel 中取消密码后另存，再选择。"
        excel = any(name in data for name in _OLE_EXCEL) or suffix in (*LEGACY_EXCEL_SUFFIXES, ".xlsx")
        return f"这实际是旧版 {'.xls' if excel else '.doc/.wps'} 文件，{SAVE_AS_XLSX if excel else SAVE_AS_DOCX}。"
    if suffix in LEGACY_WORD_SUFFIXES:
        return f"这是旧版 Word/WPS 文件（{suffix}），{SAVE_AS_DOCX}。"
    if suffix in LEGACY_EXCEL_SUFFIXES:
        return f"这是旧版 Excel/WPS 表格文件（{suffix}），{SAVE_AS_XLSX}。"
    return None


def template_kind(path: Path) -> str:
    """"docx" or "xlsx" by file name; the CLI and the GUI pass templates of both kinds in one list."""
    suffix = path.suffix.lower()
    legacy = legacy_reason(path)
    if legacy:
        raise TemplateError(f"「{path.name}」不能使用：{legacy}")
    if suffix in (".docx", ".docm", ".dotx", ".dotm"):
        return "docx"
    if suffix in (".xlsx", ".xlsm", ".xltx", ".xltm"):
        return "xlsx"
    raise TemplateError(f"「{path.name}」不是 Word（.docx）或 Excel（.xlsx）模板。")


def read_template(path: Path, kind: str | None = None) -> CheckedTemplate:
    """Read and check a template file; TemplateError (Chinese) on anything unsafe or unreadable."""
    path = Path(path)
    kind = kind or template_kind(path)
    if path.suffix.lower() in (".docm", ".dotm", ".xlsm", ".xltm"):
        raise _refuse(path, kind, "这是启用宏的文件，可能含有恶意代码。请在 Word/Excel 中另存为 .docx/.xlsx 后再选择。")
    try:
        data = read_at_most(path, MAX_TEMPLATE_BYTES)
    except FileTooLarge as exc:
        raise _refuse(path, kind, f"文件有 {exc.size / 1048576:.1f} MB，超过模板 20 MB 的上限。") from exc
    except FileNotFoundError as exc:
        raise TemplateError(f"找不到模板文件：{path}") from exc
    except IsADirectoryError as exc:
        raise TemplateError(f"{path} 是文件夹，不是模板文件。") from exc
    except OSError as exc:
        raise TemplateError(f"无法读取模板文件 {path}：{exc.strerror or exc}") from exc
    return check_package(data, kind, path)


def check_package(data: bytes, kind: str, path: Path) -> CheckedTemplate:
    if len(data) > MAX_TEMPLATE_BYTES:
        raise _refuse(path, kind, "文件超过模板 20 MB 的上限。")
    if data.startswith(OLE_MAGIC):
        raise _refuse(path, kind, legacy_reason(path, data) or "")
    try:
        names = check_office_package(data, kind)
    except PackageError as exc:
        raise _refuse(path, kind, str(exc)) from exc
    notes: tuple[TemplateIssue, ...] = ()
    lost = lossy_xlsx_parts(names) if kind == "xlsx" else []
    if lost:
        notes = (TemplateIssue("", f"模板中的{'、'.join(lost)}在导出的文件中会丢失（程序无法保留这些内容）。",
                               blocking=False),)
    return CheckedTemplate(path, kind, data, notes)
