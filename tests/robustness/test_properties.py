"""Properties over generated input (hypothesis; example counts kept modest so the suite stays fast).

* The export text sanitiser: every function (clean_text, one_line, paragraphs, excel_text) is
  idempotent and its output is accepted by lxml (text and attribute), python-docx and openpyxl.
  (tests/test_export_sanitize.py proves clean_text against lxml and openpyxl with more examples.)
* Any valid draft, generated from the field declarations (a random valid value per Kind, random
  scores within each indicator's points, random indicator rows, any Unicode text, either framework,
  either unit, any export settings), survives the draft format unchanged and exports to both files;
  the only exception allowed is BlockedError for a final export of a report that still has errors.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import docx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree
from openpyxl import Workbook

from exporters.api import BlockedError, ExportSettings, export_report
from exporters.sanitize import clean_text, excel_text, one_line, paragraphs
from exporters.settings import DateStyle, FontScheme
from models.draft_format import dumps, loads, report_to_dict
from models.fields import FIELDS, ROW_NATURES, FieldSpec, Kind
from models.frameworks import BUILTIN_IDS, load_framework
from models.money import MAX_MONEY, Unit
from models.report import IndicatorRow, Report

from .corpus import TEXTS, is_xml_char

TROUBLE = st.sampled_from(["\x00", "\x07", "\x0b", "\x0c", "\r", "\r\n", "\n", "\t", "\x1f", "\x7f", "\x85",
                           "\u2028", "\u2029", "\ufffe", "\uffff", "\ud800", "\udfff", "\u202e", "\u200f", "\u3000",
                           "😀", "👨‍👩‍👧", "=", "+", "-", "@", "{{", "}}", "{%", "&", "<", "]]>"])


def as_typed(text: str) -> str:
    """Text as any input can produce it: a high surrogate followed by a low one is one character.

    Qt hands Python UTF-16 already paired, files are UTF-8 or JSON (where "\\ud800\\udc00" *is*
    U+10000), so two lone halves side by side exist only in a Python literal: they are joined here.
    """
    return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "surrogatepass")


ANY_TEXT = st.lists(st.one_of(st.characters(exclude_categories=()), TROUBLE), max_size=60).map("".join).map(as_typed)
CORPUS_OR_ANY = st.one_of(ANY_TEXT, st.sampled_from([t for k, t in TEXTS.items() if k != "paste-100k"]))


@given(CORPUS_OR_ANY)
@settings(max_examples=150, deadline=None)
def test_every_sanitiser_is_idempotent_and_every_writer_accepts_its_output(text: str) -> None:
    line = one_line(text)
    parts = paragraphs(text)
    cell, _cut = excel_text(text)
    assert clean_text(clean_text(text)) == clean_text(text)
    assert one_line(line) == line and excel_text(cell)[0] == cell
    assert paragraphs("\n".join(parts)) == parts
    for out in (clean_text(text), line, cell, *parts):
        assert all(is_xml_char(ch) for ch in out)
        element = etree.Element("t", attrib={"v": out})
        element.text = out
        again = etree.fromstring(etree.tostring(element))
        assert (again.text or "") == out.replace("\r", "\n") and again.get("v") is not None
    document = docx.Document()
    paragraph = document.add_paragraph(line)
    for part in parts:
        paragraph.add_run(part)
    document.core_properties.title = line[:255]
    Workbook().active["A1"] = cell  # openpyxl raises IllegalCharacterError on what it cannot write


# ---------------------------------------------------------------- any valid draft exports


def value_of(spec: FieldSpec) -> st.SearchStrategy[Any]:
    """A valid value for a declared field, by its kind and bounds."""
    if spec.kind is Kind.MONEY:
        return st.decimals(min_value=0, max_value=MAX_MONEY - Decimal("0.01"), places=2, allow_nan=False,
                           allow_infinity=False)
    if spec.kind in (Kind.COUNT, Kind.YEAR):
        low = int(spec.minimum) if spec.minimum is not None else 0
        high = int(spec.maximum) if spec.maximum is not None else 10**6
        return st.integers(low, high)
    if spec.kind is Kind.DATE:
        return st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2200, 12, 31))
    if spec.kind is Kind.CHOICE:
        return st.sampled_from(spec.choices)
    return CORPUS_OR_ANY


POINTS = st.decimals(min_value=0, max_value=100, places=2, allow_nan=False, allow_infinity=False)


@st.composite
def drafts(draw: st.DrawFn) -> Report:
    framework = load_framework(draw(st.sampled_from(BUILTIN_IDS)))
    report = Report.new(framework.id)
    report.display_unit = draw(st.sampled_from(list(Unit)))
    for spec in FIELDS:
        if draw(st.booleans()) or spec.required:
            report.values[spec.key] = draw(value_of(spec))
    for node in framework.scored_leaves():
        if draw(st.booleans()):
            points = node.points or Decimal(0)
            report.scores[node.id] = draw(st.decimals(min_value=0, max_value=points, places=2, allow_nan=False))
    containers = framework.row_containers()
    if containers:
        for i in range(draw(st.integers(0, 4))):
            report.rows.append(IndicatorRow(
                node=draw(st.sampled_from(containers)).id, row_id=f"r{i}", name=draw(CORPUS_OR_ANY),
                nature=draw(st.sampled_from(ROW_NATURES)), measure_unit=draw(ANY_TEXT), target=draw(ANY_TEXT),
                actual=draw(ANY_TEXT), points=draw(st.none() | POINTS), score=draw(st.none() | POINTS),
                reason=draw(CORPUS_OR_ANY)))
    report.explanations = draw(st.dictionaries(st.text(min_size=1, max_size=20), ANY_TEXT, max_size=3))
    return report


@given(report=drafts(), draft=st.booleans(), fonts=st.sampled_from(list(FontScheme)),
       dates=st.sampled_from(list(DateStyle)), unit=st.sampled_from([None, *Unit]))
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                   HealthCheck.too_slow])
def test_any_valid_draft_round_trips_and_exports(tmp_path: Path, report: Report, draft: bool, fonts: FontScheme,
                                                 dates: DateStyle, unit: Unit | None) -> None:
    assert report_to_dict(loads(dumps(report_to_dict(report)))) == report_to_dict(report)
    docx_path, xlsx_path = tmp_path / "报告.docx", tmp_path / "报告.xlsx"
    for path in (docx_path, xlsx_path):
        path.unlink(missing_ok=True)
    try:
        result = export_report(report, docx=docx_path, xlsx=xlsx_path, draft=draft,
                               settings=ExportSettings(fonts=fonts, dates=dates, unit=unit))
    except BlockedError:
        assert not draft, "a draft export is never blocked"
        assert not docx_path.exists() and not xlsx_path.exists()
        return
    assert result.paths == (docx_path, xlsx_path)
    for path in result.paths:
        with zipfile.ZipFile(path) as zf:
            assert zf.testzip() is None
            for name in zf.namelist():
                if name.endswith(".xml"):
                    etree.fromstring(zf.read(name))
