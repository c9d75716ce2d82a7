"""The built-in Word report: every section in the framework's order, laid out per GB/T 9704."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from io import BytesIO
from typing import Any

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.shared import Mm
from lxml import etree

from models.fields import FIELD_BY_KEY, FIELDS, GroupSpec, Kind, fields_of_group, groups_of_section
from models.headings import cn_number, section_heading

from .builtin_templates import DOCX_TEMPLATE, template_bytes
from .docx_layout import (
    ANNEX,
    CAPTION,
    COVER,
    HEADING1,
    HEADING2,
    HEADING3,
    LINE_PT,
    MARGINS_MM,
    PAGE_MM,
    SIGNATURE,
    SMALL_TABLE_PT,
    TABLE_PT,
    TEXT_WIDTH_MM,
    TITLE,
    apply_fonts,
    paragraph_properties,
)
from .docx_table import build_table
from .docx_xml import TWIPS_PER_MM, add_run, el, w
from .finance_grid import execution_grid, money_grid
from .grid import Grid
from .indicator_grid import INDICATOR_TITLE, indicator_grid
from .report_view import ReportView
from .sanitize import paragraphs
from .scoring_grid import scoring_grid
from .settings import ExportSettings, FontRole
from .title_lines import split_name, title_lines

MISSING_TEXT = "（未填写）"
DRAFT_HEADER = "草稿　仅供内部审阅，不作为正式报送材料"
LANDSCAPE_ABOVE_COLUMNS = 5  # the national form's eight columns need the width of a landscape page
LANDSCAPE_TEXT_WIDTH_MM = PAGE_MM[1] - MARGINS_MM["top"] - MARGINS_MM["bottom"]
NARROW_TABLE_MM = 120.0  # two-column money tables: a full-width table would leave the figures far apart
TABLE_GAP_PT = 10.0
_COVER_KEYS = tuple(f.key for f in FIELDS if f.group == "cover")
_NAME_KEYS = ("unit_name", "supervisor")
COVER_LINE_CHARS = 24  # 28 characters a line, less the cover lines' indent of 4


def build_docx(view: ReportView) -> bytes:
    """The whole report as .docx bytes (nothing is written to disk here)."""
    doc = Document(BytesIO(template_bytes(DOCX_TEMPLATE)))
    apply_fonts(doc.styles.element, view.settings)
    writer = _BodyWriter(view, doc.element.body)
    sections = view.framework.sections
    for index, key in enumerate(sections):
        if key == "cover":
            writer.cover()
            if index == 0 and len(sections) > 1 and view.settings.cover:
                _end_cover_section(doc)
        elif key != "scoring":
            writer.section(key)
    if "scoring" in sections:
        # The scoring table is an annex (models.headings: unnumbered): after the signature, in a section
        # of its own (landscape when the table is wide), headed "附件" as GB/T 9704 lays out attachments.
        grid = scoring_grid(view)
        _start_annex_section(doc, landscape=len(grid.columns) > LANDSCAPE_ABOVE_COLUMNS)
        writer.annex(grid)
    if view.draft:
        mark_draft(doc, view.settings)
    props = doc.core_properties
    props.title = _core_property(view.title())
    props.author = _core_property(view.unit_name)
    props.comments = "由绩效自评填报助手生成"
    props.created = props.modified = dt.datetime.now(dt.timezone.utc).replace(microsecond=0, tzinfo=None)
    out = BytesIO()
    doc.save(out)
    return out.getvalue()


CORE_PROPERTY_LIMIT = 255  # python-docx refuses longer core properties (ValueError)


def _core_property(text: str) -> str:
    """A title or author for the file's properties: a unit name of any length must not stop the export."""
    return text if len(text) <= CORE_PROPERTY_LIMIT else text[: CORE_PROPERTY_LIMIT - 1] + "…"


