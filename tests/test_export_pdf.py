"""A real office suite opens both exports: LibreOffice converts them to PDF and the report's text is there.

Skipped only where LibreOffice is not installed (CI installs it).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from test_export_fixtures import export, national_report

from exporters.report_view import ReportView
from exporters.settings import ExportSettings
from models.report import Report
from models.sample import build_sample

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
PDFTOTEXT = shutil.which("pdftotext")
pytestmark = [pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed"),
              pytest.mark.skipif(PDFTOTEXT is None, reason="poppler-utils (pdftotext) is not installed"),
              pytest.mark.slow]


def _to_pdf(source: Path, out: Path, profile: Path) -> str:
    assert SOFFICE is not None and PDFTOTEXT is not None
    subprocess.run([SOFFICE, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(out), str(source)], check=True, capture_output=True, timeout=180)
    pdf = out / (source.stem + ".pdf")
    assert pdf.exists(), f"LibreOffice did not convert {source.name}"
    text = subprocess.run([PDFTOTEXT, "-layout", str(pdf), "-"], check=True, capture_output=True, text=True,
                          timeout=60).stdout
    return re.sub(r"\s+", "", text)  # line breaks and layout spaces differ between versions


@pytest.mark.parametrize("make", [build_sample, national_report], ids=["sichuan-2017", "national-2020"])
def test_libreoffice_renders_both_files_with_the_reports_text(tmp_path: Path, make: object) -> None:
    report: Report = make()  # type: ignore[operator]
    docx, xlsx, _ = export(report, tmp_path)
    profile = tmp_path / "lo-profile"
    words = _to_pdf(docx, tmp_path / "pdf", profile)
    for expected in ("蓉溪市农业农村局", "2025年度部门整体支出绩效自评报告", "一、部门（单位）概况",
                     "评价结论", "附件", "38,652,400.00", "2026年3月20日", "—1—", "—2—"):
        assert expected in words, expected
    for row in report.rows:
        assert row.name in words, row.name
    sheets = _to_pdf(xlsx, tmp_path / "pdf", profile)
    for expected in (ReportView(report, ExportSettings()).annex_title, "填报单位：蓉溪市农业农村局", "一级指标", "合计", "评价等级", "收支及预算执行情况表",
                     "38,652,400.00", "94.31%", "第1页共"):
        assert expected in sheets, expected
