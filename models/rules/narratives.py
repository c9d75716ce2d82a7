"""What every narrative rule shares: the narrative fields, and findings from a per-text check."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from ..fields import FIELDS, FieldSpec, Kind
from ..findings import Finding, Severity
from .base import Context

NARRATIVES: tuple[FieldSpec, ...] = tuple(f for f in FIELDS if f.kind is Kind.NARRATIVE)

# A check of one text: the problems it finds, each a message without the field's name. Checks are
# lru_cached on the text, so a keystroke re-reads only the field being typed in.
TextCheck = Callable[[str], tuple[str, ...]]


def per_text(ctx: Context, rule_id: str, check: TextCheck,
             fields: tuple[FieldSpec, ...] = NARRATIVES) -> Iterator[Finding]:
    """A warning for each problem ``check`` finds in each narrative, naming the field."""
    for spec in fields:
        raw = ctx.report.text(spec.key)
        if not raw.strip():
            continue
        for message in check(raw):
            yield ctx.finding(rule_id, Severity.WARNING, [spec.key], f"「{spec.label}」{message}", group=spec.group)
