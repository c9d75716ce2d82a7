"""The one matcher for labels, headings and indicator names (import of Word reports, bureau forms).

Clerks and bureaus write the same thing many ways: full- or half-width brackets, spaces inside a label
("联 系 人"), a trailing colon, a note in brackets ("单位名称（盖章）"), "存在的主要问题" for 存在问题.
Everything that compares such text with the field declarations or a framework goes through here, so a
label read from a document and a label in a bureau's form are recognised by the same rules.

- ``normalize`` / ``core``: NFKC plus the punctuation NFKC leaves alone; ``core`` keeps only letters,
  digits and CJK characters, for comparing.
- ``heading_number``: the numbering in front of a heading (一、 (一) （一） 1. 1、 (1) ① 第一部分 …).
- ``similarity``: how alike two titles are (0…1), on their distinctive characters.
- ``heading_targets`` / ``match_heading``: a heading's title against the framework's sections, the
  sub-sections (groups) and the narrative fields.
- ``match_label`` / ``split_label``: a label (a cover line, a form cell) to a declared field.
- ``match_indicator``: an indicator name (a scoring-table row) to a framework node.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache

from .fields import FIELDS, GROUPS, SECTION_TITLES, Kind, fields_of_group
from .frameworks import Framework, Node

# ---------------------------------------------------------------------------------------------- text

# What NFKC leaves alone but means the same punctuation for matching.
_PUNCT_MAP = str.maketrans({
    "【": "(", "】": ")", "〔": "(", "〕": ")", "［": "(", "］": ")", "[": "(", "]": ")",
    "〖": "(", "〗": ")", "｛": "(", "｝": ")", "{": "(", "}": ")", "〈": "(", "〉": ")",
    "。": ".", "．": ".", "｡": ".", "，": ",", "：": ":", "；": ";",
    "“": '"', "”": '"', "„": '"', "「": '"', "」": '"', "『": '"', "』": '"', "‘": "'", "’": "'",
    "−": "-", "‐": "-", "‑": "-", "–": "-", "—": "-", "―": "-", "﹣": "-", "～": "~",
    "\u00a0": " ", "\u3000": " ", "\u2002": " ", "\u2003": " ", "\u2009": " ", "\u200b": "",
    "\u200c": "", "\u200d": "", "\ufeff": "", "\u2060": "",
})
_SPACE_RUN = re.compile(r"\s+")
# Letters, digits and CJK ideographs: what identifies a title once punctuation and spacing are gone.
_NOT_CORE = re.compile(r"[^0-9a-z\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")


def normalize(text: str) -> str:
    """NFKC, one kind of bracket, quote and dash, no zero-width characters, single spaces, lower case.

    Full-width （一） and half-width (一) become the same "(一)"; full-width digits become ASCII.
    """
    text = unicodedata.normalize("NFKC", text.translate(_PUNCT_MAP)).translate(_PUNCT_MAP)
    return _SPACE_RUN.sub(" ", text).strip().lower()


@lru_cache(maxsize=4096)
def core(text: str) -> str:
    """Only letters, digits and CJK characters of the normalised text: "（二） 收入 情况：" → "二收入情况"."""
    return _NOT_CORE.sub("", normalize(text))


_BRACKETED = re.compile(r"\([^()]*\)")


def without_notes(text: str) -> str:
    """The text without bracketed notes: "单位名称（盖章）" → "单位名称", "重点改革(重点工作)完成情况" →
    "重点改革完成情况"."""
    normalized = normalize(text)
    previous = None
    while previous != normalized:  # nested brackets, inside out
        previous, normalized = normalized, _BRACKETED.sub("", normalized)
    return normalized.strip()


# ---------------------------------------------------------------------------------- heading numbers

CN_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
             "八": 8, "九": 9}


def cn_to_int(text: str) -> int | None:
    """一 → 1, 十 → 10, 十二 → 12, 二十一 → 21, 九十九 → 99; None for anything else."""
    if not text or len(text) > 3 or any(ch not in CN_DIGITS and ch != "十" for ch in text):
        return None
    if "十" not in text:
        return CN_DIGITS[text] if len(text) == 1 else None
    tens_text, _, ones_text = text.partition("十")
    if "十" in ones_text or len(tens_text) > 1 or len(ones_text) > 1:
        return None
    tens = CN_DIGITS[tens_text] if tens_text else 1
    ones = CN_DIGITS[ones_text] if ones_text else 0
    if tens == 0 or (tens_text and ones_text == "" and tens == 1):
        return None  # "零十", "一十" is not how headings are numbered
    return tens * 10 + ones


class Style:
    """Heading numbering styles, in the conventional order of levels 一、→(一)→1.→(1)→①."""

    CHAPTER = "chapter"  # 第一部分 / 第一章
    CN = "cn"  # 一、
    CN_PAREN = "cn_paren"  # (一) （一）
    ARABIC = "arabic"  # 1. 1、 1．
    ARABIC_PAREN = "arabic_paren"  # (1) （1） 1)
    CIRCLED = "circled"  # ① ②


LEVEL_OF_STYLE = {Style.CHAPTER: 1, Style.CN: 1, Style.CN_PAREN: 2, Style.ARABIC: 3, Style.ARABIC_PAREN: 4,
                  Style.CIRCLED: 5}


@dataclass(frozen=True, slots=True)
class HeadingNumber:
    """The numbering in front of a heading or list item, and what follows it."""

    style: str  # a Style constant
    number: int  # 1-based
    prefix: str  # as written, e.g. "（二）"
    title: str  # the rest of the paragraph, stripped

    @property
    def level(self) -> int:
        """The conventional level of the style: 1 for 一、, 2 for (一), 3 for 1., 4 for (1), 5 for ①."""
        return LEVEL_OF_STYLE[self.style]


_CN = "〇零一二两三四五六七八九十"
_NUMBER_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (Style.CHAPTER, re.compile(rf"第([{_CN}]{{1,3}})(?:部分|章|篇)[、.:\s]*")),
    (Style.CN_PAREN, re.compile(rf"\(([{_CN}]{{1,3}})\)[、.\s]*")),
    (Style.CN, re.compile(rf"([{_CN}]{{1,3}})\s*[、.]\s*")),
    (Style.ARABIC_PAREN, re.compile(r"\((\d{1,2})\)[、.\s]*|(\d{1,2})\)\s*")),
    # "1." and "1、", but not "1.5万元" or "2025年": the mark must not be followed by a digit.
    (Style.ARABIC, re.compile(r"(\d{1,2})\s*(?:[、.](?!\d)|\s(?=\D))\s*")),
)
_CIRCLED_FIRST, _CIRCLED_LAST = 0x2460, 0x2473  # ① … ⑳


def heading_number(text: str) -> HeadingNumber | None:
    """The numbering at the start of ``text``, or None: "（三）存在问题" → CN_PAREN 3 "存在问题".

    Circled digits are read before normalising (NFKC would make "①" a plain "1"). A bare number that is
    really the start of a sentence ("2025年…", "1.5万元…") is not a heading number.
    """
    stripped = text.lstrip(" \t\u3000\u00a0")
    if not stripped:
        return None
    first = ord(stripped[0])
    if _CIRCLED_FIRST <= first <= _CIRCLED_LAST:
        return HeadingNumber(Style.CIRCLED, first - _CIRCLED_FIRST + 1, stripped[0], stripped[1:].strip())
    # Normalise only the head, so the title keeps the clerk's own characters.
    head = unicodedata.normalize("NFKC", stripped[:12].translate(_PUNCT_MAP))
    for style, pattern in _NUMBER_PATTERNS:
        match = pattern.match(head)
        if not match:
            continue
        digits = next(g for g in match.groups() if g is not None)
        number = int(digits) if digits.isascii() and digits.isdigit() else cn_to_int(digits)
        if not number:
            continue
        consumed = _consumed(stripped, match.end())
        title = stripped[consumed:].strip()
        return HeadingNumber(style, number, stripped[:consumed].strip(), title)
    return None


def _consumed(original: str, normalized_end: int) -> int:
    """How many characters of ``original`` make up the first ``normalized_end`` normalised characters."""
    count = 0
    for index, ch in enumerate(original):
        count += len(unicodedata.normalize("NFKC", ch.translate(_PUNCT_MAP)))
        if count >= normalized_end:
            return index + 1
    return len(original)


@lru_cache(maxsize=8192)
def strip_number(text: str) -> str:
    """The text without its heading number: "（三）存在问题" → "存在问题"."""
    number = heading_number(text)
    return number.title if number else text


def cn_numeral(n: int) -> str:
    """1 → 一 … 99 → 九十九 (the inverse of ``cn_to_int``)."""
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    tens, ones = divmod(n, 10)
    return (digits[tens] if tens > 1 else "") + "十" + (digits[ones] if ones else "")


def number_prefix(style: str, number: int) -> str:
    """The prefix Word's automatic numbering would print for a style: (CN, 2) → "二、"."""
    if style == Style.CIRCLED:
        return chr(_CIRCLED_FIRST + number - 1) if 1 <= number <= 20 else f"({number})"
    return {Style.CHAPTER: f"第{cn_numeral(number)}部分", Style.CN: f"{cn_numeral(number)}、",
            Style.CN_PAREN: f"（{cn_numeral(number)}）", Style.ARABIC: f"{number}.",
            Style.ARABIC_PAREN: f"（{number}）"}[style]


