"""A bureau's Word template: check it in the clerk's terms, mend split tags, render it in the sandbox.

The check walks the paragraphs as the clerk sees them (body paragraphs, table cells, headers, footers),
finds every ``{{ }}`` / ``{% %}`` tag, mends tags Word split across differently formatted runs, and
checks the Jinja against the placeholder vocabulary. Rendering then uses docxtpl in a sandboxed,
autoescaping environment; narrative text is data, so ``{{ }}`` typed by the clerk is printed as is.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from io import BytesIO
from typing import Any

from docxtpl import DocxTemplate
from jinja2 import TemplateError as JinjaError
from jinja2.exceptions import SecurityError, UndefinedError
from lxml import etree

from .docx_parts import BlobPart, blob_parts, stray_tags, xml_parts
from .docx_report import mark_draft
from .docx_xml import XML_SPACE, w
from .errors import TemplateError, TemplateIssue
from .jinja_check import check_source, sandbox
from .placeholders import TABLE_ANCHOR, docx_context
from .render_budget import ExportCancelled, RenderBudget, RenderLimitError, text_chars
from .report_view import ReportView
from .template_messages import blocking_error, full_width_message, full_width_tags

_OPENERS = {"{{": "}}", "{%": "%}", "{#": "#}"}
_TAG_START = re.compile(r"\{[{%#]")
# docxtpl's own tag forms, reduced to plain Jinja for the check.
_DOCXTPL_PREFIX = re.compile(r"(\{[{%])(?:p|tr|tc|r)\s")
_MERGE_TAGS = re.compile(r"\{%-?\s*(?:vm|hm)\s*-?%\}")
_CELL_TAGS = re.compile(r"\{%-?\s*(?:colspan|cellbg)\s+(.*?)\s*-?%\}")
_QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'"})
_TABLE_TAG = re.compile(r"\{\{p\s+scoring_table\s*\}\}")
FIRST_WORDS = 12


@dataclass(slots=True)
class _Unit:
    """One paragraph of the template: where it is, its text, and its w:t elements."""

    where: str
    texts: list[etree._Element]
    row: etree._Element | None = None

    @property
    def text(self) -> str:
        return "".join(t.text or "" for t in self.texts)


@dataclass(slots=True)
class DocxInspection:
    issues: list[TemplateIssue] = field(default_factory=list)
    used: set[str] = field(default_factory=set)

    @property
    def blocking(self) -> list[TemplateIssue]:
        return [i for i in self.issues if i.blocking]


def _quote(text: str) -> str:
    text = " ".join(text.split())
    return text[:FIRST_WORDS] + ("……" if len(text) > FIRST_WORDS else "")


def _units(doc: Any, blobs: list[BlobPart]) -> list[_Unit]:
    """Every paragraph of body, headers, footers and footnotes, located the way the clerk would find it."""
    units: list[_Unit] = []
    body = doc.element.body
    paragraph_no = table_no = 0
    for block in _blocks(body):
        if block.tag == w("p"):
            paragraph_no += 1
            units.extend(_paragraph_units(block, lambda _p, n=paragraph_no: f"第 {n} 段"))
        elif block.tag == w("tbl"):
            table_no += 1
            units.extend(_table_units(block, table_no))
    for label, root in [*xml_parts(doc), *((b.label, b.root) for b in blobs)]:
        for p in root.iter(w("p")):
            units.extend(_paragraph_units(p, lambda _p, lbl=label: lbl, nested=False))
    return units


def _blocks(parent: etree._Element) -> list[etree._Element]:
    """Body-level paragraphs and tables, looking through content controls (w:sdt)."""
    out = []
    for child in parent:
        if child.tag == w("sdt"):
            content = child.find(w("sdtContent"))
            if content is not None:
                out.extend(_blocks(content))
        elif child.tag in (w("p"), w("tbl")):
            out.append(child)
    return out


def _own_texts(p: etree._Element) -> list[etree._Element]:
    """The paragraph's w:t, without those of text boxes nested inside it."""
    return [t for t in p.iter(w("t")) if next(t.iterancestors(w("p")), None) is p]


def _paragraph_units(p: etree._Element, where: Any, nested: bool = True) -> list[_Unit]:
    units = [_Unit(where(p), _own_texts(p))]
    if nested:  # paragraphs of text boxes anchored in this one
        for inner in p.iter(w("p")):
            if inner is not p:
                units.append(_Unit(f"{where(p)}中的文本框", _own_texts(inner)))
    return units


