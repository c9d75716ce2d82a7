"""What an exported .docx/.xlsx contains, as plain data for the floor script (bare_export.py)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _text(element: Any) -> str:
    return "".join(t.text or "" for t in element.iter(f"{W}t"))


def docx_content(path: Path) -> list[tuple[str, Any]]:
    """Body paragraphs and tables in order; a table is its rows of (real, unmerged) cell texts."""
    import docx

    body = docx.Document(str(path)).element.body
    items: list[tuple[str, Any]] = []
    for child in body.iterchildren():
        if child.tag == f"{W}p":
            items.append(("p", _text(child)))
        elif child.tag == f"{W}tbl":
            rows = [[_text(tc) for tc in tr.iterchildren(f"{W}tc")] for tr in child.iterchildren(f"{W}tr")]
            if rows:
                items.append(("t", rows))
    return items


def _plain(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    return value


def xlsx_content(path: Path) -> list[dict[str, Any]]:
    import openpyxl

    workbook = openpyxl.load_workbook(str(path))
    return [{"title": ws.title,
             "cells": [[c.row, c.column, _plain(c.value)] for row in ws.iter_rows() for c in row if c.value is not None]}
            for ws in workbook.worksheets]


def content_of(docx_path: Path, xlsx_path: Path) -> dict[str, Any]:
    body = docx_content(docx_path)
    sheets = xlsx_content(xlsx_path)
    return {"body": body, "sheets": sheets, "counts": counts(body, sheets)}


def counts(body: list[tuple[str, Any]], sheets: list[dict[str, Any]]) -> dict[str, int]:
    tables = [rows for kind, rows in body if kind == "t"]
    return {"paragraphs": sum(1 for kind, _ in body if kind == "p"), "tables": len(tables),
            "table_cells": sum(len(r) for rows in tables for r in rows),
            "sheets": len(sheets), "sheet_cells": sum(len(s["cells"]) for s in sheets)}
