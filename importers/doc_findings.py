"""Findings only a document can have, located by paragraph: a heading printed twice, heading numbers
out of order or missing, a headed section with no text, no scores at all.

Template leftovers and the narrative checks are validate()'s rules on the imported report; they are not
repeated here.
"""

from __future__ import annotations

from models.fields import FIELD_BY_KEY, GROUPS, Kind, fields_of_group
from models.findings import Finding, Severity, value_path
from models.matching import LEVEL_OF_STYLE, core, number_prefix

from .report_reader import Heading, ReadReport
from .result import Located

RULES = {
    "document.heading_twice": (Severity.WARNING, "同一标题出现两次"),
    "document.numbering": (Severity.WARNING, "标题编号不连续或顺序不对"),
    "document.empty_section": (Severity.WARNING, "标题下没有内容"),
    "document.no_scores": (Severity.ERROR, "文件中没有得分"),
}


def _finding(rule: str, fields: tuple[str, ...], message: str, section: str, location: str) -> Located:
    severity = RULES[rule][0]
    return Located(Finding(rule, severity, fields, f"【{location}】{message}", section), location)


def _shown(heading: Heading) -> str:
    text = " ".join(heading.para.shown.split())
    return text if len(text) <= 30 else text[:29] + "…"


def _fields_of(heading: Heading) -> tuple[str, ...]:
    target = heading.target
    if target is None:
        return ()
    if target.kind == "field":
        return (value_path(target.key),)
    if target.kind == "group":
        return tuple(value_path(f.key) for f in fields_of_group(target.key) if f.kind is Kind.NARRATIVE)
    return ()


def document_findings(read: ReadReport) -> list[Located]:
    found: list[Located] = []
    found.extend(_twice(read.headings))
    found.extend(_numbering(read.headings))
    found.extend(_empty(read.headings))
    if read.scores_read == 0:
        found.append(_finding("document.no_scores", (), "文件中没有读到任何指标得分：没有找到得分表，或得分表中的得分都是空的。"
                              "请补上得分表（一级、二级、三级指标及得分）。", "scoring", "全文"))
    return found


def _twice(headings: list[Heading]) -> list[Located]:
    found: list[Located] = []
    first: dict[str, Heading] = {}
    for heading in headings:
        identity = f"target:{heading.target.key}" if heading.target else f"text:{core(heading.title)}"
        if heading.target is not None and heading.target.kind == "field":
            # "1.履职成效" as a level-3 heading may repeat a group's word; only the same field twice counts
            identity = f"field:{heading.target.key}"
        earlier = first.get(identity)
        if earlier is None:
            first[identity] = heading
            continue
        section = heading.target.section if heading.target else ""
        found.append(_finding("document.heading_twice", _fields_of(heading),
                              f"标题「{_shown(heading)}」与{earlier.para.location}的「{_shown(earlier)}」重复，"
                              f"同一部分写了两次；请删去重复的部分或合并内容。", section, heading.para.location))
    return found


def _numbering(headings: list[Heading]) -> list[Located]:
    """Within each parent, the numbers of one style run 1, 2, 3 …; a deeper style restarts under each parent."""
    found: list[Located] = []
    last: dict[str, tuple[int, Heading]] = {}  # style -> (number, heading) under the current parent
    for heading in headings:
        number = heading.number
        if number is None:
            continue
        level = LEVEL_OF_STYLE[number.style]
        for style in [s for s in last if LEVEL_OF_STYLE[s] > level]:
            del last[style]  # a new parent: deeper numbering starts again
        previous = last.get(number.style)
        expected = previous[0] + 1 if previous else 1
        section = heading.target.section if heading.target else ""
        if number.number != expected:
            if number.number > expected:
                missing = "、".join(f"“{number_prefix(number.style, n)}”" for n in range(expected, min(number.number, expected + 3)))
                why = f"跳过了{missing}" + (f"（前一个是{previous[1].para.location}的「{_shown(previous[1])}」）" if previous else "")
            else:
                why = (f"与{previous[1].para.location}的「{_shown(previous[1])}」编号重复或顺序颠倒" if previous
                       else "编号不是从第一个开始")
            found.append(_finding("document.numbering", _fields_of(heading),
                                  f"标题「{_shown(heading)}」的编号{why}；标题应按 一、→（一）→1.→（1）依次连续编号。",
                                  section, heading.para.location))
        last[number.style] = (number.number, heading)
    return found


def _empty(headings: list[Heading]) -> list[Located]:
    found: list[Located] = []
    for index, heading in enumerate(headings):
        if heading.content or heading.target is None or heading.target.kind == "section":
            continue
        following = headings[index + 1] if index + 1 < len(headings) else None
        if following is not None and following.level > heading.level and following.target is not None:
            continue  # its text is under the sub-headings
        if heading.target.kind == "group" and not any(
                FIELD_BY_KEY[f.key].kind is Kind.NARRATIVE for f in fields_of_group(heading.target.key)):
            continue  # a block of figures only (“三公”经费): a table may stand elsewhere
        found.append(_finding("document.empty_section", _fields_of(heading),
                              f"标题「{_shown(heading)}」下面没有内容。{_advice(heading)}",
                              heading.target.section, heading.para.location))
    return found


def _advice(heading: Heading) -> str:
    target = heading.target
    key = target.key if target else ""
    group = FIELD_BY_KEY[key].group if target and target.kind == "field" else key
    if group in ("problems", "advice"):
        return f"「{GROUPS[group].title}」不得留空；确实没有时，也要写明“经自评，未发现……方面的问题”。"
    return "请补写这一部分，或删去这个标题。"
