"""Export from the review step: 导出设置 reach the exporter, bureau templates are checked, failures offer a way out."""

from __future__ import annotations

import json
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from PySide6.QtCore import QThreadPool
from PySide6.QtWidgets import QComboBox

from exporters import api
from exporters.api import ExportResult
from exporters.errors import OutputError
from exporters.settings import DateStyle, ExportSettings, FontScheme
from gui import export_panel, export_prefs, export_settings_box
from models.money import Unit

WAIT = 15000  # the first export or check in a process imports python-docx and openpyxl


def review(window):
    editor = window.editor
    editor.go_to(len(editor.steps) - 1)
    return editor.page(editor.current)


def choose(combo: QComboBox, data: str) -> None:
    """What a click on an entry does: the index changes, then ``activated`` is emitted."""
    index = combo.findData(data)
    assert index >= 0, data
    combo.setCurrentIndex(index)
    combo.activated.emit(index)


def wait_idle(qtbot, page) -> None:
    qtbot.waitUntil(lambda: page.export.worker is None and not page.settings_box.busy, timeout=WAIT)
    QThreadPool.globalInstance().waitForDone()


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, object]]:
    """exporters.api.export_report replaced by a recorder that writes nothing."""
    recorded: list[dict[str, object]] = []

    def export_report(report, *, docx, xlsx, settings, docx_template, xlsx_template, draft, progress, cancelled):
        progress(50, "生成 Word 文档")
        recorded.append({"docx": docx, "xlsx": xlsx, "settings": settings, "docx_template": docx_template,
                         "xlsx_template": xlsx_template, "draft": draft, "unit": report.text("unit_name")})
        return ExportResult((docx, xlsx), (), draft)

    monkeypatch.setattr(api, "export_report", export_report)
    return recorded


