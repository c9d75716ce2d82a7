"""A .docx body as the reader needs it: paragraphs (text, style, numbering, bold) and tables (a grid).

python-docx opens the package (it is what the floor of the import benchmark does too); the body is then
walked once with lxml. Word's automatic numbering is rendered into the text a clerk sees ("二、",
"（三）"), so typed and automatic numbers are recognised by the same matcher. Merged table cells are
expanded: a cell merged over three rows appears in each of them, as a reader of the printed table
would take it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from io import BytesIO
from typing import Any

from lxml import etree

from models.matching import cn_numeral

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def w(tag: str) -> str:
    return f"{{{W_NS}}}{tag}"


_T, _TAB, _BR, _CR, _P, _TBL, _TR, _TC, _SDT, _SDT_CONTENT = (
    w("t"), w("tab"), w("br"), w("cr"), w("p"), w("tbl"), w("tr"), w("tc"), w("sdt"), w("sdtContent"))
_R, _RPR, _PPR, _VAL = w("r"), w("rPr"), w("pPr"), w("val")
_FALSE = ("0", "false", "off", "none")


@dataclass(slots=True)
class Para:
    """One body paragraph. ``number`` is its place among the non-empty paragraphs ("第 N 段")."""

    number: int
    text: str  # the text as typed, without automatic numbering
    style: str  # the style's name
    outline: int | None  # 1-based heading level from the style or the paragraph (Word's 大纲级别)
    bold: bool  # every character is bold
    auto_prefix: str = ""  # Word's automatic number as printed, e.g. "二、"
    bold_head: str = ""  # leading bold text when the rest is not bold (a run-in heading)

    @property
    def shown(self) -> str:
        """What the clerk sees: the automatic number, then the text."""
        return self.auto_prefix + self.text

    @property
    def location(self) -> str:
        return f"第 {self.number} 段"


@dataclass(slots=True)
class Table:
    number: int  # 1-based, in body order
    rows: list[list[str]]  # the grid, merged cells repeated
    origins: list[list[tuple[int, int]]] = field(default_factory=list)  # (row, col) of the cell shown
    before: str = ""  # the last non-empty paragraph before it (a caption such as 金额单位：万元)

    def location(self, row: int, col: int | None = None) -> str:
        where = f"表 {self.number} 第 {row + 1} 行"
        return where if col is None else f"{where}第 {col + 1} 列"


Block = Para | Table


@dataclass(frozen=True, slots=True)
class _StyleInfo:
    name: str
    outline: int | None
    bold: bool | None
    num: tuple[str, int] | None  # (numId, ilvl)


def _on(element: etree._Element | None) -> bool | None:
    if element is None:
        return None
    value = element.get(_VAL)
    return value is None or value.lower() not in _FALSE


def _styles(doc: Any) -> dict[str, _StyleInfo]:
    """Each paragraph style with what it inherits (basedOn), resolved."""
    raw: dict[str, tuple[str, str | None, int | None, bool | None, tuple[str, int] | None]] = {}
    root = doc.styles.element
    for style in root.iterfind(w("style")):
        style_id = style.get(w("styleId")) or ""
        name_el = style.find(w("name"))
        name = name_el.get(_VAL, style_id) if name_el is not None else style_id
        based = style.find(w("basedOn"))
        ppr = style.find(_PPR)
        outline = num = None
        if ppr is not None:
            level = ppr.find(w("outlineLvl"))
            if level is not None and (level.get(_VAL) or "").isdigit() and int(level.get(_VAL) or 9) < 9:
                outline = int(level.get(_VAL) or 0) + 1
            num = _num_pr(ppr)
        rpr = style.find(_RPR)
        bold = _on(rpr.find(w("b"))) if rpr is not None else None
        raw[style_id] = (name, based.get(_VAL) if based is not None else None, outline, bold, num)
    resolved: dict[str, _StyleInfo] = {}

    def resolve(style_id: str, depth: int = 0) -> _StyleInfo:
        if style_id in resolved:
            return resolved[style_id]
        name, based, outline, bold, num = raw[style_id]
        if based in raw and depth < 20:
            parent = resolve(based, depth + 1)
            outline = outline if outline is not None else parent.outline
            bold = bold if bold is not None else parent.bold
            num = num or parent.num
        lowered = name.lower()
        for prefix in ("heading ", "标题 "):
            if lowered.startswith(prefix) and lowered[len(prefix):].isdigit():
                outline = outline or int(lowered[len(prefix):])
        info = _StyleInfo(name, outline, bold, num)
        resolved[style_id] = info
        return info

    for style_id in raw:
        resolve(style_id)
    return resolved


def _num_pr(ppr: etree._Element) -> tuple[str, int] | None:
    num_pr = ppr.find(w("numPr"))
    if num_pr is None:
        return None
    num_id = num_pr.find(w("numId"))
    ilvl = num_pr.find(w("ilvl"))
    if num_id is None or num_id.get(_VAL) in (None, "0"):
        return None
    level = ilvl.get(_VAL) if ilvl is not None else "0"
    return str(num_id.get(_VAL)), int(level) if level and level.isdigit() else 0


@dataclass(slots=True)
class _Level:
    start: int
    fmt: str
    text: str


class Numbering:
    """Word's automatic numbering: counters per list, rendered as printed ("%1、" with 一 → "一、")."""

    def __init__(self, doc: Any) -> None:
        self.levels: dict[str, dict[int, _Level]] = {}  # abstractNumId -> ilvl -> level
        self.nums: dict[str, tuple[str, dict[int, int]]] = {}  # numId -> (abstractNumId, start overrides)
        self.counters: dict[str, dict[int, int]] = {}
        self.started: set[str] = set()
        try:
            root = doc.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        for abstract in root.iterfind(w("abstractNum")):
            levels: dict[int, _Level] = {}
            for lvl in abstract.iterfind(w("lvl")):
                ilvl = int(lvl.get(w("ilvl")) or 0)
                start, fmt, text = lvl.find(w("start")), lvl.find(w("numFmt")), lvl.find(w("lvlText"))
                start_text = start.get(_VAL) if start is not None else "1"
                levels[ilvl] = _Level(int(start_text) if start_text and start_text.isdigit() else 1,
                                      (fmt.get(_VAL) or "decimal") if fmt is not None else "decimal",
                                      (text.get(_VAL) or "") if text is not None else "")
            self.levels[abstract.get(w("abstractNumId")) or ""] = levels
        for num in root.iterfind(w("num")):
            abstract_id = num.find(w("abstractNumId"))
            overrides: dict[int, int] = {}
            for override in num.iterfind(w("lvlOverride")):
                start = override.find(w("startOverride"))
                if start is not None and (start.get(_VAL) or "").isdigit():
                    overrides[int(override.get(w("ilvl")) or 0)] = int(start.get(_VAL) or 1)
            if abstract_id is not None:
                self.nums[num.get(w("numId")) or ""] = (abstract_id.get(_VAL) or "", overrides)

    def render(self, num_id: str, ilvl: int) -> str:
        """The next number of list ``num_id`` at level ``ilvl``, as printed; "" for bullets or unknown."""
        if num_id not in self.nums:
            return ""
        abstract_id, overrides = self.nums[num_id]
        levels = self.levels.get(abstract_id, {})
        level = levels.get(ilvl)
        if level is None:
            return ""
        counters = self.counters.setdefault(abstract_id, {})
        if num_id not in self.started:
            self.started.add(num_id)
            for lvl, start in overrides.items():
                counters[lvl] = start - 1
        counters[ilvl] = counters.get(ilvl, levels[ilvl].start - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]  # a new item restarts the levels below it
        if level.fmt in ("bullet", "none"):
            return ""
        text = level.text
        for lvl in range(ilvl + 1):
            placeholder = f"%{lvl + 1}"
            if placeholder in text:
                own = levels.get(lvl)
                value = counters.get(lvl, own.start if own else 1)
                text = text.replace(placeholder, _format_number(value, own.fmt if own else "decimal"))
        return text


