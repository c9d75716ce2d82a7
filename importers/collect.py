"""What the reader has found so far: values with their sources, narratives, unplaced text.

Several places of a document may give the same value (a money table and a sentence); the more
reliable source wins (a table cell over a sentence), and among equals the first one. Every value
keeps one mapping entry; text that cannot be placed is kept as 未归类内容.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from models.fields import FIELD_BY_KEY, ROW_FIELD_BY_KEY, Kind
from models.findings import value_path
from models.report import IndicatorRow, PendingInput, Report, Value

from .result import Kind as EntryKind
from .result import MappingEntry, quote


class Source:
    """How reliable a source is: a higher number wins."""

    SENTENCE = 1  # a figure in prose
    PROSE_FACT = 2  # a count or date read from a sentence of its own section
    LINE = 3  # "标签：值" on a line of its own (cover, 单位性质)
    TABLE = 4  # a labelled table cell


@dataclass(slots=True)
class _Narrative:
    paragraphs: list[str] = field(default_factory=list)
    locations: list[str] = field(default_factory=list)
    confidence: float = 1.0


@dataclass(slots=True)
class Collected:
    report: Report
    mapping: list[MappingEntry] = field(default_factory=list)
    sources: dict[str, tuple[int, int]] = field(default_factory=dict)  # path -> (priority, mapping index)
    narratives: dict[str, _Narrative] = field(default_factory=dict)
    locations: dict[str, str] = field(default_factory=dict)
    row_containers: dict[str, str] = field(default_factory=dict)  # row id -> its category's name

    def set_value(self, key: str, value: object, priority: int, location: str, text: str, confidence: float,
                  section: str = "") -> bool:
        """Set a field unless a more reliable source set it already; True when set."""
        spec = FIELD_BY_KEY[key]
        path = value_path(key)
        held = self.sources.get(path)
        if held is not None and held[0] >= priority:
            return False
        self.report.set(key, value)  # type: ignore[arg-type]
        self.report.pending.pop(path, None)
        text_value = shown(value) + (" 元" if spec.kind is Kind.MONEY else "")  # stored in 元, whatever was written
        entry = MappingEntry(EntryKind.VALUE, path, spec.label, text_value, location, quote(text), confidence,
                             section or spec.section)
        if held is not None:
            self.mapping[held[1]] = entry
            self.sources[path] = (priority, held[1])
        else:
            self.sources[path] = (priority, len(self.mapping))
            self.mapping.append(entry)
        self.locations[path] = location
        return True

    def set_unreadable(self, key: str, text: str, message: str, priority: int, location: str) -> None:
        """A value the document gives but that cannot be read exactly: kept as typed (the draft's pending
        input), so the check names it and the clerk corrects it; nothing is rounded or guessed."""
        path = value_path(key)
        held = self.sources.get(path)
        if held is not None and held[0] >= priority:
            return
        spec = FIELD_BY_KEY[key]
        self.report.pending[path] = PendingInput(text.strip()[:200], f"「{spec.label}」{message}")
        self.report.values.pop(key, None)
        entry = MappingEntry(EntryKind.VALUE, path, spec.label, f"（无法识别：{text.strip()[:30]}）", location,
                             quote(text), 0.3, spec.section)
        if held is not None:
            self.mapping[held[1]] = entry
        else:
            self.sources[path] = (priority, len(self.mapping))
            self.mapping.append(entry)
        self.locations[path] = location

    def has(self, key: str) -> bool:
        return value_path(key) in self.sources

    def add_text(self, key: str, text: str, location: str, confidence: float) -> None:
        narrative = self.narratives.setdefault(key, _Narrative(confidence=confidence))
        narrative.paragraphs.append(text.strip())
        narrative.locations.append(location)
        narrative.confidence = min(narrative.confidence, confidence)

    def drop_last_text(self, key: str) -> str | None:
        narrative = self.narratives.get(key)
        if not narrative or not narrative.paragraphs:
            return None
        narrative.locations.pop()
        return narrative.paragraphs.pop()

    def unplaced(self, text: str, location: str, section: str = "", why: str = "") -> None:
        self.mapping.append(MappingEntry(EntryKind.UNPLACED, "", why or "未归类内容", text.strip(), location,
                                         quote(text), 0.0, section))

    def note(self, kind: str, label: str, text: str, location: str, section: str = "") -> None:
        """Structure (a heading, a caption) or a value the program computes (a total, the verdict sentence)."""
        self.mapping.append(MappingEntry(kind, "", label, text.strip(), location, quote(text), 1.0, section))

    def score(self, node_id: str, name: str, value: Decimal, location: str, text: str, confidence: float) -> None:
        path = f"scores.{node_id}"
        if path in self.sources:
            return
        self.report.scores[node_id] = value
        self.sources[path] = (Source.TABLE, len(self.mapping))
        self.mapping.append(MappingEntry(EntryKind.VALUE, path, f"{name} 得分", f"{value:f}", location, quote(text),
                                         confidence, "scoring"))
        self.locations[path] = location

    def row(self, row: IndicatorRow, container: str, location: str, text: str, confidence: float) -> None:
        self.report.rows.append(row)
        self.row_containers[row.row_id] = container
        for column in ("name", "measure_unit", "target", "actual", "points", "score", "reason"):
            self.row_cell(row, column, getattr(row, column), location, text, confidence)

    def row_cell(self, row: IndicatorRow, column: str, value: object, location: str, text: str,
                 confidence: float = 0.9) -> None:
        if value in (None, ""):
            return
        path = f"rows.{row.row_id}.{column}"
        label = f"{self.row_containers.get(row.row_id, '')}·{row.name}·{ROW_FIELD_BY_KEY[column].label}"
        entry = MappingEntry(EntryKind.VALUE, path, label, shown(value), location, quote(text), confidence, "scoring")
        held = self.sources.get(path)
        if held is not None:
            self.mapping[held[1]] = entry
        else:
            self.sources[path] = (Source.TABLE, len(self.mapping))
            self.mapping.append(entry)
        self.locations[path] = location

    def finish(self) -> None:
        """Write the narratives into the report, one mapping entry per field."""
        for key, narrative in self.narratives.items():
            if not narrative.paragraphs:
                continue
            spec = FIELD_BY_KEY[key]
            text = "\n".join(p for p in narrative.paragraphs if p)
            self.report.values[key] = text
            first, last = narrative.locations[0], narrative.locations[-1]
            where = first if first == last else f"{first.removesuffix(' 段')}–{last.removeprefix('第 ')}"
            path = value_path(key)
            self.mapping.append(MappingEntry(EntryKind.NARRATIVE, path, spec.label, text, where,
                                             quote(narrative.paragraphs[0]), narrative.confidence, spec.section))
            self.locations[path] = first


def shown(value: object) -> str:
    if isinstance(value, Decimal):
        return f"{value:,.2f}"
    return str(value)


def is_narrative(key: str) -> bool:
    return FIELD_BY_KEY[key].kind is Kind.NARRATIVE


__all__ = ["Collected", "Source", "Value", "is_narrative", "shown"]
