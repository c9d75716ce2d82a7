"""The narrative rules read a text once: a keystroke re-reads only the paragraph being typed in."""

from __future__ import annotations

from models.rules import validate
from models.rules.text_scan import scan
from models.sample import build_maximal


def test_a_keystroke_in_one_narrative_scans_only_its_changed_paragraph() -> None:
    report = build_maximal()
    validate(report)
    before = scan.cache_info().misses
    validate(report)
    assert scan.cache_info().misses == before  # nothing typed: nothing read again
    report.values["expense_text"] = report.text("expense_text") + "另有零星支出。"
    validate(report)
    assert scan.cache_info().misses == before + 1  # the one paragraph that changed
