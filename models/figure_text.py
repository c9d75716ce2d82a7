"""The figure sentences of a report, written from the fields: 收入, 支出, 预算执行, “三公”经费 and 人员.

Clerks retype these paragraphs every year, and most narrative-vs-figure defects come from that. The model
holds the figures, so the program can write them exactly. This is data (which parts, in which order,
under which words) plus a few sentence templates, not an essay generator:

- amounts in 万元 with two decimals, or in 元, as the export prints money; parts in the order of the
  identities (models/rules/money_rules.IDENTITIES); a part that is zero or not filled is left out;
- percentages (占比, 执行率, growth) rounded half up to the decimals the wording shows;
- with last year's figures (上年数), 较上年增加/减少 and the growth rate;
- nothing invented: a paragraph whose main figure is not filled is not written (``missing`` says why).

A bureau's own wording is one more ``Phrasing`` in ``PHRASINGS``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, replace
from decimal import Decimal

from .fields import FIELD_BY_KEY
from .money import WAN, Unit, group_digits, round_half_up
from .report import LiveParagraph, Report

ZERO = Decimal(0)
HUNDRED = Decimal(100)


@dataclass(frozen=True, slots=True)
class Phrasing:
    """The words of one bureau's usual paragraphs. Placeholders are filled by ``str.format``."""

    id: str
    title: str
    percent_decimals: int = 2
    share: str = "，占{whole}的{pct}"  # after a part's amount
    growth_up: str = "较上年增加{amount}，增长{pct}"
    growth_down: str = "较上年减少{amount}，下降{pct}"
    growth_flat: str = "与上年持平"
    income_lead: str = "{year}年本年收入合计{total}"
    expense_lead: str = "{year}年本年支出合计{total}"
    execution_lead: str = "{year}年全年预算数{budget}，全年执行数{spent}，预算执行率{rate}"
    sangong_lead: str = "{year}年“三公”经费支出{total}"
    staff_lead: str = "截至{as_of}，本单位编制数{quota}人，年末在职人数{total}人"


PHRASINGS: dict[str, Phrasing] = {
    "standard": Phrasing("standard", "常用表述（占比保留两位小数）"),
    "brief": Phrasing("brief", "简洁表述（不写占比，百分比保留一位小数）", percent_decimals=1, share=""),
}
DEFAULT_PHRASING = "standard"

# The parts of each paragraph: (field key, the word used in prose). Same order as the identities.
INCOME_PARTS = (
    ("inc_fiscal", "财政拨款收入"), ("inc_fund", "政府性基金预算财政拨款收入"),
    ("inc_soe", "国有资本经营预算财政拨款收入"), ("inc_superior", "上级补助收入"), ("inc_business", "事业收入"),
    ("inc_operating", "经营收入"), ("inc_affiliated", "附属单位上缴收入"), ("inc_other", "其他收入"),
)
INCOME_AFTER = (("inc_carryover", "年初结转和结余"), ("inc_reserve_used", "使用非财政拨款结余"))
EXPENSE_PARTS = (
    ("exp_basic", "基本支出"), ("exp_project", "项目支出"), ("exp_to_superior", "上缴上级支出"),
    ("exp_operating", "经营支出"), ("exp_to_affiliated", "对附属单位补助支出"),
)
BASIC_PARTS = (("exp_personnel", "人员经费"), ("exp_public", "日常公用经费"))
EXPENSE_AFTER = (("surplus_distribution", "结余分配"), ("year_end_carryover", "年末结转和结余"))
SANGONG_PARTS = (
    ("sangong_abroad", "因公出国（境）费"), ("sangong_vehicle", "公务用车购置及运行维护费"),
    ("sangong_reception", "公务接待费"),
)
FUND_ROWS = (("fiscal", "本年财政拨款"), ("carry", "上年结转资金"), ("other", "其他资金"))
STAFF_PARTS = (("staff_admin", "行政编制"), ("staff_inst", "事业编制"), ("staff_other", "其他人员"))
RETIRED_PARTS = (("retired_li", "离休人员"), ("retired_tui", "退休人员"))


