"""Fill a bureau's own Word form, which has no placeholders, by what it says.

- cover and other label tables: a label cell → the empty cell beside it or below it;
- "label：____" and "年 月 日" blanks in any paragraph or cell, the signature line among them;
- headings (一、 (一) 1. …, or Word heading styles) → the narratives under them, written over the empty
  paragraph or the bracketed instruction that follows, in the bureau's paragraph style;
- the scoring table → 得分 / 扣分原因 by indicator name, the department's indicators into its
  placeholder rows (or rows added after them, merges continued), the 合计 and 评价等级.
Everything else of the bureau's (styles, page setup, notes, 评分标准 text) is left as it was.
"""

from __future__ import annotations

import copy
from typing import Any

from lxml import etree

from models.fields import GROUPS, Kind, fields_of_group
from models.matching import Match, core, heading_number, heading_targets, match_heading

from .docx_xml import XML_SPACE, w
from .form_labels import GridSlot, date_blank, grid_slots, inline_slots, is_blank, value_for
from .form_mapping import FormMapping, short
from .form_scores import RowWrite, cell_text, plan_scores, role_title, shifted, total_values
from .form_table import ScoreTable, read_table
from .report_view import ReportView
from .sanitize import clean_text, paragraphs

MAX_HEADING_CORE = 30
_INSTRUCTION_PAIRS = (("(", ")"), ("（", "）"), ("【", "】"), ("[", "]"), ("〔", "〕"))
_DROPPED_RUN_PROPS = ("color", "i", "iCs", "highlight", "shd", "vanish", "u")


# ------------------------------------------------------------------------------------- paragraph text

def _own_texts(p: etree._Element) -> list[etree._Element]:
    return [t for t in p.iter(w("t")) if next(t.iterancestors(w("p")), None) is p]


def paragraph_text(p: etree._Element) -> str:
    return "".join(t.text or "" for t in _own_texts(p))


def replace_span(p: etree._Element, start: int, end: int, new: str) -> None:
    """Replace characters start…end of the paragraph's text by ``new``, in the run where the span begins
    (so the value takes the blank's formatting, e.g. its underline)."""
    texts = _own_texts(p)
    if not texts:
        _append_run(p, new)
        return
    position = 0
    written = False
    for t in texts:
        text = t.text or ""
        a, b = position, position + len(text)
        position = b
        if not written and (a <= start < b or (start == end == b)):
            lo, hi = start - a, min(end, b) - a
            t.text = text[:lo] + new + text[hi:]
            written = True
        elif written and a < end and b > start:
            t.text = text[:max(start, a) - a] + text[min(end, b) - a:]
        else:
            continue
        t.set(XML_SPACE, "preserve")
    if not written:
        texts[-1].text = (texts[-1].text or "") + new


def _append_run(p: etree._Element, text: str) -> None:
    run = etree.SubElement(p, w("r"))
    mark = p.find(f"{w('pPr')}/{w('rPr')}")
    if mark is not None:
        run.append(_plain_props(mark))
    t = etree.SubElement(run, w("t"))
    t.text = text
    t.set(XML_SPACE, "preserve")


def _plain_props(rpr: etree._Element) -> etree._Element:
    """A copy of run properties without what marks an instruction (colour, italics, highlight)."""
    out = copy.deepcopy(rpr)
    out.tag = w("rPr")
    for name in _DROPPED_RUN_PROPS:
        for child in out.findall(w(name)):
            out.remove(child)
    return out


def set_paragraph_text(p: etree._Element, text: str) -> None:
    """The paragraph's whole text replaced; its paragraph properties and first run's font kept."""
    runs = [r for r in p if r.tag == w("r")]
    props = runs[0].find(w("rPr")) if runs else None
    for child in list(p):
        if child.tag != w("pPr"):
            p.remove(child)
    run = etree.SubElement(p, w("r"))
    source = props if props is not None else p.find(f"{w('pPr')}/{w('rPr')}")
    if source is not None:
        run.append(_plain_props(source))
    t = etree.SubElement(run, w("t"))
    t.text = clean_text(text)
    t.set(XML_SPACE, "preserve")


def is_instruction(text: str) -> bool:
    """A bracketed instruction left by the bureau: "（简要说明……，不超过300字）"."""
    stripped = text.strip(" \t\u3000")
    return len(stripped) >= 2 and any(stripped.startswith(a) and stripped.endswith(b) for a, b in _INSTRUCTION_PAIRS)


