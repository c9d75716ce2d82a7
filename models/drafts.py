"""Reports in the draft store: the summary the start page lists, and open / save / import / export."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .atomic import atomic_write_bytes
from .draft_format import (
    DraftFormatError,
    dumps,
    portable_dict,
    report_from_dict,
    report_to_dict,
)
from .draft_store import DraftStore, Summary
from .frameworks import load_framework
from .report import Report
from .rules import readiness
from .step_states import MISSING_RULES


def summary_of(report: Report) -> Summary:
    """What the start page shows without decoding the payload."""
    state = readiness(report)
    return {
        "unit": report.text("unit_name").strip(),
        "year": report.integer("eval_year"),
        "framework": report.framework_id,
        "framework_name": load_framework(report.framework_id).short_name,
        "ready": state.ready,
        "errors": len(state.errors),
        "missing": sum(1 for f in state.errors if f.rule in MISSING_RULES),  # of the errors: not filled yet
        "warnings": len(state.open_warnings),
    }


@dataclass(frozen=True)
class OpenedReport:
    draft_id: str
    revision: int
    title: str
    report: Report
    notes: tuple[str, ...]


def create_report(store: DraftStore, report: Report, title: str | None = None) -> OpenedReport:
    name = title or report.title()
    draft_id = store.create(report_to_dict(report), name, summary_of(report))
    return OpenedReport(draft_id, 1, name, report, ())


def open_report(store: DraftStore, draft_id: str) -> OpenedReport:
    """Load the newest good revision and decode it; DraftFormatError if its payload is not a report."""
    loaded = store.load(draft_id)
    return OpenedReport(draft_id, loaded.revision, loaded.title, report_from_dict(loaded.payload), loaded.notes)


def save_report(store: DraftStore, draft_id: str, report: Report, *, base_revision: int,
                title: str | None = None) -> int:
    return store.save(draft_id, report_to_dict(report), base_revision=base_revision, title=title,
                      summary=summary_of(report))


def import_file(store: DraftStore, path: Path) -> OpenedReport:
    """A portable draft file becomes a new draft; nothing in the store changes if the file is bad.

    The draft keeps the file's title (meta.title); what the file holds that this program does not
    know is named in the notes.
    """
    from .portable import read_portable

    portable = read_portable(path)
    opened = create_report(store, portable.report, portable.title or None)
    return OpenedReport(opened.draft_id, opened.revision, opened.title, opened.report, portable.notes)


def export_file(report: Report, path: Path, *, title: str = "") -> None:
    """Write the portable single-file draft (all or nothing)."""
    atomic_write_bytes(path, dumps(portable_dict(report, title=title), indent=1))


__all__ = ["DraftFormatError", "OpenedReport", "create_report", "export_file", "import_file",
           "open_report", "save_report", "summary_of"]
