"""The built-in report as printed blocks, in order: headings, paragraphs, tables, page breaks.

What the built-in Word report prints is decided here, once: the .docx writer (docx_report) lays these
blocks out per GB/T 9704, and the wizard's 预览 / 打印 (gui/preview.py) shows the same blocks, so the
preview has the headings, paragraphs and tables that will print. No docx, no Qt: layout (fonts, points,
indents) belongs to each writer.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from enum import Enum

from models.fields import FIELD_BY_KEY, FIELDS, GroupSpec, Kind, fields_of_group, groups_of_section
from models.headings import cn_number, section_heading

from .finance_grid import execution_grid, money_grid
from .grid import Grid
from .indicator_grid import INDICATOR_TITLE, indicator_grid
from .report_view import ReportView
from .sanitize import paragraphs
from .scoring_grid import LANDSCAPE_ABOVE_COLUMNS, scoring_grid
from .title_lines import split_name, title_lines

MISSING_TEXT = "（未填写）"
DRAFT_HEADER = "草稿　仅供内部审阅，不作为正式报送材料"  # at the top of every page of a draft
COVER_KEYS = tuple(f.key for f in FIELDS if f.group == "cover")
_NAME_KEYS = ("unit_name", "supervisor")
COVER_LINE_CHARS = 24  # 28 characters a line, less the cover lines' indent of 4
SEAL_MARK = "（盖章）"
SIGNERS = (("sign_preparer", "填报人"), ("sign_reviewer", "审核人"))


class Role(str, Enum):
    """What a paragraph is; each writer gives each role its style."""

    TITLE = "title"  # the report's title; lines broken between words ("\n")
    COVER = "cover"  # a cover fact, "单位名称：……"
    BLANK = "blank"  # an empty line (between the cover facts and the body when there is no cover page)
    HEADING1 = "heading1"  # 一、……
    HEADING2 = "heading2"  # （一）……
    HEADING3 = "heading3"  # 1.……
    BODY = "body"
    ANNEX_LABEL = "annex_label"  # 附件
    ANNEX_TITLE = "annex_title"  # 部门整体支出绩效评价得分表
    ANNEX_BASIS = "annex_basis"  # 评价依据：……
    TABLE_TITLE = "table_title"  # a centred title over a second annex table


@dataclass(frozen=True, slots=True)
class Paragraph:
    role: Role
    text: str
    first: bool = False  # the first cover fact: it stands lower on the page


@dataclass(frozen=True, slots=True)
class Table:
    grid: Grid  # its caption ("金额单位：万元") is printed above it
    narrow: bool = False  # a two-column money table: narrower than the text, so its figures stay close
    small: bool = False  # printed a size smaller (many columns of amounts; the annex)
    keep_together: bool = True  # a short table is not split over two pages


@dataclass(frozen=True, slots=True)
class PageBreak:
    """A new page: after the cover page (its own section: no page number) or before the annex."""

    annex: bool = False
    landscape: bool = False  # the annex table is too wide for a portrait page


@dataclass(frozen=True, slots=True)
class Signature:
    """The end of the body (GB/T 9704 §7.3.4-5): the 附件说明, the unit (with 盖章 when laid out for a
    seal), the date, and 填报人 / 审核人 when printed (empty names leave a blank to sign by hand)."""

    annex_note: str  # "附件：……", or "" without an annex
    unit: str
    date: str
    signers: tuple[tuple[str, str], ...]  # () when the report prints none
    seal: bool


Block = Paragraph | Table | PageBreak | Signature


def report_blocks(view: ReportView) -> Iterator[Block]:
    """Every block of the built-in report, in print order: the sections in the framework's order, then
    the scoring table as an annex on its own pages (landscape when it is wide)."""
    sections = view.framework.sections
    for index, key in enumerate(sections):
        if key == "cover":
            yield from _cover(view)
            if index == 0 and len(sections) > 1 and view.settings.cover:
                yield PageBreak()
        elif key == "signature":
            yield _signature(view)
        elif key != "scoring":
            yield from _section(view, key)
    if "scoring" in sections:
        grid = scoring_grid(view)
        yield PageBreak(annex=True, landscape=len(grid.columns) > LANDSCAPE_ABOVE_COLUMNS)
        yield from _annex(view, grid)


def _cover(view: ReportView) -> Iterator[Block]:
    # Explicit breaks between words: Word would break the unit's name anywhere.
    lines = title_lines(view.unit_name, view.title(with_draft=False)[len(view.unit_name):])
    if view.draft:
        lines.append("（草稿）")
    yield Paragraph(Role.TITLE, "\n".join(lines))
    first = True
    for key in COVER_KEYS:
        value = view.value_text(key)
        if not value:
            continue
        label = FIELD_BY_KEY[key].label
        if key in _NAME_KEYS:  # a long name breaks between its words here too, not "…执/法支队"
            value = "\n".join(split_name(value, COVER_LINE_CHARS - len(label) - 1))
        yield Paragraph(Role.COVER, f"{label}：{value}", first=first)
        first = False
    if not view.settings.cover:
        yield Paragraph(Role.BLANK, "")  # a blank line between the facts and the body


def _section(view: ReportView, key: str) -> Iterator[Block]:
    yield Paragraph(Role.HEADING1, section_heading(view.framework, key))
    number = 0
    for group in groups_of_section(key):
        blocks = _group(view, group)
        if blocks is None:
            continue
        number += 1
        if group.numbered:
            yield Paragraph(Role.HEADING2, f"（{cn_number(number)}）{group.title}")
        yield from blocks
    if key == "conclusion" and view.explained:
        number += 1
        yield Paragraph(Role.HEADING2, f"（{cn_number(number)}）情况说明")
        for index, item in enumerate(view.explained, 1):
            parts = paragraphs(item.explanation)
            yield Paragraph(Role.BODY, f"{index}.{item.issue}说明：{parts[0] if parts else ''}")
            yield from (Paragraph(Role.BODY, part) for part in parts[1:])


def _narrative(text: str, *, required: bool) -> list[Block]:
    parts = paragraphs(text)
    if not parts and required:
        parts = [MISSING_TEXT]
    return [Paragraph(Role.BODY, part) for part in parts]


def _group(view: ReportView, group: GroupSpec) -> list[Block] | None:
    """What a group prints, or None when it has nothing to show (an optional block)."""
    specs = fields_of_group(group.key)
    required = [s for s in specs if s.kind is Kind.NARRATIVE and s.required]
    optional = [s for s in specs if s.kind is Kind.NARRATIVE and not s.required]
    facts = view.group_facts(group.key, annex="scoring" in view.framework.sections)
    tables: list[Table] = []
    if group.key in ("income", "expense", "sangong"):
        grid = money_grid(view, group.key)
        if grid is not None:
            # Four columns of 元 amounts ("39,700,000.00") fit their cells only a size smaller.
            tables.append(Table(grid, narrow=True, small=len(grid.columns) > 3))
    elif group.key == "execution":
        grid = execution_grid(view)
        tables.append(Table(grid, small=len(grid.columns) > 3))
    has_optional = any(view.report.is_filled(s.key) for s in optional)
    if not (facts or required or has_optional or tables):
        return None
    blocks: list[Block] = [Paragraph(Role.BODY, fact) for fact in facts]
    numbered = len(required) > 1
    for index, spec in enumerate(required, 1):
        if numbered:
            blocks.append(Paragraph(Role.HEADING3, f"{index}.{spec.label}"))
        # A field that only restated the computed verdict was filled: nothing is missing.
        blocks += _narrative(view.clerk_text(spec.key), required=not view.report.is_filled(spec.key))
    for spec in optional:
        blocks += _narrative(view.clerk_text(spec.key), required=False)
    return blocks + tables


def _annex(view: ReportView, grid: Grid) -> Iterator[Block]:
    # "附件" on line 1, the title on line 3 (GB/T 9704 §8).
    yield Paragraph(Role.ANNEX_LABEL, "附件")
    yield Paragraph(Role.ANNEX_TITLE, view.annex_title)
    yield Paragraph(Role.ANNEX_BASIS, f"评价依据：{view.framework.name}")
    # A size smaller: the annex table is long, and so the Sichuan table fits one page.
    yield Table(grid, small=True, keep_together=False)
    indicators = indicator_grid(view)
    if indicators is not None:  # what the score table has no columns for: the rows as typed
        yield Paragraph(Role.TABLE_TITLE, INDICATOR_TITLE)
        yield Table(indicators, small=True, keep_together=False)


def _signature(view: ReportView) -> Signature:
    seal = view.settings.seal
    signers = tuple((label, view.text(key)) for key, label in SIGNERS)
    printed = view.settings.sign_lines or any(name for _, name in signers)
    return Signature(
        annex_note=f"附件：{view.annex_title}" if "scoring" in view.framework.sections else "",
        unit=view.sign_unit + (SEAL_MARK if seal else ""),
        date=view.date("sign_date"),
        signers=signers if printed else (),
        seal=seal,
    )
