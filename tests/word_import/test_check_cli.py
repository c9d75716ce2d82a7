"""budget-report-cli check: one file, several, folders; the summary workbook; exit codes 0/1/2; streamed."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook

from exporters.api import export_report
from exporters.cli import main as cli_main
from importers.batch import find_files
from models.draft_format import dumps, portable_dict
from models.sample import build_sample


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("reports")
    export_report(build_sample(), docx=root / "甲单位.docx", xlsx=None)
    (root / "乙县").mkdir()
    shutil.copyfile(root / "甲单位.docx", root / "乙县" / "乙单位.docx")
    broken = build_sample()
    broken.values.pop("contact")
    broken.values["unit_name"] = "=1+1单位"  # a formula-looking name must stay text in the workbook
    (root / "乙县" / "丙单位.json").write_bytes(dumps(portable_dict(broken)))
    (root / "坏.docx").write_bytes(b"PK\x03\x04 broken")
    (root / "~$甲单位.docx").write_bytes(b"lock file of Word")
    (root / "说明.txt").write_text("不是报告", encoding="utf-8")
    return root


def test_folders_are_walked_for_reports_and_drafts_only(folder: Path) -> None:
    names = sorted(p.name for p in find_files([folder]))
    assert names == ["丙单位.json", "乙单位.docx", "坏.docx", "甲单位.docx"]


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_folder_gives_one_workbook_and_exit_2_when_some_are_unreadable(
        folder: Path, tmp_path: Path, jobs: str, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "汇总.xlsx"
    assert cli_main(["check", str(folder), "--summary", str(out), "--jobs", jobs]) == 2
    err = capsys.readouterr().err
    assert "已检查 4 个文件" in err and "无法读取 1 个" in err
    book = load_workbook(out)
    assert book.sheetnames == ["汇总", "全部问题", "无法读取"]
    summary = list(book["汇总"].iter_rows(values_only=True))
    assert summary[0][:6] == ("文件", "单位", "年度", "评价框架", "自评得分", "等级")
    by_file = {Path(row[0]).name: row for row in summary[1:]}
    assert set(by_file) == {"甲单位.docx", "乙单位.docx", "丙单位.json"}
    assert by_file["甲单位.docx"][1] == "蓉溪市农业农村局" and by_file["甲单位.docx"][4] == 93.0
    assert by_file["甲单位.docx"][6] == 0 and by_file["丙单位.json"][6] >= 1
    findings = list(book["全部问题"].iter_rows(values_only=True))
    assert any(Path(row[0]).name == "丙单位.json" and row[2] == "错误" for row in findings[1:])
    unreadable = list(book["无法读取"].iter_rows(values_only=True))
    assert len(unreadable) == 2 and "坏.docx" in unreadable[1][1]
    cells = [c for row in book["汇总"].iter_rows() for c in row if str(c.value).startswith("=")]
    assert [(c.value, c.data_type) for c in cells] == [("=1+1单位", "s")]  # text, never a formula


def test_exit_1_when_some_have_errors_and_0_when_none(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = folder / "甲单位.docx"
    assert cli_main(["check", str(good), str(folder / "乙县" / "乙单位.docx")]) == 0
    assert cli_main(["check", str(good), str(folder / "乙县" / "丙单位.json")]) == 1
    capsys.readouterr()


def test_json_for_several_files_is_one_array_with_the_file_of_each_finding(
        folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli_main(["check", str(folder / "乙县"), "--json", "--jobs", "1"]) == 1
    items = json.loads(capsys.readouterr().out)
    assert items and all({"file", "rule", "severity", "field", "message", "location"} <= set(i) for i in items)
    assert {Path(i["file"]).name for i in items} == {"丙单位.json"}


def test_a_single_unreadable_file_is_one_line_and_exit_2(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli_main(["check", str(folder / "坏.docx")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "坏.docx" in err


def test_an_empty_folder_is_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli_main(["check", str(tmp_path)]) == 2
    assert "没有找到" in capsys.readouterr().err