# ---------------------------------------------------------------------------------------------- cells

def _tcs(tr: etree._Element) -> list[tuple[int, int, etree._Element]]:
    """(first grid column, span, w:tc) for each cell of a row."""
    out = []
    col = 0
    before = tr.find(f"{w('trPr')}/{w('gridBefore')}")
    if before is not None:
        col = int(before.get(w("val"), "0"))
    for tc in tr.iterfind(w("tc")):
        span_el = tc.find(f"{w('tcPr')}/{w('gridSpan')}")
        span = int(span_el.get(w("val"), "1")) if span_el is not None else 1
        out.append((col, span, tc))
        col += span
    return out


def tc_at(tr: etree._Element, column: int) -> etree._Element | None:
    for col, span, tc in _tcs(tr):
        if col <= column < col + span:
            return tc
    return None


def _vmerge(tc: etree._Element) -> str | None:
    """None (not merged), "restart" or "continue"."""
    el = tc.find(f"{w('tcPr')}/{w('vMerge')}")
    if el is None:
        return None
    return "restart" if el.get(w("val")) == "restart" else "continue"


def cell_text_of(tc: etree._Element) -> str:
    return "\n".join(paragraph_text(p) for p in tc.iterfind(w("p")))


def set_cell_text(tc: etree._Element, text: str) -> None:
    """The cell's text replaced, in its first paragraph's style; several lines become paragraphs."""
    paras = tc.findall(w("p"))
    if not paras:
        paras = [etree.SubElement(tc, w("p"))]
    first = paras[0]
    for extra in paras[1:]:
        tc.remove(extra)
    parts = paragraphs(text) or [""]
    set_paragraph_text(first, parts[0])
    anchor = first
    for part in parts[1:]:
        clone = copy.deepcopy(first)
        set_paragraph_text(clone, part)
        anchor.addnext(clone)
        anchor = clone


def table_grid(tbl: etree._Element) -> tuple[list[list[str]], list[etree._Element]]:
    """The table's texts by grid column, a merged cell's text in every cell it covers, and its rows."""
    rows = tbl.findall(w("tr"))
    grid: list[list[str]] = []
    for r, tr in enumerate(rows):
        line: list[str] = []
        for col, span, tc in _tcs(tr):
            while len(line) < col:
                line.append("")
            if _vmerge(tc) == "continue" and r > 0:
                above = grid[r - 1]
                text = above[col] if col < len(above) else ""
            else:
                text = cell_text_of(tc)
            line.extend([text] * span)
        grid.append(line)
    return grid, rows


# ---------------------------------------------------------------------------------------------- fill

class _Where:
    """Locations in the clerk's terms, counted like docx_template's checks."""

    def __init__(self) -> None:
        self.tables: dict[int, int] = {}

    @staticmethod
    def cell(table_no: int, r: int, c: int) -> str:
        return f"第 {table_no} 个表格第 {r + 1} 行第 {c + 1} 列"


def fill_docx_form(doc: Any, view: ReportView, mapping: FormMapping) -> None:
    """Fill a loaded python-docx Document in place, recording every placement in ``mapping``."""
    body = doc.element.body
    blocks = [child for child in body if child.tag in (w("p"), w("tbl"))]
    filled_keys: set[str] = set()
    table_no = 0
    for block in blocks:
        if block.tag == w("tbl"):
            table_no += 1
            _fill_table(block, table_no, view, mapping, filled_keys)
    paragraph_no = 0
    for block in blocks:
        if block.tag == w("p"):
            paragraph_no += 1
            _fill_inline(block, f"第 {paragraph_no} 段", view, mapping, filled_keys)
    _fill_headings(doc, blocks, view, mapping)
    for key in ("unit_name", "eval_year", "contact", "phone", "report_date"):
        if key not in filled_keys and view.value_text(key) and key != "eval_year":
            mapping.not_placed.append(f"{_label(key)}：表单中没有找到它的位置")


def _label(key: str) -> str:
    from models.fields import FIELD_BY_KEY

    return FIELD_BY_KEY[key].label


