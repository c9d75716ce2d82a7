"""Screenshots of the start page and every step with the sample report, for docs/screenshots/.

Run under a real X server with the CJK font (preferred), e.g.::

    Xvfb :99 -screen 0 1366x768x24 &
    DISPLAY=:99 python tools/screenshots.py                 # 100 %
    DISPLAY=:99 python tools/screenshots.py --scale 1.5     # 150 % (QT_SCALE_FACTOR)

With DISPLAY set and ImageMagick's ``import`` available the whole X screen is captured
(``import -window root``); otherwise the window grabs itself (offscreen). The data folder is a fresh
temporary one, so the clerk's own drafts are never touched.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
MAX_BYTES = 250 * 1024


def settle(seconds: float = 0.4) -> None:
    from PySide6.QtWidgets import QApplication

    end = time.monotonic() + seconds
    while time.monotonic() < end:
        QApplication.processEvents()
        time.sleep(0.02)


def shoot(window: object, path: Path) -> None:
    from PySide6.QtWidgets import QWidget

    assert isinstance(window, QWidget)
    settle()
    if os.environ.get("DISPLAY") and shutil.which("import") and os.environ.get("QT_QPA_PLATFORM") != "offscreen":
        subprocess.run(["import", "-silent", "-window", "root", str(path)], check=True)
    else:
        window.grab().save(str(path))
    if path.stat().st_size > MAX_BYTES and shutil.which("convert"):
        subprocess.run(["convert", str(path), "-colors", "128", f"PNG8:{path}"], check=True)
    shown = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
    print(f"{shown}  {path.stat().st_size // 1024} KB")


def bureau_template(folder: Path) -> Path:
    """A bureau's Word template as clerks receive them: a misspelt placeholder, a tag Word split in two."""
    import docx

    document = docx.Document()
    document.add_paragraph("填报单位：{{ unit_nam }}")
    split = document.add_paragraph("评价年度：")
    split.add_run("{{ eval_").bold = True
    split.add_run("year }}")
    path = folder / "财政局绩效自评报告模板.docx"
    document.save(str(path))
    return path


def shoot_export(app: object, window: object, out: Path, suffix: str, only: set[int]) -> None:
    """The review step's 导出设置 with a checked bureau template (92), then a finished export (93)."""
    from PySide6.QtCore import QThreadPool

    from exporters.settings import DateStyle, FontScheme
    from gui import export_panel, export_settings_box

    editor = window.editor  # type: ignore[attr-defined]
    editor.go_to(len(editor.steps) - 1)  # the review step (F1 help was shot on another step)
    review = editor.page(len(editor.steps) - 1)
    box, panel = review.settings_box, review.export
    folder = Path(tempfile.mkdtemp(prefix="brw-export-"))
    template = bureau_template(folder)
    for combo, value in ((box.fonts, FontScheme.WINDOWS.value), (box.dates, DateStyle.CHINESE.value)):
        combo.setCurrentIndex(combo.findData(value))
        combo.activated.emit(combo.currentIndex())
    export_settings_box.ask_template_path = lambda parent, kind, start: template  # type: ignore[assignment]
    box.rows["docx"].pick.click()
    QThreadPool.globalInstance().waitForDone()
    settle()
    review.ensureWidgetVisible(panel, 0, 0)
    if not only or 92 in only:
        shoot(window, out / f"08c-review-export-settings{suffix}.png")
    if not only or 95 in only:  # a bureau's own blank form: the mapping listed before export
        sys.path.insert(0, str(ROOT / "tests"))
        from bureau_forms import word_form_left_labels

        form = word_form_left_labels(folder / "财政局绩效自评报告参考格式.docx")
        export_settings_box.ask_template_path = lambda parent, kind, start: form  # type: ignore[assignment]
        box.rows["docx"].pick.click()
        QThreadPool.globalInstance().waitForDone()
        settle()
        review.ensureWidgetVisible(box.mapping, 0, 0)
        settle()
        shoot(window, out / f"08e-review-bureau-form{suffix}.png")
    box.rows["docx"].built_in.click()
    export_panel.ask_export_path = lambda parent, suggested: folder / suggested.name  # type: ignore[assignment]
    panel.final_button.click()
    QThreadPool.globalInstance().waitForDone()
    settle()
    review.ensureWidgetVisible(panel, 0, 0)
    if not only or 93 in only:
        shoot(window, out / f"08d-review-exported{suffix}.png")


