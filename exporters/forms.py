"""A bureau's file filled both ways: its ``{{ }}`` placeholders (if any), then by what the form says.

One file may mix both: the placeholders are rendered first, and the form filler only writes where the
form is still blank, so a value never lands twice. A file where neither found anything to fill is
refused (a blank form must never come back as if it were done).
"""

from __future__ import annotations

from collections.abc import Callable
from io import BytesIO
from typing import Any

from .errors import TemplateError
from .form_mapping import NOTHING_FOUND, FormMapping
from .report_view import ReportView


def _refuse_nothing(name: str) -> TemplateError:
    return TemplateError(f"「{name}」：{NOTHING_FOUND}（没有占位符，也没有认出封面标签、章节标题或得分表）。"
                         "请确认选择的是财政局下发的报告格式或得分表。")


def fill_docx(data: bytes, view: ReportView, name: str, *,
              cancelled: Callable[[], bool] | None = None) -> tuple[bytes, list[str], FormMapping]:
    """The filled Word file, notes for the clerk, and the mapping. ``cancelled``: see render_docx."""
    from .docx_template import count_tags, render_docx

    mapping = FormMapping(name)
    notes: list[str] = []
    doc = _open_docx(data)
    tags = count_tags(doc)
    if tags:
        data, notes = render_docx(data, view, cancelled=cancelled)
        mapping.placeholders = tags
        doc = _open_docx(data)
    elif view.draft:
        from .docx_report import mark_draft

        mark_draft(doc, view.settings)
    from .form_docx import fill_docx_form

    fill_docx_form(doc, view, mapping)
    if not mapping.recognised:
        raise _refuse_nothing(name)
    out = BytesIO()
    doc.save(out)
    return out.getvalue(), notes, mapping


def _open_docx(data: bytes) -> Any:
    from docx import Document

    try:
        return Document(BytesIO(data))
    except Exception as exc:  # python-docx refuses malformed packages with many exception types
        raise TemplateError("Word 模板无法打开：文件已损坏或不是有效的 Word 文档。") from exc


def preview(kind: str, data: bytes, view: ReportView, name: str) -> FormMapping:
    """The mapping of a fill, run in memory only: what the 导出设置 shows before export."""
    if kind == "docx":
        return fill_docx(data, view, name)[2]
    from .xlsx_report import build_xlsx

    mapping = FormMapping(name)
    build_xlsx(view, data, mapping=mapping)
    return mapping
