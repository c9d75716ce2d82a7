"""No narrative rule fires on correct text: the clean corpus, the sample and the maximal report."""

from __future__ import annotations

from models.rules import validate
from models.sample import build_maximal, build_sample
from tests.narrative.corpus import CLEAN
from tests.narrative.helpers import sample_with


def test_the_corpus_holds_at_least_forty_paragraphs_of_every_kind() -> None:
    assert len(CLEAN) >= 40
    assert {key for key, _ in CLEAN} >= {"org_text", "duties_text", "income_text", "expense_text",
                                         "execution_text", "admin_text", "problems_text", "advice_text"}


def test_no_finding_on_any_clean_paragraph_nor_on_the_sample() -> None:
    noisy = {}
    for key, text in CLEAN:
        findings = validate(sample_with(key, text))
        if findings:
            noisy[text[:30]] = [f.message for f in findings]
    assert validate(build_sample()) == []
    assert validate(build_maximal()) == []
    assert noisy == {}
