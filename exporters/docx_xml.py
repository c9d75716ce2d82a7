"""Small WordprocessingML builders: runs with their fonts, paragraphs, the PAGE field.

The body is built directly as XML elements: python-docx has no API for East-Asian fonts, fields or
row properties, and its table helpers re-scan the whole table on every cell access (quadratic).
"""

from __future__ import annotations

from lxml import etree

from .sanitize import clean_text
from .settings import Font

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
NSMAP = {"w": W_NS}
TWIPS_PER_PT = 20
TWIPS_PER_MM = 1440 / 25.4


_CLARK: dict[str, str] = {}


def w(tag: str) -> str:
    """Clark name of a w: element or attribute (cached: a report makes tens of thousands of elements)."""
    name = _CLARK.get(tag)
    if name is None:
        name = _CLARK[tag] = f"{{{W_NS}}}{tag}"
    return name


def el(tag: str, parent: etree._Element | None = None, **attrs: str) -> etree._Element:
    """A w: element (``attrs`` are w: attributes), appended to ``parent`` when given."""
    qualified = {w(k): v for k, v in attrs.items()} if attrs else None
    if parent is None:
        return etree.Element(w(tag), qualified, nsmap=NSMAP)
    return etree.SubElement(parent, w(tag), qualified)


def half_points(size_pt: float) -> str:
    return str(round(size_pt * 2))


def rfonts(parent: etree._Element, font: Font) -> etree._Element:
    """w:rFonts with every slot named explicitly, so no theme font and no Japanese fallback wins."""
    return el("rFonts", parent, ascii=font.latin, hAnsi=font.latin, eastAsia=font.east_asia, cs=font.latin)


def run_properties(parent: etree._Element, font: Font, size_pt: float | None = None,
                   *, bold: bool = False, color: str | None = None, spacing: int | None = None) -> etree._Element:
    """w:rPr in schema order; ``spacing``: character spacing in twentieths of a point."""
    rpr = el("rPr", parent)
    rfonts(rpr, font)
    if bold or font.bold:
        el("b", rpr)
        el("bCs", rpr)
    if color:
        el("color", rpr, val=color)
    if spacing is not None:
        el("spacing", rpr, val=str(spacing))
    if size_pt is not None:
        el("sz", rpr, val=half_points(size_pt))
        el("szCs", rpr, val=half_points(size_pt))
    return rpr


def add_run(paragraph: etree._Element, text: str, font: Font, size_pt: float | None = None,
            *, bold: bool = False, color: str | None = None, spacing: int | None = None) -> etree._Element:
    """A run of cleaned text; tabs become w:tab and newlines w:br (narratives are split before this)."""
    r = el("r", paragraph)
    run_properties(r, font, size_pt, bold=bold, color=color, spacing=spacing)
    text = clean_text(text)
    for i, line in enumerate(text.split("\n")):
        if i:
            el("br", r)
        for j, piece in enumerate(line.split("\t")):
            if j:
                el("tab", r)
            if piece:
                t = el("t", r)
                t.text = piece
                if piece[0].isspace() or piece[-1].isspace():
                    t.set(XML_SPACE, "preserve")
    return r


def add_page_field(paragraph: etree._Element, font: Font, size_pt: float) -> None:
    """The PAGE field as Word writes it: begin, instruction, separate, cached result, end."""
    for kind, text in (("begin", None), ("instr", " PAGE "), ("separate", None), ("text", "1"), ("end", None)):
        r = el("r", paragraph)
        run_properties(r, font, size_pt)
        if kind == "instr":
            instr = el("instrText", r)
            instr.text = text
            instr.set(XML_SPACE, "preserve")
        elif kind == "text":
            el("t", r).text = text
        else:
            el("fldChar", r, fldCharType=kind)