@dataclass(frozen=True, slots=True)
class Writer:
    """What one paragraph is written from: the report, the unit money is shown in, last year's figures."""

    report: Report
    unit: Unit
    phrasing: Phrasing
    prior: Mapping[str, Decimal]

    @property
    def year(self) -> str:
        year = self.report.integer("eval_year")
        return str(year) if year else "本"

    def amount(self, value: Decimal) -> str:
        """4,082.89万元 (rounded half up to 0.01 万元), or 40,828,930.50元; a tiny non-zero never prints 0.00万元."""
        if self.unit is Unit.WAN:
            wan = round_half_up(value / WAN, 2)
            if wan or not value:
                return f"{group_digits(wan, 2)}万元"
        return f"{group_digits(value, 2)}元"

    def pct(self, fraction: Decimal) -> str:
        digits = self.phrasing.percent_decimals
        return f"{group_digits(round_half_up(fraction * HUNDRED, digits), digits)}%"

    def money(self, key: str) -> Decimal | None:
        return self.report.money(key)

    def nonzero(self, parts: tuple[tuple[str, str], ...]) -> list[tuple[str, str, Decimal]]:
        return [(key, word, value) for key, word in parts if (value := self.money(key))]

    def share(self, value: Decimal, whole: Decimal, whole_word: str) -> str:
        if not self.phrasing.share or not whole:
            return ""
        return self.phrasing.share.format(whole=whole_word, pct=self.pct(value / whole))

    def growth(self, key: str) -> str:
        """"，较上年增加179.50万元，增长4.60%" against 上年数; "" without a usable one."""
        now, before = self.money(key), self.prior.get(key)
        if now is None or before is None or before <= 0:
            return ""
        change = now - before
        if (self.unit is Unit.WAN and round_half_up(change / WAN, 2) == 0) or not change:
            return "，" + self.phrasing.growth_flat
        template = self.phrasing.growth_up if change > 0 else self.phrasing.growth_down
        return "，" + template.format(amount=self.amount(abs(change)), pct=self.pct(abs(change) / before))


def _listing(items: list[str]) -> str:
    return "、".join(items)


def _income(w: Writer) -> str | None:
    total = w.money("inc_year_total")
    if total is None:
        return None
    text = w.phrasing.income_lead.format(year=w.year, total=w.amount(total)) + w.growth("inc_year_total")
    parts = w.nonzero(INCOME_PARTS)
    if parts:
        text += "。其中：" + "；".join(f"{word}{w.amount(v)}{w.share(v, total, '本年收入合计')}"
                                     for _, word, v in parts)
    after = w.nonzero(INCOME_AFTER)
    if after:
        text += "。此外，" + "，".join(f"{word}{w.amount(v)}" for _, word, v in after)
        grand = w.money("inc_grand_total")
        if grand is not None:
            text += f"，收入总计{w.amount(grand)}"
    return text + "。"


def _expense(w: Writer) -> str | None:
    total = w.money("exp_year_total")
    if total is None:
        return None
    text = w.phrasing.expense_lead.format(year=w.year, total=w.amount(total)) + w.growth("exp_year_total")
    pieces = []
    for key, word, value in w.nonzero(EXPENSE_PARTS):
        piece = f"{word}{w.amount(value)}{w.share(value, total, '本年支出合计')}"
        if key == "exp_basic" and (basic := w.nonzero(BASIC_PARTS)):
            piece += "（" + _listing([f"{b}{w.amount(v)}" for _, b, v in basic]) + "）"
        pieces.append(piece)
    if pieces:
        text += "。其中：" + "；".join(pieces)
    after = w.nonzero(EXPENSE_AFTER)
    if after:
        text += "。" + "，".join(f"{word}{w.amount(v)}" for _, word, v in after)
    text += "。"
    sangong = _sangong(w)
    return text + sangong if sangong else text


