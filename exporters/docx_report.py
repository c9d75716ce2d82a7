"""The built-in Word report: every section in the framework's order, laid out per GB/T 9704."""

from __future__ import annotations

import datetime as dt
from io import BytesIO
from typing import Any

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.shared import Mm
from lxml import etree

from .builtin_templates import DOCX_TEMPLATE, template_bytes
from .docx_layout import (
    ANNEX,
    CAPTION,
    COVER,
    HEADING1,
    HEADING2,
    HEADING3,
    SIGNATURE,
    TITLE,
    apply_fonts,
    paragraph_properties,
)
from .docx_table import build_table
from .docx_xml import TWIPS_PER_MM, add_run, el, w
from .grid import Grid
from .page import (
    LANDSCAPE_TEXT_WIDTH_MM,
    LINE_PT,
    MARGINS_MM,
    NARROW_TABLE_MM,
    PAGE_MM,
    SMALL_TABLE_PT,
    TABLE_PT,
    TEXT_WIDTH_MM,
)
from .report_blocks import DRAFT_HEADER, Block, PageBreak, Paragraph, Role, Signature, Table, report_blocks
from .report_view import ReportView
from .settings import ExportSettings, FontRole

TABLE_GAP_PT = 10.0


def build_docx(view: ReportView) -> bytes:
    """The whole report as .docx bytes (nothing is written to disk here)."""
    doc = Document(BytesIO(template_bytes(DOCX_TEMPLATE)))
    apply_fonts(doc.styles.element, view.settings)
    writer = _BodyWriter(view, doc.element.body)
    for block in report_blocks(view):
        if isinstance(block, PageBreak):
            if block.annex:
                # The scoring table is an annex (models.headings: unnumbered): after the signature, in a
                # section of its own (landscape when the table is wide), headed "附件" as GB/T 9704 lays out
                # attachments.
                _start_annex_section(doc, landscape=block.landscape)
                writer.width_mm = LANDSCAPE_TEXT_WIDTH_MM if block.landscape else TEXT_WIDTH_MM
            else:
                _end_cover_section(doc)
        else:
            writer.write(block)
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
    """Lays the report's blocks (exporters.report_blocks) out per GB/T 9704."""

    def __init__(self, view: ReportView, body: etree._Element) -> None:
        self.view = view
        # Content goes before the body's final w:sectPr, which must stay the last child.
        self._end = body.find(w("sectPr"))
        self._body = body
        self.body_font = view.settings.font(FontRole.BODY)
        self.fonts = {role: view.settings.font(role) for role in FontRole}
        self.width_mm = TEXT_WIDTH_MM  # of the page the writer is on (the annex may be landscape)

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

    def table(self, grid: Grid, *, width_mm: float = TEXT_WIDTH_MM, size_pt: float = TABLE_PT,
              keep_together: bool = True) -> None:
        if grid.caption:
            # Right-aligned with the table's right edge, not the page's.
            self.para(grid.caption, CAPTION.id, right_twips=round((TEXT_WIDTH_MM - width_mm) / 2 * TWIPS_PER_MM))
        self._append(build_table(grid, self.body_font, size_pt, width_mm, keep_together=keep_together))
        # A short gap before whatever follows (a heading right under a table's border looks cramped); Word
        # also wants a paragraph after a table that ends a section.
        self.para("", line_pt=TABLE_GAP_PT, first_line_chars=0)

    # ------------------------------------------------------------ blocks

    def write(self, block: Block) -> None:
        if isinstance(block, Table):
            width = NARROW_TABLE_MM if block.narrow else self.width_mm
            self.table(block.grid, width_mm=width, size_pt=SMALL_TABLE_PT if block.small else TABLE_PT,
                       keep_together=block.keep_together)
        elif isinstance(block, Signature):
            self.signature(block)
        elif isinstance(block, Paragraph):
            self.paragraph(block)

    def paragraph(self, block: Paragraph) -> None:
        # On a cover page the title stands three lines down; heading the body's first page it takes the
        # first line, and the body starts one line under the cover's facts.
        on_cover = self.view.settings.cover
        role, text = block.role, block.text
        if role is Role.TITLE:
            self.para(text, TITLE.id, FontRole.TITLE, before_pt=3 * LINE_PT if on_cover else 0)
        elif role is Role.COVER:
            if block.first:
                self.para(text, COVER.id, before_pt=(3 if on_cover else 1) * LINE_PT)
            else:
                self.para(text, COVER.id)
        elif role is Role.HEADING1:
            self.para(text, HEADING1.id, FontRole.HEADING1)
        elif role is Role.HEADING2:
            self.para(text, HEADING2.id, FontRole.HEADING2)
        elif role is Role.HEADING3:
            self.para(text, HEADING3.id, FontRole.BODY)
        elif role is Role.ANNEX_LABEL:
            # The label keeps with the title and the title with the first rows only: a table that does
            # not fit the page breaks, never pushing "附件" onto a page of its own.
            self.para(text, ANNEX.id, FontRole.HEADING1)
        elif role is Role.ANNEX_TITLE:
            self.para(text, TITLE.id, FontRole.TITLE, before_pt=LINE_PT)
        elif role is Role.ANNEX_BASIS:
            self.para(text, CAPTION.id, align="center")
        elif role is Role.TABLE_TITLE:
            self.para(text, HEADING3.id, FontRole.BODY, align="center", first_line_chars=0)
        else:  # BODY and BLANK
            self.para(text)

    def signature(self, block: Signature) -> None:
        """The signature block (GB/T 9704 §7.3.5), under the 附件说明 (§7.3.4: one line down, indented
        two characters). Without a stamp the unit's name sits two characters in from the right and the
        date starts two characters right of the name's first character; laid out for a stamp, the date
        is four characters in and the name is centred over it, with room above for the seal. 填报人 /
        审核人 follow where the clerk or the bureau wants them."""
        # The signature (and the 附件说明 above it) never stands alone at the top of a page: the last
        # paragraph of the body goes along with it.
        previous = self._end.getprevious() if self._end is not None else None
        if previous is not None and previous.tag == w("p"):
            _keep_with_next(previous)
        if block.annex_note:
            self.para(block.annex_note, before_pt=LINE_PT, keep_next=True)
        unit_right, date_right = signature_indents(char_width(block.unit), char_width(block.date), seal=block.seal)
        self.para(block.unit, SIGNATURE.id, before_pt=(3 if block.seal else 1) * LINE_PT, keep_next=True,
                  right_chars=unit_right, first_line_chars=0)
        if block.signers:
            self.para(block.date, SIGNATURE.id, keep_next=True, right_chars=date_right, first_line_chars=0)
            blank = "\u3000" * SIGNER_BLANK
            self.para("\u3000\u3000".join(f"{label}：{name or blank}" for label, name in block.signers),
                      before_pt=LINE_PT)
        else:
            self.para(block.date, SIGNATURE.id, right_chars=date_right, first_line_chars=0)


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
