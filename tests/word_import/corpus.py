"""Word reports written the way different clerks write them, built with python-docx from one set of
facts, so an import can be compared field by field with what the document says.

Styles (each is a real habit seen in submitted reports, the wording is invented):
- ``typed``: numbers typed by hand (一、 （一） 1.), full-width brackets, figures only in sentences in
  万元, the scoring table with vertically merged level cells.
- ``styled``: Word heading styles with automatic numbering (一、 / （一） / 1.), half-width brackets and other
  usual titles (单位基本情况, 存在的主要问题 …), money tables in 万元, a cover table.
- ``bold``: no numbers at all, headings only bold, run-in sub-headings ("目标任务制定情况：本局……"),
  figures in 元 in the text, score cells with 分.
- ``national``: the 财预〔2020〕10号 自评表 (eight columns, targets folded as "≥126个"), half-width
  "(一)" and "1、".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import docx
from docx.document import Document as DocxDocument
from docx.oxml.ns import qn
from docx.shared import Pt
from lxml import etree

D = Decimal
UNIT = "青石县教育局"
YEAR = 2025

COVER: dict[str, Any] = {
    "unit_name": UNIT, "supervisor": "青石县人民政府", "budget_code": "402001", "eval_year": YEAR,
    "contact": "王晓燕", "phone": "0816-5123456", "report_date": dt.date(2026, 3, 15),
}
STAFF: dict[str, Any] = {"staff_quota": 45, "staff_total": 43, "staff_admin": 30, "staff_inst": 10, "staff_other": 3,
                         "retired_tui": 21, "staff_as_of": dt.date(2025, 12, 31)}
MONEY: dict[str, Decimal] = {
    "inc_fiscal": D("52300000.00"), "inc_other": D("180000.00"), "inc_year_total": D("52480000.00"),
    "inc_carryover": D("1200000.00"), "inc_grand_total": D("53680000.00"),
    "exp_personnel": D("21500000.00"), "exp_public": D("3100000.00"), "exp_basic": D("24600000.00"),
    "exp_project": D("27300000.00"), "exp_year_total": D("51900000.00"), "year_end_carryover": D("1780000.00"),
    "exp_grand_total": D("53680000.00"),
}
EXECUTION: dict[str, Decimal] = {"fund_total_budget": D("53680000.00"), "fund_total_spent": D("51900000.00")}
TEXTS: dict[str, str] = {
    "org_text": "青石县教育局是县政府工作部门，内设办公室、计划财务股、基础教育股共3个股室，下属学校21所。",
    "duties_text": "（1）贯彻执行国家教育方针、政策和法规；\n（2）统筹规划和管理全县各级各类教育；\n（3）负责全县教育经费的统筹管理。",
    "decision_targets": "年初围绕“三定”职能和县委、县政府教育重点工作设定部门整体绩效目标，目标与职能相关，指标已细化量化。",
    "decision_budget": "预算编制以上年执行数、学生人数和定额标准为依据，项目支出均编报了绩效目标。",
    "admin_text": "专项资金按时限分配；开展了中期评估和绩效监控；资产按时报告；预算、决算和绩效信息均已公开。",
    "results_duty": "全县义务教育巩固率达到98.6%，新建改建校舍4所，教师培训覆盖1,200人次。",
    "results_sustain": "推进县管校聘改革，建立教师轮岗交流机制。",
    "results_satisfaction": "委托第三方开展满意度调查，家长和学生满意度为92%。",
    "verdict_text": "本局部门整体支出绩效目标基本实现，资金使用规范，履职成效明显。",
    "problems_text": "一是部分项目资金拨付进度偏慢；二是个别绩效指标量化不足。",
    "advice_text": "一是加强项目前期准备，按月调度支出进度；二是完善绩效指标体系。",
}
SIGN: dict[str, Any] = {"sign_unit": UNIT, "sign_date": dt.date(2026, 3, 15)}

SICHUAN_SCORES: dict[str, str] = {
    "relevance": "5", "clarity": "4.5", "reasonableness": "4.5", "basis": "4.5", "target_mgmt": "5",
    "alloc_local": "1", "alloc_central": "1", "midterm_eval": "2", "monitor_progress": "1.5",
    "monitor_targets": "3", "nontax_collect": "1", "nontax_remit": "1", "asset_it": "2", "asset_report": "2",
    "asset_budget": "1.5", "internal_control": "2", "disc_budget": "2", "disc_accounts": "2",
    "disc_perf": "1.5", "eval_done": "2", "eval_use": "2.5", "reform": "4.5", "innovation": "4", "talent": "4.5",
    "sat_partner": "2.8", "sat_managed": "2.7", "sat_public": "3.6",
}
# (name, nature, unit, target, actual, points, score)
DUTY_ROWS = (("义务教育巩固率", "≥", "%", "98", "98.6", "5", "5"),
             ("新建改建校舍", "≥", "所", "4", "4", "5", "5"),
             ("教师培训人次", "≥", "人次", "1000", "1200", "5", "5"),
             ("学生资助发放及时率", "=", "%", "100", "100", "5", "4.8"))


def expected_values(style: str) -> dict[str, Any]:
    """Every value the document of ``style`` gives, as the draft must hold it."""
    income, expense, execution = _finance_sentences(in_wan=style in ("typed", "national"))
    return {**COVER, "unit_kind": "行政单位", **STAFF, **MONEY, **EXECUTION, **SIGN, **TEXTS,
            "income_text": income, "expense_text": expense, "execution_text": execution}


def wan(value: Decimal) -> str:
    """"5,248.00" (万元, exact here: every figure is a whole hundred 元)."""
    return f"{value / 10000:,.2f}"


def yuan(value: Decimal) -> str:
    return f"{value:,.2f}"


# ---------------------------------------------------------------- python-docx helpers


def _bold(paragraph: Any) -> None:
    for run in paragraph.runs:
        run.bold = True


def _merge_down(table: Any, col: int, rows: list[int]) -> None:
    """Merge cells of ``col`` over ``rows`` the way Word does (vMerge restart + continue), text once."""
    first = table.cell(rows[0], col)
    for r in rows[1:]:
        first = first.merge(table.cell(r, col))


def _clear_merged_texts(table: Any) -> None:
    """python-docx's merge joins the texts of merged cells; keep only the first (as Word shows it)."""
    for row in table.rows:
        for tc in row._tr.tc_lst:
            paragraphs = tc.findall(qn("w:p"))
            texts = ["".join(t.text or "" for t in p.iter(qn("w:t"))) for p in paragraphs]
            if len(paragraphs) > 1 and len({t for t in texts if t}) == 1:
                for p in paragraphs[1:]:
                    tc.remove(p)


