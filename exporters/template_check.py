"""Refuse a hostile or broken template before any office library parses it.

A template travels between offices by e-mail and USB stick. Before python-docx, docxtpl or openpyxl
sees a byte of it, the file must be a reasonably sized zip with sane compression, plain XML parts (no
DTD, no entities), no links to outside files and no macros. Every refusal is one Chinese sentence.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from lxml import etree

from models.files import FileTooLarge, read_at_most

from .errors import TemplateError, TemplateIssue

MAX_TEMPLATE_BYTES = 20 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
MAX_RATIO = 100  # deflate reaches ~10:1 on office XML; a bomb reaches thousands
RATIO_CHECKED_ABOVE = 1024 * 1024  # tiny parts may compress extremely well and harm no one
MAX_ENTRIES = 5000
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .doc/.xls, and password-protected .docx/.xlsx
_DTD = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)
_MACRO_TYPES = ("macroEnabled", "vbaProject", "vbaData")
_KIND_NAMES = {"docx": "Word 模板", "xlsx": "Excel 模板"}
_MAIN_PART = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml"}
# Parts openpyxl cannot carry over; a bureau template with them loses them on export.
LOSSY_XLSX_PARTS = (("xl/drawings/", "图片或图表"), ("xl/charts/", "图表"), ("xl/media/", "图片"),
                    ("xl/ctrlProps/", "表单控件"), ("xl/activeX/", "ActiveX 控件"), ("xl/comments", "批注"))


@dataclass(frozen=True, slots=True)
class CheckedTemplate:
    """A template that passed the package checks: its bytes, kind and what export will lose."""

    path: Path
    kind: str  # "docx" or "xlsx"
    data: bytes
    notes: tuple[TemplateIssue, ...] = ()


def _refuse(path: Path, kind: str, reason: str) -> TemplateError:
    return TemplateError(f"{_KIND_NAMES.get(kind, '模板')}「{path.name}」不能使用：{reason}")


def template_kind(path: Path) -> str:
    """"docx" or "xlsx" by file name; the CLI and the GUI pass templates of both kinds in one list."""
    suffix = path.suffix.lower()
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
        raise _refuse(path, kind, "这是旧版 .doc/.xls 文件或加了密码的文件。请在 Word/Excel 中取消密码并另存为 .docx/.xlsx。")
    try:
        archive = zipfile.ZipFile(BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise _refuse(path, kind, "文件已损坏，或不是 .docx/.xlsx 文件（这类文件实际是一个压缩包）。") from exc
    with archive:
        _check_sizes(infos, path, kind)
        names = {info.filename for info in infos}
        if _MAIN_PART[kind] not in names:
            other = "Excel 表格" if kind == "docx" else "Word 文档"
            mismatch = any(n == _MAIN_PART["xlsx" if kind == "docx" else "docx"] for n in names)
            raise _refuse(path, kind, f"这是{other}，不是{_KIND_NAMES[kind][:-2]}文件。" if mismatch
                          else "文件中缺少正文部分，不是有效的 Office 文件。")
        for info in infos:
            lower = info.filename.lower()
            if lower.endswith("vbaproject.bin") or lower.endswith("vbadata.xml"):
                raise _refuse(path, kind, "文件中含有宏（VBA 代码），可能含有恶意代码。请另存为不含宏的 .docx/.xlsx。")
        for info in infos:
            if info.is_dir():
                continue
            part = _read_member(archive, info, path, kind)  # every member: the office library reads them all
            if _is_xml_part(info.filename):
                _check_xml_part(part, info.filename, path, kind)
        notes: tuple[TemplateIssue, ...] = ()
        if kind == "xlsx":
            lost = sorted({label for prefix, label in LOSSY_XLSX_PARTS for n in names if n.startswith(prefix)})
            if lost:
                notes = (TemplateIssue("", f"模板中的{'、'.join(lost)}在导出的文件中会丢失（程序无法保留这些内容）。",
                                       blocking=False),)
    return CheckedTemplate(path, kind, data, notes)


def _check_sizes(infos: list[zipfile.ZipInfo], path: Path, kind: str) -> None:
    if len(infos) > MAX_ENTRIES:
        raise _refuse(path, kind, f"压缩包内有 {len(infos)} 个文件，远多于正常的 Office 文件（可能是恶意文件）。")
    total = 0
    for info in infos:
        total += info.file_size
        if info.file_size > RATIO_CHECKED_ABOVE and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise _refuse(path, kind, f"其中「{info.filename[:60]}」的压缩比异常（{info.file_size // max(info.compress_size, 1)}:1），"
                                      "可能是“压缩炸弹”。")
    if total > MAX_UNCOMPRESSED_BYTES:
        raise _refuse(path, kind, f"解压后有 {total / 1048576:.0f} MB，远大于正常的模板（可能是“压缩炸弹”）。")


_ZIP_METHODS = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)  # what Word, Excel and WPS write


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, path: Path, kind: str) -> bytes:
    """One member's bytes, its CRC checked; any fault of the zip itself is a refusal in words.

    The zip module raises BadZipFile (CRC, name mismatch), zlib.error (deflate stream), RuntimeError
    (encrypted), NotImplementedError (other methods) or EOFError (truncated): none may reach the clerk.
    """
    name = info.filename[:60]
    if info.flag_bits & 0x1:
        raise _refuse(path, kind, f"文件已损坏或加了密码：其中「{name}」无法读取。请在 Word/Excel 中取消密码并另存为 .docx/.xlsx。")
    if info.compress_type not in _ZIP_METHODS:
        raise _refuse(path, kind, f"文件已损坏：其中「{name}」使用了 Office 文件不用的压缩方式（{info.compress_type}）。")
    try:
        return archive.read(info)
    except (zipfile.BadZipFile, zlib.error, RuntimeError, NotImplementedError, EOFError, ValueError,
            OSError) as exc:
        raise _refuse(path, kind, f"文件已损坏：其中「{name}」无法解压（校验不符或数据不完整）。"
                                  "请向发送方重新索取模板。") from exc


def _is_xml_part(name: str) -> bool:
    lower = name.lower()
    return lower.endswith((".xml", ".rels", ".vml")) or lower == "[content_types].xml"


def _decoded_head(part: bytes) -> bytes:
    """The part as UTF-8 for pattern checks: XML parts may legally be UTF-16."""
    if part.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return part.decode("utf-16").encode("utf-8")
        except UnicodeDecodeError:
            return part
    return part


def _check_xml_part(part: bytes, name: str, path: Path, kind: str) -> None:
    text = _decoded_head(part)
    if _DTD.search(text):
        raise _refuse(path, kind, f"其中「{name[:60]}」含有 DTD 或实体声明（可用于读取本机文件或耗尽内存的攻击）。")
    if name == "[Content_Types].xml" and any(t.encode() in text for t in _MACRO_TYPES):
        raise _refuse(path, kind, "这是启用宏的文件，可能含有恶意代码。请另存为不含宏的 .docx/.xlsx。")
    if name.endswith(".rels"):
        _check_relationships(text, name, path, kind)


_SAFE_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


def _check_relationships(text: bytes, name: str, path: Path, kind: str) -> None:
    try:
        root = etree.fromstring(text, _SAFE_PARSER)
    except etree.XMLSyntaxError as exc:
        raise _refuse(path, kind, f"其中「{name[:60]}」已损坏。") from exc
    for rel in root:
        if str(rel.get("TargetMode", "")).lower() == "external":
            target = str(rel.get("Target", ""))[:80]
            what = "超链接" if str(rel.get("Type", "")).endswith("/hyperlink") else "外部文件链接"
            raise _refuse(path, kind, f"含有指向外部的{what}「{target}」。打开这类链接可能泄露本机信息；"
                                      "请在 Word/Excel 中删除该链接后另存，再选择该模板。")
