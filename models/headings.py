"""Section numbering (一、二、…) as the framework orders the sections."""

from __future__ import annotations

from .fields import GROUPS
from .frameworks import Framework

CN_NUMERALS = "一二三四五六七八九十"
# The scoring table is an annex (附件), not a numbered chapter of the report.
UNNUMBERED = ("cover", "signature", "scoring")


def cn_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 21 → 二十一 (enough for headings)."""
    if n <= 10:
        return CN_NUMERALS[n - 1]
    tens, ones = divmod(n, 10)
    return (CN_NUMERALS[tens - 1] if tens > 1 else "") + "十" + (CN_NUMERALS[ones - 1] if ones else "")


def section_number(framework: Framework, section: str) -> int | None:
    numbered = [s for s in framework.sections if s not in UNNUMBERED]
    return numbered.index(section) + 1 if section in numbered else None


def section_heading(framework: Framework, section: str) -> str:
    """"二、部门财政资金收支情况"; cover, signature and the scoring annex carry no number.

    A framework's own title may already carry a heading number ("一、部门概况" typed into an imported
    framework): the number is the section's place in this framework, so it replaces that one rather
    than doubling it ("一、一、…").
    """
    from .matching import strip_number  # loaded with the rules whenever a report is open

    number = section_number(framework, section)
    title = framework.section_title(section)
    if number:
        return f"{cn_number(number)}、{strip_number(title)}"
    return title


def group_place(framework: Framework, group: str) -> str:
    """"二、部门财政资金收支情况·收入情况" — the place a clerk looks for a field of ``group``."""
    spec = GROUPS[group]
    heading = section_heading(framework, spec.section)
    return heading if spec.title == heading or not spec.numbered else f"{heading}·{spec.title}"