# ---------------------------------------------------------------------------------------- similarity

# Words that every title has and that tell nothing apart: "收入情况" and "支出情况" differ in 收入/支出.
_GENERIC = ("情况", "基本", "主要", "有关", "相关", "部门", "单位", "整体", "本年度", "年度", "方面", "工作",
            "及其", "以及", "和", "及", "的", "等")
_GENERIC_PATTERN = re.compile("|".join(sorted(map(re.escape, _GENERIC), key=len, reverse=True)))


@lru_cache(maxsize=8192)
def _distinctive(text: str) -> str:
    return _GENERIC_PATTERN.sub("", core(text))


NO_MATCH_BELOW = 0.5  # every threshold is above this; below it ``similarity`` may return an upper bound


@lru_cache(maxsize=16384)
def similarity(a: str, b: str) -> float:
    """How alike two titles or labels are, 0 … 1, ignoring numbering, punctuation, spacing, bracket width
    and generic words (情况, 部门, 的 …). 1.0 only when the cores are equal."""
    a, b = strip_number(a), strip_number(b)
    ca, cb = core(a), core(b)
    if not ca or not cb:
        return 0.0
    if ca == cb:
        return 1.0
    da, db = _distinctive(a), _distinctive(b)
    if not da or not db:
        # Only generic words ("基本情况"): compare the whole, less confidently.
        return 0.8 * SequenceMatcher(None, ca, cb).ratio()
    if da == db:
        return 0.95
    if not set(da).intersection(db):
        return 0.0
    short, long = (da, db) if len(da) <= len(db) else (db, da)
    if len(short) >= 2 and short in long:
        # A short name inside a long title counts only as far as it covers it: "问题" is not
        # "其他需要说明的问题".
        return 0.5 + 0.45 * len(short) / len(long)
    matcher = SequenceMatcher(None, da, db)
    bound = 0.9 * matcher.quick_ratio()
    if bound < NO_MATCH_BELOW:
        return bound  # far from any threshold: an upper bound is enough (and much cheaper)
    return 0.9 * matcher.ratio()


