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
    no lone surrogates; CR, CR LF and the paste line breaks become "\\n"; half-width brackets and
    punctuation in Chinese text full-width (``full_width_punctuation``). Idempotent."""
    if text.isascii() and text.isprintable():
        return text  # the common case, and cheap
    return full_width_punctuation(_SURROGATES.sub("", text.replace("\r\n", "\n").translate(_TABLE)))


_HALF_PUNCT = {",": "，", ":": "：", ";": "；", "!": "！", "?": "？"}
_PUNCT_OR_BRACKET = re.compile(r"[(),:;!?]")
_CODE_LIKE = re.compile(r'["=/\\<>{}\[\]]')
_LIST_NUMBER = re.compile(r"[0-9]{1,2}|[一二三四五六七八九十]{1,3}")  # "(2)" numbering a list in prose
_IDEOGRAPH = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
# What makes a neighbour "Chinese" for a comma or colon: ideographs and full-width brackets and quotes,
# never punctuation this function writes itself (so one pass gives what two passes give).
_CJK_CONTEXT = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff（）《》〈〉“”‘’「」『』【】〔〕、。]")


def full_width_punctuation(text: str) -> str:
    """Chinese text takes full-width （ ） ， ： ； ！ ？ (document-format.md §6): half-width ones take the
    Latin font (Times New Roman) and look wrong inside 黑体 headings. A bracket pair turns full-width when
    it holds or touches an ideograph ("(1)负责" → "（1）负责", "部门(单位)" → "部门（单位）"); a comma,
    colon, semicolon, ! or ? when a neighbour is Chinese, unless it sits between two digits ("1,234",
    "8:30"). Latin text ("Excel (xlsx), A:B") is left as it is. Idempotent."""
    if not _PUNCT_OR_BRACKET.search(text) or not _IDEOGRAPH.search(text):
        return text
    chars = list(text)
    opened: list[int] = []
    for i, ch in enumerate(chars):
        if ch in "(（":
            opened.append(i)
        elif ch in ")）" and opened:
            start = opened.pop()
            inside = text[start + 1:i]
            before, after = text[start - 1:start] if start else "", text[i + 1:i + 2]
            if _CODE_LIKE.search(inside):
                continue  # a formula or a path someone pasted: not prose
            numbering = _LIST_NUMBER.fullmatch(inside) is not None and not (before.isascii() and before.isalnum())
            if ("（" in (chars[start], ch) or "）" in (chars[start], ch) or numbering
                    or _IDEOGRAPH.search(before + inside + after)):
                chars[start], chars[i] = "（", "）"
        elif ch == "\n":
            opened.clear()  # a pair never spans lines
    bracketed = "".join(chars)
    for i, ch in enumerate(chars):
        wide = _HALF_PUNCT.get(ch)
        if wide is None:
            continue
        before, after = bracketed[i - 1:i] if i else "", bracketed[i + 1:i + 2]
        if before.isdigit() and after.isdigit():
            continue
        if _CJK_CONTEXT.match(before) or _CJK_CONTEXT.match(after):
            chars[i] = wide
    return "".join(chars)


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
