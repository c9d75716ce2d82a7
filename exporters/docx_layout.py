"""GB/T 9704 page and paragraph layout: the styles, the page, the page-number footers.

The built-in template (``build_templates``) is written from these definitions, and every export
re-applies the chosen fonts to the same styles, so the template and the code cannot drift apart.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from lxml import etree

from .docx_xml import TWIPS_PER_MM, TWIPS_PER_PT, add_page_field, add_run, el, half_points, rfonts, w
from .page import BODY_PT, LINE_PT, MARGINS_MM, PAGE_MM, TABLE_PT, TITLE_PT
from .settings import ExportSettings, FontRole

# The page number's top sits 7 mm under the type area: 35 − 7 − one 14 pt line ≈ 23 mm from the edge.
FOOTER_MM = 23
HEADER_MM = 15
PAGE_NUMBER_PT = 14.0  # 四号
CHARS_PER_LINE = 28
# The grid (w:docGrid linesAndChars) says 28 characters a line, but snapping to it is off and the 三号
# characters are condensed by 0.35 pt instead (w:spacing, twentieths of a point): LibreOffice gives a
# character wider than the grid's pitch (16 pt in a 15.79 pt cell) two cells and puts 14 on a line, and
# mixes snapped CJK with Latin digits badly. At 15.65 pt Word, WPS and LibreOffice all set 28.
GRID_CONDENSE = -7
TITLE_LINE_PT = 36.0
CHAR_TWIPS = round(BODY_PT * TWIPS_PER_PT)  # one character of body text


def text_width_twips() -> int:
    """The type area's width as Word sees it: the page and both margins each rounded to twips."""
    return int(mm(PAGE_MM[0])) - int(mm(MARGINS_MM["left"])) - int(mm(MARGINS_MM["right"]))


def grid_char_space(chars: int = CHARS_PER_LINE, width_twips: int | None = None) -> int:
    """w:docGrid/@w:charSpace: 4096ths of a point added to the 三号 pitch so ``chars`` fit one line.

    Word puts floor(width / pitch) characters on a line, so the pitch is rounded down (−842 for 28 in
    156 mm); rounding to nearest would give a pitch a hair too wide and 27 characters.
    """
    width_pt = (text_width_twips() if width_twips is None else width_twips) / TWIPS_PER_PT
    return math.floor((width_pt / chars - BODY_PT) * 4096)


def mm(value: float) -> str:
    return str(round(value * TWIPS_PER_MM))


@dataclass(frozen=True, slots=True)
class ParaStyle:
    id: str
    name: str
    role: FontRole
    size_pt: float
    align: str = "both"
    first_line_chars: int = 2
    left_chars: int = 0
    right_chars: float = 0
    line_pt: float | None = LINE_PT  # exact line spacing; None: single, as Word computes it
    outline: int | None = None  # heading level for Word's navigation pane
    keep_next: bool = False
    kind: str = "paragraph"


NORMAL = ParaStyle("Normal", "Normal", FontRole.BODY, BODY_PT)
TITLE = ParaStyle("BRTitle", "报告标题", FontRole.TITLE, TITLE_PT, align="center", first_line_chars=0,
                  line_pt=TITLE_LINE_PT, keep_next=True)
HEADING1 = ParaStyle("BRHeading1", "一级标题", FontRole.HEADING1, BODY_PT, outline=0, keep_next=True)
HEADING2 = ParaStyle("BRHeading2", "二级标题", FontRole.HEADING2, BODY_PT, outline=1, keep_next=True)
HEADING3 = ParaStyle("BRHeading3", "三级标题", FontRole.BODY, BODY_PT, outline=2, keep_next=True)
COVER = ParaStyle("BRCover", "封面信息", FontRole.BODY, BODY_PT, align="left", first_line_chars=0, left_chars=4)
SIGNATURE = ParaStyle("BRSignature", "落款", FontRole.BODY, BODY_PT, align="right", first_line_chars=0,
                      right_chars=4)
ANNEX = ParaStyle("BRAnnex", "附件标注", FontRole.HEADING1, BODY_PT, align="left", first_line_chars=0,
                  keep_next=True)  # "附件" goes with the annex's title
CAPTION = ParaStyle("BRCaption", "表格说明", FontRole.BODY, TABLE_PT, align="right", first_line_chars=0,
                    line_pt=None, keep_next=True)
