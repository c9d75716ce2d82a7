"""Field declarations: every field of the report, declared once.

Each ``FieldSpec`` names the key, the Chinese label, the kind, unit, decimals, bounds, whether it is
required and a help text. Everything else reads this table: the draft format and its JSON Schema, the
rules, the wizard's widgets, the export mapping and the template placeholder vocabulary.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum


class Kind(str, Enum):
    TEXT = "text"  # one line
    NARRATIVE = "narrative"  # paragraphs
    MONEY = "money"  # Decimal 元, 2 decimals
    COUNT = "count"  # int, persons
    YEAR = "year"  # int
    DATE = "date"  # datetime.date
    CHOICE = "choice"  # one of ``choices``


@dataclass(frozen=True, slots=True)
class GroupSpec:
    """A sub-section: a heading in the document and a block on a wizard page."""

    key: str
    section: str
    title: str
    numbered: bool = True  # gets (一)(二)… in the document


@dataclass(frozen=True, slots=True)
class FieldSpec:
    key: str
    label: str
    group: str
    kind: Kind
    required: bool = False
    help: str = ""
    unit: str = ""
    decimals: int = 0
    minimum: Decimal | None = None
    maximum: Decimal | None = None
    max_chars: int | None = None  # a limit the bureau sets
    choices: tuple[str, ...] = ()
    pattern: str | None = None  # ASCII regex the text must match fully
    pattern_hint: str = ""
    default: str | None = None
    placeholder: str = ""

    @property
    def section(self) -> str:
        return GROUPS[self.group].section

    @property
    def is_number(self) -> bool:
        return self.kind in (Kind.MONEY, Kind.COUNT, Kind.YEAR)


# Sections are identified by a stable key; a framework file decides their order and may rename them.
SECTION_TITLES: dict[str, str] = {
    "cover": "封面信息",
    "overview": "部门（单位）概况",
    "finance": "部门财政资金收支情况",
    "management": "部门财政支出管理情况",
    "scoring": "绩效评价得分表",
    "conclusion": "评价结论及建议",
    "signature": "落款",
}

_GROUP_LIST: tuple[GroupSpec, ...] = (
    GroupSpec("cover", "cover", "封面信息", numbered=False),
    GroupSpec("org", "overview", "机构组成"),
    GroupSpec("duties", "overview", "机构职能"),
    GroupSpec("staff", "overview", "人员概况"),
    GroupSpec("income", "finance", "收入情况"),
    GroupSpec("expense", "finance", "支出情况"),
    GroupSpec("execution", "finance", "预算执行情况"),
    GroupSpec("sangong", "finance", "“三公”经费情况"),
    GroupSpec("decision", "management", "部门决策情况"),
    GroupSpec("admin", "management", "综合管理情况"),
    GroupSpec("results", "management", "部门绩效情况"),
    GroupSpec("verdict", "conclusion", "评价结论"),
    GroupSpec("problems", "conclusion", "存在问题"),
    GroupSpec("advice", "conclusion", "改进建议"),
    GroupSpec("signature", "signature", "落款", numbered=False),
)
GROUPS: dict[str, GroupSpec] = {g.key: g for g in _GROUP_LIST}

_M = Kind.MONEY
_YUAN = "元"
_ZERO = Decimal(0)


def _money(key: str, label: str, group: str, help: str = "", required: bool = True) -> FieldSpec:
    return FieldSpec(key, label, group, _M, required=required, help=help, unit=_YUAN, decimals=2, minimum=_ZERO)


def _count(key: str, label: str, help: str = "", required: bool = True) -> FieldSpec:
    return FieldSpec(
        key, label, "staff", Kind.COUNT, required=required, help=help, unit="人",
        minimum=_ZERO, maximum=Decimal(1_000_000),
    )


def _narrative(key: str, label: str, group: str, help: str, required: bool = True,
               max_chars: int | None = None) -> FieldSpec:
    return FieldSpec(key, label, group, Kind.NARRATIVE, required=required, help=help, max_chars=max_chars)


UNIT_KINDS = ("行政单位", "参照公务员法管理事业单位", "公益一类事业单位", "公益二类事业单位", "其他事业单位")

FIELDS: tuple[FieldSpec, ...] = (
    # 封面
    FieldSpec("unit_name", "单位名称", "cover", Kind.TEXT, required=True,
              help="填写单位全称，与公章一致。", placeholder="例如：某某市某某局"),
    FieldSpec("supervisor", "主管部门", "cover", Kind.TEXT, help="本单位的上级主管部门全称。"),
    FieldSpec("budget_code", "预算编码", "cover", Kind.TEXT, pattern=r"[0-9A-Za-z\-]{1,30}",
              pattern_hint="只能包含数字、字母和连字符", help="财政部门下达的单位预算编码。"),
    FieldSpec("eval_year", "评价年度", "cover", Kind.YEAR, required=True, minimum=Decimal(2000),
              maximum=Decimal(2100), help="被评价的预算年度，例如 2025。"),
    FieldSpec("eval_method", "评价方式", "cover", Kind.TEXT, required=True, default="部门（单位）绩效自评"),
    FieldSpec("eval_org", "评价机构", "cover", Kind.TEXT, required=True, default="部门（单位）评价组"),
    FieldSpec("contact", "联系人", "cover", Kind.TEXT, required=True),
    FieldSpec("phone", "联系电话", "cover", Kind.TEXT, required=True,
              pattern=r"[0-9+()\- ]{7,20}", pattern_hint="7 到 20 位数字，可含区号连字符，例如 028-86123456"),
    FieldSpec("report_date", "报告日期", "cover", Kind.DATE, required=True,
              help="报告形成的日期，通常在评价年度的次年。"),
    # 一、概况
    FieldSpec("unit_kind", "单位性质", "org", Kind.CHOICE, required=True, choices=UNIT_KINDS),
    _narrative("org_text", "机构组成", "org",
               "说明单位性质、隶属关系、内设机构和下属单位。"),
    _narrative("duties_text", "机构职能", "duties",
               "按“三定”方案逐条列出主要职能，可写成（1）（2）（3）。"),
    _count("staff_quota", "编制数", "核定的编制总数。"),
    _count("staff_admin", "在职人数：行政编制", required=False),
    _count("staff_inst", "在职人数：事业编制", required=False),
    _count("staff_other", "在职人数：其他人员", "工勤人员、编外聘用人员等。", required=False),
    _count("staff_total", "年末在职人数", "年末实有在职人员合计，应等于各类在职人数之和。"),
    _count("retired_li", "离休人数", required=False),
    _count("retired_tui", "退休人数", required=False),
    FieldSpec("staff_as_of", "人员统计截止日期", "staff", Kind.DATE, required=True,
              help="应为评价年度的年末，例如 2025年12月31日。"),
    _narrative("staff_text", "人员概况说明", "staff", "人员结构等需要说明的情况（可不填）。", required=False),
    # 二、收支情况 — 收入
    _money("inc_fiscal", "财政拨款收入", "income", "本年一般公共预算财政拨款收入。"),
    _money("inc_fund", "政府性基金预算财政拨款收入", "income", required=False),
    _money("inc_soe", "国有资本经营预算财政拨款收入", "income", required=False),
    _money("inc_superior", "上级补助收入", "income", required=False),
    _money("inc_business", "事业收入", "income", required=False),
    _money("inc_operating", "经营收入", "income", required=False),
    _money("inc_affiliated", "附属单位上缴收入", "income", required=False),
    _money("inc_other", "其他收入", "income", required=False),
    _money("inc_year_total", "本年收入合计", "income", "应等于以上各项收入之和（取自决算报表）。"),
    _money("inc_carryover", "年初结转和结余", "income", "上年结转到本年的资金。", required=False),
    _money("inc_reserve_used", "使用非财政拨款结余", "income", required=False),
    _money("inc_grand_total", "收入总计", "income", "本年收入合计 + 年初结转和结余 + 使用非财政拨款结余。"),
    _narrative("income_text", "收入情况说明", "income", "说明收入构成及与上年相比的变化。"),
    # 支出
    _money("exp_personnel", "人员经费", "expense"),
    _money("exp_public", "日常公用经费", "expense"),
    _money("exp_basic", "基本支出", "expense", "基本支出 = 人员经费 + 日常公用经费。"),
    _money("exp_project", "项目支出", "expense"),
    _money("exp_to_superior", "上缴上级支出", "expense", required=False),
    _money("exp_operating", "经营支出", "expense", required=False),
    _money("exp_to_affiliated", "对附属单位补助支出", "expense", required=False),
    _money("exp_year_total", "本年支出合计", "expense",
           "基本支出 + 项目支出 + 上缴上级支出 + 经营支出 + 对附属单位补助支出。"),
    _money("surplus_distribution", "结余分配", "expense", required=False),
    _money("year_end_carryover", "年末结转和结余", "expense",
           "收入总计 − 本年支出合计 − 结余分配。"),
    _money("exp_grand_total", "支出总计", "expense", "本年支出合计 + 结余分配 + 年末结转和结余，应等于收入总计。"),
    _narrative("expense_text", "支出情况说明", "expense", "说明基本支出、项目支出的主要用途。"),
    # 预算执行
    _money("fund_total_initial", "年度资金总额：年初预算数", "execution", required=False),
    _money("fund_total_budget", "年度资金总额：全年预算数", "execution", "调整后预算数。"),
    _money("fund_total_spent", "年度资金总额：全年执行数", "execution"),
    _money("fund_fiscal_initial", "其中本年财政拨款：年初预算数", "execution", required=False),
    _money("fund_fiscal_budget", "其中本年财政拨款：全年预算数", "execution", required=False),
    _money("fund_fiscal_spent", "其中本年财政拨款：全年执行数", "execution", required=False),
    _money("fund_carry_initial", "其中上年结转资金：年初预算数", "execution", required=False),
    _money("fund_carry_budget", "其中上年结转资金：全年预算数", "execution", required=False),
    _money("fund_carry_spent", "其中上年结转资金：全年执行数", "execution", required=False),
    _money("fund_other_initial", "其中其他资金：年初预算数", "execution", required=False),
    _money("fund_other_budget", "其中其他资金：全年预算数", "execution", required=False),
    _money("fund_other_spent", "其中其他资金：全年执行数", "execution", required=False),
    _narrative("execution_reason", "执行率偏离原因", "execution",
               "预算执行率低于 90% 或超过 100% 时必须说明原因（不超过 100 字）。",
               required=False, max_chars=100),
    _narrative("execution_text", "预算执行情况说明", "execution", "说明预算调整和执行进度情况。"),
    # 三公经费 (optional block)
    _money("sangong_abroad", "因公出国（境）费", "sangong", required=False),
    _money("sangong_vehicle", "公务用车购置及运行维护费", "sangong", required=False),
    _money("sangong_reception", "公务接待费", "sangong", required=False),
    _money("sangong_total", "“三公”经费合计", "sangong", "三项之和。", required=False),
    # 三、管理情况
    _narrative("decision_targets", "目标任务制定情况", "decision",
               "绩效目标与部门职能的相关性、目标是否明确、合理。"),
    _narrative("decision_budget", "预算编制情况", "decision", "预算测算依据是否充分、目标管理情况。"),
    _narrative("admin_text", "综合管理情况", "admin",
               "专项资金分配、中期评估、绩效监控、非税收入、资产管理、内控制度、信息公开、绩效评价等。"),
    _narrative("results_duty", "履职成效", "results", "部门特性指标的完成情况，引用具体数字。"),
    _narrative("results_sustain", "可持续发展能力", "results", "重点改革、创新、人才培养情况。"),
    _narrative("results_satisfaction", "满意度情况", "results", "协作部门、管理对象、社会公众的满意度。"),
    # 四、结论及建议
    _narrative("verdict_text", "评价结论", "verdict",
               "报告在这里先写上程序按得分表算出的“经自评，……得分为……分，评价等级为……”，"
               "这一句不必再写；这里只写您要补充的评价结论。"),
    _narrative("problems_text", "存在问题", "problems",
               "不得留空；确实没有问题时，也要写明“经自评，未发现……方面的问题”。"),
    _narrative("advice_text", "改进建议", "advice", "不得留空；针对存在问题逐条提出改进措施。"),
    # 落款
    FieldSpec("sign_unit", "落款单位", "signature", Kind.TEXT, help="不填则使用单位名称。"),
    FieldSpec("sign_date", "落款日期", "signature", Kind.DATE, required=True),
    FieldSpec("sign_preparer", "填报人", "signature", Kind.TEXT, help="财政局表样要求时填写，打印在落款日期下方。"),
    FieldSpec("sign_reviewer", "审核人", "signature", Kind.TEXT, help="财政局表样要求时填写，打印在落款日期下方。"),
)

FIELD_BY_KEY: dict[str, FieldSpec] = {f.key: f for f in FIELDS}
assert len(FIELD_BY_KEY) == len(FIELDS), "duplicate field key"


def fields_of_group(group: str) -> tuple[FieldSpec, ...]:
    return tuple(f for f in FIELDS if f.group == group)


def groups_of_section(section: str) -> tuple[GroupSpec, ...]:
    return tuple(g for g in _GROUP_LIST if g.section == section)


@functools.cache
def fields_of_section(section: str) -> tuple[FieldSpec, ...]:
    """The declared fields of a section's step (asked for every step on every key press: kept)."""
    return tuple(f for f in FIELDS if f.section == section)