def scoring_table(doc: DocxDocument, framework: str = "sichuan", score_suffix: str = "",
                  score_title: str = "得分") -> None:
    """The Sichuan 得分表 with level 1 and level 2 merged over their rows, 分值 and 得分."""
    from models.frameworks import load_framework

    fw = load_framework("sichuan-2017")
    lines: list[tuple[str, str, str, str, str]] = []
    for top in fw.tree:
        for mid in top.children:
            if mid.kind == "rows":
                for name, _n, _u, _t, _a, points, score in DUTY_ROWS:
                    lines.append((f"{top.name}（{top.points}分）", f"{mid.name}（{mid.points}分）", name, points, score))
                continue
            for leaf in mid.children:
                lines.append((f"{top.name}（{top.points}分）", f"{mid.name}（{mid.points}分）", leaf.name,
                              f"{leaf.points}", SICHUAN_SCORES[leaf.id]))
    table = doc.add_table(rows=len(lines) + 2, cols=5)
    table.style = "Table Grid"
    for c, title in enumerate(("一级指标", "二级指标", "三级指标", "分值", score_title)):
        table.cell(0, c).text = title
    for r, line in enumerate(lines, 1):
        for c, text in enumerate(line):
            table.cell(r, c).text = text + (score_suffix if c == 4 else "")
    for col in (0, 1):
        start = 1
        for r in range(2, len(lines) + 2):
            if r == len(lines) + 1 or lines[r - 1][col] != lines[start - 1][col]:
                if r - start > 1:
                    _merge_down(table, col, list(range(start, r)))
                start = r
    last = len(lines) + 1
    table.cell(last, 0).merge(table.cell(last, 2)).text = "合计"
    table.cell(last, 3).text = "100"
    total = sum(D(s) for s in SICHUAN_SCORES.values()) + sum(D(r[6]) for r in DUTY_ROWS)
    table.cell(last, 4).text = f"{total}"
    _clear_merged_texts(table)
    doc.add_paragraph()  # Word always ends a document with a paragraph (LibreOffice drops a last table)