def _fill_inline(p: etree._Element, where: str, view: ReportView, mapping: FormMapping,
                 filled: set[str]) -> None:
    text = paragraph_text(p)
    if not text.strip():
        return
    slots = inline_slots(text)
    if not slots:
        span = date_blank(text)
        if span is not None and is_blank(text[:span[0]] + text[span[1]:]):
            value = value_for(view, "sign_date")
            if value:
                replace_span(p, span[0], span[1], value)
                mapping.place("落款日期", where, value)
                filled.add("sign_date")
        return
    for slot in reversed(slots):  # right to left: earlier spans keep their positions
        value = value_for(view, slot.key, slot.label)
        if not value:
            continue
        if slot.start == slot.end and slot.pad:
            replace_span(p, slot.start, slot.end, value + "　")
        elif slot.pad:
            replace_span(p, slot.start, slot.end, value + "　")
        else:
            replace_span(p, slot.start, slot.end, value)
        mapping.place(_label(slot.key), f"{where}「{short(slot.label, 12)}」后", value)
        filled.add(slot.key)


def _fill_table(tbl: etree._Element, table_no: int, view: ReportView, mapping: FormMapping,
                filled: set[str]) -> None:
    grid, rows = table_grid(tbl)
    table = read_table(grid)
    skip: set[int] = set()
    if table is not None:
        body_rows = [r.index for r in table.rows if r.kind != "other"]
        skip = set(range(table.header_row, (max(body_rows) if body_rows else table.header_row) + 1))
        _fill_scores(tbl, rows, table, table_no, view, mapping)
    for slot in grid_slots(grid, skip_rows=skip):
        _fill_grid_slot(rows, slot, table_no, view, mapping, filled)
    for r, tr in enumerate(rows):
        if r in skip:
            continue
        seen: set[int] = set()
        for col, _span, tc in _tcs(tr):
            if id(tc) in seen or _vmerge(tc) == "continue":
                continue
            seen.add(id(tc))
            for p in tc.iterfind(w("p")):
                _fill_inline(p, _Where.cell(table_no, r, col), view, mapping, filled)


def _fill_grid_slot(rows: list[etree._Element], slot: GridSlot, table_no: int, view: ReportView,
                    mapping: FormMapping, filled: set[str]) -> None:
    value = value_for(view, slot.key, slot.label)
    if not value:
        return
    r, c = slot.cell
    tc = tc_at(rows[r], c)
    if tc is None:
        return
    text = cell_text_of(tc)
    span = date_blank(text)
    first = tc.find(w("p"))
    if span is not None and first is not None and "\n" not in text:
        replace_span(first, span[0], span[1], value)  # keeps the bureau's spacing around the date
    else:
        set_cell_text(tc, value)
    mapping.place(_label(slot.key), _Where.cell(table_no, r, c), value)
    filled.add(slot.key)


# ------------------------------------------------------------------------------------ scoring table

def _write_row(tr: etree._Element, table: ScoreTable, write: RowWrite, where: str, mapping: FormMapping,
               *, names: bool) -> None:
    level_cols = {table.columns[r] for r in ("level1", "level2") if r in table.columns}
    written = []
    for role, value in write.values.items():
        col = table.column(role)
        if col is None or (role in ("level3", "points") and not names):
            continue
        tc = tc_at(tr, col)
        if tc is None or _vmerge(tc) == "continue":
            continue
        if role == "level3" and any(tc_at(tr, c) is tc for c in level_cols):
            continue  # the name cell is merged with a level cell: the bureau's text stays
        current = cell_text_of(tc)
        if not is_blank(current) and not (names and role in ("level3", "points")) \
                and not (write.row is not None and write.row.kind == "placeholder"):
            mapping.not_placed.append(f"{where}：{write.label}的{role_title(role)}格已有「{short(current, 12)}」，没有覆盖")
            continue
        set_cell_text(tc, cell_text(value, role))
        written.append(f"{role_title(role)} {short(cell_text(value, role), 12)}")
    if written:
        mapping.place(write.label, where, "，".join(written))


