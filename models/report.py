"""The report as typed data: values keyed by declared field, scores, department indicator rows.

The values dict holds, per ``FieldSpec.kind``: ``str`` (text, narrative, choice), ``Decimal`` (money,
元 with 2 decimals), ``int`` (counts, year), ``datetime.date`` (dates), or nothing (absent key = empty).

A draft started from last year's report also holds 上年数 (``Report.prior``, read-only) and the
narratives it carried over (``Report.carried``): a carried narrative stays 上年内容 until the clerk edits
it or confirms it, and a confirmation is stored like the explanation of a warning.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from types import MappingProxyType

from .fields import FIELD_BY_KEY, FIELDS, Kind
from .frameworks import DEFAULT_FRAMEWORK
from .money import Unit

Value = str | Decimal | int | dt.date


def new_row_id() -> str:
    return uuid.uuid4().hex[:12]


@dataclass(slots=True)
class IndicatorRow:
    """One department-defined indicator (部门特性指标 / 产出 / 效益 …) under a framework rows node."""

    node: str
    row_id: str = field(default_factory=new_row_id)
    name: str = ""
    nature: str = "≥"
    measure_unit: str = ""
    target: str = ""
    actual: str = ""
    points: Decimal | None = None
    score: Decimal | None = None
    reason: str = ""


@dataclass(frozen=True, slots=True)
class PendingInput:
    text: str  # as typed
    message: str  # why it could not be read, in Chinese


@dataclass(frozen=True, slots=True)
class LiveParagraph:
    """A paragraph the program wrote from the figures at the start of a narrative (models.figure_text).

    While the clerk leaves it as written it follows the figures; an edit inside it makes it the clerk's text.
    """

    paragraph: str  # as last written; "" while the figures it needs are empty
    unit: Unit = Unit.WAN
    phrasing: str = "standard"


PriorValue = Decimal | int
PRIOR_KINDS = (Kind.MONEY, Kind.COUNT)  # what 上年数 holds: last year's money (元) and staff counts
# The warning of models.rules.carry_rules on an unreviewed carried narrative; its explanation is the
# clerk's confirmation (已核对), so confirming is undoable and saved like any explanation.
CARRY_RULE = "carry.unreviewed"
CONFIRMED_TEXT = "已核对上年内容，本年沿用。"


def carry_confirmation_key(key: str) -> str:
    """The explanations key under which 已核对 of the carried narrative ``key`` is stored."""
    return f"{CARRY_RULE}@values.{key}"


@dataclass(frozen=True, slots=True)
class PriorYear:
    """上年数: last year's figures, read-only. ``values`` maps money field keys to 元 and count keys to persons."""

    year: int
    _values: Mapping[str, PriorValue] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for key, value in self._values.items():
            spec = FIELD_BY_KEY.get(key)
            if spec is None or spec.kind not in PRIOR_KINDS:
                raise ValueError(f"上年数 holds money and count fields only, not {key!r}")
            wanted = Decimal if spec.kind is Kind.MONEY else int
            if not isinstance(value, wanted) or isinstance(value, bool):
                raise TypeError(f"上年数 {key} expects {wanted.__name__}, got {type(value).__name__}")
        # A private copy behind a read-only view: nobody edits last year's figures by accident.
        object.__setattr__(self, "_values", MappingProxyType(dict(self._values)))

    @classmethod
    def of(cls, report: Report) -> PriorYear:
        """Last year's figures as ``report`` holds them (its money and count fields)."""
        year = report.integer("eval_year")
        if year is None:
            raise ValueError("the report has no 评价年度")
        values = {spec.key: report.values[spec.key] for spec in FIELDS
                  if spec.kind in PRIOR_KINDS and spec.key in report.values}
        return cls(year, values)  # type: ignore[arg-type]

    @property
    def values(self) -> Mapping[str, PriorValue]:
        return self._values

    def money(self, key: str) -> Decimal | None:
        value = self._values.get(key)
        return value if isinstance(value, Decimal) else None

    def integer(self, key: str) -> int | None:
        value = self._values.get(key)
        return value if isinstance(value, int) else None

    def __deepcopy__(self, memo: dict[int, object]) -> PriorYear:
        return self  # immutable: the export worker's deepcopy of a Report shares it safely