# Department-defined indicator rows (履职成效 / 产出 / 效益 …): the columns of one row, declared once.
@dataclass(frozen=True, slots=True)
class RowFieldSpec:
    key: str
    label: str
    kind: Kind
    required: bool = False
    decimals: int = 0
    help: str = ""
    choices: tuple[str, ...] = ()


ROW_NATURES = ("≥", "≤", "=", "定性")

ROW_FIELDS: tuple[RowFieldSpec, ...] = (
    RowFieldSpec("name", "指标名称", Kind.TEXT, required=True),
    RowFieldSpec("nature", "指标性质", Kind.CHOICE, choices=ROW_NATURES,
                 help="≥ 越大越好；≤ 越小越好（如成本）；= 须等于；定性指标按达成程度评分。"),
    RowFieldSpec("measure_unit", "度量单位", Kind.TEXT),
    RowFieldSpec("target", "年度指标值", Kind.TEXT, required=True),
    RowFieldSpec("actual", "实际完成值", Kind.TEXT, required=True),
    RowFieldSpec("points", "分值", Kind.MONEY, required=True, decimals=2),
    RowFieldSpec("score", "得分", Kind.MONEY, required=True, decimals=2),
    RowFieldSpec("reason", "偏差原因分析及改进措施", Kind.NARRATIVE),
)
ROW_FIELD_BY_KEY: dict[str, RowFieldSpec] = {f.key: f for f in ROW_FIELDS}