# ------------------------------------------------------------------------------------------ headings

# Other ways reports title the same sub-section (general usage in published reports, not one report's).
HEADING_ALIASES: dict[str, tuple[str, ...]] = {
    "overview": ("基本概况", "基本情况", "单位基本情况", "部门基本情况", "单位概况", "部门概况"),
    "finance": ("收支情况", "资金收支情况", "财政资金收支情况", "部门收支情况", "收入支出情况", "预算收支情况"),
    "management": ("支出管理情况", "资金管理情况", "财政支出管理情况", "部门管理情况", "绩效目标实现情况"),
    "conclusion": ("评价结论及建议", "结论及建议", "评价结论和建议", "自评结论及建议", "自评结论与建议"),
    "scoring": ("得分表", "自评表", "评分表", "绩效自评表", "绩效评价得分表", "评价得分情况", "自评得分表"),
    "org": ("机构设置", "机构设置情况", "单位组成", "机构组成情况", "组织机构", "内设机构"),
    "duties": ("主要职能", "部门职能", "单位职能", "职能职责", "主要职责", "机构职责"),
    "staff": ("人员情况", "人员编制情况", "人员构成", "人员及编制情况", "人员基本情况"),
    "income": ("收入情况说明", "部门收入情况", "本年收入情况"),
    "expense": ("支出情况说明", "部门支出情况", "本年支出情况"),
    "execution": ("预算执行", "执行情况", "资金执行情况", "预算执行率"),
    "sangong": ("三公经费", "三公经费情况", "三公经费支出情况"),
    "decision": ("决策情况", "部门决策"),
    "admin": ("综合管理", "管理情况"),
    "results": ("绩效情况", "部门绩效", "履职绩效情况", "绩效目标完成情况"),
    "verdict": ("自评结论", "评价结论", "总体评价", "综合评价结论", "自评得分及等级", "自评结果"),
    "problems": ("存在的问题", "主要问题", "存在的主要问题", "存在问题及原因", "存在的问题及原因分析"),
    "advice": ("改进措施", "有关建议", "下一步改进措施", "改进建议及措施", "整改措施", "意见建议",
               "下一步工作打算", "改进意见"),
    "signature": ("落款",),
    # Narrative fields that are headed themselves (level 3 under their group).
    "decision_targets": ("目标任务", "目标任务制定", "绩效目标制定情况", "目标制定情况"),
    "decision_budget": ("预算编制", "预算编制情况"),
    "results_duty": ("履职成效", "履职效果", "部门履职成效"),
    "results_sustain": ("可持续发展能力", "可持续发展"),
    "results_satisfaction": ("满意度", "满意度情况", "社会满意度"),
    "income_text": ("收入情况",),
    "expense_text": ("支出情况",),
    "execution_text": ("预算执行情况",),
    "execution_reason": ("执行率偏离原因", "偏离原因"),
}