def expected_scores() -> dict[str, Decimal]:
    return {k: D(v) for k, v in SICHUAN_SCORES.items()}


AUTO_FORMATS = (("chineseCounting", "%1、"), ("chineseCounting", "（%2）"), ("decimal", "%3."))


def add_auto_numbering(doc: DocxDocument) -> str:
    """A multi-level list 一、 / （一） / 1. linked to Heading 1–3, as Word's 多级列表 makes it; its numId."""
    numbering = doc.part.numbering_part.element
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    abstract = etree.SubElement(numbering, qn("w:abstractNum"), {qn("w:abstractNumId"): "90"})
    etree.SubElement(abstract, qn("w:multiLevelType"), {qn("w:val"): "multilevel"})
    for level, (fmt, text) in enumerate(AUTO_FORMATS):
        lvl = etree.SubElement(abstract, qn("w:lvl"), {qn("w:ilvl"): str(level)})
        etree.SubElement(lvl, qn("w:start"), {qn("w:val"): "1"})
        etree.SubElement(lvl, qn("w:numFmt"), {qn("w:val"): fmt})
        etree.SubElement(lvl, qn("w:lvlText"), {qn("w:val"): text})
    # abstractNum elements must come before num elements
    first_num = numbering.find(f"{{{w}}}num")
    if first_num is not None:
        first_num.addprevious(abstract)
    num = etree.SubElement(numbering, qn("w:num"), {qn("w:numId"): "90"})
    etree.SubElement(num, qn("w:abstractNumId"), {qn("w:val"): "90"})
    return "90"


def numbered_heading(doc: DocxDocument, text: str, level: int, num_id: str) -> None:
    paragraph = doc.add_paragraph(text, style=f"Heading {level}")
    ppr = paragraph._p.get_or_add_pPr()
    num_pr = etree.SubElement(ppr, qn("w:numPr"))
    etree.SubElement(num_pr, qn("w:ilvl"), {qn("w:val"): str(level - 1)})
    etree.SubElement(num_pr, qn("w:numId"), {qn("w:val"): num_id})


def money_table(doc: DocxDocument, rows: list[tuple[str, Decimal]], unit: str) -> None:
    doc.add_paragraph(f"单位：{unit}")
    table = doc.add_table(rows=len(rows) + 1, cols=2)
    table.style = "Table Grid"
    table.cell(0, 0).text, table.cell(0, 1).text = "项目", f"金额（{unit}）"
    for r, (label, value) in enumerate(rows, 1):
        table.cell(r, 0).text = label
        table.cell(r, 1).text = wan(value) if unit == "万元" else yuan(value)


# ---------------------------------------------------------------- the styles


