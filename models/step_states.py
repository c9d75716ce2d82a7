"""The state of each step of the wizard (未填写 / 填写中 / 有问题 / 已完成), computed from findings (no Qt)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum

from .fields import fields_of_section
from .findings import Finding, Severity, section_of_path
from .frameworks import Framework
from .report import Report

INPUT_RULE = "field.unreadable"  # a field whose typed text could not be read (kept in Report.pending)
MISSING_RULES = frozenset({"field.required", "score.missing", "rows.missing"})  # not filled yet


class StepState(str, Enum):
    EMPTY = "empty"
    IN_PROGRESS = "in_progress"
    PROBLEMS = "problems"
    COMPLETE = "complete"

    @property
    def label(self) -> str:
        labels = {"empty": "未填写", "in_progress": "填写中", "problems": "有问题", "complete": "已完成"}
        return labels[self.value]


@dataclass(frozen=True, slots=True)
class StepStatus:
    state: StepState
    errors: int  # including the required fields not filled (``missing``)
    warnings: int  # open (unexplained) warnings
    missing: int = 0  # required fields and scores not filled yet

    @property
    def count(self) -> int:
        return self.errors + self.warnings


def _filled_in_section(report: Report, section: str) -> tuple[int, int, int]:
    """(filled, required, required filled) for the declared fields of a section."""
    specs = fields_of_section(section)
    # Defaults (评价方式, 评价机构) are filled by the program, not by the clerk.
    filled = sum(1 for f in specs if report.is_filled(f.key) and report.values.get(f.key) != f.default)
    required = [f for f in specs if f.required]
    return filled, len(required), sum(1 for f in required if report.is_filled(f.key))


def step_status(report: Report, framework: Framework, findings: Iterable[Finding],
                section: str) -> StepStatus:
    """The state of one section's step: empty, in progress, has problems, or complete."""
    own = [f for f in findings if f.section == section]
    errors = [f for f in own if f.severity is Severity.ERROR]
    warnings = [f for f in own if f.severity is Severity.WARNING
                and not report.explanations.get(f.key, "").strip()]
    if section == "scoring":
        leaves = framework.scored_leaves()
        filled = sum(1 for n in leaves if n.id in report.scores) + len(report.rows)
        complete = all(n.id in report.scores for n in leaves)
    else:
        filled, required, required_filled = _filled_in_section(report, section)
        complete = required_filled == required
    if filled == 0 and not any(f.rule == INPUT_RULE for f in own):
        state = StepState.EMPTY
    elif any(f.rule not in MISSING_RULES for f in errors) or warnings:
        state = StepState.PROBLEMS
    elif complete and not errors and not any(section_of_path(p) == section for p in report.imported):
        state = StepState.COMPLETE  # imported values count once the clerk has checked them
    else:
        state = StepState.IN_PROGRESS
    return StepStatus(state, len(errors), len(warnings), sum(1 for f in errors if f.rule in MISSING_RULES))