@dataclass(frozen=True, slots=True)
class Target:
    """Something a heading can stand for: a section, a group (sub-section) or a narrative field."""

    kind: str  # "section" | "group" | "field"
    key: str  # section key, group key or field key
    title: str  # the framework's / declaration's own title
    section: str  # the section it belongs to (itself for a section)
    names: tuple[str, ...]  # title first, then the aliases

    @property
    def level(self) -> int:
        return {"section": 1, "group": 2, "field": 3}[self.kind]


@dataclass(frozen=True, slots=True)
class Match:
    target: Target
    score: float  # 0 … 1
    name: str  # which of the target's names matched best


def heading_targets(framework: Framework) -> tuple[Target, ...]:
    """Every section (framework titles), group and headed narrative, in the framework's order."""
    targets: list[Target] = []
    for section in framework.sections:
        title = framework.section_title(section)
        if section not in ("cover", "signature"):
            names = _names(title, SECTION_TITLES[section], *HEADING_ALIASES.get(section, ()))
            targets.append(Target("section", section, title, section, names))
        for group in (g for g in GROUPS.values() if g.section == section):
            if group.key in ("cover", "signature"):
                continue
            targets.append(Target("group", group.key, group.title, section,
                                  _names(group.title, *HEADING_ALIASES.get(group.key, ()))))
            for spec in fields_of_group(group.key):
                if spec.kind is Kind.NARRATIVE:
                    targets.append(Target("field", spec.key, spec.label, section,
                                          _names(spec.label, *HEADING_ALIASES.get(spec.key, ()))))
    return tuple(targets)