def _finance_sentences(in_wan: bool) -> tuple[str, str, str]:
    fmt = (lambda v: wan(v) + "万元") if in_wan else (lambda v: yuan(v) + "元")
    m = MONEY
    income = (f"{YEAR}年本年收入合计{fmt(m['inc_year_total'])}，其中财政拨款收入{fmt(m['inc_fiscal'])}，"
              f"其他收入{fmt(m['inc_other'])}；年初结转和结余{fmt(m['inc_carryover'])}，"
              f"收入总计{fmt(m['inc_grand_total'])}。")
    expense = (f"{YEAR}年本年支出合计{fmt(m['exp_year_total'])}，其中基本支出{fmt(m['exp_basic'])}"
               f"（人员经费{fmt(m['exp_personnel'])}，日常公用经费{fmt(m['exp_public'])}），"
               f"项目支出{fmt(m['exp_project'])}；年末结转和结余{fmt(m['year_end_carryover'])}，"
               f"支出总计{fmt(m['exp_grand_total'])}。")
    execution = (f"全年预算数{fmt(EXECUTION['fund_total_budget'])}，全年执行数{fmt(EXECUTION['fund_total_spent'])}，"
                 f"预算执行率96.68%。")
    return income, expense, execution


STAFF_SENTENCE = ("截至2025年12月31日，核定编制45名，实有在职人员43人，其中行政编制30人、事业编制10人、其他人员3人；"
                  "退休21人。")


def _typed(doc: DocxDocument, edit: Callable[[str, str], str]) -> None:
    income, expense, execution = _finance_sentences(in_wan=True)
    doc.add_paragraph(f"{UNIT}{YEAR}年度部门整体支出绩效自评报告")
    for key in ("unit_name", "supervisor", "budget_code", "eval_year", "contact", "phone"):
        label = {"unit_name": "单位名称", "supervisor": "主管部门", "budget_code": "预算编码", "eval_year": "评价年度",
                 "contact": "联 系 人", "phone": "联系电话"}[key]
        doc.add_paragraph(f"{label}：{COVER[key]}")
    doc.add_paragraph("报告日期：2026年3月15日")
    body = [
        ("h", "一、部门（单位）概况"), ("h", "（一）机构组成"), ("p", "单位性质：行政单位。"), ("p", TEXTS["org_text"]),
        ("h", "（二）机构职能"), ("p", TEXTS["duties_text"]),
        ("h", "（三）人员概况"), ("p", STAFF_SENTENCE),
        ("h", "二、部门财政资金收支情况"), ("h", "（一）收入情况"), ("p", income),
        ("h", "（二）支出情况"), ("p", expense), ("h", "（三）预算执行情况"), ("p", execution),
        ("h", "三、部门财政支出管理情况"), ("h", "（一）部门决策情况"),
        ("h", "1.目标任务制定情况"), ("p", TEXTS["decision_targets"]),
        ("h", "2.预算编制情况"), ("p", TEXTS["decision_budget"]),
        ("h", "（二）综合管理情况"), ("p", TEXTS["admin_text"]),
        ("h", "（三）部门绩效情况"), ("h", "1.履职成效"), ("p", TEXTS["results_duty"]),
        ("h", "2.可持续发展能力"), ("p", TEXTS["results_sustain"]), ("h", "3.满意度情况"), ("p", TEXTS["results_satisfaction"]),
        ("h", "四、评价结论及建议"), ("h", "（一）评价结论"), ("p", TEXTS["verdict_text"]),
        ("h", "（二）存在问题"), ("p", TEXTS["problems_text"]), ("h", "（三）改进建议"), ("p", TEXTS["advice_text"]),
    ]
    for kind, text in body:
        # An edit may return several paragraphs, one a line ("重复" variants print a part twice).
        for piece in edit(kind, text).split("\n"):
            if piece:
                doc.add_paragraph(piece)
    doc.add_paragraph(UNIT)
    doc.add_paragraph("2026年3月15日")
    if edit("table", "得分表"):
        doc.add_paragraph("附件")
        doc.add_paragraph("部门整体支出绩效评价得分表")
        scoring_table(doc)