def _continue_merges(source: etree._Element, clone: etree._Element, table: ScoreTable) -> None:
    """A copied row continues the level cells of the row it was copied from (one merged cell, as the
    bureau drew it), and its other cells start empty."""
    level_cols = [table.columns[r] for r in ("level1", "level2") if r in table.columns]
    source_cells = {col: tc for col, _s, tc in _tcs(source)}
    for col, _span, tc in _tcs(clone):
        if col in level_cols:
            original = source_cells.get(col)
            pr = tc.find(w("tcPr"))
            if pr is None:
                pr = etree.SubElement(tc, w("tcPr"))
                tc.insert(0, pr)
            vm = pr.find(w("vMerge"))
            if vm is None:
                vm = etree.SubElement(pr, w("vMerge"))
                if original is not None:
                    opr = original.find(w("tcPr"))
                    if opr is None:
                        opr = etree.Element(w("tcPr"))
                        original.insert(0, opr)
                    if opr.find(w("vMerge")) is None:
                        etree.SubElement(opr, w("vMerge")).set(w("val"), "restart")
            vm.attrib.pop(w("val"), None)
            set_cell_text(tc, "")
        else:
            set_cell_text(tc, "")


def _fill_scores(tbl: etree._Element, rows: list[etree._Element], table: ScoreTable, table_no: int,
                 view: ReportView, mapping: FormMapping) -> None:
    where_table = f"第 {table_no} 个表格"
    plan = plan_scores(table, view, where_table)
    for write in plan.writes:
        assert write.row is not None
        where = f"{where_table}第 {shifted(write.row.index, plan) + 1} 行"
        _write_row(rows[write.row.index], table, write, where, mapping,
                   names=write.row.kind == "placeholder" or write.label.split("：")[0] != "得分")
    anchor: dict[int, etree._Element] = {}
    for number, write in enumerate(plan.inserts, 1):
        assert write.after is not None
        source = rows[write.after]
        clone = copy.deepcopy(source)
        _continue_merges(source, clone, table)
        anchor.get(write.after, source).addnext(clone)
        anchor[write.after] = clone
        _write_row(clone, table, write, f"{where_table}第 {write.after + number + 1} 行（新增）", mapping, names=True)
    if plan.total is not None:
        total = RowWrite(plan.total, total_values(view), "合计")
        if plan.total.points is not None and plan.total.points != view.framework.total_points:
            mapping.notes.append(f"{where_table}合计行的分值是 {plan.total.points} 分，本报告的评价框架总分是 "
                                 f"{view.framework.total_points} 分。")
        total.values.pop("points", None)
        _write_row(rows[plan.total.index], table, total, f"{where_table}第 {shifted(plan.total.index, plan) + 1} 行",
                   mapping, names=False)
    for row in table.rows:
        if row.kind == "grade":
            _write_grade(rows[row.index], view, f"{where_table}第 {shifted(row.index, plan) + 1} 行", mapping)
    mapping.unmatched_rows.extend(f"{where_table}第 {r.index + 1} 行「{short(r.name, 20)}」" for r in plan.unmatched)
    mapping.missing.extend(plan.missing)
    mapping.notes.extend(plan.notes)
    for row in plan.unused_placeholders:
        mapping.notes.append(f"{where_table}第 {row.index + 1} 行是部门自定指标的空行，本报告没有更多指标可填，保留原样。")


def _write_grade(tr: etree._Element, view: ReportView, where: str, mapping: FormMapping) -> None:
    if not all(n.id in view.report.scores for n in view.framework.scored_leaves()):
        return
    cells = [tc for _c, _s, tc in _tcs(tr)]
    for tc in cells[1:]:
        if is_blank(cell_text_of(tc)):
            set_cell_text(tc, view.grade)
            mapping.place("评价等级", where, view.grade)
            return


# ------------------------------------------------------------------------------------------ headings

def _style_name(doc: Any, p: etree._Element) -> str:
    style = p.find(f"{w('pPr')}/{w('pStyle')}")
    if style is None:
        return ""
    style_id = str(style.get(w("val"), ""))
    try:
        return str(doc.styles.element.get_by_id(style_id).name_val or style_id)
    except AttributeError:
        return style_id


def _is_heading(doc: Any, p: etree._Element, text: str) -> bool:
    if not text.strip() or len(core(text)) > MAX_HEADING_CORE or text.rstrip().endswith(("。", "；", ";")):
        return False
    name = _style_name(doc, p).lower()
    if name.startswith(("heading", "标题")):
        return True
    return heading_number(text) is not None


