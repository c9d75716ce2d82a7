"""The wheel never changes an unfocused combo box or spin box: scrolling the page over 单位性质 once
changed it (and autosaved it). Wheel events are sent as the mouse sends them, at the widget."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QAbstractSpinBox, QApplication, QComboBox, QWidget


def wheel(widget: QWidget, notches: int = -1) -> None:
    """Turn the wheel over *widget*: negative notches scroll down (towards the next entries)."""
    centre = QPointF(widget.rect().center())
    event = QWheelEvent(centre, QPointF(widget.mapToGlobal(centre)), QPoint(0, 0), QPoint(0, 120 * notches),
                        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase,
                        False)
    QApplication.sendEvent(widget, event)


def step(window, section: str):
    editor = window.editor
    editor.go_to(editor.steps.index(section))
    return editor.page(editor.current)


def test_scrolling_over_a_choice_scrolls_the_page_and_changes_nothing(window, qtbot) -> None:
    window.start.open_sample()
    window.resize(1000, 500)  # a page taller than the window, as on a small office screen
    page = step(window, "overview")
    combo = page.fields["unit_kind"].combo
    assert combo.hasFocus(), "the wizard put the focus on the step's first field"
    before = combo.currentText()
    wheel(combo)  # the clerk scrolls the page with the pointer over it, as the page opens
    assert combo.currentText() == before
    page.fields["staff_quota"].line.setFocus()
    page.ensureWidgetVisible(combo)
    before, version = window.session.report.text("unit_kind"), window.session.version
    bar = page.verticalScrollBar()
    position = bar.value()
    for _ in range(3):
        wheel(combo)
    assert combo.currentText() == before and window.session.report.text("unit_kind") == before
    assert window.session.version == version, "nothing changed, nothing to autosave"
    assert bar.maximum() == 0 or bar.value() > position, "the wheel scrolled the page instead"
    unit = window.editor.unit_combo  # 金额单位 in the header, outside any scroll area
    wheel(unit)
    assert window.session.report.display_unit.value == unit.currentText() == "元"


def test_a_focused_choice_still_takes_the_wheel(sample, qtbot) -> None:
    page = step(sample, "overview")
    combo = page.fields["unit_kind"].combo
    page.fields["staff_quota"].line.setFocus()
    combo.setFocus(Qt.FocusReason.TabFocusReason)  # the clerk tabbed into it
    qtbot.waitUntil(combo.hasFocus, timeout=2000)
    before = combo.currentIndex()
    wheel(combo, -1 if before < combo.count() - 1 else 1)
    assert combo.currentIndex() != before


def test_every_combo_and_spin_box_of_the_wizard_is_guarded(window, qtbot, monkeypatch) -> None:
    from gui import new_draft_dialog

    seen: list[QWidget] = []
    original = new_draft_dialog.NewDraftDialog.exec

    def look(dialog):  # the new-draft dialog, as it opens
        seen.extend(dialog.findChildren(QComboBox) + dialog.findChildren(QAbstractSpinBox))
        return 0

    monkeypatch.setattr(new_draft_dialog.NewDraftDialog, "exec", look)
    window.start.new_draft()
    assert original is not None and len(seen) >= 3
    window.start.open_sample()
    editor = window.editor
    for index in range(len(editor.steps)):
        editor.go_to(index)
    seen += window.findChildren(QComboBox) + window.findChildren(QAbstractSpinBox)
    unguarded = [w.accessibleName() or type(w).__name__ for w in seen if not w.property("wheelGuarded")]
    assert not unguarded
