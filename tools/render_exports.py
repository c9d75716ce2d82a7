"""Rendered pages of the built-in exports, for docs/export/ (LibreOffice -> PDF -> pdftoppm PNG).

    python tools/render_exports.py [--out docs/export]

Exports the sample, a maximal report (100 indicator rows), the sample under national-2020 (landscape
annex), a unit with a long name, and an unscored draft; converts each file with LibreOffice in a private
profile; and keeps the pages named in ``PAGES`` (found by the text on them), as PNG at 60 dpi.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from exporters.api import export_report  # noqa: E402
from exporters.settings import ExportSettings  # noqa: E402
from models.report import Report  # noqa: E402
from models.sample import build_maximal, build_sample  # noqa: E402

DPI = "60"


def national() -> Report:
    from test_export_fixtures import national_report

    report = national_report()
    kinds = [("≥", "亩", "25000", "26200"), ("≥", "个", "120", "126"), ("≥", "%", "98", "97.6")]
    for row, (nature, unit, target, actual) in zip(report.rows, kinds, strict=False):
        row.nature, row.measure_unit, row.target, row.actual = nature, unit, target, actual
    report.rows[2].reason = "个别批次蔬菜农残超标，已追溯处置；下一年度加密抽检。"
    return report


def long_name() -> Report:
    report = build_sample()
    for key in ("unit_name", "sign_unit"):
        report.values[key] = "蓉溪市经济技术开发区管理委员会综合行政执法支队"
    return report


def unscored() -> Report:
    report = build_sample()
    report.scores.clear()
    for row in report.rows:
        row.score = None
    return report


# (file stem, report, settings, draft, [(png name, text on the page, kind)])
REPORTS: list[tuple[str, Callable[[], Report], ExportSettings, bool, list[tuple[str, str, str]]]] = [
    ("sample", build_sample, ExportSettings(), False, [
        ("report-cover", "单位名称：", "docx"), ("report-body", "（一）机构组成", "docx"),
        ("report-money-tables", "（三）预算执行情况", "docx"), ("report-signature", "附件：部门整体支出", "docx"),
        ("report-annex-scoring", "评价依据", "docx"), ("report-annex-indicators", "部门绩效指标完成情况", "docx"),
        ("xlsx-scoring-sheet", "填报单位", "xlsx"), ("xlsx-indicator-sheet", "指标类别", "xlsx")]),
    ("no-cover-seal", build_sample, ExportSettings(cover=False, seal=True, sign_lines=True), False, [
        ("report-no-cover", "2025年度部门整体支出绩效自评报告", "docx"),
        ("report-signature-seal", "（盖章）", "docx")]),
    ("maximal", build_maximal, ExportSettings(), True, [
        ("maximal-annex-1", "评价依据", "docx"), ("maximal-annex-2", "部门特性指标40", "docx"),
        ("maximal-xlsx-2", "部门特性指标40", "xlsx")]),
    ("national", national, ExportSettings(), False, [
        ("national-annex-landscape", "评价依据", "docx"), ("national-xlsx", "填报单位", "xlsx")]),
    ("long-name", long_name, ExportSettings(), False, [("long-name-cover", "单位名称：", "docx")]),
    ("unscored", unscored, ExportSettings(), True, [
        ("unscored-conclusion", "（一）评价结论", "docx"), ("unscored-annex", "评价依据", "docx")]),
]


def pdf_pages(pdf: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True,
                          text=True).stdout
    return ["".join(page.split()) for page in text.split("\f")]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "export")
    args = parser.parse_args()
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None or shutil.which("pdftoppm") is None:
        print("需要 LibreOffice（soffice）和 poppler-utils（pdftoppm）。", file=sys.stderr)
        return 2
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        profile = (work / "lo-profile").as_uri()
        for stem, build, settings, draft, pages in REPORTS:
            files = {"docx": work / f"{stem}.docx", "xlsx": work / f"{stem}-x.xlsx"}
            export_report(build(), docx=files["docx"], xlsx=files["xlsx"], settings=settings, draft=draft)
            for kind, path in files.items():
                wanted = [p for p in pages if p[2] == kind]
                if not wanted:
                    continue
                subprocess.run([soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
                                "--outdir", str(work), str(path)], check=True, capture_output=True, timeout=300)
                pdf = path.with_suffix(".pdf")
                texts = pdf_pages(pdf)
                for name, marker, _ in wanted:
                    number = next(i for i, text in enumerate(texts, 1) if marker in text)
                    subprocess.run(["pdftoppm", "-png", "-r", DPI, "-f", str(number), "-l", str(number),
                                    "-singlefile", str(pdf), str(args.out / name)], check=True)
                    print(f"{name}.png: {path.name} page {number}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