def _styled(doc: DocxDocument, edit: Callable[[str, str], str]) -> None:
    income, expense, execution = _finance_sentences(in_wan=False)
    num = add_auto_numbering(doc)
    doc.add_paragraph(f"{UNIT}\n{YEAR}年度部门整体支出绩效自评报告", style="Title")
    cover = doc.add_table(rows=4, cols=4)
    cover.style = "Table Grid"
    cells = [("单位名称", UNIT, "主管部门", COVER["supervisor"]), ("预算编码", COVER["budget_code"], "评价年度", f"{YEAR}年"),
             ("联系人", COVER["contact"], "联系电话", COVER["phone"]), ("填报日期", "2026年3月15日", "", "")]
    for r, row in enumerate(cells):
        for c, text in enumerate(row):
            cover.cell(r, c).text = text
    m = MONEY
    plan: list[tuple[str, Any]] = [
        ("1", "单位基本情况"), ("2", "机构设置"), ("p", "单位性质：行政单位"), ("p", TEXTS["org_text"]),
        ("2", "主要职能"), *[("p", line) for line in TEXTS["duties_text"].split("\n")],
        ("2", "人员编制情况"), ("p", STAFF_SENTENCE),
        ("1", "部门财政资金收支情况"), ("2", "收入情况"), ("p", income),
        ("t", ([("财政拨款收入", m["inc_fiscal"]), ("其他收入", m["inc_other"]), ("本年收入合计", m["inc_year_total"]),
                ("年初结转和结余", m["inc_carryover"]), ("收入总计", m["inc_grand_total"])], "万元")),
        ("2", "支出情况"), ("p", expense),
        ("t", ([("人员经费", m["exp_personnel"]), ("日常公用经费", m["exp_public"]), ("基本支出", m["exp_basic"]),
                ("项目支出", m["exp_project"]), ("本年支出合计", m["exp_year_total"]),
                ("年末结转和结余", m["year_end_carryover"]), ("支出总计", m["exp_grand_total"])], "万元")),
        ("2", "预算执行情况"), ("p", execution),
        ("1", "部门财政支出管理情况"), ("2", "部门决策情况"), ("3", "目标任务制定情况"), ("p", TEXTS["decision_targets"]),
        ("3", "预算编制情况"), ("p", TEXTS["decision_budget"]), ("2", "综合管理情况"), ("p", TEXTS["admin_text"]),
        ("2", "部门绩效情况"), ("3", "履职成效"), ("p", TEXTS["results_duty"]), ("3", "可持续发展能力"),
        ("p", TEXTS["results_sustain"]), ("3", "满意度情况"), ("p", TEXTS["results_satisfaction"]),
        ("1", "评价结论及建议"), ("2", "自评结论"), ("p", TEXTS["verdict_text"]),
        ("2", "存在的主要问题"), ("p", TEXTS["problems_text"]), ("2", "下一步改进措施"), ("p", TEXTS["advice_text"]),
    ]
    for kind, value in plan:
        if kind == "t":
            money_table(doc, *value)
        elif kind == "p":
            text = edit("p", value)
            if text:
                doc.add_paragraph(text)
        else:
            text = edit("h", value)
            if text:
                numbered_heading(doc, text, int(kind), num)
    doc.add_paragraph(UNIT)
    doc.add_paragraph("二〇二六年三月十五日")
    doc.add_paragraph("附件1")
    doc.add_paragraph("部门整体支出绩效自评得分表")
    scoring_table(doc, score_title="自评得分")