HEADER = ParaStyle("Header", "header", FontRole.BODY, 10.5, align="center", first_line_chars=0, line_pt=None)
FOOTER = ParaStyle("Footer", "footer", FontRole.PAGE_NUMBER, PAGE_NUMBER_PT, align="left",
                   first_line_chars=0, line_pt=None)
PARAGRAPH_STYLES = (NORMAL, TITLE, HEADING1, HEADING2, HEADING3, COVER, SIGNATURE, ANNEX, CAPTION, HEADER, FOOTER)


def paragraph_properties(ppr: etree._Element, *, keep_next: bool = False, line_pt: float | None = None,
                         single: bool = False, before_pt: float = 0, first_line_chars: int | None = None,
                         left_chars: int = 0, right_chars: float = 0, right_twips: int = 0, align: str | None = None,
                         outline: int | None = None, page_break_before: bool = False,
                         snap: bool = True) -> None:
    """Direct paragraph properties, appended in the order the schema requires."""
    if keep_next:
        el("keepNext", ppr)
    if page_break_before:
        el("pageBreakBefore", ppr)
    if not snap:
        el("snapToGrid", ppr, val="0")
    if line_pt is not None or single or before_pt:
        spacing = el("spacing", ppr, before=str(round(before_pt * TWIPS_PER_PT)), after="0")
        if line_pt is not None:
            spacing.set(w("line"), str(round(line_pt * TWIPS_PER_PT)))
            spacing.set(w("lineRule"), "exact")
        elif single:
            spacing.set(w("line"), "240")
            spacing.set(w("lineRule"), "auto")
    if first_line_chars is not None or left_chars or right_chars or right_twips:
        ind = el("ind", ppr)
        if left_chars:
            ind.set(w("leftChars"), str(left_chars * 100))
            ind.set(w("left"), str(left_chars * CHAR_TWIPS))
        if right_chars:
            ind.set(w("rightChars"), str(round(right_chars * 100)))
            ind.set(w("right"), str(round(right_chars * CHAR_TWIPS)))
        elif right_twips:
            ind.set(w("right"), str(right_twips))
        chars = first_line_chars or 0
        ind.set(w("firstLineChars"), str(chars * 100))
        ind.set(w("firstLine"), str(chars * CHAR_TWIPS))
    if align:
        el("jc", ppr, val=align)
    if outline is not None:
        el("outlineLvl", ppr, val=str(outline))


def _style_element(style: ParaStyle, settings: ExportSettings) -> etree._Element:
    s = el("style", type=style.kind, styleId=style.id)
    if style.id == "Normal":
        s.set(w("default"), "1")
    el("name", s, val=style.name)
    if style.id != "Normal":
        el("basedOn", s, val="Normal")
    if style.outline is not None or style.id in ("BRTitle", "Normal"):
        el("qFormat", s)
    ppr = el("pPr", s)
    if style.id == "Normal":
        el("widowControl", ppr, val="0")  # the Chinese default: keep the 22-line grid, no orphan moves
    paragraph_properties(ppr, keep_next=style.keep_next, line_pt=style.line_pt, single=style.line_pt is None,
                         first_line_chars=style.first_line_chars, left_chars=style.left_chars,
                         right_chars=style.right_chars, align=style.align, outline=style.outline,
                         snap=style.id != "Normal")
    rpr = el("rPr", s)
    font = settings.font(style.role)
    rfonts(rpr, font)
    if font.bold:
        el("b", rpr)
        el("bCs", rpr)
    if style.id == "Normal":
        el("spacing", rpr, val=str(GRID_CONDENSE))
    elif style.size_pt != BODY_PT:
        el("spacing", rpr, val="0")  # other sizes keep the font's own pitch
    el("sz", rpr, val=half_points(style.size_pt))
    el("szCs", rpr, val=half_points(style.size_pt))
    return s


