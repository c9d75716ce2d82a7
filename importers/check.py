"""Checking one file — a draft (.json) or a Word report (.docx/.doc) — as a reviewer at the bureau does.

A Word report is imported, then its document findings and validate()'s findings on the imported report
are put together, each located (the paragraph or cell its value came from). What the document's form
cannot hold is not held against it: the Sichuan scoring table prints no 年度指标值 / 实际完成值, so an
indicator row read from it lacks them — the wizard asks for them, the check of the Word file says so
once, as a note.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from models.compute import compute_totals
from models.draft_format import DraftFormatError, read_draft_file
from models.fields import ROW_FIELDS
from models.findings import Finding, Severity
from models.frameworks import TABLE_COLUMNS, load_framework
from models.report import Report
from models.rules import validate

from . import ImportFailure, ImportResult, Located, import_report

_REQUIRED_ROW = tuple(f.key for f in ROW_FIELDS if f.required)
FIRST_PROBLEMS = 3


def absent_row_columns(report: Report) -> frozenset[str]:
    """Row columns the framework's printed table does not have (so a document cannot give them)."""
    columns = set(load_framework(report.framework_id).table_columns)
    return frozenset(c for c in ("target", "actual", "reason") if c in TABLE_COLUMNS and c not in columns)


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def located_findings(result: ImportResult) -> list[Located]:
    """The document's findings, then validate()'s, each with the place its value came from."""
    report = result.report
    absent = absent_row_columns(report)
    framework = load_framework(report.framework_id)
    excused: set[str] = set()
    for row in report.rows:
        missing = {key for key in _REQUIRED_ROW if _blank(getattr(row, key))}
        if missing and missing <= absent:
            excused.add(row.row_id)
    found = list(result.findings)
    if excused:
        names = "、".join(f"“{label}”" for key, label in (("target", "年度指标值"), ("actual", "实际完成值"))
                         if key in absent)
        note = Finding("document.columns_absent", Severity.INFO, (),
                       f"【得分表】「{framework.short_name}」的得分表不印{names}列，文件中的 {len(excused)} 个部门自定指标"
                       f"没有这些项；导入为草稿后请在向导中补填。", "scoring")
        found.append(Located(note, "得分表"))
    for finding in validate(report):
        if finding.rule == "rows.fields" and finding.fields and finding.fields[0].split(".")[1] in excused:
            continue
        found.append(Located(finding, result.location_of(finding.field)))
    return found


@dataclass(slots=True)
class FileCheck:
    """One file's check, small enough to send back from a worker process."""

    path: str
    unit: str = ""
    year: str = ""
    framework: str = ""
    score: str = ""
    grade: str = ""
    errors: int = 0
    warnings: int = 0
    findings: list[dict[str, str]] = field(default_factory=list)
    unreadable: str = ""  # why the file could not be read ("" when it was)

    @property
    def first_problems(self) -> str:
        shown = [f["message"] for f in self.findings if f["severity"] in ("error", "warning")][:FIRST_PROBLEMS]
        return "；".join(shown)


def check_file(path: str) -> FileCheck:
    """Check one file; never raises for a bad file (it is reported as unreadable)."""
    result = FileCheck(path)
    file = Path(path)
    try:
        if file.suffix.lower() == ".json":
            report = read_draft_file(file)
            found = [Located(f, "") for f in validate(report)]
        else:
            imported = import_report(file)
            report = imported.report
            found = located_findings(imported)
    except (ImportFailure, DraftFormatError) as exc:
        result.unreadable = str(exc)
        return result
    except (RecursionError, MemoryError):
        result.unreadable = f"无法处理「{file.name}」：文件过于复杂或过大。"
        return result
    framework = load_framework(report.framework_id)
    totals = compute_totals(report, framework)
    result.unit = report.text("unit_name")
    year = report.integer("eval_year")
    result.year = str(year) if year else ""
    result.framework = framework.short_name
    result.score = f"{totals.total:.2f}" if report.scores or report.rows else ""
    result.grade = totals.grade if result.score else ""
    result.findings = [item.as_dict() for item in found]
    result.errors = sum(1 for f in found if f.finding.severity is Severity.ERROR)
    # An explained warning is acknowledged (as for a final export): only open ones count.
    result.warnings = sum(1 for f in found if f.finding.severity is Severity.WARNING
                          and not report.explanations.get(f.finding.key, "").strip())
    return result
