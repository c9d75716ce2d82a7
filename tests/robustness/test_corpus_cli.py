"""The corpus through the command line: validate, drafts import / export, export.

A portable draft file carries amounts in one canonical form ("1234.50"); whatever else a file holds
in an amount, count or date is refused with exit code 2 and one Chinese line that quotes it, and the
store is left as it was. Texts of any kind go through every command exactly (the draft) or made safe
(the documents), and never crash the program, not even on a GBK console.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from exporters.cli import main
from exporters.sanitize import paragraphs
from models.draft_format import dumps, portable_dict, read_draft_file, report_to_dict
from models.draft_store import DraftStore
from models.drafts import open_report
from models.money import format_money
from models.report import PendingInput
from models.sample import build_sample

from .corpus import DATES, NUMBERS, TEXTS
from .helpers import PYTHON, ROOT, child_env, snapshot
from .test_corpus_export import docx_paragraphs, run_of
from .test_drafts_roundtrip import report_with

CANONICAL_AMOUNT = re.compile(r"-?\d{1,16}(\.\d{1,6})?", re.ASCII)


def cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def draft_file(path: Path, data: dict[str, Any]) -> Path:
    path.write_bytes(json.dumps(data, ensure_ascii=False).encode("utf-8", "surrogatepass"))
    return path


@pytest.mark.parametrize("name", list(TEXTS))
def test_texts_go_through_every_command(name: str, tmp_path: Path, data_dir: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    text = TEXTS[name]
    report = report_with(text)
    source = tmp_path / "输入.json"
    source.write_bytes(dumps(portable_dict(report)))

    code, out, _err = cli(capsys, "validate", str(source))
    assert code == 1 and "[field.unreadable]" in out  # the kept unreadable input is an error
    code, _out, err = cli(capsys, "drafts", "import", str(source))
    assert code == 0, err
    (info,) = DraftStore().list()
    stored = open_report(DraftStore(), info.draft_id).report
    assert report_to_dict(stored) == report_to_dict(report), "imported exactly"
    copy = tmp_path / "导出的草稿.json"
    code, _out, err = cli(capsys, "drafts", "export", info.draft_id[:8], str(copy))
    assert code == 0, err
    assert report_to_dict(read_draft_file(copy)) == report_to_dict(report), "exported exactly"
    code, out, err = cli(capsys, "export", str(copy), "--draft", "--docx", str(tmp_path / "r.docx"),
                         "--xlsx", str(tmp_path / "r.xlsx"))
    assert code == 0, err
    assert run_of(docx_paragraphs(tmp_path / "r.docx"), paragraphs(text))


def test_a_gbk_console_never_crashes_the_program(tmp_path: Path, data_dir: Path) -> None:
    """Emoji, lone surrogates, right-to-left marks in the messages: replaced on a GBK console, never a crash."""
    text = "".join(TEXTS[k] for k in ("emoji", "lone-surrogates", "rtl-marks", "c0-controls"))
    report = report_with(text)
    report.pending["values.inc_other"] = PendingInput(text, f"「其他收入」：「{text[:24]}」不是有效的数字。")
    source = tmp_path / "草稿.json"
    source.write_bytes(dumps(portable_dict(report)))
    env = child_env(data_dir, PYTHONIOENCODING="gbk")
    pty = pytest.importorskip("pty")  # a real terminal: into a file or pipe the output is UTF-8 instead
    for argv in (["validate", str(source)], ["drafts", "import", str(source)], ["drafts", "list"]):
        master, slave = pty.openpty()
        try:
            run = subprocess.run([PYTHON, "-m", "exporters.cli", *argv], cwd=ROOT, env=env, stdout=slave,
                                 stderr=slave, timeout=60)
        finally:
            os.close(slave)
        printed = b""
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:  # EIO: the terminal's other end is closed and everything was read
                break
            if not chunk:
                break
            printed += chunk
        os.close(master)
        assert run.returncode in (0, 1), printed.decode("gbk", "replace")
        assert b"Traceback" not in printed
        printed.decode("gbk")  # what was printed is valid GBK


def _sample_with(key: str, raw: object) -> dict[str, Any]:
    data = report_to_dict(build_sample())
    data["values"][key] = raw
    return data


@pytest.mark.parametrize("case", NUMBERS, ids=[c.id for c in NUMBERS])
def test_amounts_in_a_draft_file_are_canonical_or_refused_in_words(
        case: Any, tmp_path: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = draft_file(tmp_path / "d.json", _sample_with("inc_other", case.text))
    before = snapshot(data_dir)
    code, _out, err = cli(capsys, "drafts", "import", str(path))
    if CANONICAL_AMOUNT.fullmatch(case.text):
        assert code == 0, err
        (info,) = DraftStore().list()
        value = open_report(DraftStore(), info.draft_id).report.money("inc_other")
        assert value == Decimal(case.text), "exactly what the file says"
        assert value is not None and not (value.is_zero() and value.is_signed()), "never a -0.00"
    else:
        assert code == 2 and err.count("\n") == 1 and err.startswith("错误："), err
        assert "其他收入" in err and f"「{case.text[:30]}」" in err, "names the field and quotes the value"
        assert snapshot(data_dir) == before, "nothing changed"
        code, _out, err = cli(capsys, "validate", str(path))
        assert code == 2 and f"「{case.text[:30]}」" in err
        code, _out, err = cli(capsys, "export", str(path), "--draft", "--docx", str(tmp_path / "x.docx"))
        assert code == 2 and not (tmp_path / "x.docx").exists()


@pytest.mark.parametrize("raw", [case.text for case in NUMBERS if case.text] + [1.5, True, 10**12, None, [1]])
def test_counts_in_a_draft_file_are_whole_numbers_or_refused(raw: object, tmp_path: Path,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    path = draft_file(tmp_path / "d.json", _sample_with("staff_quota", raw))
    code, _out, err = cli(capsys, "validate", str(path))
    if raw is None:
        assert code in (0, 1)  # an empty field: the required-field rule reports it
    else:
        assert code == 2 and "编制数" in err and err.count("\n") == 1


@pytest.mark.parametrize("case", DATES, ids=[c.id for c in DATES])
def test_dates_in_a_draft_file_are_iso_days_or_refused(case: Any, tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    path = draft_file(tmp_path / "d.json", _sample_with("report_date", case.text or None))
    code, _out, err = cli(capsys, "validate", str(path))
    if case.text in ("", "2025-12-31"):
        assert code in (0, 1), err
    else:
        assert code == 2 and "报告日期" in err and err.count("\n") == 1


def test_accepted_amounts_are_exported_by_the_cli_exactly(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for case in NUMBERS:
        if not isinstance(case.money, Decimal):
            continue
        report = build_sample()
        report.values["inc_other"] = case.money
        path = tmp_path / "d.json"
        path.write_bytes(dumps(portable_dict(report)))
        code, _out, err = cli(capsys, "export", str(path), "--draft", "--docx", str(tmp_path / "r.docx"))
        assert code == 0, err
        lines = docx_paragraphs(tmp_path / "r.docx")
        label = lines.index("其他收入")
        assert format_money(case.money, with_unit=False) in lines[label:label + 4], case.id