_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_TIANGAN = "甲乙丙丁戊己庚辛壬癸"


def _format_number(value: int, fmt: str) -> str:
    if fmt in ("chineseCounting", "chineseCountingThousand", "japaneseCounting", "taiwaneseCounting",
               "taiwaneseCountingThousand", "chineseLegalSimplified", "ideographDigital"):
        return cn_numeral(value) if value < 100 else str(value)
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese") and 1 <= value <= 20:
        return _CIRCLED[value - 1]
    if fmt == "ideographTraditional" and 1 <= value <= 10:
        return _TIANGAN[value - 1]
    if fmt == "decimalFullWidth":
        return str(value).translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    if fmt in ("upperLetter", "lowerLetter") and 1 <= value <= 26:
        letter = chr(ord("A") + value - 1)
        return letter if fmt == "upperLetter" else letter.lower()
    if fmt in ("decimalEnclosedParen",):
        return f"({value})"
    return str(value)


def _run_bold(run: etree._Element, style_bold: bool) -> bool:
    rpr = run.find(_RPR)
    if rpr is not None:
        own = _on(rpr.find(w("b")))
        if own is not None:
            return own
    return style_bold


def _para_text(p: etree._Element) -> str:
    parts: list[str] = []
    for node in p.iter(_T, _TAB, _BR, _CR):
        tag = node.tag
        if tag == _T:
            parts.append(node.text or "")
        elif tag == _TAB:
            parts.append(" ")
        else:
            parts.append("\n")
    return "".join(parts)


