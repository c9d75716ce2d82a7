"""The one sanitiser every exported text goes through: idempotent, and always accepted by XML writers."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree
from openpyxl import Workbook

from exporters.sanitize import EXCEL_CELL_LIMIT, clean_text, excel_text, one_line, paragraphs

# Every code point, surrogates included, weighted towards the troublesome ones.
_TROUBLE = st.sampled_from(["\x00", "\x07", "\x0b", "\x0c", "\r", "\n", "\t", "\x1f", "\x7f", "\x85", "\u2028",
                            "\ufffe", "\uffff", "\ud800", "\udfff", "\u3000", "　　", "\r\n", "&", "<", "{{"])
TEXT = st.lists(st.one_of(st.characters(codec=None), st.characters(blacklist_categories=()), _TROUBLE),
                max_size=40).map("".join)


@given(TEXT)
@settings(max_examples=400)
def test_clean_text_is_idempotent_and_lxml_accepts_it(text: str) -> None:
    cleaned = clean_text(text)
    assert clean_text(cleaned) == cleaned
    element = etree.Element("t")
    element.text = cleaned  # raises ValueError on anything XML cannot hold
    assert etree.fromstring(etree.tostring(element)).text == (cleaned or None)  # survives a round trip
    assert "\r" not in cleaned


@given(TEXT)
@settings(max_examples=200)
def test_openpyxl_accepts_clean_text(text: str) -> None:
    cell = Workbook().active["A1"]
    cell.value = excel_text(text)[0]  # raises IllegalCharacterError on control characters


@given(TEXT)
def test_paragraphs_are_clean_non_empty_and_stable(text: str) -> None:
    parts = paragraphs(text)
    assert all(p and p == p.strip(" \t\u3000\u00a0") and "\n" not in p for p in parts)
    assert paragraphs("\n".join(parts)) == parts


@pytest.mark.parametrize(("raw", "expected"), [
    ("纯文本 plain", "纯文本 plain"),
    ("a\r\nb\rc", "a\nb\nc"),
    ("软回车\x0b分页\x0c单元格\x07结束", "软回车\n分页\n单元格结束"),
    ("\x00\x01\x08\x1f", ""),
    ("tab\tkept", "tab\tkept"),
    ("bad\ufffe\uffffend", "badend"),
    ("lone\ud800\udc00surrogates", "lonesurrogates"),
    ("emoji 😀 和 RTL \u200f标记", "emoji 😀 和 RTL \u200f标记"),
    ("line\u2028sep\u2029para", "line\nsep\npara"),
])
def test_clean_text_examples(raw: str, expected: str) -> None:
    assert clean_text(raw) == expected


def test_paragraphs_split_lines_and_drop_hand_typed_indents() -> None:
    assert paragraphs("　　第一段。\n\n  第二段。  \r\n\t第三段") == ["第一段。", "第二段。", "第三段"]
    assert paragraphs("") == [] and paragraphs(" \n\u3000\n") == []


def test_one_line_joins_lines_with_spaces() -> None:
    assert one_line("蓉溪市\n农业农村局\x0b") == "蓉溪市 农业农村局"


def test_excel_text_is_cut_at_the_cell_limit() -> None:
    text, cut = excel_text("字" * (EXCEL_CELL_LIMIT + 10))
    assert cut and len(text) == EXCEL_CELL_LIMIT and text.endswith("…")
    assert excel_text("短") == ("短", False)
