"""The start-up and memory floor: a bare PySide6 QWizard with the app's number of steps and fields.

Run as a child by startup.py and memory.py with the page and field counts measured on the real window,
so the floor is "what Qt alone costs for a window this size". It loads nothing of the project.
"""

from __future__ import annotations

import argparse
import sys

from PySide6.QtWidgets import QApplication, QFormLayout, QLineEdit, QWizard, QWizardPage

from benchmarks.childlib import emit_result, peak_rss_kib, rss_by_kind
from benchmarks.probe import ShownProbe


def build(pages: int, fields: int, fill: bool) -> QWizard:
    wizard = QWizard()
    wizard.setWindowTitle("绩效自评填报助手")
    wizard.setOption(QWizard.WizardOption.IndependentPages, True)
    per_page = [fields // pages + (1 if i < fields % pages else 0) for i in range(pages)]
    for number, count in enumerate(per_page, 1):
        page = QWizardPage()
        page.setTitle(f"第{number}步")
        form = QFormLayout(page)
        for i in range(count):
            line = QLineEdit(page)
            if fill:
                line.setText(f"蓉溪市农业农村局 第{number}步 第{i + 1}项 38,652,400.00")
            form.addRow(f"字段{i + 1}", line)
        wizard.addPage(page)
    wizard.resize(1200, 800)
    return wizard


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, required=True)
    parser.add_argument("--fields", type=int, required=True)
    parser.add_argument("--fill", action="store_true", help="put text in every field (memory figure)")
    parser.add_argument("--visit-all", action="store_true", help="show every page before reporting")
    args = parser.parse_args()

    app = QApplication(sys.argv[:1])
    wizard = build(args.pages, args.fields, args.fill)
    result: dict[str, object] = {"pages": args.pages, "fields": args.fields}

    def shown(data: dict[str, object]) -> None:
        result.update(data)
        if args.visit_all:
            for _ in range(args.pages - 1):
                wizard.next()
                app.processEvents()
        result["peak_rss_kib"] = peak_rss_kib()
        result["rss_by_kind"] = rss_by_kind()
        app.quit()

    ShownProbe(app, shown)
    wizard.show()
    app.exec()
    emit_result(result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