@lru_cache(maxsize=4096)
def _names(*names: str) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for name in names:
        seen.setdefault(name, None)
        bare = without_notes(name)
        if bare and bare != normalize(name):
            seen.setdefault(bare, None)
    return tuple(seen)


def rank(title: str, targets: Iterable[Target]) -> list[Match]:
    """All targets scored against ``title``, best first (ties keep the targets' order)."""
    scored: list[Match] = []
    for target in targets:
        best, name = max(((similarity(title, n), n) for n in target.names), key=lambda p: p[0])
        scored.append(Match(target, best, name))
    scored.sort(key=lambda m: -m.score)
    return scored


HEADING_THRESHOLD = 0.66


def match_heading(title: str, targets: Iterable[Target], threshold: float = HEADING_THRESHOLD) -> Match | None:
    """The best target for a heading title (numbering already removed, or left: it is ignored), if any
    reaches ``threshold``."""
    ranked = rank(title, targets)
    return ranked[0] if ranked and ranked[0].score >= threshold else None


# ------------------------------------------------------------------------------------------- labels

# Labels that forms and covers use for the declared fields, besides the declared label.
LABEL_ALIASES: dict[str, tuple[str, ...]] = {
    "unit_name": ("单位全称", "部门名称", "部门(单位)名称", "填报单位", "单位", "预算单位", "被评价单位",
                  "评价单位", "部门"),
    "supervisor": ("主管单位", "上级主管部门", "主管部门名称", "归口部门"),
    "budget_code": ("单位编码", "预算单位编码", "单位代码", "部门编码", "部门预算编码", "单位预算编码"),
    "eval_year": ("年度", "评价年份", "所属年度", "预算年度", "评价期间"),
    "eval_method": ("评价方法", "评价形式"),
    "eval_org": ("评价组织", "评价主体", "评价单位名称"),
    "contact": ("经办人", "联络人", "联系人姓名"),
    "phone": ("电话", "联系方式", "联系人电话", "电话号码", "手机"),
    "report_date": ("填报日期", "填表日期", "日期", "报送日期", "报告时间", "填报时间"),
    "unit_kind": ("单位类型", "单位类别", "机构性质"),
    "staff_quota": ("编制人数", "核定编制", "编制总数", "核定编制数"),
    "staff_total": ("在职人数", "实有人数", "年末实有人数", "在职人员", "实有在职人数", "实有人员", "年末在职人员"),
    "staff_admin": ("行政编制", "行政编制人员", "行政人员", "行政编制人数"),
    "staff_inst": ("事业编制", "事业编制人员", "事业人员", "事业编制人数"),
    "staff_other": ("其他人员", "工勤人员", "编外人员", "其他在职人员"),
    "retired_li": ("离休", "离休人员"), "retired_tui": ("退休", "退休人员"),
    "staff_as_of": ("统计截止日期", "截止日期"),
    "sign_unit": ("落款单位名称",), "sign_date": ("落款时间",),
    "sign_preparer": ("填表人", "制表人"),
    # Money labels as prose and tables write them.
    "inc_year_total": ("本年收入", "收入合计", "本年收入合计数"),
    "inc_fiscal": ("财政拨款", "一般公共预算财政拨款收入", "一般公共预算财政拨款", "本年财政拨款收入"),
    "inc_carryover": ("年初结转", "上年结转", "上年结转和结余", "年初结转结余"),
    "inc_grand_total": ("收入总额",),
    "exp_year_total": ("本年支出", "支出合计", "本年支出合计数"),
    "exp_public": ("公用经费", "日常公用支出"),
    "exp_personnel": ("人员支出", "工资福利支出"),
    "year_end_carryover": ("年末结转", "年末结转结余"),
    "exp_grand_total": ("支出总额",),
    "sangong_total": ("三公经费", "三公经费合计", "三公经费支出"),
    "fund_total_budget": ("全年预算数", "调整后预算数", "预算数"),
    "fund_total_spent": ("全年执行数", "执行数", "预算执行数"),
}