def _bold_style(doc: DocxDocument, edit: Callable[[str, str], str]) -> None:
    income, expense, execution = _finance_sentences(in_wan=False)

    def head(text: str) -> None:
        text = edit("h", text)
        if text:
            _bold(doc.add_paragraph(text))

    def run_in(title: str, text: str) -> None:
        paragraph = doc.add_paragraph()
        paragraph.add_run(title + "：").bold = True
        paragraph.add_run(text)

    title = doc.add_paragraph(f"{UNIT}{YEAR}年度部门整体支出绩效自评报告")
    _bold(title)
    doc.add_paragraph(f"单位名称：{UNIT}　　主管部门：{COVER['supervisor']}")
    doc.add_paragraph(f"预算编码：{COVER['budget_code']}　　评价年度：{YEAR}年度")
    doc.add_paragraph(f"联系人：{COVER['contact']}　　联系电话：{COVER['phone']}")
    doc.add_paragraph("报告日期：2026-03-15")
    head("部门（单位）概况")
    head("机构组成")
    doc.add_paragraph("单位性质：行政单位。")
    doc.add_paragraph(TEXTS["org_text"])
    head("机构职能")
    for line in TEXTS["duties_text"].split("\n"):
        doc.add_paragraph(line)
    head("人员概况")
    doc.add_paragraph(STAFF_SENTENCE)
    head("部门财政资金收支情况")
    head("收入情况")
    doc.add_paragraph(income)
    head("支出情况")
    doc.add_paragraph(expense)
    head("预算执行情况")
    doc.add_paragraph(execution)
    head("部门财政支出管理情况")
    head("部门决策情况")
    run_in("目标任务制定情况", TEXTS["decision_targets"])
    run_in("预算编制情况", TEXTS["decision_budget"])
    head("综合管理情况")
    doc.add_paragraph(TEXTS["admin_text"])
    head("部门绩效情况")
    run_in("履职成效", TEXTS["results_duty"])
    run_in("可持续发展能力", TEXTS["results_sustain"])
    run_in("满意度情况", TEXTS["results_satisfaction"])
    head("评价结论及建议")
    head("评价结论")
    doc.add_paragraph(TEXTS["verdict_text"])
    head("存在问题")
    text = edit("p", TEXTS["problems_text"])
    if text:
        doc.add_paragraph(text)
    head("改进建议")
    text = edit("p", TEXTS["advice_text"])
    if text:
        doc.add_paragraph(text)
    doc.add_paragraph(UNIT)
    doc.add_paragraph("2026年3月15日")
    doc.add_paragraph("附件")
    scoring_table(doc, score_suffix="分")


NATIONAL_ROWS = (("out_quantity", "数量指标", "新建改建校舍", "≥4所", "4所", "20", "20"),
                 ("out_quality", "质量指标", "义务教育巩固率", "≥98%", "98.6%", "15", "15"),
                 ("out_timeliness", "时效指标", "资助资金发放及时率", "=100%", "100%", "10", "9.5"),
                 ("out_cost", "成本指标", "生均公用经费", "≤800元", "780元", "5", "5"),
                 ("ben_social", "社会效益指标", "适龄儿童入学率", "≥99%", "99.5%", "30", "29"),
                 ("sat_target", "服务对象满意度指标", "家长满意度", "≥90%", "92%", "10", "9.5"))
NATIONAL_LEVEL1 = {"out_quantity": "产出指标（50分）", "out_quality": "产出指标（50分）", "out_timeliness": "产出指标（50分）",
                   "out_cost": "产出指标（50分）", "ben_social": "效益指标（30分）", "sat_target": "满意度指标（10分）"}


