"""export_report and the CLI: blocking, drafts, all-or-nothing writes, clear messages, exit codes."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_export_fixtures import body_texts

import models.atomic
from exporters.api import BlockedError, ExportError, OutputError, default_file_names, export_report
from exporters.build_templates import TEMPLATES_DIR, build_all
from exporters.cli import main as cli_main
from models.draft_format import dumps, portable_dict
from models.fields import FIELDS, Kind
from models.report import IndicatorRow, Report
from models.sample import build_sample

ROOT = Path(__file__).resolve().parent.parent


def _broken() -> Report:
    report = build_sample()
    report.values["inc_year_total"] = Decimal("1.00")  # no longer the sum of the income lines
    report.values["exp_personnel"] = Decimal("2.00")  # 基本支出 no longer adds up
    return report


def _write_draft(path: Path, report: Report) -> Path:
    path.write_bytes(dumps(portable_dict(report)))
    return path


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


# ---------------------------------------------------------------- blocking and drafts


def test_errors_block_a_final_export_and_say_which(tmp_path: Path) -> None:
    docx, xlsx = tmp_path / "a.docx", tmp_path / "a.xlsx"
    with pytest.raises(BlockedError) as info:
        export_report(_broken(), docx=docx, xlsx=xlsx)
    message = str(info.value)
    assert info.value.error_count >= 3
    assert message.startswith(f"报告还有 {info.value.error_count} 个错误，不能正式导出")
    assert "1. 【" in message and "2. 【" in message and "3. 【" not in message and "另有" in message
    assert "\n" not in message
    assert not docx.exists() and not xlsx.exists()


def test_draft_exports_a_report_with_errors_marked_as_draft(tmp_path: Path) -> None:
    result = export_report(_broken(), docx=tmp_path / "a.docx", xlsx=tmp_path / "a.xlsx", draft=True)
    assert result.draft and result.paths == (tmp_path / "a.docx", tmp_path / "a.xlsx")
    assert any(t.endswith("（草稿）") for t in body_texts(tmp_path / "a.docx")[:3])


def test_unexplained_warnings_are_noted(tmp_path: Path) -> None:
    report = build_sample()
    report.values["staff_quota"] = 70
    result = export_report(report, docx=tmp_path / "a.docx", xlsx=None)
    assert any("1 个提醒尚未说明" in n for n in result.notes)


def test_progress_is_reported_in_percent_with_words(tmp_path: Path) -> None:
    seen: list[tuple[int, str]] = []
    export_report(build_sample(), docx=tmp_path / "a.docx", xlsx=tmp_path / "a.xlsx",
                  progress=lambda p, text: seen.append((p, text)))
    percents = [p for p, _ in seen]
    assert percents == sorted(percents) and percents[0] == 0 and percents[-1] == 100
    assert all(isinstance(text, str) and text for _, text in seen)


def test_nothing_to_export_or_one_name_for_both_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ExportError):
        export_report(build_sample(), docx=None, xlsx=None)
    with pytest.raises(OutputError):
        export_report(build_sample(), docx=tmp_path / "same", xlsx=tmp_path / "same")


# ---------------------------------------------------------------- all or nothing


@pytest.fixture
def old_files(tmp_path: Path) -> tuple[Path, Path]:
    docx, xlsx = tmp_path / "report.docx", tmp_path / "report.xlsx"
    docx.write_bytes(b"old docx")
    xlsx.write_bytes(b"old xlsx")
    return docx, xlsx


def test_failure_while_building_writes_nothing(monkeypatch: pytest.MonkeyPatch, old_files: tuple[Path, Path]) -> None:
    import exporters.xlsx_report

    def fail(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom while building the workbook")

    monkeypatch.setattr(exporters.xlsx_report, "build_xlsx", fail)
    docx, xlsx = old_files
    with pytest.raises(RuntimeError):
        export_report(build_sample(), docx=docx, xlsx=xlsx)
    assert docx.read_bytes() == b"old docx" and xlsx.read_bytes() == b"old xlsx"  # the Word file was ready too
    assert _leftovers(docx.parent) == []


def test_failure_mid_write_keeps_the_old_file_and_no_temp_file(monkeypatch: pytest.MonkeyPatch,
                                                               old_files: tuple[Path, Path]) -> None:
    def full_disk(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(models.atomic.os, "fsync", full_disk)
    docx, xlsx = old_files
    with pytest.raises(OutputError) as info:
        export_report(build_sample(), docx=docx, xlsx=xlsx)
    assert "磁盘空间不足" in str(info.value) and "原文件未改动" in str(info.value)
    assert docx.read_bytes() == b"old docx" and xlsx.read_bytes() == b"old xlsx"
    assert _leftovers(docx.parent) == []


def _locked(*args: object) -> None:
    exc = PermissionError(errno.EACCES, "The process cannot access the file because it is being used")
    exc.winerror = 32  # type: ignore[attr-defined]  # what Windows reports while Word has the file open
    raise exc


def test_a_file_open_in_word_gives_the_close_and_retry_message(monkeypatch: pytest.MonkeyPatch,
                                                               old_files: tuple[Path, Path]) -> None:
    monkeypatch.setattr(models.atomic, "_RETRY_DELAYS", (0.0,))
    monkeypatch.setattr(models.atomic.os, "replace", _locked)
    docx, _ = old_files
    with pytest.raises(OutputError) as info:
        export_report(build_sample(), docx=docx, xlsx=None)
    assert str(info.value) == ("无法保存「report.docx」：文件正在被 Word/Excel 打开，请关闭后重试，或另存为其他文件名。"
                               "原文件未改动。")
    assert docx.read_bytes() == b"old docx" and _leftovers(docx.parent) == []


def test_second_file_locked_says_the_first_was_saved(monkeypatch: pytest.MonkeyPatch,
                                                     old_files: tuple[Path, Path]) -> None:
    real_replace = os.replace

    def replace(src: str, dst: str) -> None:
        if str(dst).endswith(".xlsx"):
            _locked()
        real_replace(src, dst)

    monkeypatch.setattr(models.atomic, "_RETRY_DELAYS", (0.0,))
    monkeypatch.setattr(models.atomic.os, "replace", replace)
    docx, xlsx = old_files
    with pytest.raises(OutputError) as info:
        export_report(build_sample(), docx=docx, xlsx=xlsx)
    assert "report.xlsx" in str(info.value) and "report.docx 已保存" in str(info.value)
    assert docx.read_bytes().startswith(b"PK") and xlsx.read_bytes() == b"old xlsx"


def test_missing_folder_is_named(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match=r"文件夹「.*nowhere」不存在"):
        export_report(build_sample(), docx=tmp_path / "nowhere" / "a.docx", xlsx=None)


def test_permission_denied_without_a_lock_says_read_only(monkeypatch: pytest.MonkeyPatch,
                                                        old_files: tuple[Path, Path]) -> None:
    def denied(*args: object, **kwargs: object) -> int:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(models.atomic.os, "open", denied)
    docx, _ = old_files
    with pytest.raises(OutputError, match="没有写入权限"):
        export_report(build_sample(), docx=docx, xlsx=None)
    assert docx.read_bytes() == b"old docx"


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root ignores folder permissions")
def test_read_only_folder_is_said_so(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(OutputError, match="没有写入权限"):
            export_report(build_sample(), docx=folder / "a.docx", xlsx=None)
    finally:
        folder.chmod(0o700)


# ---------------------------------------------------------------- file names


def test_default_file_names_come_from_unit_and_year() -> None:
    report = build_sample()
    assert default_file_names(report) == ("蓉溪市农业农村局2025年度部门整体支出绩效自评报告.docx",
                                          "蓉溪市农业农村局2025年度部门整体支出绩效自评得分表.xlsx")
    assert default_file_names(report, draft=True)[0] == "蓉溪市农业农村局2025年度部门整体支出绩效自评报告（草稿）.docx"
    report.values["unit_name"] = 'CON:某"局"/科<室>|?*'
    docx, xlsx = default_file_names(report)
    assert not set('<>:"/\\|?*') & set(docx + xlsx) and docx.endswith(".docx") and xlsx.endswith(".xlsx")


# ---------------------------------------------------------------- robustness


_ANY_TEXT = st.text(alphabet=st.characters(codec=None), max_size=60)


@given(texts=st.lists(_ANY_TEXT, min_size=4, max_size=4), money=st.decimals(min_value=0, max_value=10**12, places=2))
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_export_never_raises_on_any_text(tmp_path: Path, texts: list[str], money: Decimal) -> None:
    report = build_sample()
    for i, spec in enumerate(f for f in FIELDS if f.kind in (Kind.TEXT, Kind.NARRATIVE)):
        report.values[spec.key] = texts[i % len(texts)]
    report.values["inc_other"] = money
    report.rows.append(IndicatorRow(node="duty", name=texts[0], target=texts[1], actual=texts[2], reason=texts[3]))
    report.explanations = {"x": texts[3]}
    result = export_report(report, docx=tmp_path / "h.docx", xlsx=tmp_path / "h.xlsx", draft=True)
    assert len(result.paths) == 2


# ---------------------------------------------------------------- the CLI


def _cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli_main(["export", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_writes_both_files_next_to_the_draft(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    draft = _write_draft(tmp_path / "草稿.json", build_sample())
    code, out, err = _cli(capsys, str(draft))
    assert code == 0, err
    names = default_file_names(build_sample())
    assert all((tmp_path / n).read_bytes().startswith(b"PK") for n in names)
    assert out.count("已导出：") == 2


def test_cli_options_reach_the_export(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    draft = _write_draft(tmp_path / "d.json", build_sample())
    out_docx = tmp_path / "w.docx"
    code, _, err = _cli(capsys, str(draft), "--docx", str(out_docx), "--unit", "万元", "--fonts", "windows",
                        "--date", "chinese")
    assert code == 0, err
    assert not (tmp_path / default_file_names(build_sample())[1]).exists()  # only what was asked for
    texts = body_texts(out_docx)
    assert "金额单位：万元" in texts and "二〇二六年三月二十日" in texts
    assert "w:eastAsia=\"仿宋\"".encode() in __import__("zipfile").ZipFile(out_docx).read("word/styles.xml")


def test_cli_exit_codes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = _write_draft(tmp_path / "broken.json", _broken())
    code, _, err = _cli(capsys, str(broken), "--docx", str(tmp_path / "b.docx"))
    assert code == 1 and err.startswith("错误：报告还有") and "--draft" in err and err.count("\n") == 1
    code, out, err = _cli(capsys, str(broken), "--docx", str(tmp_path / "b.docx"), "--draft")
    assert code == 0 and "已导出（草稿）" in out
    garbage = tmp_path / "garbage.json"
    garbage.write_text("{not json", encoding="utf-8")
    code, _, err = _cli(capsys, str(garbage))
    assert code == 2 and err.startswith("错误：") and err.count("\n") == 1 and "Traceback" not in err
    good = _write_draft(tmp_path / "good.json", build_sample())
    code, _, err = _cli(capsys, str(good), "--docx", str(tmp_path / "missing" / "x.docx"))
    assert code == 2 and "不存在" in err and err.count("\n") == 1
    bad_template = tmp_path / "t.docx"
    bad_template.write_text("not a zip", encoding="utf-8")
    code, _, err = _cli(capsys, str(good), "--docx", str(tmp_path / "y.docx"), "--template", str(bad_template))
    assert code == 2 and "模板" in err and err.count("\n") == 1
    code, _, err = _cli(capsys, str(good), "--template", str(tmp_path / "t.pdf"))
    assert code == 2 and "不是 Word" in err


# ---------------------------------------------------------------- templates and imports


def test_committed_templates_are_what_the_build_script_makes() -> None:
    for name, data in build_all().items():
        assert (TEMPLATES_DIR / name).read_bytes() == data, f"run: python -m exporters.build_templates ({name})"


def test_importing_the_api_does_not_load_office_libraries() -> None:
    code = ("import sys, exporters, exporters.api, exporters.export_cli; "
            "print(sorted({m.split('.')[0] for m in sys.modules} & {'docx', 'openpyxl', 'docxtpl'}))")
    run = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "[]"


def test_an_export_with_the_built_in_templates_never_loads_the_template_engine(tmp_path: Path) -> None:
    """jinja2 (and docxtpl) are for a bureau's own Word template; the built-in export does without them
    (loading jinja2 cost a whole-process export about 35 ms)."""
    code = ("import sys; from pathlib import Path; from exporters.api import export_report; "
            "from models.sample import build_sample; "
            f"export_report(build_sample(), docx=Path({str(tmp_path / 'r.docx')!r}), "
            f"xlsx=Path({str(tmp_path / 'r.xlsx')!r})); "
            "print(sorted({m.split('.')[0] for m in sys.modules} & {'jinja2', 'docxtpl'}))")
    run = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "[]" and (tmp_path / "r.docx").is_file()
