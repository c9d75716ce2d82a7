"""What every narrative rule shares: the narrative fields, paragraphs, and findings from a per-text check.

Checks are cached per paragraph: a keystroke re-reads only the paragraph being typed in, and a
paragraph written twice is read once. Every check but numbering (lists run across paragraphs) reads
sentences, and a sentence never spans a line break, so reading by paragraph changes no result.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator
from functools import lru_cache

from ..fields import FIELDS, FieldSpec, Kind
from ..findings import Finding, Severity
from .base import Context

NARRATIVES: tuple[FieldSpec, ...] = tuple(f for f in FIELDS if f.kind is Kind.NARRATIVE)

# A check of one text: the problems it finds, each a message without the field's name.
TextCheck = Callable[..., tuple[str, ...]]


@lru_cache(maxsize=1024)
def paragraphs(raw: str) -> tuple[str, ...]:
    """The distinct non-blank paragraphs of a narrative, in order."""
    return tuple(dict.fromkeys(p for p in raw.split("\n") if p.strip()))


@lru_cache(maxsize=4096)
def _by_paragraph(check: TextCheck, raw: str, args: tuple[Hashable, ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(m for p in paragraphs(raw) for m in check(p, *args)))


def per_text(ctx: Context, rule_id: str, check: TextCheck, fields: tuple[FieldSpec, ...] = NARRATIVES,
             *, args: tuple[Hashable, ...] = (), whole: bool = False) -> Iterator[Finding]:
    """A warning for each problem ``check`` finds in each narrative, naming the field. ``check`` reads
    one paragraph at a time unless ``whole`` (it must be lru_cached itself then)."""
    for spec in fields:
        raw = ctx.report.text(spec.key)
        if not raw.strip():
            continue
        problems = check(raw, *args) if whole else _by_paragraph(check, raw, args)
        for message in problems:
            yield ctx.finding(rule_id, Severity.WARNING, [spec.key], f"「{spec.label}」{message}", group=spec.group)
