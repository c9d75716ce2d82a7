"""Make typed or pasted text safe for XML (docx, xlsx) without changing what a reader sees.

The draft keeps what the clerk typed; only exports pass through here (reliability.md, Hostile input).
"""

from __future__ import annotations

import re

# Word/WPS pastes carry \x0b (manual line break), \x0c (page break) and \x07 (cell mark); Unicode
# line/paragraph separators and NEL come from web pages. All of them mean "new line" to a reader,
# except the cell mark, which means nothing outside a table.
_NEWLINES = {0x0B: "\n", 0x0C: "\n", 0x0D: "\n", 0x85: "\n", 0x2028: "\n", 0x2029: "\n"}
_DROPPED = {c: None for c in (*range(0x00, 0x09), 0x0E, 0x0F, *range(0x10, 0x20), *range(0x7F, 0x85),
                               *range(0x86, 0xA0), 0xFFFE, 0xFFFF)}
_TABLE = str.maketrans({**_DROPPED, **_NEWLINES})
# A lone surrogate cannot be encoded in UTF-8 at all; it is the remnant of a broken paste.
_SURROGATES = re.compile("[\ud800-\udfff]")
# Leading/trailing blanks of a paragraph, including the full-width spaces clerks type to indent by hand
# (the document indents every paragraph by two characters already).
_BLANKS = " \t\u3000\u00a0"

EXCEL_CELL_LIMIT = 32767


def clean_text(text: str) -> str:
    """Text every XML writer accepts: no control characters (tab and newline kept), no U+FFFE/U+FFFF,
    no lone surrogates; CR, CR LF and the paste line breaks become "\\n". Idempotent."""
    if text.isascii() and text.isprintable():
        return text  # the common case, and cheap
    return _SURROGATES.sub("", text.replace("\r\n", "\n").translate(_TABLE))


def paragraphs(text: str) -> list[str]:
    """The paragraphs a clerk typed: one per line, blank lines and hand-typed indents dropped."""
    out = []
    for line in clean_text(text).split("\n"):
        line = line.strip(_BLANKS)
        if line:
            out.append(line)
    return out


def one_line(text: str) -> str:
    """A single-line field (unit name, indicator name): line breaks become spaces."""
    return " ".join(part.strip(_BLANKS) for part in clean_text(text).split("\n") if part.strip(_BLANKS))


def excel_text(text: str) -> tuple[str, bool]:
    """Clean text for a cell, cut to Excel's 32,767-character limit; True if it had to be cut."""
    cleaned = clean_text(text)
    if len(cleaned) <= EXCEL_CELL_LIMIT:
        return cleaned, False
    return cleaned[: EXCEL_CELL_LIMIT - 1] + "…", True
