"""The corpus typed into the real field widgets of the wizard (the sample draft open in the main window).

Numbers and dates: the model gets the exact value, or no value at all (never the last good one) while the field shows
the refusal (quoting the input) and the typed text is kept in the draft. Texts: the model holds exactly
what the widget holds, which is what was typed except where Qt itself cannot hold it (a lone surrogate
has no QString form; the plain-text editor turns CR into a paragraph break); a paste from Word loses
only its control characters. Whatever was typed is on disk after the autosave and comes back on reopen.
"""

from __future__ import annotations

from typing import Any

from models.draft_format import report_to_dict
from models.drafts import open_report
from models.editing import INPUT_RULE, clean_pasted_text

from .corpus import DATES, NUMBERS, TEXTS, Refused, quoted
from .helpers import type_over


def field(window: Any, section: str, key: str) -> Any:
    editor = window.editor
    editor.go_to(editor.steps.index(section))
    return editor.page(editor.current).fields[key]


def refusal_shown(window: Any, widget: Any, path: str, typed: str, words: str) -> list[str]:
    """What is wrong with how a refused input is shown; empty when all is right."""
    problems = []
    findings = [f for f in window.session.findings_for(path) if f.rule == INPUT_RULE]
    if not findings:
        return ["no field.unreadable finding"]
    message = findings[0].message
    if quoted(typed) not in message or words not in message.replace(quoted(typed), ""):
        problems.append(f"message {message!r}")
    if window.session.pending_text(path) != typed:
        problems.append("typed text not kept")
    if not widget.message.isVisible() or quoted(typed) not in widget.message.text.text():
        problems.append("not shown under the field")
    if window.session.readiness.ready:
        problems.append("a final export is not blocked")
    return problems


def test_numbers_typed_into_a_money_field(sample: Any) -> None:
    money = field(sample, "finance", "inc_other")
    path = "values.inc_other"
    wrong: dict[str, Any] = {}
    for case in NUMBERS:
        type_over(money.line, case.text)
        value = sample.session.report.money("inc_other")
        if isinstance(case.money, Refused):
            problems = refusal_shown(sample, money, path, case.text, case.money.words)
            if value is not None:  # a typed-over amount counts for nothing, never its last value
                problems.append(f"value {value} still used")
            if money.line.text() != case.text:
                problems.append("the field does not show the typed text")
        else:
            problems = [] if value == case.money and sample.session.pending_text(path) is None else [f"got {value}"]
        if problems:
            wrong[case.id] = problems
    assert not wrong


def test_numbers_typed_into_a_count_field(sample: Any) -> None:
    count = field(sample, "overview", "staff_quota")
    path = "values.staff_quota"
    wrong: dict[str, Any] = {}
    for case in NUMBERS:
        type_over(count.line, case.text)
        value = sample.session.report.integer("staff_quota")
        if isinstance(case.count, Refused):
            problems = refusal_shown(sample, count, path, case.text, case.count.words)
            if value is not None:
                problems.append(f"value {value} still used")
        else:
            problems = [] if value == case.count and sample.session.pending_text(path) is None else [f"got {value}"]
        if problems:
            wrong[case.id] = problems
    assert not wrong


def test_dates_typed_into_a_date_field(sample: Any) -> None:
    date = field(sample, "cover", "report_date")
    path = "values.report_date"
    wrong: dict[str, Any] = {}
    for case in DATES:
        type_over(date.line, case.text)
        value = sample.session.report.date("report_date")
        if isinstance(case.date, Refused):
            findings = [f for f in sample.session.findings_for(path) if f.rule == INPUT_RULE]
            problems = [] if findings and case.date.words in findings[0].message else ["no refusal"]
            if value is not None or sample.session.pending_text(path) != case.text:
                problems.append("old value still used or typed text lost")
        else:
            problems = [] if value == case.date else [f"got {value}"]
        if problems:
            wrong[case.id] = problems
    assert not wrong


def test_a_refused_amount_is_kept_on_disk_and_shown_again_after_reopening(sample: Any, qtbot: Any) -> None:
    money = field(sample, "finance", "inc_other")
    type_over(money.line, "1.234,56")
    qtbot.waitUntil(lambda: open_report(sample.store, sample.draft_id).report.pending.get("values.inc_other")
                    is not None, timeout=3000)
    draft_id = sample.draft_id
    assert sample.close_draft() and sample.open_draft(draft_id)
    money = field(sample, "finance", "inc_other")
    assert money.line.text() == "1.234,56" and money.message.isVisible()


def qt_holds(text: str) -> str:
    """What a Qt text widget can hold of ``text``: no lone surrogates (QString has no form for them)."""
    return "".join(ch for ch in text if not 0xD800 <= ord(ch) <= 0xDFFF)


def test_texts_typed_into_a_one_line_field_are_kept_exactly(sample: Any) -> None:
    line = field(sample, "cover", "contact")
    wrong = {}
    for name, text in TEXTS.items():
        type_over(line.line, text)
        held = sample.session.report.text("contact")
        if held != line.line.text() or held != qt_holds(text):
            wrong[name] = f"model has {len(held)} characters, widget {len(line.line.text())}, typed {len(text)}"
    assert not wrong


def test_texts_typed_and_pasted_into_a_narrative_are_kept(sample: Any) -> None:
    from PySide6.QtCore import QMimeData

    story = field(sample, "overview", "org_text")
    wrong = {}
    for name, text in TEXTS.items():
        story.text.clear()
        story.text.setFocus()
        story.text.insertPlainText(text)  # typed (or an IME commit)
        held = sample.session.report.text("org_text")
        expected = qt_holds(text).replace("\r\n", "\n").replace("\r", "\n")
        if held != story.text.toPlainText() or held != expected:
            wrong[f"{name} typed"] = f"{held[:40]!r} != {expected[:40]!r}"
        story.text.clear()
        mime = QMimeData()
        mime.setText(text)
        story.text.insertFromMimeData(mime)  # pasted: Word's control characters become breaks or go
        held = sample.session.report.text("org_text")
        if held != clean_pasted_text(qt_holds(text)):
            wrong[f"{name} pasted"] = f"{held[:40]!r}"
    assert not wrong


def test_what_was_typed_is_on_disk_and_comes_back(sample: Any, qtbot: Any) -> None:
    line = field(sample, "cover", "contact")
    type_over(line.line, TEXTS["rtl-marks"] + TEXTS["emoji"] + TEXTS["c0-controls"])
    story = field(sample, "overview", "org_text")
    story.text.clear()
    story.text.insertPlainText(TEXTS["paste-100k"] + TEXTS["jinja-expression"])
    typed = report_to_dict(sample.session.report)
    qtbot.waitUntil(lambda: report_to_dict(open_report(sample.store, sample.draft_id).report) == typed,
                    timeout=5000)
    draft_id = sample.draft_id
    assert sample.close_draft() and sample.open_draft(draft_id)
    assert report_to_dict(sample.session.report) == typed
    assert field(sample, "cover", "contact").line.text() == typed["values"]["contact"]
    assert field(sample, "overview", "org_text").text.toPlainText() == typed["values"]["org_text"]
