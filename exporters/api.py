"""The export API for the CLI and the GUI (which calls it off the UI thread).

Everything is built in memory first; files are written only when both are ready, each one
all-or-nothing. Errors are ``ExportError`` subclasses whose ``str()`` is one Chinese line.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from models.fields import FIELD_BY_KEY
from models.report import Report

from .errors import (
    BlockedError,
    ExportCancelled,
    ExportError,
    OutputError,
    RenderLimitError,
    TemplateError,
    TemplateIssue,
)
from .form_mapping import FormMapping
from .output import default_file_names, default_paths, write_output
from .report_view import ReportView
from .settings import DateStyle, ExportSettings, FontScheme
from .template_check import CheckedTemplate, read_template

__all__ = [
    "BlockedError",
    "DateStyle",
    "ExportCancelled",
    "ExportError",
    "ExportResult",
    "ExportSettings",
    "FontScheme",
    "FormMapping",
    "OutputError",
    "RenderLimitError",
    "TemplateError",
    "TemplateIssue",
    "check_and_map_template",
    "check_template",
    "default_file_names",
    "default_paths",
    "export_report",
]

Progress = Callable[[int, str], None]
BLOCKED_SHOWN = 2


@dataclass(frozen=True, slots=True)
class ExportResult:
    paths: tuple[Path, ...]  # the files written, Word first
    notes: tuple[str, ...]  # what the clerk should know (mended template tags, unexplained warnings …)
    draft: bool = False
    mappings: tuple[FormMapping, ...] = ()  # for each bureau template: what went where


def _blocked_message(view: ReportView) -> str:
    errors = view.readiness.errors
    unreviewed = _unreviewed_labels(view.report)
    if not errors:
        return (f"报告还有 {len(unreviewed)} 项上年内容尚未核对，不能正式导出（可以先导出草稿）："
                f"{'、'.join(f'「{label}」' for label in unreviewed)}：请按本年情况修改，或确认后点“已核对”。")
    shown = "；".join(f"{i}. {e.message.rstrip('。')}" for i, e in enumerate(errors[:BLOCKED_SHOWN], 1))
    more = f"；另有 {len(errors) - BLOCKED_SHOWN} 个" if len(errors) > BLOCKED_SHOWN else ""
    still = f"另有 {len(unreviewed)} 项上年内容尚未核对。" if unreviewed else ""
    return f"报告还有 {len(errors)} 个错误，不能正式导出（可以先导出草稿）：{shown}{more}。{still}"


def _unreviewed_labels(report: Report) -> list[str]:
    """Narratives still as carried from last year's report (上年内容): a final export waits for them."""
    return [FIELD_BY_KEY[key].label for key in report.unreviewed()]


def check_template(path: Path, report: Report) -> tuple[TemplateIssue, ...]:
    """Check a template for the GUI when the clerk picks it: every problem, blocking or not.

    Raises TemplateError only when the file itself is refused (hostile, broken, not a template).
    """
    return check_and_map_template(path, report)[0]


def check_and_map_template(path: Path, report: Report) -> tuple[tuple[TemplateIssue, ...], FormMapping | None]:
    """The check, plus a trial fill in memory with this report: what export would put where (the
    mapping the 导出设置 shows before export), or None when a blocking problem stops the fill."""
    checked = read_template(Path(path))
    view = ReportView(report, ExportSettings())
    if checked.kind == "docx":
        from .docx_template import inspect_loaded

        issues: tuple[TemplateIssue, ...] = inspect_loaded(checked.data, view)
    else:
        from .xlsx_report import inspect_xlsx

        issues = inspect_xlsx(checked.data, view)
    mapping: FormMapping | None = None
    if not any(issue.blocking for issue in issues):
        try:  # a trial fill with this report: what export would stop at, the check reports now
            from .forms import preview

            mapping = preview(checked.kind, checked.data, view, checked.path.name)
        except RenderLimitError as exc:
            issues = (*issues, TemplateIssue("", str(exc)))
        except TemplateError as exc:
            issues = (*issues, *(exc.issues or (TemplateIssue("", str(exc)),)))
    return (*checked.notes, *issues), mapping


