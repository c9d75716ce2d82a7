"""The identities between money figures (domain/report.md §2), compared exactly in 元."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from decimal import Decimal

from ..compute import format_rate
from ..fields import FIELD_BY_KEY
from ..findings import Finding, Severity
from ..money import CENT, WAN, group_digits, wan_slip
from ..report import Report
from .base import Context, RuleFn, rule

ZERO = Decimal("0.00")
# (key, sign): the parts of an identity; sign -1 subtracts.
Parts = Sequence[tuple[str, int]]


def _label(key: str) -> str:
    return FIELD_BY_KEY[key].label


def _slip_hint(ctx: Context, parts: Parts, difference: Decimal, total: Decimal, expected: Decimal, name: str) -> str:
    """Name the likely culprit when the gap is a typical slip: a 万元/元 mix-up or an extra digit.

    A 万元 figure typed into a 元 field is rarely exactly 10,000 times too small: 1,370.52 typed for
    13,705,178.90 is right to the 0.01 万元 it shows, so "about 10,000" is judged within that rounding.
    """
    report = ctx.report
    if total and expected:
        slip = wan_slip(total, CENT, expected)
        if slip > 0:
            return (f"填的数约为{name}的一万分之一（{ctx.money(total)} 按万元读是 {group_digits(total, 2)} 万元），"
                    "可能把万元当作元填写。")
        if slip < 0:
            return f"填的数约为{name}的一万倍，可能把元当作万元填写。"
        if total == expected * 10 or total * 10 == expected:
            return "填的数与应有数正好相差 10 倍，可能多写或少写了一位数。"
    for key, sign in parts:
        value = report.money(key)
        if not value:
            continue
        signed = value * sign
        # If this part were typed k times too big, expected - total would be signed * (1 - 1/k).
        if difference == signed - signed / 10:
            return f"差额正好相当于「{_label(key)}」多写了一位数（扩大了 10 倍），请先核对这一项。"
        if difference == signed - signed * 10:
            return f"差额正好相当于「{_label(key)}」少写了一位数，请先核对这一项。"
        # The part as a 万元 figure typed as 元 (about, to 0.01 万元), or a 元 figure typed as 万元.
        if abs(expected - signed + signed * WAN - total) <= CENT * WAN + CENT:
            return f"若「{_label(key)}」按万元计（约一万倍），各项之和正好相符：可能把万元当作元填写了这一项，请先核对。"
        if abs(expected - signed + signed / WAN - total) <= 2 * CENT:
            return f"差额相当于「{_label(key)}」扩大了约一万倍：可能把元当作万元填写了这一项，请先核对。"
    return ""


def parts_sum(report: Report, total_key: str) -> Decimal | None:
    """The value a total should have from its parts (IDENTITIES); None while no part is filled or
    while a part holds text that could not be read (its last value is never used)."""
    parts = IDENTITIES.get(total_key)
    if not parts or all(report.money(k) is None for k, _ in parts) or report.unreadable(*(k for k, _ in parts)):
        return None
    return sum((report.money_or_zero(k) * sign for k, sign in parts), ZERO)


def check_identity(ctx: Context, rule_id: str, total_key: str, *, name: str,
                   require_parts: bool = False) -> Finding | None:
    """``total_key`` must equal the signed sum of its parts (IDENTITIES); the message lists what was added."""
    report = ctx.report
    total = report.money(total_key)
    parts = IDENTITIES[total_key]
    if total is None or report.unreadable(total_key, *(k for k, _ in parts)):
        return None
    filled = [(k, s) for k, s in parts if report.money(k) is not None]
    expected = parts_sum(report, total_key)
    if expected is None:
        if not require_parts:
            return None
        expected = ZERO
    if expected == total:
        return None
    difference = expected - total
    terms = [(k, s) for k, s in filled if report.money_or_zero(k) != 0] or filled
    formula = ""
    for index, (key, sign) in enumerate(terms):
        op = ("− " if sign < 0 else "") if index == 0 else ("− " if sign < 0 else "+ ")
        formula += f"{' ' if index else ''}{op}{_label(key)} {ctx.money(report.money_or_zero(key))}"
    hint = _slip_hint(ctx, parts, difference, total, expected, name)
    message = (
        f"「{_label(total_key)}」填的是 {ctx.money(total)}，但{name}为 {ctx.money(expected)}"
        f"（{formula or '各项均为 0'}），相差 {ctx.money(abs(difference))}。{hint}"
    )
    keys = [total_key, *(k for k, _ in filled)]
    return ctx.finding(rule_id, Severity.ERROR, keys, message)


INCOME_PARTS: Parts = tuple((k, 1) for k in (
    "inc_fiscal", "inc_fund", "inc_soe", "inc_superior", "inc_business", "inc_operating",
    "inc_affiliated", "inc_other"))
EXPENSE_PARTS: Parts = tuple((k, 1) for k in (
    "exp_basic", "exp_project", "exp_to_superior", "exp_operating", "exp_to_affiliated"))
_FUND_ROWS = ("fiscal", "carry", "other")
_FUND_COLUMNS = (("initial", "年初预算数"), ("budget", "全年预算数"), ("spent", "全年执行数"))

# total key -> its parts (key, sign): the identities of domain/report.md §2, declared once. The rules
# below check them; the wizard shows "按各项计算" beside each total from the same table.
IDENTITIES: dict[str, Parts] = {
    "inc_year_total": INCOME_PARTS,
    "inc_grand_total": (("inc_year_total", 1), ("inc_carryover", 1), ("inc_reserve_used", 1)),
    "exp_basic": (("exp_personnel", 1), ("exp_public", 1)),
    "exp_year_total": EXPENSE_PARTS,
    "year_end_carryover": (("inc_grand_total", 1), ("exp_year_total", -1), ("surplus_distribution", -1)),
    "exp_grand_total": (("exp_year_total", 1), ("surplus_distribution", 1), ("year_end_carryover", 1)),
    "sangong_total": (("sangong_abroad", 1), ("sangong_vehicle", 1), ("sangong_reception", 1)),
    **{f"fund_total_{column}": tuple((f"fund_{row}_{column}", 1) for row in _FUND_ROWS)
       for column, _ in _FUND_COLUMNS},
}


# (rule id, total, what the parts are called in the message, title, catalogue text, parts required).
# One table, one rule each, so the catalogue still lists every identity under its own id.
_IDENTITY_RULES = (
    ("income.year_total", "inc_year_total", "各项收入之和", "本年收入合计与各项收入之和不符",
     "本年收入合计 = 财政拨款收入（含政府性基金、国有资本经营预算）+ 上级补助收入 + 事业收入 + 经营收入"
     " + 附属单位上缴收入 + 其他收入。", True),
    ("income.grand_total", "inc_grand_total", "本年收入合计加结转结余", "收入总计不符",
     "收入总计 = 本年收入合计 + 年初结转和结余 + 使用非财政拨款结余。", False),
    ("expense.basic", "exp_basic", "人员经费与日常公用经费之和", "基本支出与人员经费、公用经费之和不符",
     "基本支出 = 人员经费 + 日常公用经费。", False),
    ("expense.year_total", "exp_year_total", "各项支出之和", "本年支出合计与各项支出之和不符",
     "本年支出合计 = 基本支出 + 项目支出 + 上缴上级支出 + 经营支出 + 对附属单位补助支出。", True),
    ("balance.carryover", "year_end_carryover", "收入总计减去本年支出合计和结余分配", "年末结转和结余计算不符",
     "年末结转和结余 = 收入总计 − 本年支出合计 − 结余分配。", False),
    ("expense.grand_total", "exp_grand_total", "本年支出合计、结余分配与年末结转和结余之和", "支出总计不符",
     "支出总计 = 本年支出合计 + 结余分配 + 年末结转和结余。", False),
    ("sangong.total", "sangong_total", "三项之和", "“三公”经费合计不符",
     "“三公”经费 = 因公出国（境）费 + 公务用车购置及运行维护费 + 公务接待费（填报时检查）。", False),
)


def _identity_rule(rule_id: str, total: str, name: str, doc: str, require_parts: bool) -> RuleFn:
    def check(ctx: Context) -> Iterator[Finding]:
        found = check_identity(ctx, rule_id, total, name=name, require_parts=require_parts)
        if found:
            yield found

    check.__doc__ = doc
    check.__name__ = rule_id.replace(".", "_")
    return check


for _rule_id, _total, _name, _title, _doc, _required in _IDENTITY_RULES:
    rule(_rule_id, Severity.ERROR, _title)(_identity_rule(_rule_id, _total, _name, _doc, _required))


@rule("balance.totals", Severity.ERROR, "收入总计与支出总计不平衡")
def balance_totals(ctx: Context) -> Iterator[Finding]:
    """决算表收支平衡：收入总计 = 支出总计。"""
    report = ctx.report
    income, spending = report.money("inc_grand_total"), report.money("exp_grand_total")
    if income is not None and spending is not None and income != spending:
        yield ctx.finding(
            "balance.totals", Severity.ERROR, ["exp_grand_total", "inc_grand_total"],
            f"「支出总计」{ctx.money(spending)} 与「收入总计」{ctx.money(income)} 不相等，"
            f"相差 {ctx.money(abs(income - spending))}；决算收支应当平衡。",
        )


@rule("expense.over_income", Severity.WARNING, "支出超过收入且无结转可弥补")
def expense_over_income(ctx: Context) -> Iterator[Finding]:
    """本年支出合计超过本年收入合计时，超出部分应由年初结转和结余（或使用非财政拨款结余）弥补，否则需要说明。"""
    report = ctx.report
    income, spending = report.money("inc_year_total"), report.money("exp_year_total")
    if income is None or spending is None or spending <= income or report.unreadable("inc_carryover",
                                                                                      "inc_reserve_used"):
        return
    excess = spending - income
    cover = report.money_or_zero("inc_carryover") + report.money_or_zero("inc_reserve_used")
    if cover < excess:
        yield ctx.finding(
            "expense.over_income", Severity.WARNING, ["exp_year_total", "inc_year_total", "inc_carryover"],
            f"「本年支出合计」{ctx.money(spending)} 比「本年收入合计」{ctx.money(income)} 多 "
            f"{ctx.money(excess)}，而「年初结转和结余」与使用结余合计只有 {ctx.money(cover)}，"
            "不足以弥补；请核对数字或说明资金来源。",
        )


@rule("execution.funds_sum", Severity.ERROR, "年度资金总额与其中各项之和不符")
def execution_funds_sum(ctx: Context) -> Iterator[Finding]:
    """预算执行表中每一列：年度资金总额 = 本年财政拨款 + 上年结转资金 + 其他资金（填了分项时检查）。"""
    for column, _title in _FUND_COLUMNS:
        total = f"fund_total_{column}"
        found = check_identity(ctx, "execution.funds_sum", total, name="其中各项之和")
        if found:
            yield found


LOW_RATE = Decimal("0.9")


@rule("execution.rate", Severity.WARNING, "预算执行率偏离且未说明原因")
def execution_rate_reason(ctx: Context) -> Iterator[Finding]:
    """预算执行率 = 全年执行数 ÷ 全年预算数。低于 90% 或超过 100% 时，须在“执行率偏离原因”中说明（不超过 100 字）。"""
    rate = ctx.totals.rate
    if rate is None or ctx.report.is_filled("execution_reason"):
        return
    report = ctx.report
    figures = (f"全年执行数 {ctx.money(report.money_or_zero('fund_total_spent'))} ÷ "
               f"全年预算数 {ctx.money(report.money_or_zero('fund_total_budget'))}")
    if rate > 1:
        text = f"预算执行率为 {format_rate(rate)}（{figures}），超过 100%，执行数大于预算数；请核对，并在“执行率偏离原因”中说明。"
    elif rate < LOW_RATE:
        text = f"预算执行率为 {format_rate(rate)}（{figures}），低于 90%；请在“执行率偏离原因”中说明原因。"
    else:
        return
    yield ctx.finding("execution.rate", Severity.WARNING,
                      ["execution_reason", "fund_total_spent", "fund_total_budget"], text)