def shoot_help(window: object, editor: object, out: Path, suffix: str, only: set[int]) -> None:
    """F1 on 本年收入合计: its help beside it (96); 预览: the pages as the Word export prints them (97)."""
    finance = editor.steps.index("finance")  # type: ignore[attr-defined]
    if not only or 96 in only:
        editor.go_to(finance)  # type: ignore[attr-defined]
        editor.go_to_path("values.inc_year_total")  # type: ignore[attr-defined]  # scrolled into view, as a click
        field = editor.page(finance).fields["inc_year_total"]  # type: ignore[attr-defined]
        field.line.setFocus()
        settle()
        window.show_help()  # type: ignore[attr-defined]
        shoot(window, out / f"10-help-f1{suffix}.png")
        window.help_window.close()  # type: ignore[attr-defined]
    if not only or 97 in only:
        dialog = window.show_preview()  # type: ignore[attr-defined]
        settle(2.0)  # the pages are laid out after the dialog is shown
        dialog.pages.setCurrentPage(3)
        shoot(window, out / f"11-preview{suffix}.png")
        dialog.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="QT_SCALE_FACTOR, e.g. 1.5")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--only", default="", help="comma-separated step numbers to shoot (default: all; "
                        "90/91: finance finding and review findings, 92/93: export settings and a finished export, "
                        "94: a paragraph generated from the figures, 95: a bureau's own blank form's mapping, "
                        "96: F1 help at a field, 97: 预览)")
    args = parser.parse_args()
    if args.scale != 1.0:
        os.environ["QT_SCALE_FACTOR"] = str(args.scale)
    os.environ["BUDGET_REPORT_DATA_DIR"] = tempfile.mkdtemp(prefix="brw-shots-")
    args.out.mkdir(parents=True, exist_ok=True)
    suffix = "" if args.scale == 1.0 else f"-{round(args.scale * 100)}"

    from gui.app import create_app
    from gui.main_window import MainWindow
    from models.drafts import create_report
    from models.report import Report
    from models.sample import build_sample

    app = create_app([sys.argv[0]])
    window = MainWindow()
    store = window.store
    half = build_sample()
    half.values.pop("advice_text", None)
    half.values["unit_name"] = "蓉溪市教育局"
    create_report(store, half, "蓉溪市教育局 2025年度（未完成）")
    fresh = Report.new("national-2020")
    fresh.values.update({"unit_name": "蓉溪市财政局", "eval_year": 2025})
    create_report(store, fresh, "蓉溪市财政局 2025年度")
    window.start.refresh()
    window.setGeometry(app.primaryScreen().availableGeometry())
    window.show()
    window.activateWindow()
    only = {int(n) for n in args.only.split(",") if n.strip()}
    if not only or 0 in only:
        shoot(window, args.out / f"00-start{suffix}.png")
    window.start.open_sample()
    editor = window.editor
    assert editor is not None
    names = [*editor.steps]
    for index, step in enumerate(names):
        editor.go_to(index)
        if step == "scoring":
            page = editor.page(index)
            page.view.scrollTo(page.model.locate("rows.duty1.name"))
        if not only or index + 1 in only:
            shoot(window, args.out / f"{index + 1:02d}-{step}{suffix}.png")
    shoot_help(window, editor, args.out, suffix, only)
    shoot_export(app, window, args.out, suffix, only)
    session = window.session
    assert session is not None
    finance = names.index("finance")
    if not only or 94 in only:  # 根据填报数生成 on the clerk's own sentence
        session.report.generated.pop("income_text", None)
        session.set_value("income_text", "收入增加主要是高标准农田建设项目资金增加。")
        editor.go_to(finance)
        field = editor.page(finance).fields["income_text"]
        field.generate.click()
        editor.go_to_path("values.income_text")
        shoot(window, args.out / f"{finance + 1:02d}c-finance-generated{suffix}.png")
        session.undo()
        session.undo()
    # The same report with a slip a clerk makes: a part typed wrong, a one-word "存在问题".
    session.set_value("exp_public", Decimal("3218450.00"))
    session.set_value("problems_text", "无")
    editor.go_to(finance)
    editor.go_to_path("values.exp_basic")
    if not only or 90 in only:
        shoot(window, args.out / f"{finance + 1:02d}b-finance-finding{suffix}.png")
    editor.go_to(len(names) - 1)
    if not only or 91 in only:
        shoot(window, args.out / f"{len(names):02d}b-review-findings{suffix}.png")
    session.mark_saved()
    window.close()
    app.quit()
    return 0


if __name__ == "__main__":
    sys.exit(main())
