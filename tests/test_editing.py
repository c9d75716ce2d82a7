"""EditSession: commands, undo/redo across the draft, merging, listeners, derived figures."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from models.draft_format import report_to_dict
from models.editing import (
    INPUT_RULE,
    Change,
    ChangeKind,
    EditSession,
    RowPasteError,
    StepState,
    clean_pasted_text,
    parse_date,
    parse_pasted_rows,
    staff_parts_sum,
)
from models.findings import Finding
from models.money import Unit
from models.report import Report
from models.rules.money_rules import parts_sum
from models.sample import build_sample

D = Decimal


def test_set_value_undo_redo_and_dirty() -> None:
    session = EditSession(Report.new())
    assert not session.dirty and not session.can_undo
    assert session.set_value("inc_fiscal", D("100.00"))
    assert session.report.money("inc_fiscal") == D("100.00")
    assert session.dirty and session.undo_text == "修改「财政拨款收入」"
    session.mark_saved()
    assert not session.dirty
    assert session.undo()
    assert "inc_fiscal" not in session.report.values and session.dirty
    assert session.redo()
    assert session.report.money("inc_fiscal") == D("100.00")
    assert not session.set_value("inc_fiscal", D("100.00")), "an unchanged value records nothing"


def test_typing_burst_merges_until_sealed() -> None:
    session = EditSession(Report.new())
    for text in ("1", "12", "123"):
        session.set_value("inc_fiscal", D(text))
    session.seal()
    session.set_value("inc_fiscal", D("5"))
    session.undo()
    assert session.report.money("inc_fiscal") == D("123")
    session.undo()
    assert session.report.money("inc_fiscal") is None
    assert not session.can_undo


def test_edits_of_different_fields_are_separate_steps() -> None:
    session = EditSession(Report.new())
    session.set_value("unit_name", "某局")
    session.set_value("contact", "张三")
    session.undo()
    assert session.report.text("unit_name") == "某局" and not session.report.is_filled("contact")


def test_new_edit_clears_redo() -> None:
    session = EditSession(Report.new())
    session.set_value("unit_name", "甲")
    session.undo()
    session.set_value("contact", "乙")
    assert not session.can_redo


def test_listeners_get_changes_with_origin_and_fresh_findings() -> None:
    session = EditSession(build_sample())
    seen: list[tuple[Sequence[Change], int]] = []
    unsubscribe = session.subscribe(lambda changes: seen.append((changes, len(session.findings))))
    widget = object()
    session.set_value("inc_fiscal", D("1.00"), origin=widget)
    (changes, count), = seen
    assert changes[0] == Change(ChangeKind.VALUE, "values.inc_fiscal", widget)
    assert count > 0, "findings were recomputed before listeners ran"
    assert any(f.rule == "income.year_total" for f in session.findings_for("values.inc_year_total"))
    session.undo()
    assert session.findings == []
    unsubscribe()
    session.redo()
    assert len(seen) == 2


def test_findings_for_a_path_follow_every_change() -> None:
    """findings_for is indexed once per recomputation; it answers as a scan of the findings would."""
    session = EditSession(build_sample())

    def scanned(path: str) -> list[Finding]:
        return [f for f in session.findings if path in f.fields]

    assert session.findings_for("values.inc_year_total") == []
    session.set_value("inc_fiscal", D("1.00"))
    paths = {p for f in session.findings for p in f.fields} | {"values.unit_name", "rows.nope.name"}
    assert len(paths) > 3
    for path in paths:
        assert session.findings_for(path) == scanned(path)
    first = session.findings_for("values.inc_year_total")
    assert [f.rule for f in first] == ["income.year_total"]
    first.clear()  # a caller's list is its own
    assert session.findings_for("values.inc_year_total") == scanned("values.inc_year_total") != []
    session.undo()
    assert session.findings_for("values.inc_year_total") == [] == scanned("values.inc_year_total")
    session.set_input_error("values.inc_other", "「其他收入」：看不懂", text="x")
    assert [f.rule for f in session.findings_for("values.inc_other")] == [INPUT_RULE]


def test_scores_explanations_and_unit_are_undoable() -> None:
    session = EditSession(build_sample())
    session.set_score("relevance", D("3.00"))
    assert session.totals.node_scores["relevance"] == D("3.00")
    session.set_explanation("x@values.a", "已核实")
    session.set_display_unit(Unit.WAN)
    assert session.report.display_unit is Unit.WAN
    session.undo()
    session.undo()
    assert session.report.explanations == {}
    session.undo()
    assert session.report.scores["relevance"] == D("5.00")
    with pytest.raises(ValueError):
        session.set_score("decision", D(1))


def test_rows_add_move_remove_and_undo_restore_order() -> None:
    session = EditSession(build_sample())
    ids = [r.row_id for r in session.report.rows]
    new = session.add_row("duty")
    assert session.report.rows[-1].row_id == new
    assert session.move_row(new, -1)
    assert [r.row_id for r in session.report.rows] == [*ids[:-1], new, ids[-1]]
    assert not session.move_row(ids[0], -1)
    session.remove_rows([ids[1], ids[3]])
    assert [r.row_id for r in session.report.rows] == [ids[0], ids[2], new, ids[4]]
    session.undo()
    assert [r.row_id for r in session.report.rows] == [*ids[:-1], new, ids[-1]]
    session.set_row_field(new, "points", D("2.00"))
    session.set_row_field(new, "name", "新指标")
    assert session.report.rows[-2].name == "新指标"
    with pytest.raises(TypeError):
        session.set_row_field(new, "points", "2")


def test_paste_rows_from_excel() -> None:
    text = ("指标甲\t≥\t个\t１２０\t126\t4\t３.５\t\r\n"
            "\n"
            '指标乙\t<=\t元\t100\t90\t4分\t4\t"第一行\n第二行"\r\n')
    rows = parse_pasted_rows(text, "duty")
    assert [r.name for r in rows] == ["指标甲", "指标乙"]
    assert rows[0].target == "１２０" and rows[0].score == D("3.50") and rows[0].points == D("4.00")
    assert rows[1].nature == "≤" and rows[1].points == D("4.00") and rows[1].reason == "第一行\n第二行"
    session = EditSession(Report.new())
    added = session.paste_rows("duty", text)
    assert len(added) == 2 and len(session.report.rows) == 2
    session.undo()
    assert session.report.rows == []


@pytest.mark.parametrize(("text", "words"), [
    ("甲\t大于\t个\t1\t1\t1\t1", "第 1 行「指标性质」"),
    ("甲\t≥\t个\t1\t1\t4.555\t1", "第 1 行「分值」"),
    ("甲\t≥\t个\t1\t1\t1\t1\t\t多余", "多于指标表"),
    ("\n\n", "没有可粘贴"),
])
def test_paste_rows_refuses_in_words(text: str, words: str) -> None:
    with pytest.raises(RowPasteError, match=words):
        parse_pasted_rows(text, "duty")


def test_input_errors_are_findings_until_fixed() -> None:
    session = EditSession(build_sample())
    session.set_input_error("values.inc_fiscal", "「1.234,5」像是用逗号作小数点的写法", text="1.234,5")
    (finding,) = session.findings_for("values.inc_fiscal")  # no 未填, no sum computed without it
    assert finding.rule == INPUT_RULE and finding.section == "finance"
    assert session.step_status("finance").state is StepState.PROBLEMS
    assert session.report.money("inc_fiscal") is None, "the typed-over value is not used"
    assert session.pending_text("values.inc_fiscal") == "1.234,5"
    session.undo()  # the unreadable text was an edit: undo brings back the value it replaced
    assert session.report.money("inc_fiscal") == D("38652400.00") and session.findings == []
    session.redo()
    assert session.pending_text("values.inc_fiscal") == "1.234,5" and session.report.money("inc_fiscal") is None
    session.set_value("inc_fiscal", D("38652400.00"))
    assert session.findings == [] and session.pending_text("values.inc_fiscal") is None


def test_a_typing_burst_that_ends_unreadable_is_one_undo_step_and_uses_nothing() -> None:
    """Typing 5,3 in 事业收入: the 5 of the first key is never summed, checked or kept."""
    report = build_sample()
    session = EditSession(report)
    before = report.money("inc_business")
    session.seal()
    session.set_value("inc_business", D("5.00"))
    session.set_input_error("values.inc_business", "「5,3」不是可识别的金额", text="5,3")
    assert report.money("inc_business") is None
    assert parts_sum(report, "inc_year_total") is None  # the wizard shows 无法计算 beside the total
    assert [f.rule for f in session.findings] == [INPUT_RULE]  # no identity computed with 5.00 or 0
    session.undo()
    assert report.money("inc_business") == before and not session.report.pending


def test_step_states() -> None:
    session = EditSession(Report.new())
    assert session.step_status("cover").state is StepState.EMPTY
    session.set_value("unit_name", "某局")
    status = session.step_status("cover")
    assert status.state is StepState.IN_PROGRESS and status.errors > 0
    session.set_value("phone", "12")
    assert session.step_status("cover").state is StepState.PROBLEMS
    full = EditSession(build_sample())
    assert all(full.step_status(s).state is StepState.COMPLETE for s in full.framework.sections)
    full.set_value("problems_text", "无")
    status = full.step_status("conclusion")
    assert status.state is StepState.PROBLEMS and status.warnings == 1
    (warning,) = full.findings
    full.set_explanation(warning.key, "确实没有问题")
    assert full.step_status("conclusion").state is StepState.COMPLETE and full.readiness.ready


def test_parts_sums_and_summary() -> None:
    report = build_sample()
    assert parts_sum(report, "inc_year_total") == report.money("inc_year_total")
    assert parts_sum(report, "year_end_carryover") == report.money("year_end_carryover")
    assert parts_sum(Report.new(), "exp_basic") is None
    assert staff_parts_sum(report) == 88
    summary = EditSession(report).summary()
    assert summary == {"unit": "蓉溪市农业农村局", "year": 2025, "framework": "sichuan-2017",
                       "framework_name": summary["framework_name"], "ready": True, "errors": 0, "missing": 0,
                       "warnings": 0}


def test_replace_report_resets_history() -> None:
    session = EditSession(Report.new())
    session.set_value("unit_name", "甲")
    seen: list[Sequence[Change]] = []
    session.subscribe(seen.append)
    session.replace_report(build_sample())
    assert not session.can_undo and not session.dirty
    assert seen[-1][0].kind is ChangeKind.RESET


_OPS = st.lists(st.one_of(
    st.tuples(st.just("value"), st.sampled_from(["inc_fiscal", "exp_basic", "unit_name", "staff_total",
                                                  "report_date"]), st.integers(0, 10**6)),
    st.tuples(st.just("score"), st.sampled_from(["relevance", "talent"]), st.integers(0, 500)),
    st.tuples(st.just("add"), st.just("duty"), st.integers(0, 1)),
    st.tuples(st.just("remove"), st.just("duty"), st.integers(0, 6)),
    st.tuples(st.just("move"), st.just("duty"), st.integers(0, 6)),
    st.tuples(st.just("seal"), st.just(""), st.integers(0, 1)),
), max_size=25)


@settings(max_examples=60, deadline=None)
@given(_OPS)
def test_undo_everything_restores_the_draft_and_redo_replays_it(ops: list[tuple[str, str, int]]) -> None:
    session = EditSession(build_sample())
    before = report_to_dict(session.report)
    for op, key, n in ops:
        rows = session.report.rows
        if op == "value":
            value: object = {"unit_name": f"单位{n}", "staff_total": n,
                             "report_date": dt.date(2026, 1, 1) + dt.timedelta(days=n % 300)}.get(
                key, D(n) / 100)
            session.set_value(key, value)  # type: ignore[arg-type]
        elif op == "score":
            session.set_score(key, D(n) / 100)
        elif op == "add":
            session.add_row(key)
        elif op == "remove" and rows:
            session.remove_rows([rows[n % len(rows)].row_id])
        elif op == "move" and rows:
            session.move_row(rows[n % len(rows)].row_id, 1 if n % 2 else -1)
        elif op == "seal":
            session.seal()
    after = report_to_dict(session.report)
    while session.undo():
        pass
    assert report_to_dict(session.report) == before
    while session.redo():
        pass
    assert report_to_dict(session.report) == after


@pytest.mark.parametrize("text", ["2025-12-31", "2025/12/31", "2025.12.31", "2025年12月31日", "20251231",
                                  "２０２５年１２月３１日", " 2025-12-31 "])
def test_parse_date_accepts_what_clerks_type(text: str) -> None:
    assert parse_date(text) == dt.date(2025, 12, 31)


def test_parse_date_empty_and_refusals() -> None:
    assert parse_date("  ") is None
    with pytest.raises(ValueError, match="不是存在的日期"):
        parse_date("2025-02-30")
    with pytest.raises(ValueError, match="不是可识别的日期"):
        parse_date("去年年底")


def test_clean_pasted_text_keeps_paragraphs_and_drops_controls() -> None:
    pasted = "第一段\r\n第二段\x0b换行\x0c分页\x07单元格\u2029第三段\t制表"
    assert clean_pasted_text(pasted) == "第一段\n第二段\n换行分页单元格\n第三段\t制表"


def test_undo_clears_the_unread_text_of_the_field_it_resets() -> None:
    session = EditSession(build_sample())
    session.set_value("inc_fiscal", D("1.00"))
    session.set_input_error("values.inc_fiscal", "看不懂")
    session.undo()
    assert session.input_error("values.inc_fiscal") is None and session.findings == []