def _end_cover_section(doc: DocxDocument) -> None:
    """The cover is a section of its own: no page number on it, and the body's pages count from 1."""
    doc.add_section(WD_SECTION.NEW_PAGE)
    cover, body = doc.sections[0], doc.sections[-1]
    cover.different_first_page_header_footer = True
    cover.first_page_footer.is_linked_to_previous = False  # an empty footer on the cover page
    sectpr = body._sectPr
    number_type = el("pgNumType", fmt="decimal", start="1")
    cols = sectpr.find(w("cols"))
    if cols is not None:
        cols.addprevious(number_type)
    else:
        sectpr.append(number_type)


def _start_annex_section(doc: DocxDocument, *, landscape: bool) -> None:
    doc.add_section(WD_SECTION.NEW_PAGE)
    annex = doc.sections[-1]
    sectpr = annex._sectPr
    for number_type in sectpr.findall(w("pgNumType")):
        sectpr.remove(number_type)  # page numbers run on from the body
    if landscape:
        annex.orientation = WD_ORIENT.LANDSCAPE
        annex.page_width, annex.page_height = Mm(PAGE_MM[1]), Mm(PAGE_MM[0])
        # The portrait margins turned with the page: the binding edge stays where it was.
        annex.top_margin, annex.bottom_margin = Mm(MARGINS_MM["left"]), Mm(MARGINS_MM["right"])
        annex.left_margin, annex.right_margin = Mm(MARGINS_MM["top"]), Mm(MARGINS_MM["bottom"])


def mark_draft(doc: DocxDocument, settings: ExportSettings) -> None:
    """A red 草稿 line at the top of every header a page can show (the first section's headers are
    inherited by the others unless they define their own)."""
    font = settings.font(FontRole.HEADING1)
    for index, section in enumerate(doc.sections):
        headers = [section.header, section.even_page_header]
        if section.different_first_page_header_footer:
            headers.append(section.first_page_header)
        for header in headers:
            if header.is_linked_to_previous:
                if index > 0:
                    continue  # shows the first section's header, marked already
                header.is_linked_to_previous = False  # a new, empty header
                p = header.paragraphs[0]._p
            else:
                p = el("p")
                header._element.insert(0, p)
                paragraph_properties(el("pPr", p), align="center")
            add_run(p, DRAFT_HEADER, font, 10.5, color="C00000")


def _keep_with_next(p: etree._Element) -> None:
    ppr = p.find(w("pPr"))
    if ppr is None:
        ppr = el("pPr")
        p.insert(0, ppr)
    if ppr.find(w("keepNext")) is None:
        style = ppr.find(w("pStyle"))
        ppr.insert(0 if style is None else 1, el("keepNext"))  # w:keepNext follows w:pStyle


