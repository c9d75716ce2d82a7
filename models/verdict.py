"""The verdict sentence is the program's: 评价结论 holds only what the clerk adds to it.

Export prints "经自评，……得分为93.00分，评价等级为“优”。" (computed, exporters.report_view) and then the
field. A sentence in the field that says the same total and grade again is the computed one typed by
hand: it is not printed a second time, and drafts saved before this rule (format 4 and older) lose it
when they are opened, unless it is all the field holds. A sentence quoting another total or grade is
the clerk's and stays (the rule verdict.consistent reports it).
"""

from __future__ import annotations

import re
from decimal import Decimal

from .compute import Totals
from .money import round_half_up
from .rules.text_rules import _GRADE_AFTER, _GRADE_KEYWORDS, _GRADE_WORDS, _SCORE_AFTER, _SCORE_KEYWORDS, _quotes

_SENTENCE = re.compile(r"[^。！？!?\n]*[。！？!?]?")


def restates_verdict(sentence: str, totals: Totals) -> bool:
    """Whether ``sentence`` states the computed total (at the decimals it quotes) and no other grade."""
    if not totals.complete:
        return False
    scores = list(_quotes(sentence, _SCORE_KEYWORDS, _SCORE_AFTER))
    if not scores or any(round_half_up(totals.total, len(v.partition(".")[2])) != Decimal(v) for v in scores):
        return False
    grades = [_GRADE_WORDS.get(g, g) for g in _quotes(sentence, _GRADE_KEYWORDS, _GRADE_AFTER)]
    return all(g == totals.grade for g in grades)


def without_restated_verdict(text: str, totals: Totals) -> str:
    """``text`` without the sentences that restate the computed verdict (line breaks kept)."""
    lines = []
    for line in text.split("\n"):
        kept = [s for s in _SENTENCE.findall(line) if s and not restates_verdict(s, totals)]
        joined = "".join(kept).strip()
        if joined or not line.strip():
            lines.append(joined)
    return "\n".join(lines).strip("\n")
