"""``new-year LAST OUT.json [--year Y]``: from a draft file, a stored draft's id, or last year's Word report."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from exporters.api import export_report
from exporters.cli import main
from models.draft_format import dumps, portable_dict, read_draft_file
from models.draft_store import DraftStore
from models.drafts import create_report
from models.sample import build_sample


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "data"
    monkeypatch.setenv("BUDGET_REPORT_DATA_DIR", str(folder))
    return folder


def _sample_file(tmp_path: Path) -> Path:
    path = tmp_path / "2025年自评.json"
    path.write_bytes(dumps(portable_dict(build_sample())))
    return path


def test_from_a_draft_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "2026.json"
    assert main(["new-year", str(_sample_file(tmp_path)), str(out)]) == 0
    printed = capsys.readouterr().out
    assert "蓉溪市农业农村局 2026年度" in printed and "待核对（上年内容）：13 项" in printed
    assert "年初结转和结余 2,457,000.00 元（= 2025 年的年末结转和结余）" in printed
    report = read_draft_file(out)
    assert report.integer("eval_year") == 2026 and report.prior is not None and report.prior.year == 2025
    assert report.money("inc_fiscal") is None and report.prior.money("inc_fiscal") == Decimal("38652400.00")
    assert "problems_text" in report.unreviewed()


def test_with_an_explicit_year(tmp_path: Path) -> None:
    out = tmp_path / "2027.json"
    assert main(["new-year", str(_sample_file(tmp_path)), str(out), "--year", "2027"]) == 0
    report = read_draft_file(out)
    assert report.integer("eval_year") == 2027 and "inc_carryover" not in report.values


def test_from_a_stored_draft_by_its_id_prefix(tmp_path: Path, data_dir: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    opened = create_report(DraftStore(data_dir / "drafts"), build_sample())
    out = tmp_path / "2026.json"
    assert main(["new-year", opened.draft_id[:6], str(out)]) == 0
    assert "本机草稿「蓉溪市农业农村局 2025年度」" in capsys.readouterr().out
    assert read_draft_file(out).integer("eval_year") == 2026


def test_from_last_years_word_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    docx = tmp_path / "蓉溪市农业农村局2025年度部门整体支出绩效自评报告.docx"
    export_report(build_sample(), docx=docx, xlsx=None)
    out = tmp_path / "2026.json"
    assert main(["new-year", str(docx), str(out)]) == 0
    printed = capsys.readouterr().out
    assert f"Word 报告「{docx.name}」" in printed and "上年报告：" in printed
    report = read_draft_file(out)
    last = build_sample()
    assert report.integer("eval_year") == 2026 and report.text("unit_name") == "蓉溪市农业农村局"
    assert report.prior is not None and report.prior.year == 2025
    for key in ("inc_fiscal", "inc_year_total", "exp_basic", "year_end_carryover"):
        assert report.prior.money(key) == last.money(key), key
    assert report.money("inc_carryover") == last.money("year_end_carryover")
    assert report.prior.integer("staff_total") == 88
    assert report.text("problems_text") == last.text("problems_text") and report.is_unreviewed("problems_text")
    assert report.text("duties_text") and not report.is_unreviewed("duties_text"), "kept, not to review"
    assert report.scores == {}


@pytest.mark.parametrize(("make", "words"), [
    (lambda p: str(p / "无此文件.json"), "找不到文件"),
    (lambda p: str(p), "是文件夹"),
    (lambda p: "abcdef12", "本机也没有这个编号"),
])
def test_unreadable_last_year_exits_2_with_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                    make: object, words: str) -> None:
    out = tmp_path / "out.json"
    assert main(["new-year", make(tmp_path), str(out)]) == 2  # type: ignore[operator]
    err = capsys.readouterr().err
    assert words in err and err.count("\n") == 1 and not out.exists()


def test_a_broken_draft_or_word_file_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = tmp_path / "坏.json"
    broken.write_bytes(b'{"format": "budget-report-draft", "form')
    fake = tmp_path / "假.docx"
    fake.write_bytes(b"not a word file at all")
    for path in (broken, fake):
        assert main(["new-year", str(path), str(tmp_path / "out.json")]) == 2
        err = capsys.readouterr().err
        assert err.startswith("错误：") and path.name in err and err.count("\n") == 1
    assert not (tmp_path / "out.json").exists()


def test_the_same_or_an_earlier_year_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["new-year", str(_sample_file(tmp_path)), str(tmp_path / "o.json"), "--year", "2025"]) == 2
    assert "应晚于" in capsys.readouterr().err


def test_an_unwritable_output_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["new-year", str(_sample_file(tmp_path)), str(tmp_path / "无此目录" / "o.json")]) == 2
    assert "无法写入" in capsys.readouterr().err
