"""A complete, realistic example report of an invented department (蓉溪市农业农村局, 2025).

Every section is filled and every figure agrees, so ``validate`` finds no error: it is the sample the
CLI writes, the fixture the tests perturb, and the document the screenshots show.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from .figure_text import inserted
from .report import IndicatorRow, PriorValue, PriorYear, Report

D = Decimal

_MONEY = {
    "inc_fiscal": "38652400.00", "inc_fund": "1200000.00", "inc_superior": "850000.00",
    "inc_other": "126530.50", "inc_year_total": "40828930.50", "inc_carryover": "2315600.00",
    "inc_grand_total": "43144530.50",
    "exp_personnel": "18436200.00", "exp_public": "3218450.30", "exp_basic": "21654650.30",
    "exp_project": "19032880.20", "exp_year_total": "40687530.50", "surplus_distribution": "0.00",
    "year_end_carryover": "2457000.00", "exp_grand_total": "43144530.50",
    "fund_total_initial": "39700000.00", "fund_total_budget": "43144530.50", "fund_total_spent": "40687530.50",
    "fund_fiscal_initial": "36800000.00", "fund_fiscal_budget": "39852400.00", "fund_fiscal_spent": "38425100.00",
    "fund_carry_initial": "2000000.00", "fund_carry_budget": "2315600.00", "fund_carry_spent": "1285900.00",
    "fund_other_initial": "900000.00", "fund_other_budget": "976530.50", "fund_other_spent": "976530.50",
    "sangong_abroad": "86000.00", "sangong_vehicle": "412300.00", "sangong_reception": "58760.00",
    "sangong_total": "557060.00",
}

# 上年数: the 2024 figures as last year's draft held them (the growth in the sentences is computed from them).
_PRIOR_MONEY = {
    "inc_fiscal": "36741825.10", "inc_year_total": "39032730.50", "exp_year_total": "38950000.00",
    "year_end_carryover": "2315600.00", "sangong_total": "598000.00",
}
_PRIOR_COUNTS = {"staff_total": 86, "staff_quota": 86}

_SCORES = {
    "relevance": "5", "clarity": "4.5", "reasonableness": "4.5", "basis": "4.5", "target_mgmt": "5",
    "alloc_local": "1", "alloc_central": "1", "midterm_eval": "2", "monitor_progress": "1.5",
    "monitor_targets": "3", "nontax_collect": "1", "nontax_remit": "1", "asset_it": "2", "asset_report": "2",
    "asset_budget": "1.5", "internal_control": "2", "disc_budget": "2", "disc_accounts": "2",
    "disc_perf": "1.5", "eval_done": "2", "eval_use": "2.5",
    "reform": "4.5", "innovation": "4", "talent": "4.5",
    "sat_partner": "2.8", "sat_managed": "2.7", "sat_public": "3.6",
}

_ROWS = (
    ("农村人居环境整治村数", "≥", "个", "120", "126", "4", "4", ""),
    ("高标准农田建设面积", "≥", "万亩", "2.5", "2.62", "4", "4", ""),
    ("农产品质量安全例行监测合格率", "≥", "%", "98", "97.6", "4", "3.6",
     "个别批次蔬菜农残超标，已追溯处置；下一年度加密对重点品种的抽检频次。"),
    ("重大动物疫病强制免疫密度", "≥", "%", "90", "95.2", "4", "4", ""),
    ("农业实用技术培训人次", "≥", "人次", "3000", "3215", "4", "3.8", ""),
)


# What the clerk adds after each paragraph the program writes from the figures (models/figure_text.py):
# the sample's figure sentences are generated, so the sample can never disagree with itself.
_AFTER_GENERATED = {
    "staff_text": "在职人员中具有高级职称的专业技术人员23人、中级职称31人，平均年龄44岁。",
    "income_text": "收入增加主要是高标准农田建设项目资金增加。",
    "expense_text": ("基本支出主要用于保障机构正常运转；项目支出主要用于高标准农田建设、农村人居环境整治、"
                     "动物疫病防控和农产品质量安全监测等。"),
    "execution_text": "年中追加高标准农田建设资金，已按进度拨付；部分上年结转资金因项目验收在次年进行，形成年末结转。",
}


def _texts() -> dict[str, str]:
    return {
        "org_text": (
            "蓉溪市农业农村局是市政府工作部门，为正处级行政单位，内设办公室、计划财务科、法规科、"
            "乡村产业发展科、农田建设管理科、畜牧兽医科、农产品质量安全监管科、科技教育科共8个科室。\n"
            "下属事业单位3个：市农业技术推广中心、市动物疫病预防控制中心、市农产品质量安全检测中心。"),
        "duties_text": (
            "根据《中共蓉溪市委办公室 蓉溪市人民政府办公室关于印发〈蓉溪市农业农村局职能配置、内设机构和人员编制规定〉"
            "的通知》（蓉委办〔2019〕27号），主要职能如下：\n"
            "（1）统筹研究和组织实施“三农”工作的发展战略、中长期规划和重大政策；\n"
            "（2）负责种植业、畜牧业、渔业、农垦、农业机械化等农业各产业的监督管理；\n"
            "（3）负责农产品质量安全监督管理，组织开展农产品质量安全监测、追溯和风险评估；\n"
            "（4）负责农田建设项目管理，组织实施高标准农田建设；\n"
            "（5）负责动植物疫病防控工作，组织兽医医政、兽药药政药检工作。"),
        "decision_targets": (
            "年初按照“三定”职能和市委、市政府年度重点工作设定部门整体绩效目标，"
            "目标与部门职能高度相关，产出和效益指标均已细化、量化，与预算资金规模相匹配。"),
        "decision_budget": (
            "预算编制以上年执行情况、项目库和定额标准为测算依据，基本支出按定员定额编制，"
            "项目支出均编报了绩效目标，经财政部门审核后批复。"),
        "admin_text": (
            "专项资金按规定时限分配下达；开展了年度中期评估和“双监控”；非税收入及时足额上缴国库；"
            "资产管理系统运行正常，按时报送资产报告；内部控制制度健全；预算、决算及绩效信息均按要求在门户网站公开；"
            "对重点项目开展了绩效评价，并将结果用于下一年度预算安排。"),
        "results_duty": (
            "完成农村人居环境整治126个村，超额完成年度目标；建成高标准农田2.62万亩；"
            "农产品质量安全例行监测合格率97.6%，略低于98%的目标；重大动物疫病强制免疫密度95.2%；"
            "开展农业实用技术培训3215人次。"),
        "results_sustain": "推进农业综合行政执法改革，建立农田建设项目全过程管理机制，选派12名技术骨干参加省级培训。",
        "results_satisfaction": "委托第三方开展满意度调查，协作部门、管理对象和社会公众满意度分别为93%、90%和91%。",
        "verdict_text": "",  # set below: what the clerk adds to the computed verdict
        "problems_text": (
            "一是个别项目前期准备不足，资金拨付进度前慢后快；二是部分绩效指标设置偏重产出，效益指标量化不够；"
            "三是农产品质量安全监测合格率未达到年度目标。"),
        "advice_text": (
            "一是加强项目储备和前期论证，按月调度预算执行进度；二是完善绩效指标体系，增加可衡量的效益指标；"
            "三是加大对重点品种的抽检和源头治理力度。"),
    }


def build_sample() -> Report:
    """The example report; figures agree, every section is filled."""
    report = Report.new("sichuan-2017")
    report.values.update({
        "unit_name": "蓉溪市农业农村局", "supervisor": "蓉溪市人民政府", "budget_code": "136001",
        "eval_year": 2025, "contact": "李晓梅", "phone": "0830-2618753",
        "report_date": dt.date(2026, 3, 20), "unit_kind": "行政单位",
        "staff_quota": 86, "staff_admin": 52, "staff_inst": 27, "staff_other": 9, "staff_total": 88,
        "retired_li": 2, "retired_tui": 64, "staff_as_of": dt.date(2025, 12, 31),
        "sign_unit": "蓉溪市农业农村局", "sign_date": dt.date(2026, 3, 20),
        "sign_preparer": "李晓梅", "sign_reviewer": "张建国",
    })
    report.values.update({k: D(v) for k, v in _MONEY.items()})
    prior: dict[str, PriorValue] = {k: D(v) for k, v in _PRIOR_MONEY.items()}
    report.prior = PriorYear(2024, prior | _PRIOR_COUNTS)
    report.values.update(_texts())
    for key, after in _AFTER_GENERATED.items():
        report.values[key] = after
        report.values[key], report.generated[key] = inserted(report, key)
    report.scores = {k: D(v).quantize(D("0.01")) for k, v in _SCORES.items()}
    report.rows = [
        IndicatorRow(node="duty", row_id=f"duty{i}", name=name, nature=nature, measure_unit=unit,
                     target=target, actual=actual, points=D(points).quantize(D("0.01")),
                     score=D(score).quantize(D("0.01")), reason=reason)
        for i, (name, nature, unit, target, actual, points, score, reason) in enumerate(_ROWS, 1)
    ]
    # The computed "经自评……得分为93.00分，评价等级为“优”。" is the report's own first sentence
    # (models.verdict): the field holds what the clerk adds.
    report.values["verdict_text"] = "全年预算执行较好，重点工作任务基本完成，部门履职成效明显，资金使用合规。"
    return report


def build_maximal(rows: int = 100, narrative_chars: int = 1500) -> Report:
    """The sample with every field filled and ``rows`` department indicator rows (for benchmarks).

    Narratives are lengthened to ``narrative_chars`` by repeating their own sentences, so the figures
    they quote still agree; the rows share the 20 points of 履职成效 evenly.
    """
    from .fields import FIELDS, Kind

    report = build_sample()
    for spec in FIELDS:
        if report.is_filled(spec.key):
            continue
        if spec.kind is Kind.MONEY:
            report.values[spec.key] = D("0.00")
        elif spec.kind is Kind.NARRATIVE:
            report.values[spec.key] = f"{spec.label}：情况正常，无需特别说明。"
        elif spec.kind is Kind.TEXT and spec.pattern is None:
            report.values[spec.key] = "王晓东"  # the free one-line fields left are people (填报人, 审核人)
    for spec in FIELDS:
        text = report.values.get(spec.key)
        if spec.kind is Kind.NARRATIVE and isinstance(text, str) and spec.max_chars is None:
            copies = max(1, narrative_chars // max(1, len(text)))
            report.values[spec.key] = "\n".join([text] * copies)
    points = (D(20) / rows).quantize(D("0.01"))
    report.rows = []
    for i in range(rows):
        share = points if i < rows - 1 else D(20) - points * (rows - 1)
        report.rows.append(IndicatorRow(
            node="duty", row_id=f"row{i:04d}", name=f"部门特性指标{i + 1}", nature="≥", measure_unit="个",
            target=str(100 + i), actual=str(101 + i), points=share, score=share, reason=""))
    return report
