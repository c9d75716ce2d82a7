"""``validate(report) -> findings``: every rule, as data. No dialogs, no Qt."""

from __future__ import annotations

from dataclasses import dataclass

from ..findings import Finding, Severity
from ..frameworks import Framework, load_framework
from ..report import Report
from . import (  # noqa: F401  (register)
    carry_rules,
    field_rules,
    growth_rules,
    list_rules,
    money_rules,
    overview_rules,
    part_rules,
    score_rules,
    text_rules,
    wording_rules,
)
from .base import RULES, Context, RuleSpec

__all__ = ["RULES", "Readiness", "RuleSpec", "readiness", "validate"]

_SEVERITY_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


def validate(report: Report, framework: Framework | None = None) -> list[Finding]:
    """All findings, ordered as the clerk meets them: by section in the framework's order, errors first."""
    fw = framework or load_framework(report.framework_id)
    ctx = Context(report, fw)
    findings = [f for spec in RULES for f in spec.fn(ctx)]
    order = {s: i for i, s in enumerate(fw.sections)}
    findings.sort(key=lambda f: (order.get(f.section, 99), _SEVERITY_ORDER[f.severity]))
    return findings


@dataclass(frozen=True, slots=True)
class Readiness:
    errors: tuple[Finding, ...]
    open_warnings: tuple[Finding, ...]  # warnings with no explanation stored yet
    explained: tuple[Finding, ...]

    @property
    def ready(self) -> bool:
        """Ready for a final export: no errors and every warning explained or acknowledged."""
        return not self.errors and not self.open_warnings

    def summary(self) -> str:
        if self.ready:
            return "可以正式导出：没有错误，所有提醒均已说明。"
        from ..step_states import MISSING_RULES  # here: step_states reads findings, not the rules

        parts = []
        missing = sum(1 for f in self.errors if f.rule in MISSING_RULES)
        if len(self.errors) - missing:
            parts.append(f"{len(self.errors) - missing} 个错误需要改正")
        if missing:
            parts.append(f"{missing} 项必填内容未填")
        if self.open_warnings:
            parts.append(f"{len(self.open_warnings)} 个提醒需要说明或确认")
        return "还不能正式导出：" + "，".join(parts) + "。"


def readiness(report: Report, findings: list[Finding] | None = None) -> Readiness:
    found = validate(report) if findings is None else findings
    errors = tuple(f for f in found if f.severity is Severity.ERROR)
    warnings = [f for f in found if f.severity is Severity.WARNING]
    explained = tuple(f for f in warnings if report.explanations.get(f.key, "").strip())
    open_warnings = tuple(f for f in warnings if f not in explained)
    return Readiness(errors, open_warnings, explained)
