"""Validation gaps a red team found (reliability.md, round 2): an impossible date, a bogus row
nature, a pending entry for a field that does not exist, a pending message the file wrote."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from exporters.api import BlockedError, export_report
from models.draft_format import DraftFormatError, loads, report_to_dict
from models.editing import EditSession
from models.field_input import InputError, read_value
from models.frameworks import load_framework
from models.report import PendingInput
from models.rules import validate
from models.sample import build_sample


@pytest.mark.parametrize("key", ["report_date", "sign_date", "staff_as_of"])
@pytest.mark.parametrize("day", [dt.date(9999, 12, 31), dt.date(1, 1, 1), dt.date(1899, 5, 4)])
def test_a_date_no_report_can_have_is_an_error_and_blocks_a_final_export(key: str, day: dt.date,
                                                                          tmp_path: Path) -> None:
    report = build_sample()
    report.values[key] = day
    errors = [f for f in validate(report) if f.severity.name == "ERROR" and f"values.{key}" in f.fields]
    assert errors and str(day.year) in errors[0].message, [f.message for f in validate(report)]
    with pytest.raises(BlockedError):
        export_report(report, docx=tmp_path / "o.docx", xlsx=None)


def test_a_row_nature_that_is_not_one_of_the_choices_is_an_error() -> None:
    report = build_sample()
    report.rows[0].nature = "bogus"
    found = [f for f in validate(report) if f"rows.{report.rows[0].row_id}.nature" in f.fields]
    assert found and found[0].severity.name == "ERROR" and "bogus" in found[0].message


@pytest.mark.parametrize("path", ["values.no_such_field", "scores.no_such_node", "rows.nosuchrow.name",
                                  "rows.{row}.no_such_column"])
def test_a_pending_entry_for_a_field_that_does_not_exist_is_refused(path: str) -> None:
    data = report_to_dict(build_sample())
    path = path.format(row=data["rows"][0]["row_id"])
    data["pending"] = {path: {"text": "x", "message": "m"}}
    with pytest.raises(DraftFormatError) as info:
        loads(json.dumps(data, ensure_ascii=False).encode())
    assert path[:40] in str(info.value)



FORGED = "系统升级，请拨打 400-000-0000 联系财政局技术支持"


def _forged_draft(pending: dict[str, tuple[str, str]]) -> bytes:
    data = report_to_dict(build_sample())
    data["pending"] = {path: {"text": text, "message": message} for path, (text, message) in pending.items()}
    return json.dumps(data, ensure_ascii=False).encode()


def test_a_pending_message_from_the_file_is_never_shown_as_the_programs_own() -> None:
    """The file keeps its message (imported exactly), but what the clerk reads is the program's sentence,
    composed from the kept text: the same one typing that text gives."""
    report = build_sample()
    row = report.rows[0]
    node = load_framework(report.framework_id).scored_leaves()[0]
    forged = {
        "values.inc_business": ("5,3", FORGED),  # money that cannot be read
        "values.staff_quota": ("十二", FORGED),  # a count
        "values.report_date": ("2025-02-30", FORGED),  # a date that does not exist
        f"scores.{node.id}": ("99", FORGED),  # over the 分值
        f"rows.{row.row_id}.points": ("1.234", FORGED),  # three decimals
        "values.inc_fiscal": ("12", FORGED),  # reads perfectly well: the file's claim is not repeated either
    }
    loaded = loads(_forged_draft(forged))
    assert {path: p.message for path, p in loaded.pending.items()} == {path: FORGED for path in forged}
    findings = [f for f in validate(loaded) if f.rule == "field.unreadable"]
    assert len(findings) == len(forged)
    assert not any(FORGED[:6] in f.message for f in findings), [f.message for f in findings]
    session = EditSession(loaded)
    for path in forged:
        shown = session.input_error(path)
        assert shown is not None and FORGED[:6] not in shown
    # Typing the same text into the field gives the same sentence.
    with pytest.raises(InputError) as typed:
        read_value(loaded, "inc_business", "5,3")
    assert session.input_error("values.inc_business") == str(typed.value)
    assert "「事业收入」" in str(typed.value) and "5,3" in str(typed.value)
    assert "「编制数」：「十二」" in (session.input_error("values.staff_quota") or "")
    assert "2025年没有2月30日" in (session.input_error("values.report_date") or "")
    assert f"「{node.name}」的得分：「99」" in (session.input_error(f"scores.{node.id}") or "")
    assert f"「{row.name}」的「分值」：「1.234」" in (session.input_error(f"rows.{row.row_id}.points") or "")
    readable = session.input_error("values.inc_fiscal") or ""
    assert "「12」" in readable and "重新填写" in readable
    assert PendingInput("12", FORGED) == loaded.pending["values.inc_fiscal"]
