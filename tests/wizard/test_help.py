"""帮助: F1 on a field shows that field's help from its declaration, F1 in the scoring table shows the
indicator's 评分标准 and 分值, and 关于 names the installed version, the data folder and no network."""

from __future__ import annotations

import re
from importlib.metadata import version
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from gui.scoring_table import COLUMN_KEYS
from models.fields import FIELD_BY_KEY

ROOT = Path(__file__).resolve().parents[2]


def _go(window, section: str):
    editor = window.editor
    editor.go_to(editor.steps.index(section))
    return editor.page(editor.current)


def _f1(qtbot, widget) -> None:
    widget.setFocus()
    qtbot.keyClick(widget, Qt.Key.Key_F1)


def test_f1_on_a_money_field_says_what_unit_which_sums_and_last_year(sample, qtbot) -> None:
    page = _go(sample, "finance")
    field = page.fields["inc_year_total"]
    _f1(qtbot, field.line)
    help = sample.help_window
    assert help is not None and help.isVisible()
    text = help.text
    assert "「本年收入合计」的填写说明" in text
    assert FIELD_BY_KEY["inc_year_total"].help in text  # the declaration's own help text
    assert "单位：元" in text
    # Both sums it is part of: its own parts, and 收入总计 above it.
    assert "本年收入合计 = 财政拨款收入 + 政府性基金预算财政拨款收入" in text
    assert "收入总计 = 本年收入合计 + 年初结转和结余 + 使用非财政拨款结余" in text
    prior = sample.session.report.prior
    assert prior is not None and prior.money("inc_year_total") is not None
    assert f"上年数（{prior.year}年）：" in text
    assert "输入示例：" in text  # the editor's own example, not a second copy
    # The window stands right under the field (or right above it), not somewhere else on the screen.
    top, bottom = (field.line.mapToGlobal(p).y() for p in (field.line.rect().topLeft(),
                                                           field.line.rect().bottomLeft()))
    frame = help.geometry()
    assert 0 < frame.top() - bottom <= 10 or 0 < top - frame.bottom() <= 10, (frame, top, bottom)
    # Esc closes it and the clerk is back in the field.
    qtbot.keyClick(help, Qt.Key.Key_Escape)
    assert not help.isVisible()


def test_f1_follows_the_focus_and_the_display_unit(sample, qtbot) -> None:
    page = _go(sample, "finance")
    sample.session.set_display_unit(type(sample.session.report.display_unit)("万元"))
    _f1(qtbot, page.fields["inc_business"].line)
    text = sample.help_window.text
    assert "「事业收入」的填写说明" in text and "单位：万元" in text
    assert "本年收入合计 = " in text and "可不填" in text
    page = _go(sample, "overview")
    _f1(qtbot, page.fields["unit_kind"].editor())
    text = sample.help_window.text
    assert "「单位性质」的填写说明" in text and "行政单位、参照公务员法管理事业单位" in text
    assert "本年收入合计" not in text
    _f1(qtbot, page.fields["staff_inst"].editor())
    text = sample.help_window.text
    assert "单位：人" in text and "年末在职人数 = 在职人数：行政编制 + 在职人数：事业编制" in text


def test_f1_names_the_fields_current_messages(sample, qtbot) -> None:
    from decimal import Decimal

    page = _go(sample, "finance")
    sample.session.set_value("exp_public", Decimal("3218450.00"))  # 基本支出 no longer adds up
    _f1(qtbot, page.fields["exp_basic"].line)
    text = sample.help_window.text
    assert "目前的提示：" in text and "「基本支出」填的是" in text
    _f1(qtbot, page.fields["inc_other"].line)
    assert "目前的提示" not in sample.help_window.text


def test_f1_with_no_field_lists_the_shortcuts(sample, qtbot) -> None:
    sample.editor.step_list.setFocus()
    qtbot.keyClick(sample.editor.step_list, Qt.Key.Key_F1)
    text = sample.help_window.text
    assert "在得分表中按 F1" in text and "撤销：Ctrl+Z" in text


def test_f1_in_the_scoring_table_shows_the_indicators_criteria_and_points(sample, qtbot) -> None:
    page = _go(sample, "scoring")
    view, model = page.view, page.model
    node = sample.session.framework.nodes["clarity"]
    # A long 评分标准, as a bureau's table brings: shown in full, not cut like the cell.
    criteria = node.help + "目标细化量化得满分；" + "部分细化的，每缺一项扣 1 分，" * 12 + "扣完为止。"
    object.__setattr__(node, "help", criteria)  # the framework is cached: put its text back afterwards
    try:
        _criteria_shown(sample, qtbot, view, model, criteria)
    finally:
        object.__setattr__(node, "help", criteria.split("目标细化量化得满分；")[0])


def _criteria_shown(sample, qtbot, view, model, criteria: str) -> None:
    view.setCurrentIndex(model.locate("scores.clarity").siblingAtColumn(COLUMN_KEYS.index("name")))
    qtbot.keyClick(view, Qt.Key.Key_F1)
    text = sample.help_window.text
    assert "「明确性」的评分标准" in text
    assert f"评分标准：{criteria}" in text
    assert "分值：5 分" in text and "所属：部门决策·目标任务" in text
    assert "明确性" in text and "相关性" not in text
    # Another row, then the department's own row, then the total.
    view.setCurrentIndex(model.locate("scores.relevance"))
    qtbot.keyClick(view, Qt.Key.Key_F1)
    assert "「相关性」的评分标准" in sample.help_window.text
    row = sample.session.report.rows[0]
    view.setCurrentIndex(model.locate(f"rows.{row.row_id}.name"))
    qtbot.keyClick(view, Qt.Key.Key_F1)
    text = sample.help_window.text
    assert f"「{row.name}」的评分标准" in text and f"分值：{row.points.normalize():f} 分" in text
    assert "部门自定指标" in text and f"年度指标值 {row.target}{row.measure_unit}" in text
    assert f"得分填 0 到 {row.points.normalize():f} 之间" in text
    view.setCurrentIndex(model.index(model.rowCount() - 1, 0))
    qtbot.keyClick(view, Qt.Key.Key_F1)
    assert "优：90 分及以上" in sample.help_window.text


def test_about_names_the_installed_version_the_data_folder_and_no_network(window, qtbot, monkeypatch,
                                                                          data_dir) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box.text()) or 0)
    menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "帮助(&H)")
    about = next(a for a in menu.actions() if a.text().startswith("关于"))
    about.trigger()
    [text] = shown
    # pyproject's [project] version, read without tomllib (Python 3.11+; the suite runs on 3.10 too)
    project = (ROOT / "pyproject.toml").read_text("utf-8").split("[project]", 1)[1].split("\n[", 1)[0]
    match = re.search(r'^version\s*=\s*"([^"]+)"', project, re.MULTILINE)
    assert match is not None
    declared = match.group(1)
    assert version("budget-report-wizard") == declared
    assert "绩效自评填报助手" in text and f"版本：{declared}" in text
    assert str(data_dir) in text
    assert "从不连接网络" in text
