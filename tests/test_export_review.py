"""What a bureau reviewer checks on the exported pages (document-format.md §6), read back as XML or cells."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from test_export_fixtures import NS, W_NS, export, part

from exporters.docx_layout import BODY_PT, CHARS_PER_LINE, GRID_CONDENSE, text_width_twips
from models.sample import build_sample

W = f"{{{W_NS}}}"
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
PDFTOTEXT = shutil.which("pdftotext")


@pytest.fixture(scope="module")
def sample_docx(tmp_path_factory: pytest.TempPathFactory) -> Path:
    docx, _, _ = export(build_sample(), tmp_path_factory.mktemp("sample"))
    return docx


def pdf_lines(source: Path, out: Path) -> list[str]:
    """The rendered lines of ``source`` (LibreOffice -> PDF -> pdftotext), layout spaces removed."""
    assert SOFFICE is not None and PDFTOTEXT is not None
    profile = out / "lo-profile"
    subprocess.run([SOFFICE, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(out), str(source)], check=True, capture_output=True, timeout=180)
    text = subprocess.run([PDFTOTEXT, "-layout", str(out / (source.stem + ".pdf")), "-"], check=True,
                          capture_output=True, text=True, timeout=60).stdout
    return [re.sub(r"\s+", "", line) for line in text.splitlines()]


# ---------------------------------------------------------------- 28 characters a line


def test_every_section_has_a_lines_and_chars_grid_of_28_characters(sample_docx: Path) -> None:
    grids = part(sample_docx).findall(".//w:sectPr/w:docGrid", NS)
    assert len(grids) >= 2
    for grid in grids:
        assert grid.get(f"{W}type") == "linesAndChars"
        assert grid.get(f"{W}linePitch") == "579"  # 28.95 pt: 22 lines in 225 mm
        pitch = BODY_PT + int(grid.get(f"{W}charSpace")) / 4096
        width = text_width_twips() / 20
        assert int(width // pitch) == CHARS_PER_LINE  # Word puts floor(width / pitch) on a line


def test_the_body_is_condensed_to_the_grid_and_other_sizes_are_not(sample_docx: Path) -> None:
    styles = part(sample_docx, "word/styles.xml")
    normal = styles.find("w:style[@w:styleId='Normal']", NS)
    assert normal.find("w:pPr/w:snapToGrid", NS).get(f"{W}val") == "0"
    assert normal.find("w:rPr/w:spacing", NS).get(f"{W}val") == str(GRID_CONDENSE)
    assert int(text_width_twips() / 20 // (BODY_PT + GRID_CONDENSE / 20)) == CHARS_PER_LINE
    for style_id in ("BRTitle", "BRCaption", "Footer"):
        style = styles.find(f"w:style[@w:styleId='{style_id}']", NS)
        assert style.find("w:rPr/w:spacing", NS).get(f"{W}val") == "0", style_id
    for run in part(sample_docx).iterfind(".//w:tbl//w:r", NS):
        assert run.find("w:rPr/w:spacing", NS).get(f"{W}val") == "0"


@pytest.mark.slow
@pytest.mark.skipif(SOFFICE is None or PDFTOTEXT is None, reason="LibreOffice or poppler missing")
def test_a_rendered_line_holds_28_characters(tmp_path: Path) -> None:
    report = build_sample()
    text = "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥" * 5  # 110 characters, no punctuation to squeeze
    report.values["org_text"] = text
    docx, _, _ = export(report, tmp_path)
    lines = pdf_lines(docx, tmp_path)
    first = next(i for i, line in enumerate(lines) if line and text.startswith(line) and len(line) > 10)
    assert len(lines[first]) == CHARS_PER_LINE - 2  # the first line is indented by two characters
    assert lines[first + 1] == text[CHARS_PER_LINE - 2:2 * CHARS_PER_LINE - 2]
    assert lines[first + 2] == text[2 * CHARS_PER_LINE - 2:3 * CHARS_PER_LINE - 2]