@pytest.fixture
def save_to(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[Path]:
    """The save dialog's answers, in order (a test may append more)."""
    answers = [tmp_path / "out" / "报告.docx"]
    answers[0].parent.mkdir()
    monkeypatch.setattr(export_panel, "ask_export_path", lambda parent, suggested: answers.pop(0))
    return answers


def pick(monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    monkeypatch.setattr(export_settings_box, "ask_template_path", lambda parent, kind, start: path)


def bureau_template(path: Path) -> Path:
    """A bureau's Word template: one misspelt placeholder, one tag Word split into two formats."""
    document = docx.Document()
    document.add_paragraph("填报单位：{{ unit_nam }}")
    split = document.add_paragraph("评价年度：")
    split.add_run("{{ eval_").bold = True
    split.add_run("year }}")
    document.add_paragraph("自评得分：{{ total_score }}")
    document.save(str(path))
    return path


# ----- 导出设置 reach the exporter


def test_chosen_fonts_dates_and_unit_reach_the_exporter_and_are_remembered(sample, qtbot, calls, save_to,
                                                                            data_dir: Path) -> None:
    page = review(sample)
    box = page.settings_box
    assert box.unit.currentText() == "元", "by default 元, whatever the screen shows"
    choose(box.fonts, FontScheme.WINDOWS.value)
    choose(box.dates, DateStyle.CHINESE.value)
    choose(box.unit, Unit.WAN.value)
    assert box.dates.currentText().startswith("二〇二六年三月二十日"), "the example is the report's own date"
    target = save_to[0]
    page.export.final_button.click()
    qtbot.waitUntil(lambda: "导出完成" in page.export.result.text(), timeout=WAIT)
    wait_idle(qtbot, page)
    assert calls == [{"docx": target, "xlsx": target.with_name("报告-得分表.xlsx"),
                      "settings": ExportSettings(FontScheme.WINDOWS, DateStyle.CHINESE, Unit.WAN),
                      "docx_template": None, "xlsx_template": None, "draft": False, "unit": "蓉溪市农业农村局"}]
    saved = json.loads((data_dir / "settings.json").read_text("utf-8"))["export"]
    assert saved == {"fonts": "windows", "dates": "chinese", "unit": "万元", "cover": True, "seal": False,
                     "sign_lines": False, "docx_template": None, "xlsx_template": None}
    # Another draft in a later session starts from the saved fonts, dates and unit (the bureau's).
    export_prefs.forget_session()
    later = export_prefs.choices_for("another draft")
    assert later.settings == ExportSettings(FontScheme.WINDOWS, DateStyle.CHINESE, Unit.WAN)


def test_the_screen_unit_and_the_export_unit_are_separate(sample, qtbot) -> None:
    page = review(sample)
    box = page.settings_box
    editor = sample.editor
    choose(editor.unit_combo, Unit.WAN.value)  # the clerk reads and types in 万元 on screen
    assert sample.session.report.display_unit is Unit.WAN
    assert box.unit.currentText() == "元" and box.choices().settings.money_unit(Unit.WAN) is Unit.YUAN
    choose(box.unit, Unit.WAN.value)
    choose(editor.unit_combo, Unit.YUAN.value)
    assert box.unit.currentText() == "万元" and box.choices().settings.money_unit(Unit.YUAN) is Unit.WAN


def test_layout_choices_reach_the_exporter_and_are_remembered(sample, qtbot, calls, save_to, data_dir: Path) -> None:
    page = review(sample)
    box = page.settings_box
    options = box.layout_options.boxes
    assert options["cover"].isChecked() and not options["seal"].isChecked()
    options["cover"].click()
    options["seal"].click()
    options["sign_lines"].click()
    page.export.final_button.click()
    qtbot.waitUntil(lambda: "导出完成" in page.export.result.text(), timeout=WAIT)
    wait_idle(qtbot, page)
    settings = calls[0]["settings"]
    assert (settings.cover, settings.seal, settings.sign_lines) == (False, True, True)  # type: ignore[attr-defined]
    choose(box.fonts, FontScheme.WINDOWS.value)  # another choice keeps the layout
    assert box.choices().settings.seal and not box.choices().settings.cover
    saved = json.loads((data_dir / "settings.json").read_text("utf-8"))["export"]
    assert (saved["cover"], saved["seal"], saved["sign_lines"]) == (False, True, True)
    export_prefs.forget_session()
    later = export_prefs.choices_for("another draft").settings
    assert (later.cover, later.seal, later.sign_lines) == (False, True, True)


STOCK_WINDOWS_FONTS = frozenset({"宋体", "黑体", "楷体", "仿宋"})


def _open_sample_with_fonts(window, monkeypatch, installed: frozenset[str]):
    from gui import export_options

    # A faked Windows PC: installed_fonts() as exporters.fonts reads it from the registry.
    monkeypatch.setattr(export_options, "installed_fonts", lambda: installed)
    window.start.open_sample()
    return review(window).settings_box


def test_missing_gbt_fonts_are_named_and_windows_fonts_offered(window, qtbot, monkeypatch) -> None:
    box = _open_sample_with_fonts(window, monkeypatch, STOCK_WINDOWS_FONTS)
    window.show()
    assert box.font_note.isVisibleTo(box)
    assert "仿宋_GB2312、楷体_GB2312、方正小标宋简体" in box.font_note.text.text()
    assert box.font_note.switch.isVisibleTo(box)
    box.font_note.switch.click()
    assert box.fonts.currentData() == FontScheme.WINDOWS.value
    assert box.choices().settings.fonts is FontScheme.WINDOWS
    assert not box.font_note.isVisibleTo(box)


def test_no_font_note_when_the_gbt_fonts_are_installed(window, monkeypatch) -> None:
    box = _open_sample_with_fonts(window, monkeypatch, STOCK_WINDOWS_FONTS | {"仿宋_GB2312", "楷体_GB2312", "方正小标宋简体"})
    assert not box.font_note.isVisibleTo(box)


def test_real_export_uses_windows_fonts_chinese_dates_and_wan(sample, qtbot, save_to) -> None:
    page = review(sample)
    choose(page.settings_box.fonts, FontScheme.WINDOWS.value)
    choose(page.settings_box.dates, DateStyle.CHINESE.value)
    choose(page.settings_box.unit, Unit.WAN.value)
    target = save_to[0]
    page.export.final_button.click()
    qtbot.waitUntil(lambda: "导出完成" in page.export.result.text(), timeout=WAIT)
    wait_idle(qtbot, page)
    document = docx.Document(str(target))
    signature = [p.text for p in document.paragraphs if p.style.name == "落款"]
    assert signature[-1] == "二〇二六年三月二十日"
    fonts = document.styles["Normal"].element.rPr.find(qn("w:rFonts"))
    assert fonts.get(qn("w:eastAsia")) == "仿宋"
    texts = [p.text for p in document.paragraphs]
    assert "金额单位：万元" in texts and any("3,865.24万元" in t for t in texts)


def test_end_to_end_export_of_the_sample_writes_both_files_and_shows_them(sample, qtbot, tmp_path,
                                                                          monkeypatch) -> None:
    asked: list[Path] = []
    monkeypatch.setattr(export_panel, "ask_export_path", lambda parent, suggested: asked.append(suggested) or suggested)
    page = review(sample)
    page.export.export_dir = lambda: tmp_path
    page.export.final_button.click()
    qtbot.waitUntil(lambda: "导出完成" in page.export.result.text(), timeout=WAIT)
    wait_idle(qtbot, page)
    word = tmp_path / "蓉溪市农业农村局2025年度部门整体支出绩效自评报告.docx"
    excel = tmp_path / "蓉溪市农业农村局2025年度部门整体支出绩效自评得分表.xlsx"
    assert asked == [word], "the dialog suggests the exporter's file name"
    assert word.stat().st_size > 10_000 and excel.stat().st_size > 5_000
    shown = page.export.result.text()
    assert f"Word 报告：{word}" in shown and f"Excel 得分表：{excel}" in shown
    assert page.export.open_file_button.isVisible() and page.export.open_xlsx_button.isVisible()
    assert page.export.open_folder_button.isVisible() and not page.export.retry_button.isVisible()
    sample.session.set_value("phone", "028-12345678")  # the files no longer show the latest content
    assert "报告修改于导出之后" in page.export.result.text() and str(word) in page.export.result.text()
    opened: list[Path] = []
    monkeypatch.setattr(export_panel, "open_path", opened.append)
    page.export.open_xlsx_button.click()
    page.export.open_folder_button.click()
    assert opened == [excel, tmp_path]
    assert page.export.final_button.isEnabled()


# ----- bureau templates


def test_a_bureau_template_with_an_unknown_placeholder_lists_its_problems(sample, qtbot, monkeypatch,
                                                                          tmp_path: Path, calls, save_to) -> None:
    template = bureau_template(tmp_path / "财政局模板.docx")
    page = review(sample)
    box = page.settings_box
    pick(monkeypatch, template)
    box.rows["docx"].pick.click()
    qtbot.waitUntil(lambda: not box.busy, timeout=WAIT)
    assert box.choices().docx_template == template, "a template with problems is kept, to be fixed and re-checked"
    assert box.rows["docx"].name.text() == "财政局模板.docx"
    assert "1 处必须修改" in box.rows["docx"].status.text()
    items = [box.issues.item(i).text() for i in range(box.issues.count())]
    assert box.issues.isVisible() and len(items) == 2
    assert items[0].startswith("必须修改｜Word 模板：第 1 段「填报单位：{{ u") and "未知的占位符「unit_nam」" in items[0]
    assert items[1].startswith("提示｜Word 模板：第 2 段") and "已自动合并" in items[1]
    # The export passes the template on; back to the built-in one, and the list empties.
    page.export.final_button.click()
    qtbot.waitUntil(lambda: bool(calls), timeout=WAIT)
    wait_idle(qtbot, page)
    assert calls[0]["docx_template"] == template
    box.rows["docx"].built_in.click()
    assert box.choices().docx_template is None and not box.issues.isVisible()
    assert box.rows["docx"].name.text().startswith("内置模板")


@pytest.mark.parametrize(("name", "content", "reason"), [
    ("宏模板.docm", b"PK\x03\x04 not really", "启用宏"),
    ("不是模板.docx", "这只是一个改了扩展名的文本文件".encode(), "文件已损坏，或不是 .docx/.xlsx 文件"),
])
def test_a_refused_template_is_not_kept(sample, qtbot, monkeypatch, tmp_path: Path, name: str, content: bytes,
                                        reason: str) -> None:
    good = bureau_template(tmp_path / "好模板.docx")
    bad = tmp_path / name
    bad.write_bytes(content)
    page = review(sample)
    box = page.settings_box
    pick(monkeypatch, bad)
    box.rows["docx"].pick.click()
    qtbot.waitUntil(lambda: not box.busy, timeout=WAIT)
    status = box.rows["docx"].status.text()
    assert f"Word 模板「{name}」不能使用" in status and reason in status and "仍为内置模板" in status
    assert box.choices().docx_template is None and box.rows["docx"].name.text().startswith("内置模板")
    # Refusing a second file keeps the template chosen before it.
    pick(monkeypatch, good)
    box.rows["docx"].pick.click()
    qtbot.waitUntil(lambda: not box.busy, timeout=WAIT)
    pick(monkeypatch, bad)
    box.rows["docx"].pick.click()
    qtbot.waitUntil(lambda: not box.busy, timeout=WAIT)
    assert box.choices().docx_template == good and "仍为「好模板.docx」" in box.rows["docx"].status.text()


def test_an_excel_file_picked_as_the_word_template_is_pointed_to_its_row(sample, monkeypatch, tmp_path) -> None:
    page = review(sample)
    pick(monkeypatch, tmp_path / "得分表.xlsx")
    page.settings_box.rows["docx"].pick.click()
    assert "请在“Excel 模板”一行选择" in page.settings_box.rows["docx"].status.text()
    assert not page.settings_box.busy and page.settings_box.choices().docx_template is None


def test_a_saved_template_that_has_gone_falls_back_to_the_built_in(window, qtbot, data_dir: Path,
                                                                    tmp_path: Path) -> None:
    data_dir.mkdir(parents=True, exist_ok=True)
    (data_dir / "settings.json").write_text(json.dumps({"export": {
        "fonts": "windows", "dates": "arabic", "docx_template": str(tmp_path / "已删除.docx")}}), "utf-8")
    window.start.open_sample()
    page = review(window)
    box = page.settings_box
    qtbot.waitUntil(lambda: not box.busy, timeout=WAIT)
    assert "找不到模板文件" in box.rows["docx"].status.text() and "已改用内置模板" in box.rows["docx"].status.text()
    assert box.choices().docx_template is None
    assert box.fonts.currentData() == "windows", "the rest of the saved choice applies"
    saved = json.loads((data_dir / "settings.json").read_text("utf-8"))["export"]
    assert saved["docx_template"] is None


@pytest.mark.parametrize("content", [b"{not json", b"[1, 2]", b'{"export": {"fonts": 3, "dates": "roman"}}'])
def test_a_broken_settings_file_is_ignored(data_dir: Path, content: bytes) -> None:
    data_dir.mkdir(parents=True, exist_ok=True)
    (data_dir / "settings.json").write_bytes(content)
    assert export_prefs.load_last() == export_prefs.ExportChoices(ExportSettings(unit=Unit.YUAN))
    assert export_prefs.save_last(export_prefs.ExportChoices(ExportSettings(FontScheme.WINDOWS)))
    assert export_prefs.load_last().settings.fonts is FontScheme.WINDOWS


# ----- failures and their way out


def test_a_blocked_final_export_offers_the_draft_in_one_click(sample, qtbot, tmp_path: Path) -> None:
    page = review(sample)
    sample.session.set_value("contact", "")  # an error: the exporter refuses a final version
    page.export.run(tmp_path / "报告.docx", draft=False)
    qtbot.waitUntil(lambda: page.export.worker is None, timeout=WAIT)
    text = page.export.result.text()
    assert text.startswith("没有导出正式版：报告还有 1 个错误，不能正式导出") and "联系人" in text
    assert page.export.draft_now_button.isVisible() and not page.export.open_folder_button.isVisible()
    assert not (tmp_path / "报告.docx").exists()
    page.export.draft_now_button.click()
    qtbot.waitUntil(lambda: "草稿版导出完成" in page.export.result.text(), timeout=WAIT)
    wait_idle(qtbot, page)
    draft = tmp_path / "蓉溪市农业农村局2025年度部门整体支出绩效自评报告（草稿）.docx"
    assert draft.exists() and (tmp_path / "蓉溪市农业农村局2025年度部门整体支出绩效自评得分表（草稿）.xlsx").exists()
    assert str(draft) in page.export.result.text() and not page.export.draft_now_button.isVisible()


def test_a_file_open_in_word_offers_retry_and_save_as(sample, qtbot, monkeypatch, save_to, tmp_path) -> None:
    attempts: list[Path] = []

    def export_report(report, *, docx, xlsx, draft, progress, **_):
        attempts.append(docx)
        if len(attempts) < 3:
            raise OutputError(f"无法保存「{docx.name}」：文件正在被 Word/Excel 打开，请关闭后重试，或另存为其他文件名。")
        return ExportResult((docx, xlsx), ("有 1 个提醒尚未说明；说明后会写入报告的“情况说明”。",), draft)

    monkeypatch.setattr(api, "export_report", export_report)
    page = review(sample)
    first = save_to[0]
    other = tmp_path / "out" / "另一个名字.docx"
    save_to.append(other)
    page.export.final_button.click()
    qtbot.waitUntil(lambda: "没有完成" in page.export.result.text(), timeout=WAIT)
    text = page.export.result.text()
    assert "正在被 Word/Excel 打开，请关闭后重试" in text and "点“另存为…”换一个文件名" in text
    assert page.export.retry_button.isVisible() and page.export.save_as_button.isVisible()
    assert not page.export.open_folder_button.isVisible()
    page.export.retry_button.click()
    qtbot.waitUntil(lambda: len(attempts) == 2 and page.export.worker is None, timeout=WAIT)
    assert attempts == [first, first] and page.export.save_as_button.isVisible()
    page.export.save_as_button.click()
    qtbot.waitUntil(lambda: "导出完成" in page.export.result.text(), timeout=WAIT)
    wait_idle(qtbot, page)
    assert attempts == [first, first, other]
    assert "另一个名字-得分表.xlsx" in page.export.result.text()
    assert page.export.notes.isVisible() and "提醒尚未说明" in page.export.notes.text()


def test_exporting_with_a_template_that_has_problems_says_where(sample, qtbot, monkeypatch, tmp_path: Path,
                                                                save_to) -> None:
    page = review(sample)
    pick(monkeypatch, bureau_template(tmp_path / "财政局模板.docx"))
    page.settings_box.rows["docx"].pick.click()
    qtbot.waitUntil(lambda: not page.settings_box.busy and page.export.final_button.isEnabled(), timeout=WAIT)
    target = save_to[0]
    page.export.final_button.click()
    qtbot.waitUntil(lambda: "没有完成" in page.export.result.text(), timeout=WAIT)
    wait_idle(qtbot, page)
    text = page.export.result.text()
    assert "Word 模板有 1 处问题，不能使用：第 1 段「填报单位：{{ u" in text and "unit_nam" in text
    assert "使用内置模板" in text and page.export.retry_button.isVisible()
    assert not target.exists() and not target.with_name("报告-得分表.xlsx").exists(), "all or nothing"
    page.settings_box.rows["docx"].built_in.click()
    page.export.retry_button.click()
    qtbot.waitUntil(lambda: "导出完成" in page.export.result.text(), timeout=WAIT)
    wait_idle(qtbot, page)
    assert target.exists()
