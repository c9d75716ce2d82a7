"""Reports and readers shared by the export tests (imported as ``test_export_fixtures``).

The tests here make sure the fixtures are what the other tests assume: complete, error-free reports.
"""

from __future__ import annotations

import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

from lxml import etree

from exporters.api import ExportResult, ExportSettings, export_report
from models.compute import compute_totals
from models.findings import Severity
from models.frameworks import load_framework
from models.report import IndicatorRow, Report
from models.rules import validate
from models.sample import build_sample

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W_NS}
D = Decimal

# Narrative text a clerk might paste: markup, Jinja, Word's control characters, broken Unicode.
HOSTILE_TEXT = ("A&B <C> \"引号\" {{ 7*7 }} {% for x in y %}{# c #}\x00\x07末尾\x0b第二段=SUM(A1)\x0c"
                "　　第三段\ufffe\ud800结束\r\n\r\n+第四段 @x")
HOSTILE_PARAGRAPHS = ["A&B <C> \"引号\" {{ 7*7 }} {% for x in y %}{# c #}末尾", "第二段=SUM(A1)", "第三段结束",
                      "+第四段 @x"]

_NATIONAL_ROWS = (  # node, name, points, score
    ("out_quantity", "新建高标准农田面积", "15", "15"), ("out_quantity", "农村人居环境整治村数", "15", "14.5"),
    ("out_quality", "农产品质量安全监测合格率", "10", "9.6"), ("out_timeliness", "项目按期完工率", "5", "5"),
    ("out_cost", "亩均建设成本", "5", "4.8"), ("ben_social", "带动农户增收", "15", "14"),
    ("ben_sustain", "耕地质量等级提升", "15", "13.5"), ("sat_target", "农户满意度", "10", "9.2"),
)


def national_report() -> Report:
    """The sample's figures and texts under the national 2020 framework, with its indicator rows."""
    report = build_sample()
    report.framework_id = "national-2020"
    report.scores = {}
    report.rows = [
        IndicatorRow(node=node, row_id=f"n{i}", name=name, nature="≥", measure_unit="", target="100", actual="98",
                     points=D(points).quantize(D("0.01")), score=D(score).quantize(D("0.01")))
        for i, (node, name, points, score) in enumerate(_NATIONAL_ROWS)
    ]
    totals = compute_totals(report, load_framework("national-2020"))
    report.values["verdict_text"] = (f"经自评，本局2025年度部门整体支出绩效自评得分{totals.total:.2f}分，"
                                     f"评价等级为“{totals.grade}”。")
    return report


def errors_of(report: Report) -> list[str]:
    return [f.message for f in validate(report) if f.severity is Severity.ERROR]


def export(report: Report, folder: Path, *, settings: ExportSettings | None = None, draft: bool = False,
           **kwargs: Any) -> tuple[Path, Path, ExportResult]:
    docx, xlsx = folder / "report.docx", folder / "report.xlsx"
    result = export_report(report, docx=docx, xlsx=xlsx, settings=settings or ExportSettings(), draft=draft,
                           **kwargs)
    return docx, xlsx, result


def part(path: Path, name: str = "word/document.xml") -> Any:
    with zipfile.ZipFile(path) as zf:
        return etree.fromstring(zf.read(name))


def part_names(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as zf:
        return zf.namelist()


def body_texts(path: Path) -> list[str]:
    """Text of every paragraph of the document body, tables included, in order."""
    root = part(path)
    return ["".join(t.text or "" for t in p.iter(f"{{{W_NS}}}t")) for p in root.iter(f"{{{W_NS}}}p")]


def test_sample_and_national_reports_have_no_errors() -> None:
    assert errors_of(build_sample()) == []
    assert errors_of(national_report()) == []


def test_hostile_paragraphs_are_what_the_sanitiser_makes_of_the_text() -> None:
    from exporters.sanitize import paragraphs

    assert paragraphs(HOSTILE_TEXT) == HOSTILE_PARAGRAPHS
