"""Hostile and careless files: a clear message (exit 2), nothing created, before any office library or XML
parser sees the hostile part. The package checks are the templates' (models.office_package)."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from exporters.cli import main as cli_main
from importers import ImportFailure, import_report
from tests.robustness.test_templates_hostile import hostile, rezip

from . import corpus

HOSTILE = ("zip-bomb", "billion-laughs", "external-entity", "external-relationship", "vba-project",
           "macro-content-type")


@pytest.fixture(scope="module")
def plain(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return {"docx": corpus.write_report(tmp_path_factory.mktemp("plain") / "report.docx", "typed")}


def refused(path: Path) -> str:
    with pytest.raises(ImportFailure) as info:
        import_report(path)
    message = str(info.value)
    assert path.name in message and "\n" not in message
    return message


@pytest.mark.parametrize("what", HOSTILE)
def test_hostile_packages_are_refused_before_parsing(what: str, plain: dict[str, Path], tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    from docx.opc.package import OpcPackage

    path, words = hostile("docx", what, plain, tmp_path)
    opened: list[str] = []
    monkeypatch.setattr(OpcPackage, "open", classmethod(lambda *a, **k: opened.append("python-docx")))
    assert words in refused(path) and opened == []
    out = tmp_path / "out.json"
    assert cli_main(["import-report", str(path), str(out)]) == 2
    assert words in capsys.readouterr().err and not out.exists()
    assert cli_main(["check", str(path)]) == 2


def test_a_hyperlink_in_a_report_is_no_reason_to_refuse_it(plain: dict[str, Path], tmp_path: Path) -> None:
    rels = "word/_rels/document.xml.rels"
    with zipfile.ZipFile(plain["docx"]) as archive:
        text = archive.read(rels)
    link = (b'<Relationship Id="rId98" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            b'hyperlink" Target="http://www.qingshi.gov.cn/" TargetMode="External"/></Relationships>')
    linked = rezip(plain["docx"], tmp_path / "link.docx", {rels: text.replace(b"</Relationships>", link)})
    assert import_report(linked).report.values["unit_name"] == corpus.UNIT


def test_encrypted_corrupt_empty_and_foreign_files(plain: dict[str, Path], tmp_path: Path) -> None:
    cases = {
        "加密.docx": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "EncryptedPackage".encode("utf-16-le") + b"\0" * 512, "密码"),
        "截断.docx": (plain["docx"].read_bytes()[:3000], "损坏"),
        "空.docx": (b"", "空"),
        "表格.docx": (None, "Excel"),
        "文本.docx": ("这不是文档".encode(), "不是 Word 文档"),
        "报告.pdf": (b"%PDF-1.4 ...", "PDF"),
        "网页.doc": (b"<html><body><img src='http://x/y.png'></body></html>", "网页"),
    }
    for name, (data, words) in cases.items():
        path = tmp_path / name
        if data is None:
            from openpyxl import Workbook

            Workbook().save(str(path))
        else:
            path.write_bytes(data)
        assert words in refused(path), name
    for missing, words in ((tmp_path / "没有.docx", "找不到"), (tmp_path, "文件夹")):
        with pytest.raises(ImportFailure) as info:
            import_report(missing)
        assert words in str(info.value)


def test_a_document_with_no_text_or_nothing_of_a_report(tmp_path: Path) -> None:
    import docx

    empty = tmp_path / "空白.docx"
    docx.Document().save(str(empty))
    assert "空的" in refused(empty)
    letter = tmp_path / "通知.docx"
    document = docx.Document()
    document.add_paragraph("关于召开年度工作会议的通知")
    document.add_paragraph("各股室：定于下周一召开会议，请准时参加。")
    document.save(str(letter))
    assert "不像是" in refused(letter)


def test_a_500_page_document_is_refused(tmp_path: Path) -> None:
    import random

    import docx

    words = list("本单位认真贯彻落实各项工作部署加强预算管理提高资金使用效益完成年度目标任务推进改革创新")
    chance = random.Random(11)
    document = docx.Document()
    document.add_paragraph("一、部门（单位）概况")
    for _ in range(500 * 700 // 600 + 10):  # as much text as 500 pages hold, not compressible like a bomb
        document.add_paragraph("".join(chance.choice(words) for _ in range(600)))
    big = tmp_path / "五百页.docx"
    document.save(str(big))
    message = refused(big)
    assert "页" in message and "200" in message


def test_a_huge_file_is_refused_without_reading_it(tmp_path: Path) -> None:
    big = tmp_path / "巨大.docx"
    with big.open("wb") as handle:
        handle.truncate(60 * 1024 * 1024)  # sparse
    assert "50 MB" in refused(big)
