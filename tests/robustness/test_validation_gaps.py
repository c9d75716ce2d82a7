"""Validation gaps a red team found (reliability.md, round 2): an impossible date, a bogus row
nature, a pending entry for a field that does not exist."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from exporters.api import BlockedError, export_report
from models.draft_format import DraftFormatError, loads, report_to_dict
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

