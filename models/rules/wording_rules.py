"""Wording: document numbers (发文字号), template text left in, template questions left as
questions, and another year written as the evaluated one."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from ..findings import Finding, Severity
from .base import Context, rule
from .narratives import NARRATIVES, per_text
from .text_scan import excerpt, prose, scan

# A document number: 机关代字 + year in brackets + serial + 号, in every shape clerks get it wrong.
# Candidates need a 机关代字 ending the way they do (…发, …办, …函, …字, …规 …) or a bracketed year,
# so "2019年10号" (a date) or "10号楼" is never one.
_DOC = re.compile(
    r"(?P<org>[\u4e00-\u9fff]{1,10}?)"
    r"(?:(?P<open>[〔【\[(（［〖{﹝])\s*(?P<year>\d{2,4})\s*(?P<close>[〕】\])）］〗}﹞]?)"
    r"|(?<=[发办函字规通令电复报])\s*(?P<bare>(?:19|20)\d\d)(?=[\s第]*\d{1,4}\s*号))"
    r"\s*(?P<di>第)?\s*(?P<num>\d{1,4})\s*号")


# Words before a 机关代字 that are not part of it: "依据蓉财发〔2019〕10号" quotes "蓉财发〔2019〕10号".
_BEFORE_ORG = re.compile(r".*(?:依据|根据|按照|参照|对照|执行|转发|印发|落实|贯彻|关于|据|依|按|见|的|及|和|与|、)")


def _org(match: re.Match[str]) -> tuple[int, str]:
    """Where the 机关代字 starts and what it is (at most 8 characters)."""
    org = match.group("org")
    cut = _BEFORE_ORG.match(org)
    start = match.start("org") + (cut.end() if cut else 0)
    start = max(start, match.end("org") - 8)
    return start, match.string[start: match.end("org")]


def _doc_problem(match: re.Match[str]) -> str | None:
    """What is wrong with one 发文字号 (GB/T 9704 §7.2.4), or None."""
    org, open_, year, close = match.group("org"), match.group("open"), match.group("year"), match.group("close")
    wrong = []
    if match.group("bare"):
        wrong.append("年份没有用六角括号“〔〕”括起来")
    else:
        if len(org) < 2:
            return None
        if open_ != "〔" or close != "〕":
            wrong.append(f"年份要用六角括号“〔〕”，不用“{open_}{close or ''}”" if close else "年份的括号没有闭合")
        if year is not None and len(year) != 4:
            wrong.append("年份应写全四位")
    if match.group("di"):
        wrong.append("序号前不加“第”")
    if match.group("num").startswith("0"):
        wrong.append("序号不编虚位（不写成“010号”）")
    return "；".join(wrong) or None


def _doc_fixed(match: re.Match[str]) -> str:
    year = match.group("bare") or match.group("year") or ""
    if len(year) == 2:
        year = "20" + year
    return f"{_org(match)[1]}〔{year}〕{int(match.group('num'))}号"


@lru_cache(maxsize=512)
def doc_number_problems(raw: str) -> tuple[str, ...]:
    text = prose(raw)
    if "号" not in text:
        return ()
    problems = []
    for match in _DOC.finditer(text):
        wrong = _doc_problem(match)
        if wrong:
            start = _org(match)[0]
            problems.append(f"中的发文字号“{excerpt(raw, start, match.end())}”格式不对：{wrong}。"
                            f"应写成机关代字 +〔年份〕+ 序号 + 号，如“{_doc_fixed(match)}”。")
    return tuple(problems)


@rule("narrative.doc_number", Severity.WARNING, "发文字号格式不对")
def narrative_doc_number(ctx: Context) -> Iterator[Finding]:
    """引用文件的发文字号由机关代字、年份、序号组成：年份用六角括号“〔〕”括起、写全四位，序号不加“第”、
    不编虚位，如“川财预〔2019〕10号”（GB/T 9704—2012 第7.2.4条）。写成“【2019】”“(2019)”“2019 10号”
    “〔2019〕010号”“〔2019〕第10号”的要改正。"""
    yield from per_text(ctx, "narrative.doc_number", doc_number_problems)


# Template text a clerk forgot to replace: placeholders and instructions.
_PLACEHOLDER = re.compile(
    r"[×Ｘ╳✕*＊]{2,}|(?<![A-Za-z])[Xx]{2,}(?![A-Za-z])|[ｘ]{2,}|某某|○○|〇〇|□□|"
    r"请填写|此处填写|在此填写|此处输入|请在此|请输入|填写说明|（填写[^）]{0,12}）|\(填写[^)]{0,12}\)|"
    r"【[^】]{0,12}填写[^】]{0,12}】|\[[^\]]{0,12}填写[^\]]{0,12}\]|（略）|详见附表X")
# A 部门整体 report still written in the words of the 项目支出 template.
_PROJECT_TEMPLATE = re.compile(r"部门[（(]单位[)）]或项目|或项目|本项目")


def _around(raw: str, match: re.Match[str]) -> str:
    """The sentence holding a match, for the quote."""
    start, end = scan(raw).sentence(match.start())
    start = max(start, match.start() - 20)
    return excerpt(raw, start, min(end, match.end() + 20))


@lru_cache(maxsize=512)
def template_problems(raw: str) -> tuple[str, ...]:
    text = prose(raw)
    problems = []
    for match in _PLACEHOLDER.finditer(text):
        problems.append(f"中还留有模板文字“{match.group()}”（“{_around(raw, match)}”）：请换成本单位的实际情况。")
    for match in _PROJECT_TEMPLATE.finditer(text):
        problems.append(f"中的“{match.group()}”是项目支出绩效报告模板的用语（“{_around(raw, match)}”）；"
                        "这是部门整体支出绩效自评报告，请写本部门（单位）的情况，或写明具体项目名称。")
    return tuple(dict.fromkeys(problems))


@rule("narrative.template", Severity.WARNING, "说明文字中还留有模板文字")
def narrative_template(ctx: Context) -> Iterator[Finding]:
    """模板里的占位和提示文字要换成本单位的内容：“××局”“XX万元”“某某”“（请填写）”“此处填写……”等；
    部门整体支出报告中不应出现项目支出模板的“本项目”“部门（单位）或项目”。"""
    yield from per_text(ctx, "narrative.template", template_problems)


# A clause that still asks the template's question ("绩效目标是否细化量化") rather than answering it.
# "是否" inside a statement is fine when a verb before it makes it the object: "检查资金使用是否合规".
_QUESTION = re.compile(r"是否|有无")
_ASKING_VERBS = re.compile(
    r"检查|核查|审查|审核|评价|评估|考核|判断|关注|分析|考察|了解|调查|查看|核实|确认|论证|测算|监督|监控|"
    r"重点|对照|围绕|就|对|看|查|决定|确定|衡量|明确|判定|取决|认定|复核|抽查|督查|检验|研究|根据|按照|依据|视|不论|无论|不管")
_CLAUSES = re.compile(r"[^，,；;。！？!?\n]+[，,；;。！？!?\n]?")


@lru_cache(maxsize=512)
def question_problems(raw: str) -> tuple[str, ...]:
    text = prose(raw)
    if not _QUESTION.search(text) and "？" not in text and "?" not in text:
        return ()
    problems = []
    for match in _CLAUSES.finditer(text):
        clause = match.group()
        asks = clause.endswith(("？", "?"))
        word = _QUESTION.search(clause)
        if not asks and word and not _ASKING_VERBS.search(clause, 0, word.start()):
            # Not when the question is quoted ("符合“是否与职能相关”的要求") or answered after a colon
            # ("有无整改事项：无").
            quoted = clause.count("“", 0, word.start()) > clause.count("”", 0, word.start())
            answered = bool(re.search(r"[：:]\s*\S", clause[word.end():]))
            asks = not quoted and not answered
        if asks:
            problems.append(f"中“{excerpt(raw, match.start(), match.end())}”仍是模板的提问；"
                            "请写明实际情况作答（如“绩效目标已细化量化”），而不是保留问句。")
    return tuple(dict.fromkeys(problems))


@rule("narrative.template_question", Severity.WARNING, "模板中的提问没有作答")
def narrative_template_question(ctx: Context) -> Iterator[Finding]:
    """模板的提示常写成问句（“绩效目标是否细化量化”“有无健全的内控制度”）。说明文字要写出回答（“已细化量化”），
    不能保留问句；作宾语的“是否”（“重点检查资金使用是否合规”）不算。"""
    yield from per_text(ctx, "narrative.template_question", question_problems)


# Another year written as the evaluated one: "2025年本单位收入……" in a 2026 report (carried text).
_YEAR = re.compile(r"((?:19|20)\d\d)\s*年(度)?")
# Before or after the year, words that make it an explicit comparison, a period or a past event.
_COMPARE_BEFORE = re.compile(r"(?:较|比|与|同|对比|相比|自|从|于|截至|截止|至|到|—|-|~|～|、|和|及|在|"
                             r"原|早在|历年|以前|此前|上年度?|(?:上年度?|去年|上一年度?)[（(])\s*$")
_COMPARE_AFTER = re.compile(r"^(?:以来|起|开始|至|到|—|-|~|～|、|和|与|及|同期|相比|比较|水平|的基础|基础上|"
                            r"[底末初]|以前|前|之前|上半年|下半年)")
_PAST_EVENT = re.compile(r"审计|巡视|巡察|检查|指出|发现|整改|遗留|批复|印发|出台|成立|组建|挂牌|改革|结转|结余|"
                         r"调整|划转|启动|开工|立项|以来|历年|累计|连续|较|比|相比|同比|分别")
# History belongs to 机构组成 and 机构职能 (founding, reforms, documents): those are not read.
_YEAR_FIELDS = tuple(spec for spec in NARRATIVES if spec.group not in ("org", "duties"))


@lru_cache(maxsize=512)
def year_problems(raw: str, year: int) -> tuple[str, ...]:
    text = prose(raw)
    if "年" not in text:
        return ()
    problems = []
    depth = 0
    opens = "《“「〔【"
    closes = "》”」〕】"
    inside = [0] * (len(text) + 1)
    for index, ch in enumerate(text):
        if ch in opens:
            depth += 1
        elif ch in closes and depth:
            depth -= 1
        inside[index + 1] = depth
    for match in _YEAR.finditer(text):
        written = int(match.group(1))
        if written >= year or written < year - 30 or inside[match.start()]:
            continue
        before = text[max(0, match.start() - 6): match.start()]
        after = text[match.end(): match.end() + 6]
        if _COMPARE_BEFORE.search(before) or _COMPARE_AFTER.match(after):
            continue
        found = scan(raw)
        clause_start, clause_end = found.clause_start(match.start()), found.clause_end(match.end())
        if _PAST_EVENT.search(text, clause_start, clause_end):
            continue
        problems.append(f"中写的是“{excerpt(raw, match.start(), clause_end)}”，"
                        f"但评价年度是 {year} 年：如果写的是本年度的情况，请改为“{year}年”；"
                        f"如果是与以前年度比较，请写明（如“较{written}年……”）。")
    return tuple(dict.fromkeys(problems))


@rule("narrative.year", Severity.WARNING, "说明文字把其他年度写成了评价年度")
def narrative_year(ctx: Context) -> Iterator[Finding]:
    """说明本年度情况的文字应写评价年度。从上年报告沿用的文字常留着上一年的年份（2026 年的报告写“2025年本单位收入
    ……”）。明确的比较或过去的事（“较2025年”“与2024年相比”“2024年审计指出的问题已整改”）、书名号和发文字号里的
    年份不算；机构组成、机构职能中的沿革不检查。"""
    year = ctx.report.integer("eval_year")
    if year is None:
        return
    yield from per_text(ctx, "narrative.year", year_problems, _YEAR_FIELDS, args=(year,))