def _table_units(tbl: etree._Element, number: int) -> list[_Unit]:
    units = []
    for r, tr in enumerate(tbl.iterfind(w("tr")), 1):
        for c, tc in enumerate(tr.iterfind(w("tc")), 1):
            where = f"第 {number} 个表格第 {r} 行第 {c} 列"
            for p in tc.iter(w("p")):
                units.append(_Unit(where, _own_texts(p), tr))
    return units


def _mend_split_tags(unit: _Unit, issues: list[TemplateIssue], where: str) -> None:
    """Move each tag Word spread over several runs into its first run (docxtpl then sees it whole)."""
    text = unit.text
    spans = _tag_spans(text)
    if spans is None:
        return
    bounds = []
    position = 0
    for t in unit.texts:
        bounds.append((position, position + len(t.text or "")))
        position += len(t.text or "")
    for start, end in reversed(spans):
        first = next(i for i, (a, b) in enumerate(bounds) if a <= start < b)
        last = next(i for i, (a, b) in enumerate(bounds) if a < end <= b)
        if first == last:
            continue
        tag = text[start:end]
        head = unit.texts[first]
        tail = unit.texts[last]
        head_text = (head.text or "")[: start - bounds[first][0]]
        tail_text = (tail.text or "")[end - bounds[last][0]:]
        for middle in unit.texts[first + 1:last]:
            middle.text = ""
        head.text = head_text + tag
        tail.text = tail_text
        for t in (head, tail):
            t.set(XML_SPACE, "preserve")
        issues.append(TemplateIssue(where, f"标签「{tag[:40]}」被 Word 拆成了几段格式不同的文字，已自动合并"
                                           "（按第一个字的格式输出）。", blocking=False))


def _tag_spans(text: str) -> list[tuple[int, int]] | None:
    """(start, end) of each complete tag; None if a tag is left open (reported separately)."""
    spans = []
    position = 0
    while (match := _TAG_START.search(text, position)) is not None:
        closer = _OPENERS[match.group()]
        end = text.find(closer, match.end())
        if end < 0:
            return None
        spans.append((match.start(), end + 2))
        position = end + 2
    return spans


def _unclosed(text: str) -> int:
    """Where the tag that is never closed starts."""
    position = 0
    while (match := _TAG_START.search(text, position)) is not None:
        end = text.find(_OPENERS[match.group()], match.end())
        if end < 0:
            return match.start()
        position = end + 2
    return 0


def _logical_line(unit: _Unit, issues: list[TemplateIssue], where: str) -> str:
    """The paragraph's text as plain Jinja (docxtpl's p/tr/tc/r prefixes dropped), on one line."""
    text = unit.text.replace("\n", " ")
    spans = _tag_spans(text)
    if spans is None:
        unclosed = _unclosed(text)
        opener = text[unclosed:unclosed + 2]
        issues.append(TemplateIssue(where, f"「{_quote(text[unclosed:])}」中的 {opener} 没有对应的 "
                                           f"{_OPENERS[opener]}（标签必须写在同一段内）。"))
        return ""
    out = []
    position = 0
    for start, end in spans:
        out.append(text[position:start])
        tag = text[start:end]
        if TABLE_ANCHOR in tag:
            if not _TABLE_TAG.fullmatch(tag) or text.strip() != tag:
                issues.append(TemplateIssue(where, "整张得分表要单独占一段，并写成 {{p scoring_table }}。"))
                tag = "{{ scoring_table }}"
        tag = _MERGE_TAGS.sub("", tag)
        tag = _CELL_TAGS.sub(lambda m: "{{ " + m.group(1) + " }}", tag)
        tag = _DOCXTPL_PREFIX.sub(lambda m: m.group(1) + " ", tag).translate(_QUOTES)
        out.append(tag)
        position = end
    out.append(text[position:])
    if sum(1 for s, e in spans if re.match(r"\{[{%]p\s", text[s:e])) > 1:
        issues.append(TemplateIssue(where, "一段中只能有一个 {%p …%} 或 {{p …}} 标签。"))
    return "".join(out)