def _content(match: Match, view: ReportView, headed_fields: set[str], headed_groups: set[str]) -> list[str]:
    target = match.target
    if target.kind == "field":
        return paragraphs(view.clerk_text(target.key))
    if target.kind == "group":
        return _group_content(target.key, view, headed_fields)
    groups = [g.key for g in GROUPS.values() if g.section == target.key and g.key not in ("cover", "signature")]
    if any(g in headed_groups for g in groups) or any(f in headed_fields for g in groups
                                                      for f in (s.key for s in fields_of_group(g))):
        return []
    return [part for g in groups for part in _group_content(g, view, headed_fields)]


def _group_content(group: str, view: ReportView, headed_fields: set[str]) -> list[str]:
    parts = list(view.group_facts(group, annex=False))
    for spec in fields_of_group(group):
        if spec.kind is Kind.NARRATIVE and spec.key not in headed_fields:
            parts.extend(paragraphs(view.clerk_text(spec.key)))
    return parts


def _fill_headings(doc: Any, blocks: list[etree._Element], view: ReportView, mapping: FormMapping) -> None:
    targets = tuple(t for t in heading_targets(view.framework) if t.section not in ("scoring", "signature"))
    headings: list[tuple[int, str, Match]] = []
    for index, block in enumerate(blocks):
        if block.tag != w("p"):
            continue
        text = paragraph_text(block)
        if _is_heading(doc, block, text):
            match = match_heading(text, targets)
            if match is not None:
                headings.append((index, text.strip(), match))
    headed_fields = {m.target.key for _i, _t, m in headings if m.target.kind == "field"}
    headed_groups = {m.target.key for _i, _t, m in headings if m.target.kind == "group"}
    heading_at = {i for i, _t, _m in headings}
    all_heading_like = {i for i, b in enumerate(blocks) if b.tag == w("p") and _is_heading(doc, b, paragraph_text(b))}
    placed_fields: set[str] = set()
    for index, title, match in headings:
        parts = _content(match, view, headed_fields, headed_groups)
        if not parts:
            continue
        slot = _slot_after(blocks, index, heading_at | all_heading_like)
        where = f"标题「{short(title, 16)}」下"
        if slot is None:
            slot = _new_body_paragraph(blocks, index, heading_at | all_heading_like)
        set_paragraph_text(slot, parts[0])
        anchor = slot
        for part in parts[1:]:
            clone = copy.deepcopy(slot)
            set_paragraph_text(clone, part)
            anchor.addnext(clone)
            anchor = clone
        mapping.place(match.target.title, where, "".join(parts))
        if match.target.kind == "field":
            placed_fields.add(match.target.key)
        elif match.target.kind == "group":
            placed_fields.update(s.key for s in fields_of_group(match.target.key) if s.key not in headed_fields)
        else:
            placed_fields.update(s.key for g in GROUPS.values() if g.section == match.target.key
                                 for s in fields_of_group(g.key))
    for group in GROUPS.values():
        for spec in fields_of_group(group.key):
            if spec.kind is Kind.NARRATIVE and spec.key not in placed_fields and view.report.text(spec.key).strip():
                mapping.not_placed.append(f"{spec.label}：表单中没有找到对应的标题")


def _slot_after(blocks: list[etree._Element], index: int, headings: set[int]) -> etree._Element | None:
    """The empty paragraph or bracketed instruction the bureau left under a heading, if any."""
    for next_index in range(index + 1, len(blocks)):
        block = blocks[next_index]
        if block.tag != w("p") or next_index in headings:
            return None
        text = paragraph_text(block)
        if not text.strip(" \t\u3000") or is_instruction(text):
            return block
        return None  # the bureau wrote something of its own here: leave it, write after the heading
    return None


def _new_body_paragraph(blocks: list[etree._Element], index: int, headings: set[int]) -> etree._Element:
    """A paragraph after the heading in the style of the form's body text (its next plain paragraph)."""
    heading = blocks[index]
    model = next((b for i, b in enumerate(blocks) if i > index and i not in headings and b.tag == w("p")
                  and paragraph_text(b).strip() and not is_instruction(paragraph_text(b))), None)
    p = etree.Element(w("p"))
    if model is not None and model.find(w("pPr")) is not None:
        p.append(copy.deepcopy(model.find(w("pPr"))))
    heading.addnext(p)
    return p
