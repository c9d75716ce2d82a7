"""What a file really is, from its first bytes — never from its name.

WPS saves binary .doc files named .docx; a .docx renamed .doc exists too; .wps files are binary
documents of WPS (or Works); Word's 另存为 "网页" or "RTF" produces text files that Word opens as
documents. A password-protected .docx is an OLE container holding the encrypted package.
"""

from __future__ import annotations

import zipfile
from io import BytesIO

from models.office_package import MAIN_PART, OLE_MAGIC, ZIP_MAGIC


class FileKind:
    DOCX = "docx"
    DOC = "doc"  # Word 97-2003 binary
    WPS = "wps"  # another OLE document (WPS, Works): an office suite may read it
    RTF = "rtf"
    HTML = "html"  # Word's web page (.htm/.mht saved as .doc)
    ENCRYPTED = "encrypted"  # a password-protected Office file
    XLSX = "xlsx"
    ZIP = "zip"  # some other zip
    EMPTY = "empty"
    JSON = "json"  # a draft file
    PDF = "pdf"
    UNKNOWN = "unknown"


# A web page is not converted: an office suite would fetch the pictures it links to (a network connection).
CONVERTIBLE = (FileKind.DOC, FileKind.WPS, FileKind.RTF)
_NAMES_OF = {FileKind.DOC: "Word 97-2003 文档（.doc）", FileKind.WPS: "WPS 文字文档（.wps）",
             FileKind.RTF: "RTF 文档", FileKind.HTML: "网页格式的 Word 文档"}


def _utf16(name: str) -> bytes:
    return name.encode("utf-16-le")


def sniff(data: bytes) -> str:
    if not data.strip(b"\x00 \t\r\n"):
        return FileKind.EMPTY
    if data.startswith(ZIP_MAGIC):
        try:
            with zipfile.ZipFile(BytesIO(data)) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, ValueError, OSError):
            return FileKind.DOCX  # a broken zip: the package check says it is damaged
        if MAIN_PART["docx"] in names:
            return FileKind.DOCX
        if MAIN_PART["xlsx"] in names:
            return FileKind.XLSX
        return FileKind.ZIP
    if data.startswith(OLE_MAGIC):
        # Directory entries are UTF-16 names; these streams tell the kinds apart.
        if _utf16("EncryptedPackage") in data or _utf16("EncryptionInfo") in data:
            return FileKind.ENCRYPTED
        if _utf16("WordDocument") in data:
            return FileKind.DOC
        if _utf16("Workbook") in data or _utf16("Book") in data:
            return FileKind.XLSX
        return FileKind.WPS
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(b"{\\rtf"):
        return FileKind.RTF
    if head.startswith((b"<html", b"<!doctype html", b"mime-version")) or b"<html" in head[:600]:
        return FileKind.HTML
    if head.startswith((b"{", b"[")):
        return FileKind.JSON
    if head.startswith(b"%pdf"):
        return FileKind.PDF
    return FileKind.UNKNOWN


def kind_name(kind: str) -> str:
    return _NAMES_OF.get(kind, kind)
