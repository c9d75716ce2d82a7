"""Refuse a hostile or broken Office file (.docx / .xlsx) before any office library parses it.

Bureau templates (exporters/template_check.py) and clerks' reports to import (importers/) both come
from outside, by e-mail and USB stick. Before python-docx, docxtpl or openpyxl sees a byte, the file
must be a reasonably sized zip with sane compression, plain XML parts (no DTD, no entities), no links to
outside files and no macros. Each refusal is one Chinese sentence (``PackageError``), which the caller
prefixes with what the file is ("Word 模板「x」不能使用：…", "无法导入「x」：…").

lxml is imported when a package is checked, not with this module: the GUI start-up loads no XML library.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from dataclasses import dataclass
from io import BytesIO

MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
MAX_RATIO = 100  # deflate reaches ~10:1 on office XML; a bomb reaches thousands
RATIO_CHECKED_ABOVE = 1024 * 1024  # tiny parts may compress extremely well and harm no one
MAX_ENTRIES = 5000
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .doc/.xls/.wps, and password-protected .docx/.xlsx
ZIP_MAGIC = b"PK\x03\x04"
_DTD = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)
_MACRO_TYPES = ("macroEnabled", "vbaProject", "vbaData")
MAIN_PART = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml"}
_KIND_WORDS = {"docx": "Word 文档", "xlsx": "Excel 表格"}
# Parts openpyxl cannot carry over; a bureau template with them loses them on export.
LOSSY_XLSX_PARTS = (("xl/drawings/", "图片或图表"), ("xl/charts/", "图表"), ("xl/media/", "图片"),
                    ("xl/ctrlProps/", "表单控件"), ("xl/activeX/", "ActiveX 控件"), ("xl/comments", "批注"))


class PackageError(ValueError):
    """The package is refused; ``str()`` is the reason, one Chinese sentence without the file's name."""


@dataclass(frozen=True, slots=True)
class Wording:
    """How the reasons name the file and what the clerk does after fixing it."""

    noun: str = "模板"  # "远大于正常的模板"
    again: str = "再选择该模板"  # "请在 Word/Excel 中删除该链接后另存，再选择该模板"
    # A report's hyperlink (a URL typed in the text) is never followed by a reader of text; a
    # template's would be printed into every unit's report.
    allow_hyperlinks: bool = False


TEMPLATE_WORDING = Wording()


def check_office_package(data: bytes, kind: str, wording: Wording = TEMPLATE_WORDING) -> set[str]:
    """Check a .docx (``kind`` "docx") or .xlsx package; returns its part names, or raises PackageError."""
    if data.startswith(OLE_MAGIC):
        raise PackageError("这是旧版 .doc/.xls 文件或加了密码的文件。请在 Word/Excel 中取消密码并另存为 .docx/.xlsx。")
    try:
        archive = zipfile.ZipFile(BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise PackageError("文件已损坏，或不是 .docx/.xlsx 文件（这类文件实际是一个压缩包）。") from exc
    with archive:
        _check_sizes(infos, wording)
        names = {info.filename for info in infos}
        if MAIN_PART[kind] not in names:
            other = "xlsx" if kind == "docx" else "docx"
            mismatch = MAIN_PART[other] in names
            raise PackageError(f"这是{_KIND_WORDS[other]}，不是{_KIND_WORDS[kind]}。" if mismatch
                               else "文件中缺少正文部分，不是有效的 Office 文件。")
        for info in infos:
            lower = info.filename.lower()
            if lower.endswith("vbaproject.bin") or lower.endswith("vbadata.xml"):
                raise PackageError("文件中含有宏（VBA 代码），可能含有恶意代码。请另存为不含宏的 .docx/.xlsx。")
        for info in infos:
            if info.is_dir():
                continue
            part = _read_member(archive, info, wording)  # every member: the office library reads them all
            if _is_xml_part(info.filename):
                _check_xml_part(part, info.filename, wording)
    return names


_ZIP_METHODS = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)  # what Word, Excel and WPS write


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, wording: Wording) -> bytes:
    """One member's bytes, its CRC checked; any fault of the zip itself is a refusal in words.

    The zip module raises BadZipFile (CRC, name mismatch), zlib.error (deflate stream), RuntimeError
    (encrypted), NotImplementedError (other methods) or EOFError (truncated): none may reach the clerk.
    """
    name = info.filename[:60]
    if info.flag_bits & 0x1:
        raise PackageError(f"文件已损坏或加了密码：其中「{name}」无法读取。请在 Word/Excel 中取消密码并另存为 .docx/.xlsx。")
    if info.compress_type not in _ZIP_METHODS:
        raise PackageError(f"文件已损坏：其中「{name}」使用了 Office 文件不用的压缩方式（{info.compress_type}）。")
    try:
        return archive.read(info)
    except (zipfile.BadZipFile, zlib.error, RuntimeError, NotImplementedError, EOFError, ValueError,
            OSError) as exc:
        raise PackageError(f"文件已损坏：其中「{name}」无法解压（校验不符或数据不完整）。"
                           f"请向发送方重新索取{wording.noun}。") from exc


def lossy_xlsx_parts(names: set[str]) -> list[str]:
    """What a bureau's .xlsx holds that openpyxl cannot carry over into the export."""
    return sorted({label for prefix, label in LOSSY_XLSX_PARTS for n in names if n.startswith(prefix)})


def _check_sizes(infos: list[zipfile.ZipInfo], wording: Wording) -> None:
    if len(infos) > MAX_ENTRIES:
        raise PackageError(f"压缩包内有 {len(infos)} 个文件，远多于正常的 Office 文件（可能是恶意文件）。")
    total = 0
    for info in infos:
        total += info.file_size
        if info.file_size > RATIO_CHECKED_ABOVE and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise PackageError(f"其中「{info.filename[:60]}」的压缩比异常（{info.file_size // max(info.compress_size, 1)}:1），"
                               "可能是“压缩炸弹”。")
    if total > MAX_UNCOMPRESSED_BYTES:
        raise PackageError(f"解压后有 {total / 1048576:.0f} MB，远大于正常的{wording.noun}（可能是“压缩炸弹”）。")


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


def _check_xml_part(part: bytes, name: str, wording: Wording) -> None:
    text = _decoded_head(part)
    if _DTD.search(text):
        raise PackageError(f"其中「{name[:60]}」含有 DTD 或实体声明（可用于读取本机文件或耗尽内存的攻击）。")
    if name == "[Content_Types].xml" and any(t.encode() in text for t in _MACRO_TYPES):
        raise PackageError("这是启用宏的文件，可能含有恶意代码。请另存为不含宏的 .docx/.xlsx。")
    if name.endswith(".rels"):
        _check_relationships(text, name, wording)


def _check_relationships(text: bytes, name: str, wording: Wording) -> None:
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        root = etree.fromstring(text, parser)
    except etree.XMLSyntaxError as exc:
        raise PackageError(f"其中「{name[:60]}」已损坏。") from exc
    for rel in root:
        if str(rel.get("TargetMode", "")).lower() == "external":
            target = str(rel.get("Target", ""))[:80]
            hyperlink = str(rel.get("Type", "")).endswith("/hyperlink")
            if hyperlink and wording.allow_hyperlinks:
                continue
            what = "超链接" if hyperlink else "外部文件链接"
            raise PackageError(f"含有指向外部的{what}「{target}」。打开这类链接可能泄露本机信息；"
                               f"请在 Word/Excel 中删除该链接后另存，{wording.again}。")