def _national(doc: DocxDocument, edit: Callable[[str, str], str]) -> None:
    """The national 自评表 order: 概况, 收支, 自评表, 绩效目标实现情况, 结论."""
    income, expense, execution = _finance_sentences(in_wan=True)
    doc.add_paragraph(f"{UNIT}{YEAR}年度部门整体支出绩效自评报告")
    for label, key in (("单位名称", "unit_name"), ("主管部门", "supervisor"), ("预算编码", "budget_code"),
                       ("评价年度", "eval_year"), ("联系人", "contact"), ("联系电话", "phone")):
        doc.add_paragraph(f"{label}：{COVER[key]}")
    doc.add_paragraph("报告日期：2026年3月15日")
    for kind, text in (
            ("h", "一、部门(单位)概况"), ("h", "(一)机构组成"), ("p", "单位性质：行政单位。"), ("p", TEXTS["org_text"]),
            ("h", "(二)机构职能"), *[("p", line) for line in TEXTS["duties_text"].split("\n")],
            ("h", "(三)人员概况"), ("p", STAFF_SENTENCE),
            ("h", "二、部门财政资金收支情况"), ("h", "(一)收入情况"), ("p", income), ("h", "(二)支出情况"), ("p", expense),
            ("h", "(三)预算执行情况"), ("p", execution), ("h", "三、绩效自评表")):
        text = edit(kind, text)
        if text:
            doc.add_paragraph(text)
    columns = ("一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施")
    lines = [(NATIONAL_LEVEL1[node], level2, name, target, actual, points, score, "")
             for node, level2, name, target, actual, points, score in NATIONAL_ROWS]
    lines.append(("预算执行率（10分）", "预算执行率（10分）", "预算执行率（10分）", "100%", "96.68%", "10", "9.67", ""))
    table = doc.add_table(rows=len(lines) + 1, cols=8)
    table.style = "Table Grid"
    for c, title in enumerate(columns):
        table.cell(0, c).text = title
    for r, line in enumerate(lines, 1):
        for c, text in enumerate(line):
            table.cell(r, c).text = text
    _merge_down(table, 0, [1, 2, 3, 4])
    _clear_merged_texts(table)
    doc.add_paragraph()
    for kind, text in (
            ("h", "四、部门整体绩效目标实现情况"), ("h", "(一)部门决策情况"),
            ("h", "1、目标任务制定情况"), ("p", TEXTS["decision_targets"]), ("h", "2、预算编制情况"), ("p", TEXTS["decision_budget"]),
            ("h", "(二)综合管理情况"), ("p", TEXTS["admin_text"]), ("h", "(三)部门绩效情况"), ("h", "1、履职成效"),
            ("p", TEXTS["results_duty"]), ("h", "2、可持续发展能力"), ("p", TEXTS["results_sustain"]),
            ("h", "3、满意度情况"), ("p", TEXTS["results_satisfaction"]),
            ("h", "五、评价结论及建议"), ("h", "(一)评价结论"), ("p", TEXTS["verdict_text"]),
            ("h", "(二)存在问题"), ("p", TEXTS["problems_text"]), ("h", "(三)改进建议"), ("p", TEXTS["advice_text"])):
        text = edit(kind, text)
        if text:
            doc.add_paragraph(text)
    doc.add_paragraph(UNIT)
    doc.add_paragraph("2026年3月15日")


STYLES: dict[str, Callable[[DocxDocument, Callable[[str, str], str]], None]] = {
    "typed": _typed, "styled": _styled, "bold": _bold_style, "national": _national}


def _keep(kind: str, text: str) -> str:
    return text


def write_report(path: Path, style: str, edit: Callable[[str, str], str] = _keep) -> Path:
    """Write a report of ``style``; ``edit(kind, text)`` may change ("h" heading / "p" paragraph) or drop
    ("" returned) a piece, to make the defective variants."""
    doc = docx.Document()
    doc.styles["Normal"].font.size = Pt(16)
    STYLES[style](doc, edit)
    doc.save(str(path))
    return path


def expected_rows(style: str) -> list[dict[str, Any]]:
    if style == "national":
        return [{"node": node, "name": name, "points": D(points), "score": D(score)}
                for node, _l2, name, _t, _a, points, score in NATIONAL_ROWS]
    return [{"node": "duty", "name": name, "points": D(points), "score": D(score)}
            for name, _n, _u, _t, _a, points, score in DUTY_ROWS]
