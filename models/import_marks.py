"""来自导入，请核对: values read from a Word report carry a mark until the clerk confirms their step.

The marks live in the draft (Report.imported: path -> where the value came from), so a clerk who
closes the program half-way sees them again. Confirming a step is one undoable command.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .edit_commands import Change, ChangeKind, Command
from .findings import section_of_path
from .report import Report

MARK = "来自导入，请核对"


def marks_of(report: Report, section: str) -> dict[str, str]:
    """The imported, unconfirmed values of one section: path -> source."""
    return {path: source for path, source in report.imported.items() if section_of_path(path) == section}


def has_marks(report: Report, section: str) -> bool:
    return any(section_of_path(path) == section for path in report.imported)


@dataclass
class ConfirmImported(Command):
    """The clerk has checked a step's imported values: their marks go (undo brings them back)."""

    section: str
    removed: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.text = "核对导入的内容"
        self.merge_key = None

    def apply(self, report: Report) -> list[Change]:
        self.removed = marks_of(report, self.section)
        for path in self.removed:
            del report.imported[path]
        return [Change(ChangeKind.MARKS, path) for path in self.removed]

    def revert(self, report: Report) -> list[Change]:
        report.imported.update(self.removed)
        return [Change(ChangeKind.MARKS, path) for path in self.removed]
