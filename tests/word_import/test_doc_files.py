""".doc files: made from the corpus by LibreOffice (as CI does), converted back by import_report through the
office suite found on the PC, and imported field by field; without a suite the clerk is told what to do."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from importers import ImportFailure, import_report
from importers import convert as convert_module
from importers.convert import NO_SUITE, find_soffice

from . import corpus
from .test_corpus import assert_imported_as_written

needs_soffice = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
DOC_STYLES = ("typed", "styled", "bold")


@pytest.fixture(scope="module")
def doc_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("doc")
    sources = [corpus.write_report(folder / f"{style}.docx", style) for style in DOC_STYLES]
    profile = (folder / "profile").as_uri()
    subprocess.run(["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", "doc",
                    "--outdir", str(folder / "doc"), *map(str, sources)], check=True, capture_output=True, timeout=300)
    made = {style: folder / "doc" / f"{style}.doc" for style in DOC_STYLES}
    assert all(path.is_file() for path in made.values())
    return made


@needs_soffice
@pytest.mark.parametrize("style", DOC_STYLES)
def test_doc_copies_import_field_by_field(doc_files: dict[str, Path], style: str) -> None:
    assert doc_files[style].read_bytes()[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    assert_imported_as_written(doc_files[style], style)
    assert import_report(doc_files[style]).converted_from == "doc"


@needs_soffice
def test_a_doc_named_docx_is_read_by_its_bytes(doc_files: dict[str, Path], tmp_path: Path) -> None:
    renamed = tmp_path / "其实是doc.docx"
    shutil.copyfile(doc_files["typed"], renamed)
    assert import_report(renamed).converted_from == "doc"
    named_wps = tmp_path / "报告.wps"
    shutil.copyfile(doc_files["typed"], named_wps)
    assert_imported_as_written(named_wps, "typed")


def test_without_an_office_suite_the_clerk_is_told_to_save_as_docx(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    doc = tmp_path / "旧报告.doc"
    doc.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "WordDocument".encode("utf-16-le") + b"\0" * 600)
    monkeypatch.setattr(convert_module, "find_soffice", lambda platform=None: None)
    monkeypatch.setattr(convert_module, "convert_with_office_automation", lambda source, work: None)
    with pytest.raises(ImportFailure) as info:
        import_report(doc)
    assert NO_SUITE in str(info.value) and "旧报告.doc" in str(info.value)


def test_soffice_is_found_in_the_windows_install_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    exe = tmp_path / "Program Files" / "LibreOffice" / "program" / "soffice.exe"
    exe.parent.mkdir(parents=True)
    exe.write_bytes(b"")
    monkeypatch.setattr(shutil, "which", lambda name: None)
    monkeypatch.setenv("ProgramFiles", str(tmp_path / "Program Files"))
    for variable in ("ProgramFiles(x86)", "ProgramW6432", "LOCALAPPDATA"):
        monkeypatch.delenv(variable, raising=False)
    assert find_soffice("win32") == exe
    assert find_soffice("linux") is None


@needs_soffice
def test_a_broken_doc_is_refused_in_words(tmp_path: Path) -> None:
    doc = tmp_path / "坏.doc"
    doc.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "WordDocument".encode("utf-16-le") + b"\x17" * 3000)
    with pytest.raises(ImportFailure) as info:
        import_report(doc)
    assert "坏.doc" in str(info.value) and "\n" not in str(info.value)