LABEL_THRESHOLD = 0.8


@dataclass(frozen=True, slots=True)
class LabelMatch:
    key: str  # the field key
    label: str  # the field's declared label
    score: float
    name: str  # which of the field's names matched


@lru_cache(maxsize=1)
def _label_table() -> tuple[tuple[str, str, tuple[str, ...]], ...]:
    return tuple((spec.key, spec.label, _names(spec.label, *LABEL_ALIASES.get(spec.key, ()))) for spec in FIELDS)


def match_label(text: str, keys: Iterable[str] | None = None, threshold: float = LABEL_THRESHOLD) \
        -> LabelMatch | None:
    """The declared field a label stands for: "联 系 人：" → contact, "单位名称（盖章）" → unit_name.

    ``keys`` limits the candidates (e.g. the cover fields). Exact names (after normalising) win; a
    near miss must reach ``threshold``. Labels are short, so a near miss is judged strictly.
    """
    return _match_label(text, None if keys is None else frozenset(keys), threshold)


@lru_cache(maxsize=8192)  # a document repeats its labels and numbers; a folder check repeats them all
def _match_label(text: str, allowed: frozenset[str] | None, threshold: float) -> LabelMatch | None:
    label = core(_label_text(text))
    if not label:
        return None
    best: LabelMatch | None = None
    for key, declared, _names_of in _label_table():  # a declared label wins over another field's alias
        if (allowed is None or key in allowed) and core(declared) == label:
            return LabelMatch(key, declared, 1.0, declared)
    chars = set(label)
    for key, declared, names in _label_table():
        if allowed is not None and key not in allowed:
            continue
        for name in names:
            c = core(name)
            if c == label:
                score = 1.0
            elif not chars.intersection(c) or 2 * min(len(c), len(label)) < threshold * (len(c) + len(label)):
                continue  # cannot reach the threshold: SequenceMatcher's ratio is at most this
            else:
                matcher = SequenceMatcher(None, label, c)
                if matcher.quick_ratio() < threshold:
                    continue
                score = matcher.ratio()
            if best is None or score > best.score:
                best = LabelMatch(key, declared, score, name)
    return best if best is not None and best.score >= threshold else None


def _label_text(text: str) -> str:
    """The label itself: without a trailing colon, a bracketed note or a unit ("（万元）")."""
    text = normalize(text).rstrip(":").strip()
    bare = without_notes(text)
    return bare or text


_LABEL_SPLIT = re.compile(r"^\s*([^:：\n]{1,20}?)\s*[:：]\s*(.*)$", re.DOTALL)


def split_label(text: str) -> tuple[str, str] | None:
    """"单位名称：蓉溪市农业农村局" → ("单位名称", "蓉溪市农业农村局"); None when there is no "label：".
    The label part must be short (a label, not a sentence that happens to contain a colon)."""
    match = _LABEL_SPLIT.match(text)
    if not match:
        return None
    label, value = match.group(1).strip(), match.group(2).strip()
    if not core(label) or any(ch in label for ch in "。；;，,"):
        return None
    return label, value


# --------------------------------------------------------------------------------------- indicators

INDICATOR_THRESHOLD = 0.75


@dataclass(frozen=True, slots=True)
class NodeMatch:
    node: Node
    score: float


def match_indicator(name: str, framework: Framework, parents: Iterable[str] = (),
                    threshold: float = INDICATOR_THRESHOLD) -> NodeMatch | None:
    """The framework node an indicator name stands for ("省级（或市级）财力专项预算分配时限" → alloc_local).

    ``parents`` are the level-1 / level-2 names printed beside it in the table: when two nodes match the
    name equally (a name used under two parents), the one whose ancestors match them wins.
    """
    # A loaded framework never changes: results are cached per framework object (kept alive here, so
    # its id() is never reused by another one).
    _FRAMEWORKS.setdefault(id(framework), framework)
    return _match_indicator(name, id(framework), tuple(parents), threshold)


_FRAMEWORKS: dict[int, Framework] = {}


