"""Named cell styles of the Excel export: one assignment per cell, shared by template and code.

The built-in template carries these styles; a bureau's template gets them added when a table is
written into it. Fonts are the ones every Chinese Windows has.
"""

from __future__ import annotations

from typing import Any

from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side

from .grid import MONEY_FORMAT, PERCENT_FORMAT, POINTS_FORMAT, SCORE_FORMAT, Align, Cell

BODY_FONT = "宋体"
HEADING_FONT = "黑体"
BODY_SIZE = 11
_THIN = Side(style="thin", color="000000")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEADER_FILL = PatternFill("solid", fgColor="E7E6E6")

TITLE = "br_title"
CAPTION = "br_caption"
CAPTION_LEFT = "br_caption_left"
CAPTION_CENTER = "br_caption_center"
LABEL = "br_label"
HEADER = "br_header"
_FORMATS = {MONEY_FORMAT: "money", SCORE_FORMAT: "score", POINTS_FORMAT: "points", PERCENT_FORMAT: "percent"}
_NUMBER_ALIGN = {"money": "right", "score": "center", "points": "center", "percent": "right"}


def _style(name: str, *, font: Font, align: Alignment, border: bool = True, number_format: str = "General",
           fill: PatternFill | None = None) -> NamedStyle:
    style = NamedStyle(name=name, font=font, alignment=align, number_format=number_format)
    if border:
        style.border = _BORDER
    if fill is not None:
        style.fill = fill
    return style


def named_styles() -> list[NamedStyle]:
    body = Font(name=BODY_FONT, size=BODY_SIZE)
    bold = Font(name=BODY_FONT, size=BODY_SIZE, bold=True)
    styles = [
        _style(TITLE, font=Font(name=HEADING_FONT, size=16), align=Alignment(horizontal="center",
                                                                             vertical="center"), border=False),
        _style(CAPTION, font=Font(name=BODY_FONT, size=10), align=Alignment(horizontal="right", vertical="center"),
               border=False),
        _style(CAPTION_LEFT, font=Font(name=BODY_FONT, size=10), align=Alignment(horizontal="left", vertical="center"),
               border=False),
        _style(CAPTION_CENTER, font=Font(name=BODY_FONT, size=10),
               align=Alignment(horizontal="center", vertical="center"), border=False),
        _style(LABEL, font=Font(name=HEADING_FONT, size=12), align=Alignment(horizontal="left",
                                                                             vertical="center"), border=False),
        _style(HEADER, font=Font(name=HEADING_FONT, size=BODY_SIZE), fill=_HEADER_FILL,
               align=Alignment(horizontal="center", vertical="center", wrap_text=True)),
    ]
    for is_bold in (False, True):
        font = bold if is_bold else body
        suffix = "_bold" if is_bold else ""
        for align in ("left", "center"):
            styles.append(_style(f"br_text_{align}{suffix}", font=font,
                                 align=Alignment(horizontal=align, vertical="center", wrap_text=True)))
        for fmt, kind in _FORMATS.items():
            styles.append(_style(f"br_{kind}{suffix}", font=font, number_format=fmt,
                                 align=Alignment(horizontal=_NUMBER_ALIGN[kind], vertical="center")))
    return styles


def style_for(cell: Cell, *, header: bool = False) -> str:
    """The named style a grid cell is written with."""
    if header:
        return HEADER
    suffix = "_bold" if cell.bold else ""
    if cell.number_format in _FORMATS:
        return f"br_{_FORMATS[cell.number_format]}{suffix}"
    align = "left" if cell.align is Align.LEFT else "center"
    return f"br_text_{align}{suffix}"


def ensure_styles(workbook: Any) -> None:
    """Register the named styles a workbook lacks (a bureau's template has none of them)."""
    existing = set(workbook.named_styles)
    for style in named_styles():
        if style.name not in existing:
            workbook.add_named_style(style)
