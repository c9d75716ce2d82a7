"""Export errors: ``str(err)`` is always one Chinese line a clerk can act on."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class TemplateIssue:
    """One problem found in a template, located the way the clerk sees the file."""

    where: str  # "第 3 段「根据《中共……」", "第 1 个表格第 2 行第 3 列", "工作表「得分表」单元格 B3"
    message: str
    blocking: bool = True  # False: a note (e.g. a split tag that was mended), the export goes ahead

    def __str__(self) -> str:
        return f"{self.where}：{self.message}" if self.where else self.message


class ExportError(Exception):
    """Any export failure; the message is one line of plain Chinese."""

    def __str__(self) -> str:
        return " ".join(super().__str__().split())


class TemplateError(ExportError):
    """A template that is unreadable, hostile, or uses placeholders this program does not know."""

    def __init__(self, message: str, issues: tuple[TemplateIssue, ...] = ()) -> None:
        super().__init__(message)
        self.issues = issues


class OutputError(ExportError):
    """The file cannot be written: locked by Word/Excel, read-only, folder missing, disk full."""


class RenderLimitError(ExportError):
    """A bureau template would loop or grow without a useful end (exporters.render_budget); refused,
    nothing written."""


class ExportCancelled(ExportError):
    """The clerk cancelled the export; nothing was written."""

    def __init__(self) -> None:
        super().__init__("导出已取消，没有写入任何文件。")


class BlockedError(ExportError):
    """The report still has errors, so a final (non-draft) export is refused."""

    def __init__(self, message: str, error_count: int) -> None:
        super().__init__(message)
        self.error_count = error_count