class _BodyWriter:
    def __init__(self, view: ReportView, body: etree._Element) -> None:
        self.view = view
        self.fw = view.framework
        # Content goes before the body's final w:sectPr, which must stay the last child.
        self._end = body.find(w("sectPr"))
        self._body = body
        self.body_font = view.settings.font(FontRole.BODY)
        self.fonts = {role: view.settings.font(role) for role in FontRole}

    # ------------------------------------------------------------ primitives

    def _append(self, element: etree._Element) -> etree._Element:
        if self._end is not None:
            self._end.addprevious(element)
        else:
            self._body.append(element)
        return element

    def para(self, text: str, style: str | None = None, role: FontRole = FontRole.BODY,
             **direct: Any) -> etree._Element:
        p = el("p")
        ppr = el("pPr", p)
        if style and style != "Normal":
            el("pStyle", ppr, val=style)
        if direct:
            paragraph_properties(ppr, **direct)
        if text:
            add_run(p, text, self.fonts[role])
        return self._append(p)

    def heading(self, level: int, text: str) -> None:
        style, role = {1: (HEADING1.id, FontRole.HEADING1), 2: (HEADING2.id, FontRole.HEADING2),
                       3: (HEADING3.id, FontRole.BODY)}[level]
        self.para(text, style, role)

    def narrative(self, text: str, *, required: bool = True) -> None:
        parts = paragraphs(text)
        if not parts and required:
            parts = [MISSING_TEXT]
        for part in parts:
            self.para(part)

    def table(self, grid: Grid, *, width_mm: float = TEXT_WIDTH_MM, size_pt: float = TABLE_PT,
              keep_together: bool = True) -> None:
        if grid.caption:
            # Right-aligned with the table's right edge, not the page's.
            self.para(grid.caption, CAPTION.id, right_twips=round((TEXT_WIDTH_MM - width_mm) / 2 * TWIPS_PER_MM))
        self._append(build_table(grid, self.body_font, size_pt, width_mm, keep_together=keep_together))
        # A short gap before whatever follows (a heading right under a table's border looks cramped); Word
        # also wants a paragraph after a table that ends a section.
        self.para("", line_pt=TABLE_GAP_PT, first_line_chars=0)

    # ------------------------------------------------------------ sections

    def cover(self) -> None:
        view = self.view
        # Explicit breaks between words: Word would break the unit's name anywhere.
        lines = title_lines(view.unit_name, view.title(with_draft=False)[len(view.unit_name):])
        if view.draft:
            lines.append("（草稿）")
        # On a cover page the title stands three lines down; heading the body's first page it takes the
        # first line, and the body starts one line under the cover's facts.
        on_cover = view.settings.cover
        self.para("\n".join(lines), TITLE.id, FontRole.TITLE, before_pt=3 * LINE_PT if on_cover else 0)
        first = True
        for key in _COVER_KEYS:
            value = view.value_text(key)
            if not value:
                continue
            label = FIELD_BY_KEY[key].label
            if key in _NAME_KEYS:  # a long name breaks between its words here too, not "…执/法支队"
                value = "\n".join(split_name(value, COVER_LINE_CHARS - len(label) - 1))
            if first:
                self.para(f"{label}：{value}", COVER.id, before_pt=(3 if on_cover else 1) * LINE_PT)
                first = False
            else:
                self.para(f"{label}：{value}", COVER.id)
        if not on_cover:
            self.para("")  # a blank line between the facts and the body

    def section(self, key: str) -> None:
        if key == "signature":
            self.signature()
            return
        self.heading(1, section_heading(self.fw, key))
        number = 0
        for group in groups_of_section(key):
            writer = self._group_writer(group)
            if writer is None:
                continue
            number += 1
            if group.numbered:
                self.heading(2, f"（{cn_number(number)}）{group.title}")
            writer()
        if key == "conclusion" and self.view.explained:
            number += 1
            self.heading(2, f"（{cn_number(number)}）情况说明")
            self.explanations()

    def _group_writer(self, group: GroupSpec) -> Callable[[], None] | None:
        """What to write for a group, or None when a group has nothing to show (an optional block)."""
        view = self.view
        specs = fields_of_group(group.key)
        required = [s for s in specs if s.kind is Kind.NARRATIVE and s.required]
        optional = [s for s in specs if s.kind is Kind.NARRATIVE and not s.required]
        facts = view.group_facts(group.key, annex="scoring" in self.fw.sections)
        tables: list[tuple[Grid, float]] = []
        if group.key in ("income", "expense", "sangong"):
            grid = money_grid(view, group.key)
            if grid is not None:
                tables.append((grid, NARROW_TABLE_MM))
        elif group.key == "execution":
            tables.append((execution_grid(view), TEXT_WIDTH_MM))
        has_optional = any(view.report.is_filled(s.key) for s in optional)
        if not (facts or required or has_optional or tables):
            return None

        def write() -> None:
            for fact in facts:
                self.para(fact)
            numbered = len(required) > 1
            for index, spec in enumerate(required, 1):
                if numbered:
                    self.heading(3, f"{index}.{spec.label}")
                # A field that only restated the computed verdict was filled: nothing is missing.
                self.narrative(view.clerk_text(spec.key), required=not view.report.is_filled(spec.key))
            for spec in optional:
                self.narrative(view.clerk_text(spec.key), required=False)
            for grid, width in tables:
                # Four columns of 元 amounts ("39,700,000.00") fit their cells only at 五号.
                self.table(grid, width_mm=width, size_pt=SMALL_TABLE_PT if len(grid.columns) > 3 else TABLE_PT)

        return write

    def annex(self, grid: Grid) -> None:
        # "附件" on line 1, the title on line 3 (GB/T 9704 §8). The label keeps with the title and the
        # title with the first rows only: a table that does not fit the page breaks, never pushing
        # "附件" onto a page of its own.
        self.para("附件", ANNEX.id, FontRole.HEADING1)
        self.para(self.view.annex_title, TITLE.id, FontRole.TITLE, before_pt=LINE_PT)
        self.para(f"评价依据：{self.fw.name}", CAPTION.id, align="center")
        width = TEXT_WIDTH_MM if len(grid.columns) <= LANDSCAPE_ABOVE_COLUMNS else LANDSCAPE_TEXT_WIDTH_MM
        # 五号: the annex table is long, and at this size the Sichuan table fits one page.
        self.table(grid, width_mm=width, size_pt=SMALL_TABLE_PT, keep_together=False)
        indicators = indicator_grid(self.view)
        if indicators is not None:  # what the score table has no columns for: the rows as typed
            self.para(INDICATOR_TITLE, HEADING3.id, FontRole.BODY, align="center", first_line_chars=0)
            self.table(indicators, width_mm=width, size_pt=SMALL_TABLE_PT, keep_together=False)

    def explanations(self) -> None:
        for index, item in enumerate(self.view.explained, 1):
            parts = paragraphs(item.explanation)
            self.para(f"{index}.{item.issue}说明：{parts[0] if parts else ''}")
            for part in parts[1:]:
                self.para(part)

    def annex_note(self) -> None:
        """附件说明 (GB/T 9704 §7.3.4): under the body, one line down, indented two characters."""
        if "scoring" in self.fw.sections:
            self.para(f"附件：{self.view.annex_title}", before_pt=LINE_PT, keep_next=True)

    def signature(self) -> None:
        """The signature block (GB/T 9704 §7.3.5), under the 附件说明. Without a stamp the unit's name
        sits two characters in from the right and the date starts two characters right of the name's
        first character; laid out for a stamp, the date is four characters in and the name is centred
        over it, with room above for the seal. 填报人 / 审核人 follow where the clerk or the bureau
        wants them."""
        view = self.view
        # The signature (and the 附件说明 above it) never stands alone at the top of a page: the last
        # paragraph of the body goes along with it.
        previous = self._end.getprevious() if self._end is not None else None
        if previous is not None and previous.tag == w("p"):
            _keep_with_next(previous)
        self.annex_note()
        seal = view.settings.seal
        unit = view.sign_unit + (SEAL_MARK if seal else "")
        date = view.date("sign_date")
        unit_right, date_right = signature_indents(char_width(unit), char_width(date), seal=seal)
        self.para(unit, SIGNATURE.id, before_pt=(3 if seal else 1) * LINE_PT, keep_next=True,
                  right_chars=unit_right, first_line_chars=0)
        signers = [(label, view.text(key)) for key, label in SIGNERS]
        if view.settings.sign_lines or any(name for _, name in signers):
            self.para(date, SIGNATURE.id, keep_next=True, right_chars=date_right, first_line_chars=0)
            blank = "\u3000" * SIGNER_BLANK
            self.para("\u3000\u3000".join(f"{label}：{name or blank}" for label, name in signers), before_pt=LINE_PT)
        else:
            self.para(date, SIGNATURE.id, right_chars=date_right, first_line_chars=0)


SEAL_MARK = "（盖章）"
SIGNERS = (("sign_preparer", "填报人"), ("sign_reviewer", "审核人"))
SIGNER_BLANK = 6  # full-width spaces left to sign by hand


def char_width(text: str) -> float:
    """Width in 三号 characters: digits and Latin letters (Times New Roman) are half a character."""
    return sum(0.5 if ch.isascii() else 1.0 for ch in text)


def signature_indents(unit: float, date: float, *, seal: bool) -> tuple[float, float]:
    """Right indents (in characters) of the unit's name and the date, per GB/T 9704 §7.3.5."""
    if seal:  # §7.3.5.1: date four characters in, the name centred over it (never nearer than two)
        return max(2.0, 4 + (date - unit) / 2), 4.0
    # §7.3.5.2: the name two in, the date starting two right of the name; a longer date two in.
    date_right = unit - date
    if date_right >= 2:
        return 2.0, date_right
    return 4 + date - unit, 2.0
