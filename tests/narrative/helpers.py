"""Write one narrative into the sample (every figure of which agrees) and see what the rules say."""

from __future__ import annotations

from decimal import Decimal

from models.findings import Finding
from models.report import Report
from models.rules import validate
from models.sample import build_sample


def sample_with(key: str, text: str, **values: object) -> Report:
    report = build_sample()
    report.values[key] = text
    for name, value in values.items():
        report.values[name] = Decimal(value) if isinstance(value, str) else value  # type: ignore[assignment]
    return report


def found(key: str, text: str, rule: str, **values: object) -> list[Finding]:
    """The findings of ``rule`` once ``text`` is the narrative ``key`` of the sample."""
    return [f for f in validate(sample_with(key, text, **values)) if f.rule == rule]


def narrative_findings(report: Report) -> list[Finding]:
    return [f for f in validate(report) if f.rule.startswith("narrative.")]
