"""The report as an export sees it: figures formatted once, in the chosen unit, with computed totals.

Every exporter (built-in Word, built-in Excel, the bureau's templates) reads the report through one
``ReportView``, so a figure is formatted the same way everywhere and computed only once.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property

from models.compute import Totals, compute_totals, format_rate
from models.fields import FIELD_BY_KEY, Kind
from models.figure_text import still_live
from models.findings import Finding
from models.frameworks import Framework, load_framework
from models.money import WAN, Unit, format_money, round_half_up
from models.report import Report
from models.rules import Readiness, readiness, validate
from models.verdict import without_restated_verdict

from .sanitize import one_line
from .settings import ExportSettings

REPORT_KIND = "部门整体支出绩效自评报告"
DRAFT_SUFFIX = "（草稿）"
ANNEX_PREFIX = "部门整体支出"
UNSCORED = "未评分"
VERDICT_KEY = "verdict_text"


def points_text(value: Decimal | None) -> str:
    """5 → "5", 4.50 → "4.5": points read as whole numbers where they are."""
    if value is None:
        return ""
    return f"{value.normalize():f}"


INEXACT_MARK = "超过两位小数，原样打印，未取整"


def score_text(value: Decimal | None) -> str:
    return "" if value is None else f"{round_half_up(value, 2):.2f}"


def rate_text(rate: Decimal | None) -> str:
    return "" if rate is None else format_rate(rate)


def rate_value(rate: Decimal | None) -> Decimal | None:
    """The rate as Excel stores it: a fraction rounded so that 0.00% shows exactly ``rate_text``."""
    return None if rate is None else round_half_up(rate, 4)


def rate_of(spent: Decimal | None, budget: Decimal | None) -> Decimal | None:
    """执行率 as an exact fraction; None when either figure is missing or the budget is zero."""
    if spent is None or budget is None or budget == 0:
        return None
    return spent / budget


@dataclass(frozen=True, slots=True)
class Explained:
    """A warning the clerk explained: printed in the 情况说明 list."""

    finding: Finding
    explanation: str

    @property
    def issue(self) -> str:
        """The warning as a statement of fact: without its 【section】 prefix and the advice to the clerk."""
        message = self.finding.message
        if message.startswith("【") and "】" in message:
            message = message.split("】", 1)[1]
        # Drop the advice to the clerk ("；请核对……"): the printed report states the fact only.
        for mark in ("；请", "，请", "。请"):
            if mark in message:
                message = message.split(mark, 1)[0]
        return message.rstrip("。；，") + "。"


class ReportView:
    def __init__(self, report: Report, settings: ExportSettings, *, draft: bool = False,
                 framework: Framework | None = None) -> None:
        self.report = report
        self.settings = settings
        self.draft = draft
        self.framework = framework or load_framework(report.framework_id)
        self.unit: Unit = settings.money_unit(report.display_unit)

    # ------------------------------------------------------------ computed once

    @cached_property
    def totals(self) -> Totals:
        return compute_totals(self.report, self.framework)

    @cached_property
    def findings(self) -> list[Finding]:
        return validate(self.report, self.framework)

    @cached_property
    def readiness(self) -> Readiness:
        return readiness(self.report, self.findings)

    @cached_property
    def explained(self) -> tuple[Explained, ...]:
        return tuple(Explained(f, self.report.explanations[f.key].strip()) for f in self.readiness.explained)

    # ------------------------------------------------------------ words

    def text(self, key: str) -> str:
        return one_line(self.report.text(key))

    def clerk_text(self, key: str) -> str:
        """A narrative as printed: 评价结论 without a sentence restating the computed verdict, which the
        report prints itself (models.verdict)."""
        text = self.report.text(key)
        if key == VERDICT_KEY and self.totals.complete:
            return without_restated_verdict(text, self.totals)
        return text

    @property
    def unit_name(self) -> str:
        return self.text("unit_name")

    @property
    def sign_unit(self) -> str:
        return self.text("sign_unit") or self.unit_name

    @property
    def year(self) -> int | None:
        return self.report.integer("eval_year")

    def title(self, *, with_draft: bool = True) -> str:
        """"蓉溪市农业农村局2025年度部门整体支出绩效自评报告", plus （草稿） on a draft."""
        year = f"{self.year}年度" if self.year else ""
        title = f"{self.unit_name}{year}{REPORT_KIND}"
        return title + (DRAFT_SUFFIX if self.draft and with_draft else "")

    @property
    def annex_title(self) -> str:
        """The scoring table's title, the same in the .docx annex, its 附件说明 line and the .xlsx sheet:
        "部门整体支出绩效评价得分表" (the framework names the table; the report's kind comes first)."""
        name = self.framework.section_title("scoring")
        return name if name.startswith(ANNEX_PREFIX) else ANNEX_PREFIX + name

    def date(self, key: str) -> str:
        value = self.report.date(key)
        return self.settings.format_date(value) if value else ""

    def value_text(self, key: str) -> str:
        """Any declared field as printed (money in the export unit, without the unit)."""
        spec = FIELD_BY_KEY[key]
        if spec.kind is Kind.MONEY:
            return self.amount_text(self.report.money(key))
        if spec.kind is Kind.DATE:
            return self.date(key)
        if spec.kind in (Kind.COUNT, Kind.YEAR):
            value = self.report.integer(key)
            return "" if value is None else str(value)
        return self.text(key)

    # ------------------------------------------------------------ money

    @property
    def unit_caption(self) -> str:
        return f"金额单位：{self.unit.value}"

    def amount(self, value: Decimal | None) -> Decimal | None:
        """The figure in the export unit: 元 as stored, or 万元 rounded half up to 0.01."""
        if value is None:
            return None
        return value if self.unit is Unit.YUAN else round_half_up(value / WAN, 2)

    def amount_text(self, value: Decimal | None) -> str:
        if value is None:
            return ""
        if not self.printable(value):  # only a draft gets here: a final export refuses such a figure
            return f"{value:f}（{INEXACT_MARK}）"
        return format_money(value, self.unit, with_unit=False, exact=False)

    def printable(self, value: Decimal) -> bool:
        """Whether the export's 元 figures (two decimals) show ``value`` exactly; 万元 round by design."""
        exponent = value.as_tuple().exponent
        return self.unit is not Unit.YUAN or not isinstance(exponent, int) or exponent >= -2 \
            or value == value.quantize(Decimal("0.01"))

    def amount_cell(self, value: Decimal | None) -> Decimal | str | None:
        """What a spreadsheet cell gets: the number, or, when two decimals would round it, the marked text."""
        if value is not None and not self.printable(value):
            return self.amount_text(value)
        return self.amount(value)

    def money_text(self, value: Decimal | None) -> str:
        """"3,865.24万元" — the unit written without a space, as in Chinese prose."""
        if value is not None and not self.printable(value):
            return f"{value:f}{self.unit.value}（{INEXACT_MARK}）"
        return "" if value is None else self.amount_text(value) + self.unit.value

    # ------------------------------------------------------------ scores

    @property
    def any_scored(self) -> bool:
        """Whether anything at all was scored (a fresh draft has no total to show, not 0.00)."""
        return len(self.totals.unscored) < len(self.framework.scored_leaves()) + len(self.report.rows) + sum(
            1 for n in self.framework.walk() if n.kind == "execution_rate")

    def unscored_text(self) -> str:
        """What an unscored figure prints: blank, or 未评分 in a draft."""
        return UNSCORED if self.draft else ""

    @property
    def total(self) -> Decimal | None:
        """The total as printed: None when nothing is scored; over the scored items otherwise."""
        return self.totals.total if self.any_scored else None

    @property
    def total_text(self) -> str:
        return score_text(self.total) if self.any_scored else self.unscored_text()

    @property
    def grade(self) -> str:
        """The grade, only for a total over every item: a total with items missing is not graded."""
        return self.totals.grade_shown if self.totals.complete or self.draft else ""

    @property
    def rate(self) -> Decimal | None:
        return self.totals.rate

    def cap_note(self) -> str:
        cap = self.totals.cap_applied
        if cap is None:
            return ""
        return (f"因预算执行率为{rate_text(self.rate)}，按评价办法总分封顶为{points_text(cap)}分"
                f"（各项得分合计{score_text(self.totals.raw_total)}分）")

    def verdict_sentence(self) -> str:
        """The computed result, printed before the clerk's own conclusion: never typed. Nothing is
        claimed while items are unscored (a draft says so; a final export has every score)."""
        if not self.totals.complete:
            return (f"（尚有{len(self.totals.unscored)}项指标未评分，自评得分和评价等级在全部评分后生成。）"
                    if self.draft else "")
        sentence = f"经自评，{self.unit_name or '本单位'}"
        if self.year:
            sentence += f"{self.year}年度"
        sentence += f"部门整体支出绩效自评得分为{self.total_text}分，评价等级为“{self.grade}”"
        note = self.cap_note()
        return sentence + (f"（{note}）。" if note else "。")

    def group_facts(self, group_key: str, *, annex: bool = False) -> list[str]:
        """The sentences the program writes at the top of a sub-section (before the clerk's text):
        单位性质, the staff sentence, the computed verdict. ``annex``: the scoring table is an annex."""
        if group_key == "org" and self.text("unit_kind"):
            return [f"单位性质：{self.text('unit_kind')}。"]
        if group_key == "staff":
            return [s for s in [self.staff_sentence()] if s]
        if group_key == "verdict":
            # No pointer to scores nobody has given yet.
            return [self.verdict_sentence() + ("各项指标得分情况见附件。" if annex and self.totals.complete else "")]
        return []

    # ------------------------------------------------------------ staff

    def staff_sentence(self) -> str:
        """编制数, 在职 and 离退休 counts as one sentence; "" when 人员概况说明 starts with the paragraph the
        program wrote from the same counts (models.figure_text), so the counts are never printed twice."""
        r = self.report
        live = still_live(r.generated.get("staff_text"), r.text("staff_text"))
        if live is not None and live.paragraph:
            return ""
        parts: list[str] = []
        quota, total = r.integer("staff_quota"), r.integer("staff_total")
        if quota is not None:
            parts.append(f"编制数{quota}人")
        if total is not None:
            kinds = [(label, r.integer(key)) for key, label in
                     (("staff_admin", "行政编制"), ("staff_inst", "事业编制"), ("staff_other", "其他人员"))]
            detail = "、".join(f"{label}{n}人" for label, n in kinds if n is not None)
            parts.append(f"年末在职人数{total}人" + (f"（其中{detail}）" if detail else ""))
        retired = [(label, r.integer(key)) for key, label in (("retired_li", "离休"), ("retired_tui", "退休"))]
        retired_text = "、".join(f"{label}{n}人" for label, n in retired if n is not None)
        if retired_text:
            parts.append(retired_text)
        if not parts:
            return ""
        as_of = self.date("staff_as_of")
        return (f"截至{as_of}，" if as_of else "") + "，".join(parts) + "。"
