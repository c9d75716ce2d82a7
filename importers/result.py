"""What an import returns: the report, the mapping of every value to its source, and the findings."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from models.findings import Finding
from models.report import Report

QUOTE_CHARS = 80


class ImportFailure(Exception):
    """The file cannot be imported; ``str()`` is one Chinese sentence naming the file and the reason."""


class Kind:
    VALUE = "value"  # a field, a score or an indicator row's cell
    NARRATIVE = "narrative"  # a paragraph put into a narrative field
    COMPUTED = "computed"  # printed by the program from other values (totals, the verdict sentence)
    LAYOUT = "layout"  # headings, captions, the title: structure, not content
    UNPLACED = "unplaced"  # 未归类内容: kept, shown, never dropped


@dataclass(frozen=True, slots=True)
class MappingEntry:
    """One value (or one piece of text) of the document and where it went."""

    kind: str  # a Kind constant
    path: str  # "values.inc_fiscal", "scores.relevance", "rows.<id>.score"; "" for unplaced/layout
    label: str  # the field's or indicator's name, in Chinese
    value: str  # the value as stored, for display
    location: str  # "第 12 段", "表 2 第 3 行第 2 列"
    quote: str  # the source text, shortened
    confidence: float  # 0 … 1: how sure the reader is
    section: str = ""  # section key, for showing the mapping section by section

    @property
    def sure(self) -> str:
        return "高" if self.confidence >= 0.9 else "中" if self.confidence >= 0.7 else "低"


def quote(text: str) -> str:
    one = " ".join(text.split())
    return one if len(one) <= QUOTE_CHARS else one[: QUOTE_CHARS - 1] + "…"


@dataclass(frozen=True, slots=True)
class Located:
    """A finding with the place in the document it refers to."""

    finding: Finding
    location: str

    def as_dict(self) -> dict[str, str]:
        f = self.finding
        return {"rule": f.rule, "severity": f.severity.value, "field": f.field, "message": f.message,
                "location": self.location}


@dataclass(slots=True)
class ImportResult:
    report: Report
    mapping: list[MappingEntry]
    findings: list[Located]  # the document's own findings (validate() adds the report's)
    source: Path
    converted_from: str = ""  # "doc" / "wps" / "rtf" when an office suite converted the file
    framework_note: str = ""  # how the framework was chosen
    locations: dict[str, str] = field(default_factory=dict)  # field path -> where its value came from

    @property
    def unplaced(self) -> list[MappingEntry]:
        return [m for m in self.mapping if m.kind == Kind.UNPLACED]

    @property
    def values(self) -> list[MappingEntry]:
        return [m for m in self.mapping if m.kind in (Kind.VALUE, Kind.NARRATIVE)]

    def location_of(self, path: str) -> str:
        return self.locations.get(path, "")

    def summary_lines(self) -> list[str]:
        """The mapping as the CLI prints it: one line per value, then the unplaced text."""
        lines: list[str] = []
        for entry in self.mapping:
            if entry.kind in (Kind.VALUE, Kind.NARRATIVE):
                shown = entry.value if len(entry.value) <= 40 else entry.value[:39] + "…"
                lines.append(f"{entry.label} = {shown}　← {entry.location}「{entry.quote}」（把握：{entry.sure}）")
        unplaced = self.unplaced
        if unplaced:
            lines.append(f"未归类内容（{len(unplaced)} 处，已保留，请在向导中归入合适的栏目）：")
            lines.extend(f"　{u.location}「{u.quote}」" for u in unplaced)
        return lines


def draft_report(result: ImportResult) -> Report:
    """The imported report as a draft: every value marked 来自导入，请核对 with its source, the unplaced
    text kept in the draft (Report.unplaced) so nothing of the document is lost."""
    report = result.report
    report.imported = {m.path: f"{m.location}「{m.quote}」" for m in result.mapping
                       if m.path and m.kind in (Kind.VALUE, Kind.NARRATIVE)}
    report.unplaced = [f"{m.location}：{m.value}" for m in result.unplaced]
    return report
