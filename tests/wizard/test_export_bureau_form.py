"""导出设置 with a bureau's own blank form: what goes where is listed before export; a file with
nothing to fill is named as such."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from bureau_forms import excel_form, word_form_left_labels

from gui import export_settings_box

WAIT = 15000  # the first check in a process imports python-docx and openpyxl


def review(window):
    editor = window.editor
    editor.go_to(len(editor.steps) - 1)
    return editor.page(editor.current)


def pick(monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    monkeypatch.setattr(export_settings_box, "ask_template_path", lambda parent, kind, start: path)


def test_the_mapping_of_a_bureau_form_is_shown_before_export(sample, qtbot, monkeypatch, tmp_path: Path) -> None:
    box = review(sample).settings_box
    pick(monkeypatch, word_form_left_labels(tmp_path / "财政局表格.docx"))
    box.rows["docx"].pick.click()
    qtbot.waitUntil(lambda: not box.busy, timeout=WAIT)
    assert "检查通过" in box.rows["docx"].status.text()
    lines = [box.mapping.item(i).text() for i in range(box.mapping.count())]
    assert box.mapping.isVisible() and lines[0].startswith("财政局表格.docx：填写了")
    assert any("单位名称 → 第 1 个表格第 1 行第 2 列：蓉溪市农业农村局" in line for line in lines)
    assert any(line.startswith("没有找到位置的内容：预算执行情况说明") for line in lines)
    pick(monkeypatch, excel_form(tmp_path / "得分表.xlsx", 8))
    box.rows["xlsx"].pick.click()
    qtbot.waitUntil(lambda: not box.busy, timeout=WAIT)
    lines = [box.mapping.item(i).text() for i in range(box.mapping.count())]
    assert any(line.startswith("得分表.xlsx：填写了") for line in lines)
    assert any(line.startswith("核对：") and "=SUM(F5:F36)" in line and "一致" in line for line in lines)
    box.rows["docx"].built_in.click()
    lines = [box.mapping.item(i).text() for i in range(box.mapping.count())]
    assert not any("财政局表格.docx" in line for line in lines)


def test_a_file_with_nothing_to_fill_is_a_problem_of_the_template(sample, qtbot, monkeypatch, tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("关于开展部门整体支出绩效自评工作的通知")
    notice = tmp_path / "通知.docx"
    document.save(str(notice))
    box = review(sample).settings_box
    pick(monkeypatch, notice)
    box.rows["docx"].pick.click()
    qtbot.waitUntil(lambda: not box.busy, timeout=WAIT)
    assert "必须修改" in box.rows["docx"].status.text()
    items = [box.issues.item(i).text() for i in range(box.issues.count())]
    assert any("这个文件里没有找到可以填写的位置" in item for item in items)
    assert not box.mapping.isVisible()
