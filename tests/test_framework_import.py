"""The bureau's 得分表 as this year's framework: imported, checked like a built-in one, used by a draft."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from bureau_forms import excel_form, word_form_labels_above, word_form_left_labels
from openpyxl import load_workbook

from exporters.api import export_report
from exporters.cli import main
from exporters.framework_import import FrameworkImportError, import_framework
from models import frameworks, user_frameworks
from models.draft_format import FORMAT_VERSION, DraftFormatError, dumps, loads, portable_dict, read_draft_file
from models.framework_switch import switch
from models.frameworks import load_framework, parse_framework
from models.paths import DATA_DIR_ENV
from models.rules import readiness
from models.sample import build_sample


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "data"
    monkeypatch.setenv(DATA_DIR_ENV, str(folder))
    monkeypatch.setattr(frameworks, "_USER", {})
    return folder


FORMS = {
    "x5.xlsx": lambda p: excel_form(p, 5), "x7.xlsx": lambda p: excel_form(p, 7), "x8.xlsx": lambda p: excel_form(p, 8),
    "a.docx": word_form_left_labels, "b.docx": word_form_labels_above,
}


@pytest.mark.parametrize("name", list(FORMS))
def test_a_bureau_table_becomes_a_checked_framework(tmp_path: Path, name: str) -> None:
    form = FORMS[name](tmp_path / name)
    base = load_framework("sichuan-2017")
    data = import_framework(form, base)
    framework = parse_framework(data)
    assert framework.id.startswith("user-") and framework.total_points == 100
    assert [t.points for t in framework.tree] == [25, 30, 45]
    # Ids of the framework used so far wherever the names match: typed scores stay with them.
    assert {n.id for n in framework.scored_leaves()} == {n.id for n in base.scored_leaves()}
    assert framework.nodes["talent"].name == "人才培养"  # the bureau's "人才 培养"
    duty = framework.nodes["duty"]
    assert duty.kind == "rows" and duty.points == 20 and duty.row_label == "部门特性指标"
    if name in ("x7.xlsx", "x8.xlsx", "a.docx"):  # tables with a 评分标准 column
        assert framework.nodes["relevance"].help == "绩效目标与部门职能相关，得5分；否则酌情扣分。"
        assert duty.help == "由部门自行设定，分值合计20分。"
    assert "score" in framework.table_columns
    assert import_framework(form, base)["id"] == data["id"]  # the same table is the same framework


def _broken(tmp_path: Path, change: dict[str, object]) -> str:
    form = excel_form(tmp_path / "form.xlsx", 7)
    wb = load_workbook(form)
    for coordinate, value in change.items():
        wb["得分表"][coordinate] = value
    wb.save(form)
    with pytest.raises(FrameworkImportError) as info:
        import_framework(form, load_framework("sichuan-2017"))
    return str(info.value)


def test_a_broken_table_is_refused_naming_the_row(tmp_path: Path) -> None:
    message = _broken(tmp_path, {"D5": 6})  # 相关性 6 points: 目标任务 (15) no longer adds up
    assert "第 5 行「目标任务」" in message and "15" in message and "16" in message
    assert "第 6 行「明确性」没有分值" in _broken(tmp_path, {"D6": None})
    # The department's block and its level-1 both without points: nothing says what the rows share.
    message = _broken(tmp_path, {"B26": "履职成效", "A26": "部门绩效情况"})
    assert "第 26 行起是「履职成效」" in message and "「部门绩效情况」都没有写明分值" in message


def test_cli_imports_a_framework_a_draft_uses_it_validates_and_exports(tmp_path: Path, data_dir: Path,
                                                                       capsys: pytest.CaptureFixture[str]) -> None:
    form = excel_form(tmp_path / "bureau.xlsx", 7)
    out = tmp_path / "fw.json"
    assert main(["framework", "import", str(form), str(out)]) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert (data_dir / "frameworks" / f"{data['id']}.json").exists()
    assert "已导入评价框架" in capsys.readouterr().out
    assert main(["framework", "list"]) == 0
    assert data["id"] in capsys.readouterr().out

    draft = tmp_path / "d.json"
    assert main(["sample", str(draft)]) == 0
    assert main(["framework", "use", str(draft), data["id"]]) == 0
    report = read_draft_file(draft)
    assert report.framework_id == data["id"] and report.scores == build_sample().scores
    assert main(["validate", str(draft)]) == 0
    assert main(["export", str(draft), "--docx", str(tmp_path / "o.docx"), "--xlsx", str(tmp_path / "o.xlsx"),
                 "--template", str(form)]) == 0
    ws = load_workbook(tmp_path / "o.xlsx")["得分表"]
    assert Decimal(str(ws["F5"].value)) == report.scores["relevance"]

    # On another PC (an empty data folder, nothing registered) the draft opens from its own copy.
    saved = json.loads(draft.read_text(encoding="utf-8"))
    assert saved["framework_data"]["id"] == data["id"] and saved["format_version"] == FORMAT_VERSION
    frameworks._USER.clear()
    for file in (data_dir / "frameworks").iterdir():
        file.unlink()
    again = read_draft_file(draft)
    assert again.framework_id == data["id"] and not readiness(again).errors


def test_a_draft_without_its_framework_is_refused_plainly(tmp_path: Path) -> None:
    form = excel_form(tmp_path / "bureau.xlsx", 5)
    framework = user_frameworks.register(import_framework(form, load_framework("sichuan-2017")))
    report = build_sample()
    switch(report, framework)
    data = portable_dict(report)
    del data["framework_data"]
    frameworks._USER.clear()
    with pytest.raises(DraftFormatError) as info:
        loads(dumps(data))
    assert framework.id in str(info.value) and "副本" in str(info.value)


def test_switching_names_what_cannot_be_carried_over() -> None:
    report = build_sample()
    notes = switch(report, load_framework("national-2020"))
    assert report.framework_id == "national-2020" and not report.scores
    assert any("「相关性」的得分" in n for n in notes)
    assert any("找不到所属的类别" in n for n in notes)


def test_a_version_1_draft_still_opens() -> None:
    data = portable_dict(build_sample())
    data["format_version"] = 1
    assert loads(dumps(data)).scores == build_sample().scores


def test_the_export_of_an_imported_framework_prints_its_table(tmp_path: Path) -> None:
    form = word_form_left_labels(tmp_path / "a.docx")
    framework = user_frameworks.register(import_framework(form, load_framework("sichuan-2017")))
    report = build_sample()
    switch(report, framework)
    result = export_report(report, docx=tmp_path / "o.docx", xlsx=tmp_path / "o.xlsx")
    assert len(result.paths) == 2
    ws = load_workbook(tmp_path / "o.xlsx")["得分表"]
    texts = [str(c.value) for row in ws.iter_rows() for c in row if c.value]
    assert "人才培养" in texts and any(t.startswith("部门决策") for t in texts)


def test_a_national_style_table_shares_the_level_1_points_among_its_blocks(tmp_path: Path) -> None:
    """财预〔2020〕10号: 产出指标 50 shared by 数量/质量 blocks the department fills; 预算执行率 scored by rate."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["部门整体支出绩效自评表"])
    ws.append(["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"])
    for level1, level2 in (("产出指标（50分）", "数量指标"), ("产出指标（50分）", "数量指标"), ("产出指标（50分）", "质量指标"),
                           ("效益指标（30分）", "社会效益指标"), ("满意度指标（10分）", "服务对象满意度指标")):
        ws.append([level1, level2, "指标1", "", "", None, None, ""])
    ws.append(["预算执行率", "", "", "", "", 10, None, ""])
    ws.append(["合计", "", "", "", "", 100, None, ""])
    form = tmp_path / "national.xlsx"
    wb.save(form)
    framework = parse_framework(import_framework(form, load_framework("national-2020")))
    assert framework.total_points == 100 and [t.id for t in framework.tree] == [
        "output", "benefit", "satisfaction", "budget_exec"]
    assert framework.nodes["budget_exec"].kind == "execution_rate"
    quantity = framework.nodes["out_quantity"]
    assert quantity.kind == "rows" and quantity.points is None and quantity.row_label == "部门自定指标"
    assert framework.table_columns == ("level1", "level2", "level3", "target", "actual", "points", "score", "reason")