def export_report(
    report: Report,
    *,
    docx: Path | None,
    xlsx: Path | None,
    settings: ExportSettings = ExportSettings(),  # noqa: B008 - frozen, so sharing the default is safe
    docx_template: Path | None = None,
    xlsx_template: Path | None = None,
    draft: bool = False,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> ExportResult:
    """Export ``report`` to ``docx`` and/or ``xlsx``; see the module docstring for the guarantees.

    ``cancelled()`` turning true (the GUI's 取消) stops the export with ExportCancelled before any
    file is written; a template's render checks it as it goes.
    """

    def step(percent: int, text: str) -> None:
        if cancelled is not None and cancelled():
            raise ExportCancelled()
        if progress is not None:
            progress(percent, text)

    if docx is None and xlsx is None:
        raise ExportError("没有指定要导出的文件。")
    docx = Path(docx) if docx is not None else None
    xlsx = Path(xlsx) if xlsx is not None else None
    if docx is not None and xlsx is not None and docx.resolve() == xlsx.resolve():
        raise OutputError("Word 文件和 Excel 文件不能是同一个文件名。")
    step(0, "检查报告")
    view = ReportView(report, settings, draft=draft)
    notes: list[str] = []
    if not draft:
        if view.readiness.errors or report.unreviewed():
            raise BlockedError(_blocked_message(view), len(view.readiness.errors))
        if view.readiness.open_warnings:
            notes.append(f"有 {len(view.readiness.open_warnings)} 个提醒尚未说明；说明后会写入报告的“情况说明”。")

    step(10, "检查模板")
    docx_tpl = _template(docx_template, "docx", (docx, xlsx)) if docx is not None else None
    xlsx_tpl = _template(xlsx_template, "xlsx", (docx, xlsx)) if xlsx is not None else None
    for checked in (docx_tpl, xlsx_tpl):
        if checked is not None:
            notes.extend(str(n) for n in checked.notes)

    outputs: list[tuple[Path, bytes]] = []
    mappings: list[FormMapping] = []
    if docx is not None:
        step(20, "生成 Word 文档")
        if docx_tpl is None:
            from .docx_report import build_docx

            outputs.append((docx, build_docx(view)))
        else:
            from .forms import fill_docx

            data, template_notes, mapping = fill_docx(docx_tpl.data, view, docx_tpl.path.name,
                                                        cancelled=cancelled)
            notes.extend(template_notes)
            mappings.append(mapping)
            outputs.append((docx, data))
    if xlsx is not None:
        step(55, "生成 Excel 表格")
        from .xlsx_report import build_xlsx

        xlsx_mapping = FormMapping(xlsx_tpl.path.name) if xlsx_tpl is not None else None
        data, xlsx_notes = build_xlsx(view, xlsx_tpl.data if xlsx_tpl is not None else None, mapping=xlsx_mapping)
        notes.extend(xlsx_notes)
        if xlsx_mapping is not None:
            mappings.append(xlsx_mapping)
        outputs.append((xlsx, data))

    step(85, "保存文件")  # the last moment a cancel is honoured: from here on, the files are written
    written: list[Path] = []
    for path, data in outputs:
        try:
            write_output(path, data)
        except OutputError as exc:
            if written:
                saved = "、".join(p.name for p in written)
                raise OutputError(f"{exc}（{saved} 已保存）") from exc
            raise
        written.append(path)
    step(100, "导出完成")
    return ExportResult(tuple(written), tuple(notes), draft, tuple(mappings))


def _template(path: Path | None, kind: str, outputs: tuple[Path | None, ...]) -> CheckedTemplate | None:
    if path is None:
        return None
    path = Path(path)
    if any(out is not None and out.resolve() == path.resolve() for out in outputs):
        raise OutputError(f"导出文件不能覆盖模板「{path.name}」，请另选文件名。")
    return read_template(path, kind)