@dataclass(slots=True)
class Report:
    framework_id: str = DEFAULT_FRAMEWORK
    values: dict[str, Value] = field(default_factory=dict)
    scores: dict[str, Decimal] = field(default_factory=dict)
    rows: list[IndicatorRow] = field(default_factory=list)
    # Explanations of warnings, keyed by Finding.key; an explained warning counts as acknowledged.
    explanations: dict[str, str] = field(default_factory=dict)
    # Text typed into a field that could not be read (e.g. "12.345" in a money field), keyed by finding
    # path. Kept in the draft so no keystroke is lost; the field keeps its last good value meanwhile.
    pending: dict[str, PendingInput] = field(default_factory=dict)
    display_unit: Unit = Unit.YUAN
    # Narratives that start with a generated paragraph still following the figures, keyed by field key.
    generated: dict[str, LiveParagraph] = field(default_factory=dict)
    # Values read from a Word report and not yet confirmed by the clerk: path -> where they came from
    # ("第 12 段「……」"). The step shows 来自导入，请核对 until the clerk confirms it (models.import_marks).
    imported: dict[str, str] = field(default_factory=dict)
    # What the import could not place (未归类内容), kept so nothing of the document is lost.
    unplaced: list[str] = field(default_factory=list)


    # 上年数, when this draft was started from last year's report (models.carry_forward).
    prior: PriorYear | None = None
    # Narratives copied from last year's report, keyed by field: the text as it was carried. The field
    # is 上年内容 while its text is still exactly this and the clerk has not confirmed it.
    carried: dict[str, str] = field(default_factory=dict)

    @classmethod
    def new(cls, framework_id: str = DEFAULT_FRAMEWORK) -> Report:
        report = cls(framework_id=framework_id)
        for spec in FIELDS:
            if spec.default is not None:
                report.values[spec.key] = spec.default
        return report

    # Typed accessors keep the rules short and mypy honest.
    def money(self, key: str) -> Decimal | None:
        value = self.values.get(key)
        return value if isinstance(value, Decimal) else None

    def money_or_zero(self, key: str) -> Decimal:
        value = self.values.get(key)
        return value if isinstance(value, Decimal) else Decimal("0.00")

    def integer(self, key: str) -> int | None:
        value = self.values.get(key)
        return value if isinstance(value, int) and not isinstance(value, bool) else None

    def text(self, key: str) -> str:
        value = self.values.get(key)
        return value if isinstance(value, str) else ""

    def date(self, key: str) -> dt.date | None:
        value = self.values.get(key)
        return value if isinstance(value, dt.date) else None

    def unreadable(self, *keys: str) -> bool:
        """Whether any of these declared fields holds typed text that could not be read (in
        ``pending``): such a field has no value, and nothing is computed or checked from it."""
        return any(f"values.{key}" in self.pending for key in keys)

    def is_filled(self, key: str) -> bool:
        value = self.values.get(key)
        if value is None:
            return False
        if isinstance(value, str):
            return bool(value.strip())
        return True

    def set(self, key: str, value: Value | None) -> None:
        """Set or clear a field; the kind must match the declaration."""
        spec = FIELD_BY_KEY[key]
        if value is None or (isinstance(value, str) and spec.kind not in (Kind.TEXT, Kind.NARRATIVE)
                             and not value):
            self.values.pop(key, None)
            return
        expected: type | tuple[type, ...] = {
            Kind.MONEY: Decimal, Kind.COUNT: int, Kind.YEAR: int, Kind.DATE: dt.date,
        }.get(spec.kind, str)
        if not isinstance(value, expected) or isinstance(value, bool):
            raise TypeError(f"{key} expects {expected}, got {type(value).__name__}")
        self.values[key] = value

    def own_text(self, key: str) -> str:
        """The narrative without the generated paragraph that still follows the figures at its start."""
        text = self.text(key)
        live = self.generated.get(key)
        if live is not None and live.paragraph and text.startswith(live.paragraph):
            text = text[len(live.paragraph):]
        return text.lstrip("\n")

    def is_unreviewed(self, key: str) -> bool:
        """A narrative still as carried from last year, neither edited nor confirmed (上年内容).

        The clerk's own words are compared: a generated paragraph rewriting itself from this year's
        figures is no review of the sentences after it.
        """
        carried = self.carried.get(key)
        return (carried is not None and bool(carried.strip())
                and carried in (self.own_text(key), self.text(key))  # own words, or the whole text as carried
                and not self.explanations.get(carry_confirmation_key(key), "").strip())

    def unreviewed(self) -> tuple[str, ...]:
        """The keys of every narrative still 上年内容, in declaration order."""
        return tuple(spec.key for spec in FIELDS if spec.key in self.carried and self.is_unreviewed(spec.key))

    def rows_of(self, node_id: str) -> list[IndicatorRow]:
        return [r for r in self.rows if r.node == node_id]

    def title(self) -> str:
        unit = self.text("unit_name").strip() or "未命名单位"
        year = self.integer("eval_year")
        return f"{unit} {year}年度" if year else unit