class DocxBody:
    """The blocks of a document body in order; ``read(data)`` builds it from .docx bytes."""

    def __init__(self, blocks: list[Block]) -> None:
        self.blocks = blocks

    @property
    def paragraphs(self) -> Iterator[Para]:
        return (b for b in self.blocks if isinstance(b, Para))

    @property
    def tables(self) -> Iterator[Table]:
        return (b for b in self.blocks if isinstance(b, Table))


def read_body(data: bytes) -> DocxBody:
    from docx import Document

    doc = Document(BytesIO(data))
    styles = _styles(doc)
    numbering = Numbering(doc)
    default_style = next((k for k, v in styles.items() if v.name.lower() == "normal"), "")
    blocks: list[Block] = []
    counter = [0, 0]  # paragraphs, tables
    last_text = [""]

    def paragraph(p: etree._Element) -> None:
        ppr = p.find(_PPR)
        style_id = default_style
        outline: int | None = None
        num: tuple[str, int] | None = None
        if ppr is not None:
            style_el = ppr.find(w("pStyle"))
            if style_el is not None:
                style_id = style_el.get(_VAL) or default_style
            level = ppr.find(w("outlineLvl"))
            if level is not None and (level.get(_VAL) or "").isdigit() and int(level.get(_VAL) or 9) < 9:
                outline = int(level.get(_VAL) or 0) + 1
            num = _num_pr(ppr)
        info = styles.get(style_id) or styles.get(default_style) or _StyleInfo("Normal", None, None, None)
        num = num or info.num
        prefix = numbering.render(*num) if num else ""
        text = _para_text(p)
        if not text.strip():
            return
        style_bold = bool(info.bold)
        bold_chars = plain_chars = 0
        head: list[str] = []
        head_open = True
        for run in p.iter(_R):
            run_text = "".join(t.text or "" for t in run.iter(_T))
            if not run_text.strip():
                if head_open:
                    head.append(run_text)
                continue
            if _run_bold(run, style_bold):
                bold_chars += len(run_text)
                if head_open:
                    head.append(run_text)
            else:
                plain_chars += len(run_text)
                head_open = False
        counter[0] += 1
        bold = bold_chars > 0 and plain_chars == 0
        bold_head = "".join(head).strip() if bold_chars and plain_chars and not head_open else ""
        blocks.append(Para(counter[0], text, info.name, outline or info.outline, bold, prefix, bold_head))
        last_text[0] = text.strip()

    def table(tbl: etree._Element) -> None:
        counter[1] += 1
        rows, origins = _grid(tbl)
        blocks.append(Table(counter[1], rows, origins, last_text[0]))

    def walk(parent: etree._Element) -> None:
        for child in parent:
            tag = child.tag
            if tag == _P:
                paragraph(child)
            elif tag == _TBL:
                table(child)
            elif tag == _SDT:  # a content control wraps paragraphs and tables
                content = child.find(_SDT_CONTENT)
                if content is not None:
                    walk(content)

    walk(doc.element.body)
    return DocxBody(blocks)


def _cell_text(tc: etree._Element) -> str:
    lines = [_para_text(p).strip() for p in tc.iter(_P)]
    return "\n".join(line for line in lines if line)


def _grid(tbl: etree._Element) -> tuple[list[list[str]], list[list[tuple[int, int]]]]:
    """The table as a rectangular grid: gridSpan repeats a cell to the right, vMerge continues it down."""
    rows: list[list[str]] = []
    origins: list[list[tuple[int, int]]] = []
    for r, tr in enumerate(tbl.iterfind(_TR)):
        row: list[str] = []
        origin: list[tuple[int, int]] = []
        for tc in tr.iterfind(_TC):
            tcpr = tc.find(w("tcPr"))
            span = 1
            continued = False
            if tcpr is not None:
                grid_span = tcpr.find(w("gridSpan"))
                if grid_span is not None and (grid_span.get(_VAL) or "").isdigit():
                    span = max(1, min(int(grid_span.get(_VAL) or 1), 64))
                v_merge = tcpr.find(w("vMerge"))
                continued = v_merge is not None and (v_merge.get(_VAL) or "continue") == "continue"
            col = len(row)
            if continued and r > 0 and col < len(rows[-1]):
                text, where = rows[-1][col], origins[-1][col]
            else:
                text, where = _cell_text(tc), (r, col)
            for _ in range(span):
                row.append(text)
                origin.append(where)
        rows.append(row)
        origins.append(origin)
    return rows, origins
