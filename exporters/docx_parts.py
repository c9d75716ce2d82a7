"""Every part of a Word template docxtpl renders, and the tags the paragraph check cannot see.

docxtpl renders the whole XML of the body, the headers, the footers and the footnotes as one Jinja
text, so a tag anywhere in it runs: in a field code (``w:instrText``, ``w:fldSimple/@w:instr``), in an
attribute (a picture's description), in deleted text. The paragraph check reads the visible text of
paragraphs; this module finds every other tag and refuses it, and refuses the tags of parts docxtpl
does not render (endnotes, comments), which would be printed as they are. A field instruction never
takes a placeholder: the clerk's value would become part of a HYPERLINK or INCLUDETEXT.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from lxml import etree

from .docx_xml import w
from .errors import TemplateIssue

TAG = re.compile(r"\{[{%#]")
_SAFE_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
_XML_PARTS = {RT.HEADER: "页眉", RT.FOOTER: "页脚"}
_BLOB_PARTS = {RT.FOOTNOTES: "脚注"}  # python-docx keeps these as bytes; docxtpl renders them
_UNRENDERED = {RT.ENDNOTES: "尾注", RT.COMMENTS: "批注"}
_W_T, _INSTR, _FLD_CHAR, _FLD_SIMPLE = w("t"), w("instrText"), w("fldChar"), w("fldSimple")
_FLD_TYPE, _INSTR_ATTR = w("fldCharType"), w("instr")


def _quote(text: str) -> str:
    text = " ".join(text.split())
    return text[:24] + ("……" if len(text) > 24 else "")


class BlobPart:
    """A part python-docx keeps as bytes (footnotes), parsed once; ``store()`` writes changes back."""

    def __init__(self, part: Any, label: str) -> None:
        self.part = part
        self.label = label
        self.root = etree.fromstring(part.blob, _SAFE_PARSER)

    def store(self) -> None:
        self.part._blob = etree.tostring(self.root, xml_declaration=True, encoding="UTF-8", standalone=True)


def blob_parts(doc: Any) -> list[BlobPart]:
    """The footnotes parts, parsed (checked and mended like headers, then rendered by docxtpl)."""
    return [BlobPart(rel.target_part, _BLOB_PARTS[rel.reltype]) for rel in _related(doc, _BLOB_PARTS)]


def xml_parts(doc: Any) -> list[tuple[str, etree._Element]]:
    """(label, root) of the headers and footers."""
    return [(_XML_PARTS[rel.reltype], rel.target_part.element) for rel in _related(doc, _XML_PARTS)]


def _related(doc: Any, kinds: dict[str, str]) -> Iterator[Any]:
    seen: set[int] = set()
    for rel in doc.part.rels.values():
        if not rel.is_external and rel.reltype in kinds and id(rel.target_part) not in seen:
            seen.add(id(rel.target_part))
            yield rel


def stray_tags(doc: Any, blobs: list[BlobPart], checked: set[int]) -> list[TemplateIssue]:
    """Tags outside the checked paragraphs' text (``checked``: ids of their w:t), each refused."""
    issues: list[TemplateIssue] = []
    rendered = [("正文", doc.element), *xml_parts(doc), *((b.label, b.root) for b in blobs)]
    for label, root in rendered:
        issues.extend(_field_codes(root, label))
        issues.extend(_outside_text(root, label, checked))
    for rel in _related(doc, _UNRENDERED):
        label = _UNRENDERED[rel.reltype]
        part = rel.target_part
        root = part.element if hasattr(part, "element") else etree.fromstring(part.blob, _SAFE_PARSER)
        text = "".join(t.text or "" for t in root.iter(_W_T))
        if TAG.search(text):
            found = text[TAG.search(text).start():]  # type: ignore[union-attr]
            issues.append(TemplateIssue(label, f"「{_quote(found)}」：{label}中的标签不会被填写（只有正文、页眉、"
                                               "页脚和脚注中的标签会被填写），请把它移到正文中。"))
    return issues


def _field_message(label: str, code: str) -> TemplateIssue:
    return TemplateIssue(f"{label}的域代码「{_quote(code)}」",
                         "域代码（超链接、引用、页码等）中不能写标签；否则填写的内容会成为域代码的一部分。"
                         "请把标签写在域的外面。")


def _field_codes(root: etree._Element, label: str) -> list[TemplateIssue]:
    """Tags in field instructions: complex fields (fldChar begin … separate) and simple ones."""
    issues: list[TemplateIssue] = []
    codes: list[list[str] | None] = []  # one per open field: its code so far, None once past "separate"
    for element in root.iter(_FLD_CHAR, _INSTR, _W_T, _FLD_SIMPLE):
        if element.tag == _FLD_SIMPLE:
            code = str(element.get(_INSTR_ATTR, ""))
            if TAG.search(code):
                issues.append(_field_message(label, code))
        elif element.tag == _FLD_CHAR:
            kind = element.get(_FLD_TYPE)
            if kind == "begin":
                codes.append([])
            elif kind in ("separate", "end") and codes:
                code_parts = codes[-1]
                if code_parts is not None and TAG.search("".join(code_parts)):
                    issues.append(_field_message(label, "".join(code_parts)))
                if kind == "separate":
                    codes[-1] = None
                else:
                    codes.pop()
        elif element.tag == _INSTR:
            if codes and codes[-1] is not None:
                codes[-1].append(element.text or "")
            elif TAG.search(element.text or ""):
                issues.append(_field_message(label, element.text or ""))
        elif codes and codes[-1] is not None:  # w:t inside a field's code: Word reads it as code too
            codes[-1].append(element.text or "")
    for code_parts in codes:  # a field never closed
        if code_parts is not None and TAG.search("".join(code_parts)):
            issues.append(_field_message(label, "".join(code_parts)))
    return issues


def _outside_text(root: etree._Element, label: str, checked: set[int]) -> list[TemplateIssue]:
    """Tags in attributes, in element text other than w:t, and in w:t the paragraph check did not read."""
    issues: list[TemplateIssue] = []
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue  # XML comments and processing instructions: docxtpl renders them too
        for name, value in element.attrib.items():
            if TAG.search(value) and not (element.tag == _FLD_SIMPLE and name == _INSTR_ATTR):
                issues.append(TemplateIssue(label, f"「{_quote(value)}」：标签只能写在文字中，不能写在图片说明、"
                                                   "链接提示等属性里。"))
    # Raw text nodes: python-docx's element classes redefine ``.text`` (a paragraph's is its visible text).
    for text in root.xpath("//text()"):
        if not TAG.search(text):
            continue
        element = text.getparent()
        if element is None or not isinstance(element.tag, str) or element.tag == _INSTR:
            continue
        if text.is_tail or element.tag != _W_T:
            issues.append(TemplateIssue(label, f"「{_quote(text)}」：标签只能写在正文文字中（这里是已删除的修订或"
                                               "其他不显示的内容），请接受或拒绝修订后再保存模板。"))
        elif id(element) not in checked:
            issues.append(TemplateIssue(label, f"「{_quote(text)}」所在的位置程序无法识别（例如嵌套的内容控件），"
                                               "请把标签移到普通段落或表格中。"))
    for element in root.iter(etree.Comment, etree.ProcessingInstruction):
        if TAG.search(element.text or ""):
            issues.append(TemplateIssue(label, f"「{_quote(element.text or '')}」：标签不能写在隐藏的 XML 注释中。"))
    return issues