def inspect_docx(doc: Any, framework_id: str) -> DocxInspection:
    """Check (and mend split tags in) a loaded template; the problems are located for the clerk."""
    result = DocxInspection()
    blobs = blob_parts(doc)
    units = _units(doc, blobs)
    lines: list[str] = []
    locations: list[str] = []
    rows_with_tr: dict[int, int] = {}
    for unit in units:
        text = unit.text
        for tag in full_width_tags(text):
            result.issues.append(TemplateIssue(f"{unit.where}「{_quote(text)}」", full_width_message(tag)))
        if "{" not in text:
            lines.append("")
            locations.append(unit.where)
            continue
        where = f"{unit.where}「{_quote(text)}」"
        _mend_split_tags(unit, result.issues, where)
        lines.append(_logical_line(unit, result.issues, where))
        locations.append(where)
        if unit.row is not None and re.search(r"\{%tr\s", text):
            rows_with_tr[id(unit.row)] = rows_with_tr.get(id(unit.row), 0) + 1
            if rows_with_tr[id(unit.row)] == 2:
                result.issues.append(TemplateIssue(where, "表格的一行中只能有一个 {%tr …%} 标签。"))
    problems, used = check_source("\n".join(lines), framework_id)
    for problem in problems:
        index = min(max(problem.line, 1), len(locations)) - 1
        result.issues.append(TemplateIssue(locations[index] if locations else "", problem.message))
    result.issues.extend(stray_tags(doc, blobs, {id(t) for unit in units for t in unit.texts}))
    for blob in blobs:
        blob.store()  # the mended footnotes are what docxtpl renders
    result.used = used
    return result


def count_tags(doc: Any) -> int:
    """How many template tags ({{ }}, {% %}, {# #}, or full-width look-alikes) the document has."""
    return sum(len(_TAG_START.findall(unit.text)) + len(full_width_tags(unit.text)) for unit in _units(doc, blob_parts(doc)))


class _Template(DocxTemplate):  # type: ignore[misc]
    def render_properties(self, context: Any, jinja_env: Any = None) -> None:
        """Document properties (title, author …) are left as the template has them."""

    def render_footnotes(self, context: Any, jinja_env: Any = None) -> None:
        """Each footnotes part once: docxtpl renders it once per section, so a second section would run
        Jinja over the clerk's values already filled in."""
        for blob in blob_parts(self.docx):
            xml = self.patch_xml(blob.part.blob.decode("utf-8"))
            blob.part._blob = self.render_xml_part(xml, blob.part, context, jinja_env).encode("utf-8")


def render_docx(data: bytes, view: ReportView, *, where_name: str = "Word 模板",
                cancelled: Callable[[], bool] | None = None) -> tuple[bytes, list[str]]:
    """Render a checked template's bytes; returns the .docx bytes and notes for the clerk.

    The render is bounded (render_budget): it stops with RenderLimitError, or ExportCancelled when
    ``cancelled()`` turns true.
    """
    template = _Template(BytesIO(data))
    try:
        template.init_docx()
    except Exception as exc:  # python-docx refuses malformed packages with many exception types
        raise TemplateError(f"{where_name}无法打开：文件已损坏或不是有效的 Word 文档。") from exc
    inspection = inspect_docx(template.docx, view.framework.id)
    if inspection.blocking:
        raise TemplateError(blocking_error("Word", inspection.blocking), tuple(inspection.issues))
    context = docx_context(view, frozenset(inspection.used))
    budget = RenderBudget(text_chars(context), cancelled)
    if view.draft:
        # Before rendering: docxtpl replaces the header parts, and python-docx keeps pointing at the old ones.
        mark_draft(template.docx, view.settings)
    try:
        template.render(budget.bound(context), jinja_env=sandbox(budget), autoescape=True)
        out = BytesIO()
        template.save(out)
    except (RenderLimitError, ExportCancelled):
        raise
    except SecurityError as exc:
        raise TemplateError(f"{where_name}试图访问不允许的内容，已拒绝（{exc}）。") from exc
    except UndefinedError as exc:
        raise TemplateError(f"{where_name}中有未知的占位符（{exc}）。") from exc
    except JinjaError as exc:
        raise TemplateError(f"{where_name}的标签写法有误：{exc}。") from exc
    except (etree.LxmlError, ValueError, KeyError) as exc:
        raise TemplateError(f"{where_name}填写后无法生成有效的 Word 文档（{type(exc).__name__}），请检查标签的位置。") from exc
    return out.getvalue(), [str(i) for i in inspection.issues if not i.blocking]


def inspect_loaded(data: bytes, view: ReportView) -> tuple[TemplateIssue, ...]:
    """The problems of a template's bytes (already through the package checks), for a check-only run."""
    from docx import Document

    try:
        doc = Document(BytesIO(data))
    except Exception as exc:  # python-docx refuses malformed packages with many exception types
        raise TemplateError("Word 模板无法打开：文件已损坏或不是有效的 Word 文档。") from exc
    return tuple(inspect_docx(doc, view.framework.id).issues)
