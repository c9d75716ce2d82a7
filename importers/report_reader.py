"""From a document body to a Report: headings, narratives, figures, counts, dates, the scoring table.

Headings are recognised by their numbering (typed or Word's automatic), heading style or bold, and
matched to the framework's sections, sub-sections and narrative fields by title similarity
(models.matching) — never by exact strings. Text under a heading goes into that heading's field; text
under a heading that matches nothing, and anything else that cannot be placed, is kept as 未归类内容.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from models.fields import FIELD_BY_KEY, FIELDS, GROUPS, Kind, fields_of_group
from models.frameworks import BUILTIN_IDS, DEFAULT_FRAMEWORK, Framework, load_framework
from models.matching import (
    LEVEL_OF_STYLE,
    HeadingNumber,
    Match,
    Target,
    core,
    heading_number,
    heading_targets,
    label_before,
    match_label,
    rank,
    similarity,
    split_label,
)
from models.money import CENT
from models.report import Report
from models.rules.text_scan import scan

from .collect import Collected, Source
from .docx_reader import DocxBody, Para, Table
from .result import Kind as EntryKind
from .scoring_table import count_matches, details_layout, read_details, read_scoring, scoring_layout
from .value_tables import read_value_table
from .values import choose, find_dates, only_date, unit_in

HEADING_MAX_CHARS = 30  # a heading's title; longer numbered text is a list item or a run-in heading
RUN_IN_THRESHOLD = 0.8  # a run-in heading ("1.目标任务制定情况。本单位……") must match well
_COVER_KEYS = tuple(f.key for f in FIELDS if f.group == "cover")
_LINE_KEYS = tuple(f.key for f in FIELDS if f.kind is not Kind.NARRATIVE and not f.key.startswith("fund_"))
_COUNT_KEYS = tuple(f.key for f in FIELDS if f.kind is Kind.COUNT)
_TITLE = re.compile(r"^(?P<unit>.*?)\s*(?P<year>(?:19|20)\d{2})\s*年度?(?P<rest>.*)$", re.DOTALL)
_COUNT = re.compile(r"(\d{1,7})\s*(?:人|名)(?!次)")
_AS_OF = re.compile(r"(截至|截止|截止到|截至到|至)\s*$")
_SCORE_SENTENCE = re.compile(r"(得分|总分|等级|等次|见附件|评价为|评定为)")
_ANNEX = re.compile(r"附件\s*\d{0,2}\s*[:：]?")  # the annex's own mark: "附件", "附件1" alone on its line
# GB/T 9704's 附件说明 after the body: "附件：部门整体支出绩效评价得分表" (the annex itself comes later).
_ANNEX_NOTE = re.compile(r"附件\s*\d{0,2}\s*[:：]\s*\S.{0,60}")


@dataclass(slots=True)
class Heading:
    para: Para
    title: str
    number: HeadingNumber | None
    target: Target | None  # None: a heading that matches no section (its text is unplaced)
    level: int  # 1 section, 2 group, 3 field (or the numbering's level for an unknown heading)
    content: int = 0  # paragraphs and tables under it, before the next heading


@dataclass(slots=True)
class _State:
    section: str | None = None
    group: str | None = None
    field: str | None = None
    heading: Heading | None = None
    unknown: bool = False
    region: str = "cover"  # cover → body → annex


@dataclass(slots=True)
class ReadReport:
    found: Collected
    headings: list[Heading]
    framework: Framework
    framework_note: str
    scores_read: int
    paragraphs: int
    tables: int = 0
    groups_seen: set[str] = field(default_factory=set)


def _candidates() -> list[Framework]:
    """The built-in frameworks, then the bureau frameworks imported on this PC (models.user_frameworks)."""
    found = [load_framework(framework_id) for framework_id in BUILTIN_IDS]
    try:
        from models.user_frameworks import saved

        found.extend(saved())
    except OSError:  # an unreadable data folder: the built-in ones still serve
        pass
    return found


def choose_framework(body: DocxBody) -> tuple[Framework, str]:
    """The framework whose indicator names the scoring table uses most; the default without a table."""
    candidates = _candidates()
    default = load_framework(DEFAULT_FRAMEWORK)
    best: tuple[int, Framework] = (0, default)
    for table in body.tables:
        layout = scoring_layout(table)
        if layout is None:
            continue
        for candidate in candidates:
            count = count_matches(table, layout, candidate)
            if count > best[0]:
                best = (count, candidate)
    if best[0]:
        return best[1], f"得分表中有 {best[0]} 项指标与之对应"
    for para in body.paragraphs:
        for candidate in candidates:
            if candidate.name in para.text:
                return candidate, f"文中写明评价依据「{candidate.name}」"
    return default, f"未找到得分表，按默认的「{default.name}」"


class Reader:
    def __init__(self, body: DocxBody) -> None:
        self.body = body
        self.framework, self.framework_note = choose_framework(body)
        self.targets = heading_targets(self.framework)
        self.found = Collected(Report.new(self.framework.id))
        self.state = _State()
        self.headings: list[Heading] = []
        self.scores_read = 0
        self.last_content: tuple[str, Para] | None = None  # (field key, paragraph) of the last narrative text
        self._index = {id(block): i for i, block in enumerate(body.blocks)}

    # ------------------------------------------------------------------ driver

    def read(self) -> ReadReport:
        paragraphs = tables = 0
        for block in self.body.blocks:
            if isinstance(block, Table):
                tables += 1
                self.table(block)
            else:
                paragraphs += 1
                self.paragraph(block)
        self.found.finish()
        self._order_mapping()
        return ReadReport(self.found, self.headings, self.framework, self.framework_note, self.scores_read,
                          paragraphs, tables)

    def _order_mapping(self) -> None:
        order = {s: i for i, s in enumerate(self.framework.sections)}
        unplaced = EntryKind.UNPLACED
        self.found.mapping.sort(key=lambda m: (m.kind == unplaced, order.get(m.section, len(order))))

    # ------------------------------------------------------------------ tables

    def table(self, table: Table) -> None:
        if self.state.heading is not None:
            self.state.heading.content += 1
        layout = scoring_layout(table)
        if layout is not None:
            self.scores_read += read_scoring(table, layout, self.framework, self.found)
            return
        details = details_layout(table)
        if details is not None:
            read_details(table, details, self.framework, self.found)
            return
        section = self.state.section or ("cover" if self.state.region == "cover" else "")
        if not read_value_table(table, self.found, section):
            for r, row in enumerate(table.rows):
                line = "｜".join(dict.fromkeys(c.strip() for c in row if c.strip()))
                if line:
                    self.found.unplaced(line, table.location(r), section, "表格中未能识别的内容")

    # ------------------------------------------------------------------ paragraphs

    def paragraph(self, para: Para) -> None:
        text = para.shown.strip()
        state = self.state
        if state.region != "annex" and _ANNEX_NOTE.fullmatch(para.text.strip()):
            self.found.note(EntryKind.LAYOUT, "附件说明", text, para.location)
            return
        if state.region != "annex" and _ANNEX.fullmatch(para.text.strip()):
            state.region = "annex"
            self._close_heading()
            self.found.note(EntryKind.LAYOUT, "附件", text, para.location)
            return
        if state.region == "annex":
            self._annex(para, text)
            return
        if self._label_line(para, text):
            return
        heading = self._heading(para)
        if heading is not None:
            self._enter(heading)
            if heading.target is None:
                self.found.unplaced(text, para.location, state.section or "", "未能对应到报告栏目的标题及其内容")
            return
        run_in = self._run_in(para)
        if run_in is not None:
            heading, rest = run_in
            self._enter(heading)
            self._content(para, rest)
            return
        if state.region == "cover":
            self._cover(para, text)
            return
        self._content(para, text)

    def _label_line(self, para: Para, text: str) -> bool:
        """"联系人：李晓梅　联系电话：0830-2618753": short lines of label and value, wherever they are."""
        if len(text) > 80:
            return False
        parts = [p for p in re.split(r"[\t]|\s{2,}|\u3000+", text) if p.strip()]
        pairs = [split_label(p) for p in parts]
        if not pairs or any(p is None for p in pairs):
            return False
        keys = _COVER_KEYS if self.state.region == "cover" else _LINE_KEYS
        matched = []
        for pair in pairs:
            assert pair is not None
            match = match_label(pair[0], keys)
            if match is None or not pair[1]:
                return False
            matched.append((match, pair))
        for match, (label, value) in matched:
            spec = FIELD_BY_KEY[match.key]
            try:
                parsed = _read(spec.key, value)
            except ValueError as exc:
                self.found.set_unreadable(spec.key, value, f"写作「{value[:30]}」，无法识别：{exc}", Source.LINE,
                                          para.location)
                continue
            self.found.set_value(spec.key, parsed, Source.LINE, para.location, f"{label}：{value}", match.score)
        if self.state.heading is not None:
            self.state.heading.content += 1
        return True

    def _cover(self, para: Para, text: str) -> None:
        joined = "".join(text.split("\n"))
        title = _TITLE.match(joined)
        if title and ("报告" in title.group("rest") or "自评" in title.group("rest")):
            unit = title.group("unit").strip()
            if unit and not self.found.has("unit_name"):
                self.found.set_value("unit_name", unit, Source.SENTENCE, para.location, joined, 0.8, "cover")
            if not self.found.has("eval_year"):
                self.found.set_value("eval_year", int(title.group("year")), Source.SENTENCE, para.location, joined,
                                     0.8, "cover")
            self.found.note(EntryKind.LAYOUT, "报告标题", joined, para.location, "cover")
            return
        day = only_date(text)
        if day is not None and not self.found.has("report_date"):
            self.found.set_value("report_date", day, Source.PROSE_FACT, para.location, text, 0.7, "cover")
            return
        if core(text) in ("草稿",):
            self.found.note(EntryKind.LAYOUT, "草稿标记", text, para.location, "cover")
            return
        self.found.unplaced(text, para.location, "cover")

    def _annex(self, para: Para, text: str) -> None:
        if "评价依据" in text or any(load_framework(f).name in text for f in BUILTIN_IDS):
            self.found.note(EntryKind.LAYOUT, "评价依据", text, para.location, "scoring")
            return
        match = rank(text, [t for t in self.targets if t.key == "scoring"])
        if match and match[0].score >= 0.66:
            self.found.note(EntryKind.LAYOUT, "得分表标题", text, para.location, "scoring")
            return
        if len(core(text)) <= HEADING_MAX_CHARS and isinstance(self._next_block(para), Table):
            self.found.note(EntryKind.LAYOUT, "表格标题", text, para.location, "scoring")
            return
        self.found.unplaced(text, para.location, "scoring")

    # ------------------------------------------------------------------ headings

    def _heading(self, para: Para) -> Heading | None:
        shown = para.shown.strip()
        number = heading_number(shown)
        title = (number.title if number else shown).strip()
        if "\n" in title or not title:
            return None
        looks = number is not None or para.outline is not None or para.bold
        if not looks or len(core(title)) > HEADING_MAX_CHARS or "。" in title.rstrip("。：:"):
            return None
        best = self._best(title, number, para.outline)
        if best is not None:
            return Heading(para, title, number, best.target, best.target.level)
        if self._unknown_heading(number, para):
            level = LEVEL_OF_STYLE[number.style] if number else (para.outline or 2)
            return Heading(para, title, number, None, min(level, 3))
        return None

    def _unknown_heading(self, number: HeadingNumber | None, para: Para) -> bool:
        """A heading-like paragraph that matches nothing starts an unknown part when it stands at the
        level of the current heading or above it (一、 always; (一) beside a (二)); deeper, it is a list
        item of the current text."""
        current = self.state.heading
        if number is None:
            if para.outline is None or self.state.region == "cover":
                return False
            current_level = current.para.outline if current and current.para.outline else 9
            return para.outline <= current_level
        level = LEVEL_OF_STYLE[number.style]
        if level == 1:
            return True
        if current is None or current.number is None:
            return level <= 2 and self.state.region != "cover"
        return level <= LEVEL_OF_STYLE[current.number.style]

    def _best(self, title: str, number: HeadingNumber | None, outline: int | None,
              threshold: float = 0.66) -> Match | None:
        expected = LEVEL_OF_STYLE[number.style] if number else outline
        section = self.state.section
        best: tuple[float, Match] | None = None
        for match in rank(title, self.targets):
            if match.score < threshold:
                break
            adjusted = match.score
            if expected is not None:
                adjusted += 0.05 if match.target.level == min(expected, 3) else -0.03 * abs(match.target.level - expected)
            if section and match.target.kind != "section":
                adjusted += 0.05 if match.target.section == section else -0.05
            if best is None or adjusted > best[0]:
                best = (adjusted, match)
        return best[1] if best else None

    def _run_in(self, para: Para) -> tuple[Heading, str] | None:
        """"（一）收入情况。2025年……" or a bold head followed by plain text: the head is a heading."""
        shown = para.shown.strip()
        number = heading_number(shown)
        if para.bold_head:
            head = para.bold_head
            rest = para.text.strip()[len(head):] if para.text.strip().startswith(head) else ""
            head = para.auto_prefix + head
        elif number is not None:
            cut = re.search(r"[。：:；;]", number.title[: HEADING_MAX_CHARS + 1])
            if cut is None:
                return None
            head = shown[: len(shown) - len(number.title) + cut.start()]
            rest = number.title[cut.end():]
        else:
            return None
        head_number = heading_number(head)
        title = (head_number.title if head_number else head).strip().rstrip("。：:；;")
        if not title or len(core(title)) > HEADING_MAX_CHARS:
            return None
        best = self._best(title, head_number, para.outline, RUN_IN_THRESHOLD)
        if best is None:
            return None
        return Heading(para, title, head_number, best.target, best.target.level), rest.lstrip("。：:；; ").strip()

    def _close_heading(self) -> None:
        self.state.heading = None

    def _enter(self, heading: Heading) -> None:
        state = self.state
        self.headings.append(heading)
        state.heading = heading
        state.region = "body" if state.region == "cover" and (heading.target is not None or heading.level == 1) \
            else state.region
        self.last_content = None
        target = heading.target
        if target is None:
            state.unknown = True
            return
        state.unknown = False
        self.found.note(EntryKind.LAYOUT, f"标题 → {target.title}", heading.para.shown, heading.para.location,
                        target.section)
        if target.kind == "section":
            state.section, state.group, state.field = target.key, None, None
        elif target.kind == "group":
            state.section, state.group, state.field = target.section, target.key, None
        else:
            state.section, state.group, state.field = target.section, FIELD_BY_KEY[target.key].group, target.key

    # ------------------------------------------------------------------ content

    def _content(self, para: Para, text: str) -> None:
        state = self.state
        if not text:
            return
        section = state.section or ""
        if self._signature(para, text):
            return
        if state.heading is not None:
            state.heading.content += 1
        if unit_in(text) is not None and len(core(text)) <= 10:
            self.found.note(EntryKind.LAYOUT, "表格说明", text, para.location, section)
            return
        if section == "finance":
            self._figures(para, text)
        if state.unknown:
            self.found.unplaced(text, para.location, section, "未能对应到报告栏目的标题及其内容")
            return
        group = state.group
        if group == "org" and self._unit_kind(para, text):
            return
        if section == "overview" and self._staff(para, text):
            return
        key = state.field or _narrative_of(group)
        if key is None:
            self.found.unplaced(text, para.location, section)
            return
        if group == "verdict" and self._verdict_statement(para, text, key):
            return
        confidence = self._confidence()
        self.found.add_text(key, text, para.location, confidence)
        self.last_content = (key, para)

    def _confidence(self) -> float:
        heading = self.state.heading
        if heading is None or heading.target is None:
            return 0.5
        base = min(1.0, rank(heading.title, [heading.target])[0].score)
        if self.state.field is None and len(_narratives(self.state.group)) > 1 \
                and self.found.narratives.get(_narrative_of(self.state.group) or ""):
            base *= 0.7  # the group has several narratives and no sub-heading said which
        return base

    def _signature(self, para: Para, text: str) -> bool:
        """A line that is only a date, after the report's sections: the signature date; the short line
        before it, the signing unit."""
        day = only_date(text)
        if day is None or len(core(text)) > 14 or self.state.section not in ("conclusion", "signature", None):
            return False
        self.found.set_value("sign_date", day, Source.LINE, para.location, text, 0.9, "signature")
        previous = self.last_content
        if previous is not None:
            key, prev_para = previous
            prev = prev_para.text.strip()
            if len(core(prev)) <= 40 and not re.search(r"[。，,；;：:]", prev) and prev_para.number == para.number - 1:
                self.found.drop_last_text(key)
                if self.state.heading is not None:
                    self.state.heading.content -= 1  # the signing unit was no text of the section
                self.found.set_value("sign_unit", prev, Source.LINE, prev_para.location, prev, 0.9, "signature")
        self.last_content = None
        self.state.section, self.state.group, self.state.field = "signature", None, None
        return True

    def _figures(self, para: Para, text: str) -> None:
        """Money figures the text attributes to a field (models.rules.text_scan, the narrative rules'
        reader): "财政拨款收入3,865.24万元" fills 财政拨款收入 unless a table gave it."""
        for labelled in scan(text).figures:
            key, figure = labelled.key, labelled.figure
            if key is None or labelled.compared or figure.approx or not figure.is_money or self.found.has(key):
                continue
            amount = figure.amount
            if FIELD_BY_KEY[key].kind is not Kind.MONEY or amount != amount.quantize(CENT) or amount < 0:
                continue
            context = text[max(0, figure.start - 12): figure.end]
            self.found.set_value(key, amount.quantize(CENT), Source.SENTENCE, para.location, context, 0.75, "finance")

    def _unit_kind(self, para: Para, text: str) -> bool:
        spec = FIELD_BY_KEY["unit_kind"]
        pair = split_label(text.rstrip("。"))
        if pair is not None and similarity(pair[0], spec.label) >= 0.9:
            try:
                value = choose(spec.choices, pair[1])
            except ValueError:
                return False
            self.found.set_value("unit_kind", value, Source.LINE, para.location, text, 1.0, "overview")
            return True
        if not self.found.has("unit_kind"):
            try:
                value = choose(spec.choices, text[:200])
            except ValueError:
                return False
            self.found.set_value("unit_kind", value, Source.SENTENCE, para.location, text, 0.7, "overview")
        return False

    def _staff(self, para: Para, text: str) -> bool:
        """Counts ("编制数86人", "其中行政编制52人") and the as-of date ("截至2025年12月31日"); True when
        the paragraph says nothing else (it was the statement of the counts, not a narrative)."""
        spans: list[tuple[int, int]] = []
        for match in _COUNT.finditer(text):
            before = text[max(0, match.start() - 16): match.start()]
            label = label_before(before, _COUNT_KEYS)
            if label is None:
                continue
            name_at = match.start() - _core_tail_length(before, label.name)
            spans.append((max(0, name_at), match.end()))
            if not self.found.has(label.key):
                self.found.set_value(label.key, int(match.group(1)), Source.PROSE_FACT, para.location,
                                     text[max(0, name_at): match.end()], 0.85, "overview")
        for found_date in find_dates(text):
            before = text[max(0, found_date.start - 4): found_date.start]
            if _AS_OF.search(before) or "截" in before:
                spans.append((found_date.start - len(before), found_date.end))
                if not self.found.has("staff_as_of"):
                    self.found.set_value("staff_as_of", found_date.value, Source.PROSE_FACT, para.location,
                                         text[max(0, found_date.start - 2): found_date.end], 0.85, "overview")
        if not spans:
            return False
        rest = list(text)
        for start, end in spans:
            for i in range(start, min(end, len(rest))):
                rest[i] = " "
        leftover = re.sub(r"(其中|共有|共|现有|实有|合计|为|有|人|名|截至|截止|止)", "", core("".join(rest)))
        if len(leftover) <= 2:
            self.found.note(EntryKind.COMPUTED, "人员情况（已读入各项人数）", text, para.location, "overview")
            return True
        return False

    def _verdict_statement(self, para: Para, text: str, key: str) -> bool:
        """The sentence the program prints from the scoring table ("经自评……得分为93.00分，评价等级为“优”。
        各项指标得分情况见附件。") is not the clerk's conclusion when the clerk's own text follows it."""
        if self.found.narratives.get(key) and self.found.narratives[key].paragraphs:
            return False
        sentences = [s for s in re.split(r"[。！!]", text) if core(s)]
        if not sentences or len(sentences) > 3 or not all(_SCORE_SENTENCE.search(s) for s in sentences):
            return False
        following = self._next_paragraph(para)
        if following is None or heading_number(following.shown.strip()) is not None or only_date(following.text):
            return False
        self.found.note(EntryKind.COMPUTED, "自评得分和等级（由程序根据得分表计算）", text, para.location, "conclusion")
        return True

    def _next_block(self, para: Para) -> Para | Table | None:
        index = self._index.get(id(para))
        blocks = self.body.blocks
        return blocks[index + 1] if index is not None and index + 1 < len(blocks) else None

    def _next_paragraph(self, para: Para) -> Para | None:
        after = self._next_block(para)
        return after if isinstance(after, Para) else None


def _core_tail_length(text: str, name: str) -> int:
    """How many characters of ``text``'s end the name (and connecting words) take, counted in ``text``."""
    target = core(name)
    for start in range(len(text) - 1, -1, -1):
        if core(text[start:]).startswith(target):
            return len(text) - start
    return len(name)


def _narratives(group: str | None) -> list[str]:
    if group is None:
        return []
    return [f.key for f in fields_of_group(group) if f.kind is Kind.NARRATIVE]


def _narrative_of(group: str | None) -> str | None:
    """The field text under a sub-section heading goes into: its required narrative (the first), else
    its optional one."""
    if group is None or group not in GROUPS:
        return None
    specs = [f for f in fields_of_group(group) if f.kind is Kind.NARRATIVE]
    required = [f for f in specs if f.required]
    chosen = required or specs
    return chosen[0].key if chosen else None


def _read(key: str, text: str) -> object:
    from .values import read_value

    return read_value(FIELD_BY_KEY[key], text)


__all__ = ["Heading", "ReadReport", "Reader", "choose_framework"]
