"""Draft format: lossless round trip, strict refusal of anything malformed, migrations by version."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from models import draft_format
from models.draft_format import (
    FORMAT_VERSION,
    DraftFormatError,
    dumps,
    loads,
    report_from_dict,
    report_to_dict,
)
from models.fields import FIELDS, Kind
from models.report import IndicatorRow, Report
from models.sample import build_sample


def same(a: Report, b: Report) -> bool:
    return report_to_dict(a) == report_to_dict(b)


def test_sample_round_trips_through_bytes() -> None:
    report = build_sample()
    again = loads(dumps(report_to_dict(report)))
    assert same(report, again)
    assert again.money("inc_fiscal") == Decimal("38652400.00")
    assert again.date("staff_as_of") == dt.date(2025, 12, 31)


NARRATIVES = [f.key for f in FIELDS if f.kind is Kind.NARRATIVE]


@settings(max_examples=60)
@given(texts=st.lists(st.text(), min_size=1, max_size=4), row_text=st.text())
def test_any_unicode_text_round_trips(texts: list[str], row_text: str) -> None:
    report = build_sample()
    for key, text in zip(NARRATIVES, texts, strict=False):
        report.values[key] = text
    report.rows.append(IndicatorRow(node="duty", name=row_text, target=row_text, reason=row_text))
    report.explanations[row_text] = row_text
    data = dumps(report_to_dict(report))
    data.decode("utf-8")  # valid UTF-8 even with lone surrogates
    again = loads(data)
    assert same(report, again)
    for key, text in zip(NARRATIVES, texts, strict=False):
        assert again.text(key) == text


def _sample_dict() -> dict[str, Any]:
    return json.loads(dumps(report_to_dict(build_sample())))


@pytest.mark.parametrize(("mutate", "words"), [
    (lambda d: d.update(format_version=FORMAT_VERSION + 1), "更新版本"),
    (lambda d: d.update(format_version="1"), "格式版本"),
    (lambda d: d.pop("format"), "不是绩效自评草稿"),
    (lambda d: d.update(framework="hunan-9999"), "评价框架"),
    (lambda d: d["values"].update(inc_fiscal=38652400.0), "财政拨款收入"),
    (lambda d: d["values"].update(staff_total="88"), "年末在职人数"),
    (lambda d: d["values"].update(staff_as_of="2025-02-30"), "不存在"),
    (lambda d: d["values"].update(unit_name=12), "单位名称"),
    (lambda d: d["values"].update(no_such_field="x"), "不认识的字段"),
    (lambda d: d["scores"].update(relevance=5), "相关性"),
    (lambda d: d["scores"].update(nope="1"), "不属于"),
    (lambda d: d.update(rows={"a": 1}), "rows"),
    (lambda d: d["rows"].append({"node": "duty", "row_id": "duty1"}), "重复"),
    (lambda d: d.update(explanations=[1]), "explanations"),
    (lambda d: d.update(display_unit="千元"), "显示单位"),
])
def test_malformed_drafts_are_refused_in_words(mutate: Any, words: str) -> None:
    data = _sample_dict()
    mutate(data)
    with pytest.raises(DraftFormatError, match=words):
        report_from_dict(data)


@pytest.mark.parametrize(("blob", "words"), [
    (b"", "空"),
    (b'{"format": "budget-report-draft", "form', "JSON"),
    (bytes(range(256)) * 10, "UTF-8"),
    ('{"a": 1}'.encode("utf-16"), "UTF-16"),
    (b"[" * 200_000, "嵌套"),
    (b"[]", "顶层"),
])
def test_unreadable_bytes_are_refused(blob: bytes, words: str) -> None:
    with pytest.raises(DraftFormatError, match=words):
        loads(blob)


def test_oversized_file_is_refused_before_reading(tmp_path: Any) -> None:
    big = tmp_path / "big.json"
    with big.open("wb") as handle:
        handle.truncate(60 * 1024 * 1024)
    with pytest.raises(DraftFormatError, match="MB"):
        draft_format.read_draft_file(big)


def test_migration_runs_for_an_older_version(monkeypatch: pytest.MonkeyPatch) -> None:
    # A real upgrade path: pretend the next format exists and the current one named the field differently.
    current = FORMAT_VERSION

    def upgrade(data: dict[str, Any]) -> dict[str, Any]:
        values = dict(data["values"])
        values["unit_name"] = values.pop("old_unit_name")
        return {**data, "values": values}

    monkeypatch.setattr(draft_format, "FORMAT_VERSION", current + 1)
    monkeypatch.setitem(draft_format.MIGRATIONS, current, upgrade)
    data = _sample_dict()
    data["format_version"] = current
    data["values"]["old_unit_name"] = data["values"].pop("unit_name")
    report = report_from_dict(data)
    assert report.text("unit_name") == "蓉溪市农业农村局"
    data["format_version"] = 0
    with pytest.raises(DraftFormatError, match="太旧"):
        report_from_dict(data)


def test_unreadable_input_survives_the_draft_and_blocks_export() -> None:
    from models.report import PendingInput
    from models.rules import readiness, validate

    report = build_sample()
    report.pending["values.exp_public"] = PendingInput("12.345", "「日常公用经费」：小数位太多")
    again = loads(dumps(report_to_dict(report)))
    assert again.pending == report.pending
    finding = next(f for f in validate(again) if f.rule == "field.unreadable")
    assert finding.section == "finance" and "小数位太多" in finding.message
    assert not readiness(again).ready
    data = report_to_dict(report)
    data["pending"] = {"values.exp_public": {"text": 1}}
    with pytest.raises(DraftFormatError, match="待改正"):
        report_from_dict(data)
