"""The start-up and memory floor: a bare PySide6 QWizard with the app's number of steps and fields.

Run as a child by startup.py and memory.py with the page and field counts measured on the real window,
so the floor is "what Qt alone costs for a window this size". It loads nothing of the project. For the
memory figure it shows the texts the real window showed (``--texts``, written by the parent from the
app's census): the same characters drawn in the same kinds of widgets (line edits, plain-text edits,
labels, one table), since font pages and glyph caches grow with what is drawn.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QApplication,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
    QWizard,
    QWizardPage,
)

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


def build_shown(pages: int, texts: dict[str, Any]) -> QWizard:
    """A wizard of *pages* scrolling pages showing *texts* ({lines, paragraphs, labels, cells}) spread
    over them, each text in the kind of widget the app showed it in."""
    wizard = QWizard()
    wizard.setWindowTitle("绩效自评填报助手")
    wizard.setOption(QWizard.WizardOption.IndependentPages, True)
    forms: list[QFormLayout] = []
    for number in range(1, pages + 1):
        page = QWizardPage()
        page.setTitle(f"第{number}步")
        area = QScrollArea(page)
        area.setWidgetResizable(True)
        inner = QWidget()
        forms.append(QFormLayout(inner))
        area.setWidget(inner)
        QFormLayout(page).addRow(area)
        wizard.addPage(page)
    labels = list(texts.get("labels", []))
    widgets: list[QWidget] = []
    for text in texts.get("lines", []):
        line = QLineEdit()
        line.setText(text)
        widgets.append(line)
    for text in texts.get("paragraphs", []):
        edit = QPlainTextEdit()
        edit.setPlainText(text)
        edit.setMinimumHeight(160)
        widgets.append(edit)
    for i, widget in enumerate(widgets):
        forms[i % pages].addRow(labels[i] if i < len(labels) else "", widget)
    for i, text in enumerate(labels[len(widgets):], len(widgets)):
        forms[i % pages].addRow(QLabel(text))
    cells = texts.get("cells", [])
    if cells:
        table = QTableWidget(len(cells), max(len(row) for row in cells))
        for r, row in enumerate(cells):
            for c, text in enumerate(row):
                table.setItem(r, c, QTableWidgetItem(text))
        table.setMinimumHeight(400)
        forms[pages // 2].addRow(table)
    wizard.resize(1200, 800)
    return wizard


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, required=True)
    parser.add_argument("--fields", type=int, required=True)
    parser.add_argument("--fill", action="store_true", help="put text in every field (memory figure)")
    parser.add_argument("--visit-all", action="store_true", help="show every page before reporting")
    parser.add_argument("--texts", type=Path, help="JSON of the texts the app showed (memory figure)")
    args = parser.parse_args()

    app = QApplication(sys.argv[:1])
    if args.texts:
        wizard = build_shown(args.pages, json.loads(args.texts.read_text(encoding="utf-8")))
    else:
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
