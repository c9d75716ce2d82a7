"""Reading documents in: a Word report (.docx, or .doc/.wps/.rtf through an office suite) becomes a
``models.Report`` plus a mapping of every value to its source, and the findings only a document has.

Qt-free; imports ``models`` only (tests/test_layers.py). ``import_report(path)`` is the entry point;
the checks of the package (zip bombs, DTDs, external links, macros) run before any office library
sees the file.
"""

from __future__ import annotations

import zipfile
from io import BytesIO
from pathlib import Path

from models.files import FileTooLarge, read_at_most
from models.office_package import PackageError, Wording, check_office_package

from .result import ImportFailure, ImportResult, Kind, Located, MappingEntry
from .sniff import CONVERTIBLE, FileKind, kind_name, sniff

__all__ = ["ImportFailure", "ImportResult", "Kind", "Located", "MappingEntry", "import_bytes", "import_report"]

MAX_REPORT_BYTES = 50 * 1024 * 1024
MAX_DOCUMENT_XML_BYTES = 40 * 1024 * 1024  # the body of a 200-page report is a few MB of XML
MAX_PAGES = 200  # a self-evaluation report runs 5–40 pages; far more is another kind of document
CHARS_PER_PAGE = 700  # A4, 三号仿宋, 28 lines of 28 characters, minus headings and spacing
ROWS_PER_PAGE = 25
REPORT_WORDING = Wording(noun="Word 文档", again="再导入", allow_hyperlinks=True)


def _refuse(path: Path, reason: str) -> ImportFailure:
    return ImportFailure(f"无法导入「{path.name}」：{reason}")


def import_report(path: Path) -> ImportResult:
    """Read a report; ImportFailure (one Chinese sentence) on anything unreadable, unsafe or not a report."""
    path = Path(path)
    try:
        data = read_at_most(path, MAX_REPORT_BYTES)
    except FileTooLarge as exc:
        raise _refuse(path, f"文件有 {exc.size / 1048576:.0f} MB，远大于自评报告（上限 50 MB）。") from exc
    except FileNotFoundError as exc:
        raise ImportFailure(f"找不到文件：{path}") from exc
    except IsADirectoryError as exc:
        raise ImportFailure(f"{path} 是文件夹，不是 Word 文件。") from exc
    except OSError as exc:
        raise _refuse(path, f"无法读取文件（{exc.strerror or exc}）。") from exc
    return import_bytes(data, path)


def import_bytes(data: bytes, path: Path) -> ImportResult:
    kind = sniff(data)
    converted = ""
    if kind in CONVERTIBLE:
        from .convert import ConversionError, convert_to_docx

        try:
            data, suite = convert_to_docx(path)
        except ConversionError as exc:
            raise _refuse(path, f"这是{kind_name(kind)}。{exc}") from exc
        converted = kind
        if sniff(data) != FileKind.DOCX:
            raise _refuse(path, f"{suite} 转换后的文件不是 .docx。")
    elif kind != FileKind.DOCX:
        raise _refuse(path, _not_docx(kind))
    try:
        check_office_package(data, "docx", REPORT_WORDING)
    except PackageError as exc:
        raise _refuse(path, str(exc)) from exc
    with zipfile.ZipFile(BytesIO(data)) as archive:
        size = archive.getinfo("word/document.xml").file_size
    if size > MAX_DOCUMENT_XML_BYTES:
        raise _refuse(path, f"正文有 {size / 1048576:.0f} MB，远超自评报告的篇幅（上限约 {MAX_PAGES} 页）。")
    return _read(data, path, converted)


def _not_docx(kind: str) -> str:
    return {
        FileKind.EMPTY: "文件是空的。",
        FileKind.ENCRYPTED: "文件设置了打开密码。请在 Word 或 WPS 中取消密码后另存为 .docx，再导入。",
        FileKind.XLSX: "这是 Excel 表格，不是 Word 报告。",
        FileKind.ZIP: "这是一个压缩包，不是 Word 文档（.docx）。请先解压，再导入其中的报告。",
        FileKind.JSON: "这是草稿文件（.json），请用“打开草稿文件”导入。",
        FileKind.PDF: "这是 PDF 文件，无法读出其中的栏目。请导入报告的 Word 版本（.docx 或 .doc）。",
        FileKind.HTML: '这是网页格式的文档。请在 Word 或 WPS 中打开后"另存为".docx，再导入。',
    }.get(kind, "这不是 Word 文档（.docx 或 .doc），也不是可以转换的 WPS/RTF 文档。")


def _read(data: bytes, path: Path, converted: str) -> ImportResult:
    from docx.opc.exceptions import PackageNotFoundError

    from .doc_findings import document_findings
    from .docx_reader import read_body
    from .report_reader import Reader

    try:
        body = read_body(data)
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile, OSError) as exc:
        raise _refuse(path, "文件已损坏，Word 文档的内容无法读取。") from exc
    except RecursionError as exc:
        raise _refuse(path, "文件的结构嵌套过深，无法读取。") from exc
    except Exception as exc:  # lxml's XMLSyntaxError and python-docx's own errors on a broken part
        if type(exc).__module__.startswith(("lxml", "docx")):
            raise _refuse(path, "文件已损坏，Word 文档的内容无法读取。") from exc
        raise
    paragraphs = list(body.paragraphs)
    tables = list(body.tables)
    if not paragraphs and not tables:
        raise _refuse(path, "文档是空的，没有任何文字。")
    chars = sum(len(p.text) for p in paragraphs)
    rows = sum(len(t.rows) for t in tables)
    pages = chars // CHARS_PER_PAGE + rows // ROWS_PER_PAGE
    if pages > MAX_PAGES:
        raise _refuse(path, f"文档约有 {pages} 页，远超自评报告的正常篇幅（上限约 {MAX_PAGES} 页），不像是一份自评报告。")
    read = Reader(body).read()
    found = read.found
    placed = [m for m in found.mapping if m.kind in (Kind.VALUE, Kind.NARRATIVE)]
    if not placed:
        raise _refuse(path, "没有找到自评报告的章节标题、封面信息或得分表，不像是部门整体支出绩效自评报告。")
    return ImportResult(found.report, found.mapping, document_findings(read), path, converted,
                        read.framework_note, found.locations)
