"""Findings: what validation says, as frozen data. The GUI and the exporters only read them."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Severity(str, Enum):
    ERROR = "error"  # must be fixed before a final export
    WARNING = "warning"  # must be explained or acknowledged
    INFO = "info"

    @property
    def label(self) -> str:
        return {"error": "错误", "warning": "提醒", "info": "提示"}[self.value]


@dataclass(frozen=True, slots=True)
class Finding:
    rule: str  # stable id, e.g. "income.year_total"
    severity: Severity
    fields: tuple[str, ...]  # paths: "values.<key>", "scores.<node>", "rows.<row_id>.<column>"
    message: str  # plain Chinese, names the section, the labels and the numbers
    section: str  # section key, for badges on the step list

    @property
    def key(self) -> str:
        """Stable identity under which an explanation of this warning is stored in the draft."""
        return f"{self.rule}@{self.fields[0]}" if self.fields else self.rule

    @property
    def field(self) -> str:
        return self.fields[0] if self.fields else ""

    def as_dict(self) -> dict[str, str | list[str]]:
        return {"rule": self.rule, "severity": self.severity.value, "field": self.field,
                "fields": list(self.fields), "message": self.message}


def value_path(key: str) -> str:
    return f"values.{key}"


def score_path(node_id: str) -> str:
    return f"scores.{node_id}"


def row_path(row_id: str, column: str) -> str:
    return f"rows.{row_id}.{column}"


def section_of_path(path: str) -> str:
    """The report section a finding path belongs to (values by declaration; scores and rows: scoring)."""
    from .fields import FIELD_BY_KEY

    head, _, rest = path.partition(".")
    if head == "values":
        spec = FIELD_BY_KEY.get(rest)
        return spec.section if spec else ""
    return "scoring" if head in ("scores", "rows") else ""
