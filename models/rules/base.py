"""The rule registry and the context every rule reads from."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property

from ..compute import Totals, compute_totals
from ..fields import FIELD_BY_KEY, GROUPS
from ..findings import Finding, Severity, value_path
from ..frameworks import Framework, load_framework
from ..headings import group_place
from ..money import Unit, format_money, format_money_shown
from ..report import Report

RuleFn = Callable[["Context"], Iterable[Finding]]


@dataclass(frozen=True, slots=True)
class RuleSpec:
    id: str
    severity: Severity
    title: str
    doc: str
    fn: RuleFn


RULES: list[RuleSpec] = []


def rule(rule_id: str, severity: Severity, title: str) -> Callable[[RuleFn], RuleFn]:
    """Register a rule; its docstring becomes the catalogue entry (docs/rules.md)."""

    def register(fn: RuleFn) -> RuleFn:
        RULES.append(RuleSpec(rule_id, severity, title, (fn.__doc__ or "").strip(), fn))
        return fn

    return register


class Context:
    """The report under validation plus what several rules need, computed once."""

    def __init__(self, report: Report, framework: Framework | None = None) -> None:
        self.report = report
        self.framework = framework or load_framework(report.framework_id)

    @cached_property
    def totals(self) -> Totals:
        return compute_totals(self.report, self.framework)

    def where(self, group: str) -> str:
        """"二、部门财政资金收支情况·收入情况" — the place a clerk looks for the field."""
        return group_place(self.framework, group)

    def money(self, value: Decimal) -> str:
        """An amount for a message: in 元, plus 万元 when the clerk works in 万元."""
        text = format_money(value, Unit.YUAN)
        if self.report.display_unit is Unit.WAN:
            text += f"（{format_money_shown(value, Unit.WAN)}）"  # 元 stays exact; 万元 without a long tail
        return text

    def finding(self, rule_id: str, severity: Severity, keys: Iterable[str], message: str,
                *, group: str | None = None) -> Finding:
        """A finding on value fields; the message is prefixed with where the first field lives."""
        key_list = list(keys)
        group = group or FIELD_BY_KEY[key_list[0]].group
        return Finding(rule_id, severity, tuple(value_path(k) for k in key_list),
                       f"【{self.where(group)}】{message}", GROUPS[group].section)