@lru_cache(maxsize=8192)
def _match_indicator(name: str, framework_key: int, parents: tuple[str, ...], threshold: float) -> NodeMatch | None:
    framework = _FRAMEWORKS[framework_key]
    parent_names = [p for p in parents if core(p)]
    best: NodeMatch | None = None
    best_key: tuple[float, float] = (-1.0, -1.0)
    for node in framework.walk():
        score = max(similarity(name, n) for n in _names(node.name))
        if score < threshold:
            continue
        context = 0.0
        if parent_names:
            ancestors = [a.name for a in framework.path(node.id)[:-1]]
            if ancestors:
                context = sum(max(similarity(p, a) for a in ancestors) for p in parent_names) / len(parent_names)
        key = (score, context)
        if key > best_key:
            best, best_key = NodeMatch(node, score), key
    return best


def label_before(text: str, keys: Iterable[str]) -> LabelMatch | None:
    """The field whose name (or alias) ends ``text``, as in prose before a figure: "其中行政编制" → staff_admin.

    Connecting words between the name and the figure (为, 共, 有, 是, 达, a colon) are skipped; the longest
    name wins, so "年末在职人数" is not read as a bare "在职人数".
    """
    allowed = set(keys)
    tail = core(text)
    tail = re.sub(r"(?:为|共|共有|有|是|达|达到|计|合计|总计|约)+$", "", tail)
    best: LabelMatch | None = None
    best_len = 0
    for key, declared, names in _label_table():
        if key not in allowed:
            continue
        for name in names:
            c = core(name)
            if c and tail.endswith(c) and len(c) > best_len:
                best, best_len = LabelMatch(key, declared, 1.0, name), len(c)
    return best


# Column titles of scoring tables (models.frameworks.COLUMN_TITLES) and how bureaus also title them.
COLUMN_ALIASES: dict[str, tuple[str, ...]] = {
    "level1": ("一级指标", "一级"), "level2": ("二级指标", "二级"), "level3": ("三级指标", "三级", "指标名称", "具体指标"),
    "target": ("年度指标值", "指标值", "目标值", "年度目标值", "绩效指标值", "预期指标值"),
    "actual": ("实际完成值", "完成值", "实际值", "实际完成情况", "全年实际值"),
    "points": ("分值", "标准分值", "权重", "标准分", "满分", "指标分值", "分数"),
    "score": ("得分", "自评得分", "评价得分", "实际得分", "评分", "自评分"),
    "reason": ("偏差原因分析及改进措施", "偏差原因", "偏差原因分析", "未完成原因", "原因分析及改进措施",
               "扣分原因", "扣分理由", "扣分原因说明", "扣分说明", "得分说明", "备注"),
    # 评分标准 of a bureau's table: help text when the table becomes a framework, never overwritten.
    "criteria": ("评分标准", "指标解释", "评分细则", "评分办法", "指标说明", "评分要点", "考核内容",
                 "评分标准及说明", "指标解释及评分标准"),
    # Columns of a table of the department's own indicators (models.fields.ROW_FIELDS).
    "category": ("指标类别", "指标类型", "类别"),
    "nature": ("指标性质", "指标方向", "性质"),
    "measure_unit": ("度量单位", "计量单位", "单位"),
}


@lru_cache(maxsize=4096)
def match_column(title: str) -> str | None:
    """The scoring-table column a header cell names ("自评得分" → score), or None."""
    label = core(without_notes(title) or title)
    if not label:
        return None
    for key, names in COLUMN_ALIASES.items():
        if any(core(n) == label for n in names):
            return key
    best: tuple[float, str] | None = None
    for key, names in COLUMN_ALIASES.items():
        for name in names:
            c = core(name)
            if 2 * min(len(c), len(label)) < 0.8 * (len(c) + len(label)) or not set(c).intersection(label):
                continue  # cannot reach 0.8
            score = SequenceMatcher(None, c, label).ratio()
            if score >= 0.8 and (best is None or score > best[0]):
                best = (score, key)
    return best[1] if best else None