def _sangong(w: Writer) -> str | None:
    """The “三公”经费 sentence, written into 支出情况说明 when the block is filled."""
    total = w.money("sangong_total")
    if not total:
        return None
    text = w.phrasing.sangong_lead.format(year=w.year, total=w.amount(total)) + w.growth("sangong_total")
    parts = w.nonzero(SANGONG_PARTS)
    if parts:
        text += "，其中" + _listing([f"{word}{w.amount(v)}" for _, word, v in parts])
    return text + "。"


def _execution(w: Writer) -> str | None:
    budget, spent = w.money("fund_total_budget"), w.money("fund_total_spent")
    if budget is None or spent is None or not budget:
        return None
    text = w.phrasing.execution_lead.format(
        year=w.year, budget=w.amount(budget), spent=w.amount(spent), rate=w.pct(spent / budget))
    rows = []
    for row, word in FUND_ROWS:
        row_budget, row_spent = w.money(f"fund_{row}_budget"), w.money(f"fund_{row}_spent")
        if row_budget and row_spent is not None:
            rows.append(f"{word}全年预算数{w.amount(row_budget)}、全年执行数{w.amount(row_spent)}")
    if rows:
        text += "。分资金来源看，" + "；".join(rows)
    return text + "。"


def _as_of(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _staff(w: Writer) -> str | None:
    report = w.report
    quota, total, as_of = report.integer("staff_quota"), report.integer("staff_total"), report.date("staff_as_of")
    if quota is None or total is None or as_of is None:
        return None
    text = w.phrasing.staff_lead.format(as_of=_as_of(as_of), quota=quota, total=total)
    kinds = [f"{word}{n}人" for key, word in STAFF_PARTS if (n := report.integer(key))]
    if kinds:
        text += "，其中" + _listing(kinds)
    retired = [f"{word}{n}人" for key, word in RETIRED_PARTS if (n := report.integer(key))]
    if retired:
        text += "；" + _listing(retired)
    return text + "。"


# narrative key -> (writer, the fields it cannot be written without: key, label)
GENERATORS: dict[str, tuple[Callable[[Writer], str | None], tuple[tuple[str, str], ...]]] = {
    "income_text": (_income, (("inc_year_total", "本年收入合计"),)),
    "expense_text": (_expense, (("exp_year_total", "本年支出合计"),)),
    "execution_text": (_execution, (("fund_total_budget", "年度资金总额：全年预算数"),
                                    ("fund_total_spent", "年度资金总额：全年执行数"))),
    "staff_text": (_staff, (("staff_quota", "编制数"), ("staff_total", "年末在职人数"),
                            ("staff_as_of", "人员统计截止日期"))),
}
GENERATED_KEYS = tuple(GENERATORS)
def _keys(*parts: tuple[tuple[str, str], ...]) -> frozenset[str]:
    return frozenset(key for group in parts for key, _ in group)


_FUND_KEYS = frozenset(f"fund_{row}_{col}" for row, _ in FUND_ROWS for col in ("budget", "spent"))
# The fields each paragraph is written from: a change to one may change it, and while one of them holds
# text that cannot be read the paragraph is not written (nothing is stated from a figure that has none).
PARAGRAPH_SOURCES: dict[str, frozenset[str]] = {
    "income_text": _keys(INCOME_PARTS, INCOME_AFTER) | {"inc_year_total", "inc_grand_total", "eval_year"},
    "expense_text": _keys(EXPENSE_PARTS, BASIC_PARTS, EXPENSE_AFTER, SANGONG_PARTS)
    | {"exp_year_total", "sangong_total", "eval_year"},
    "execution_text": _FUND_KEYS | {"fund_total_budget", "fund_total_spent", "eval_year"},
    "staff_text": _keys(STAFF_PARTS, RETIRED_PARTS) | {"staff_quota", "staff_total", "staff_as_of"},
}
SOURCE_KEYS = frozenset().union(*PARAGRAPH_SOURCES.values())


def prior_figures(report: Report) -> Mapping[str, Decimal]:
    """Last year's money figures kept in the draft (上年数, ``Report.prior``), or none."""
    if report.prior is None:
        return {}
    return {k: v for k, v in report.prior.values.items() if isinstance(v, Decimal)}


def generate(report: Report, key: str, *, unit: Unit = Unit.WAN, phrasing: str = DEFAULT_PHRASING,
             prior: Mapping[str, Decimal] | None = None) -> str | None:
    """The paragraph for narrative ``key`` written from the fields, or None while its main figures are empty."""
    writer, _needs = GENERATORS[key]
    if report.unreadable(*PARAGRAPH_SOURCES[key]):
        return None
    words = PHRASINGS.get(phrasing, PHRASINGS[DEFAULT_PHRASING])
    return writer(Writer(report, unit, words, prior_figures(report) if prior is None else prior))


def missing(report: Report, key: str) -> list[str]:
    """Labels of the figures the paragraph for ``key`` cannot be written without: not filled, or unreadable."""
    _writer, needs = GENERATORS[key]
    empty = [label for field, label in needs if not report.is_filled(field) and not report.unreadable(field)]
    unreadable = [f"{FIELD_BY_KEY[field].label}（填写有误）" for field in sorted(PARAGRAPH_SOURCES[key])
                  if report.unreadable(field)]
    return empty + unreadable


def with_paragraph(text: str, paragraph: str, old: str | None = None) -> str:
    """``paragraph`` at the start of ``text``, the clerk's own text kept after it.

    ``old`` is the generated paragraph the text started with before (replaced, not repeated).
    """
    rest = text[len(old):] if old and text.startswith(old) else text
    rest = rest.lstrip("\n")
    if not paragraph:
        return rest
    return f"{paragraph}\n{rest}" if rest.strip() else paragraph


class NotYetWritable(ValueError):
    """The paragraph cannot be written yet; ``str()`` names the figures to fill first."""


def inserted(report: Report, key: str, *, unit: Unit = Unit.WAN,
             phrasing: str = DEFAULT_PHRASING) -> tuple[str, LiveParagraph]:
    """The narrative's text with the generated paragraph at its start, and the mark that makes it follow."""
    paragraph = generate(report, key, unit=unit, phrasing=phrasing)
    if paragraph is None:
        raise NotYetWritable(f"请先填写{'、'.join(f'「{label}」' for label in missing(report, key))}，再生成这一段。")
    live = report.generated.get(key)
    old = live.paragraph if live and report.text(key).startswith(live.paragraph) else None
    return with_paragraph(report.text(key), paragraph, old), LiveParagraph(paragraph, unit, phrasing)


def still_live(live: LiveParagraph | None, text: str) -> LiveParagraph | None:
    """The mark after the clerk's edit made the text ``text``: kept while the paragraph is untouched."""
    if live is None or not text.startswith(live.paragraph):
        return None
    rest = text[len(live.paragraph):]
    # Typing straight after the paragraph, without a new line, edits the paragraph's last sentence.
    return live if not live.paragraph or not rest or rest.startswith("\n") else None


def follow(report: Report, fields: Collection[str] | None = None) -> list[str]:
    """Rewrite the live paragraphs from the current figures; the keys whose text changed.

    ``fields``: the keys of the fields that changed; only paragraphs written from one of them are
    written again (a key press changes one figure; None: every paragraph, as after a new report).
    """
    changed = []
    for key, live in list(report.generated.items()):
        text = report.text(key)
        if still_live(live, text) is None:  # edited outside the session: the clerk's text now
            del report.generated[key]
            continue
        if fields is not None and PARAGRAPH_SOURCES[key].isdisjoint(fields):
            continue  # written from figures that did not change: it would come out the same
        paragraph = generate(report, key, unit=live.unit, phrasing=live.phrasing) or ""
        if paragraph != live.paragraph:
            report.set(key, with_paragraph(text, paragraph, live.paragraph))
            report.generated[key] = replace(live, paragraph=paragraph)
            changed.append(key)
    return changed