def styles_xml(settings: ExportSettings) -> bytes:
    """styles.xml: explicit fonts in docDefaults and every style; no theme fonts anywhere."""
    root = el("styles")
    defaults = el("docDefaults", root)
    rpr = el("rPr", el("rPrDefault", defaults))
    rfonts(rpr, settings.font(FontRole.BODY))
    el("sz", rpr, val=half_points(BODY_PT))
    el("szCs", rpr, val=half_points(BODY_PT))
    el("lang", rpr, val="en-US", eastAsia="zh-CN", bidi="ar-SA")
    el("pPrDefault", defaults)
    for style in PARAGRAPH_STYLES:
        root.append(_style_element(style, settings))
    # Word expects these two defaults to exist.
    dpf = el("style", root, type="character", default="1", styleId="DefaultParagraphFont")
    el("name", dpf, val="Default Paragraph Font")
    el("uiPriority", dpf, val="1")
    el("semiHidden", dpf)
    tn = el("style", root, type="table", default="1", styleId="TableNormal")
    el("name", tn, val="Normal Table")
    el("semiHidden", tn)
    tblpr = el("tblPr", tn)
    el("tblInd", tblpr, w="0", type="dxa")
    mar = el("tblCellMar", tblpr)
    for side, width in (("top", "0"), ("left", "108"), ("bottom", "0"), ("right", "108")):
        el(side, mar, w=width, type="dxa")
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))


def apply_fonts(styles_root: etree._Element, settings: ExportSettings) -> None:
    """Re-point the template's styles at the chosen font scheme (a handful of elements, once per export)."""
    by_id = {s.id: s for s in PARAGRAPH_STYLES}
    default_rfonts = styles_root.find(f"{w('docDefaults')}/{w('rPrDefault')}/{w('rPr')}/{w('rFonts')}")
    if default_rfonts is not None:
        _set_rfonts(default_rfonts, settings, FontRole.BODY)
    for style in styles_root.iterfind(w("style")):
        spec = by_id.get(style.get(w("styleId"), ""))
        if spec is None:
            continue
        rfonts_el = style.find(f"{w('rPr')}/{w('rFonts')}")
        if rfonts_el is not None:
            _set_rfonts(rfonts_el, settings, spec.role)
        rpr = style.find(w("rPr"))
        if rpr is not None and spec.role is FontRole.TITLE:
            _set_bold(rpr, settings.font(spec.role).bold)


def _set_rfonts(element: etree._Element, settings: ExportSettings, role: FontRole) -> None:
    font = settings.font(role)
    for attr in list(element.attrib):
        del element.attrib[attr]
    for slot, name in (("ascii", font.latin), ("hAnsi", font.latin), ("eastAsia", font.east_asia),
                       ("cs", font.latin)):
        element.set(w(slot), name)


def _set_bold(rpr: etree._Element, bold: bool) -> None:
    for tag in ("b", "bCs"):
        existing = rpr.find(w(tag))
        if existing is not None:
            rpr.remove(existing)
    if bold:
        anchor = rpr.find(w("rFonts"))
        index = list(rpr).index(anchor) + 1 if anchor is not None else 0
        rpr.insert(index, el("bCs"))
        rpr.insert(index, el("b"))


def footer_xml(settings: ExportSettings, *, odd: bool) -> bytes:
    """"— 1 —" in 四号 宋体: odd pages right, even pages left, one character in from the edge."""
    root = el("ftr")
    p = el("p", root)
    ppr = el("pPr", p)
    el("pStyle", ppr, val=FOOTER.id)
    edge = round(PAGE_NUMBER_PT * TWIPS_PER_PT)
    if odd:
        el("ind", ppr, right=str(edge))
        el("jc", ppr, val="right")
    else:
        el("ind", ppr, left=str(edge))
        el("jc", ppr, val="left")
    font = settings.font(FontRole.PAGE_NUMBER)
    add_run(p, "— ", font, PAGE_NUMBER_PT)
    add_page_field(p, font, PAGE_NUMBER_PT)
    add_run(p, " —", font, PAGE_NUMBER_PT)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))


def section_properties(sectpr: etree._Element) -> None:
    """A4 with the GB/T margins; header/footer references are added by the caller."""
    el("pgSz", sectpr, w=mm(PAGE_MM[0]), h=mm(PAGE_MM[1]))
    el("pgMar", sectpr, top=mm(MARGINS_MM["top"]), right=mm(MARGINS_MM["right"]),
       bottom=mm(MARGINS_MM["bottom"]), left=mm(MARGINS_MM["left"]), header=mm(HEADER_MM),
       footer=mm(FOOTER_MM), gutter="0")
    el("cols", sectpr, space="425")
    # Lines and characters: 22 lines of 28 characters, as Word shows it in 页面设置 (see GRID_CONDENSE).
    el("docGrid", sectpr, type="linesAndChars", linePitch=str(round(LINE_PT * TWIPS_PER_PT)),
       charSpace=str(grid_char_space()))
