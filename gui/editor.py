"""The report editor: the step list, one page per section in the framework's order, and review.

Pages are built the first time they are shown (start-up stays fast). The editor keeps no report
state: every page reads and edits the EditSession, so going back and forth never loses input.
Only the page on screen follows every change as it happens; a built page that is hidden collects
the changes and catches up when it is shown or asked for (a key press refreshes one page, not all).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from models.editing import MISSING_RULES, Change, ChangeKind, EditSession, StepState
from models.findings import Severity, section_of_path
from models.headings import section_heading
from models.money import Unit

from .export_prefs import choices_for
from .plain import PlainLabel
from .review_page import ReviewPage
from .step_list import StepList
from .steps.scoring_page import ScoringPage
from .steps.section_page import SectionPage, StepPage
from .style import apply_role
from .warning_bar import WarningBar
from .wheel_guard import guard_wheel

REVIEW = "review"
REVIEW_TITLE = "审核与导出"


class Editor(QWidget):
    step_changed = Signal(int)

    def __init__(self, session: EditSession, *, read_only: bool = False, draft_id: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.draft_id = draft_id
        self.read_only = read_only
        # 根据填报数生成 writes money as this draft's export prints it (the review page follows changes).
        session.paragraph_unit = choices_for(draft_id).settings.money_unit(session.report.display_unit)
        fw = session.framework
        self.steps: list[str] = [*fw.sections, REVIEW]
        self.titles = [section_heading(fw, s) for s in fw.sections] + [REVIEW_TITLE]
        self.pages: dict[int, StepPage] = {}
        self.current: int = -1
        self.revealed: set[str] = set()  # steps whose missing entries show as errors (see reveal)
        # Changes a hidden page has not seen yet, by (kind, path): replayed when it is next shown.
        self._pending: dict[int, dict[tuple[ChangeKind, str], Change]] = {}

        self.step_list = StepList(self.titles, self)
        self.stack = QStackedWidget(self)
        for _ in self.steps:
            self.stack.addWidget(QWidget(self.stack))  # placeholders until first shown

        self.heading = PlainLabel(self)
        apply_role(self.heading, "stepHeading")
        self.unit_combo = QComboBox(self)
        self.unit_combo.addItem("元", Unit.YUAN.value)
        self.unit_combo.addItem("万元", Unit.WAN.value)
        self.unit_combo.setAccessibleName("金额单位")
        self.unit_combo.setToolTip("整份报告的金额显示和输入单位；保存的数值始终精确到分（元）。")
        self.unit_combo.activated.connect(self._unit_chosen)
        guard_wheel(self.unit_combo)
        unit_label = PlainLabel("金额单位：", self)
        unit_label.setBuddy(self.unit_combo)
        header = QHBoxLayout()
        header.addWidget(self.heading, 1)
        header.addWidget(unit_label)
        header.addWidget(self.unit_combo)

        self.back_button = QPushButton("上一步", self)
        self.next_button = QPushButton("下一步", self)
        self.back_button.clicked.connect(lambda: self.go_to(self.current - 1))
        self.next_button.clicked.connect(lambda: self.go_to(self.current + 1))
        nav = QHBoxLayout()
        nav.addStretch(1)
        nav.addWidget(self.back_button)
        nav.addWidget(self.next_button)

        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(8, 4, 8, 8)
        right_layout.addLayout(header)
        self.marks_bar = WarningBar(right)  # 来自导入，请核对 (a draft imported from a Word report)
        self.marks_bar.setAccessibleName("导入内容核对提示")
        right_layout.addWidget(self.marks_bar)
        right_layout.addWidget(self.stack, 1)
        right_layout.addLayout(nav)

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.step_list)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)

        self.step_list.currentRowChanged.connect(self._row_chosen)
        self._unsubscribe = session.subscribe(self._on_changes)
        self._refresh_statuses()
        self._refresh_unit()
        self.go_to(0)

    # ----- pages

    def page(self, index: int) -> StepPage:
        """The page of a step, built on first use, up to date with the report."""
        page = self.pages.get(index)
        if page is not None:
            self._catch_up(index)
        else:
            step = self.steps[index]
            if step == REVIEW:
                review = ReviewPage(self.session, self.stack, draft_id=self.draft_id)
                review.revealed = self.revealed  # the same set: what counts as an error there too
                review.jump.connect(self.go_to_path)
                review.export.export_requested.connect(self.reveal_all)
                page = review
            elif step == "scoring":
                page = ScoringPage(step, self.session, self.stack)
            else:
                page = SectionPage(step, self.session, self.stack)
            page.set_read_only(self.read_only)
            if step in self.revealed:
                page.reveal_missing()
            placeholder = self.stack.widget(index)
            self.stack.insertWidget(index, page)
            if placeholder is not None:
                self.stack.removeWidget(placeholder)
                placeholder.deleteLater()
            self.pages[index] = page
        return page

    def go_to(self, index: int, *, focus: bool = True) -> None:
        if not 0 <= index < len(self.steps) or index == self.current:
            return
        page = self.page(index)
        self.session.seal()
        if 0 <= self.current < len(self.steps):
            self.reveal(self.steps[self.current])  # leaving a step: what it still lacks is now an error
        self.current = index
        self.stack.setCurrentIndex(index)
        self.heading.setText(self.titles[index])
        self.back_button.setEnabled(index > 0)
        self.next_button.setEnabled(index < len(self.steps) - 1)
        self.next_button.setText("下一步：审核与导出" if index == len(self.steps) - 2 else "下一步")
        if self.step_list.currentRow() != index:
            self.step_list.setCurrentRow(index)
        self._refresh_marks()
        if focus:
            page.first_focus()
        self.step_changed.emit(index)

    def _row_chosen(self, row: int) -> None:
        if row >= 0:
            self.go_to(row)

    def reveal(self, *steps: str) -> None:
        """Required entries of *steps* not filled show as errors from now on (not a neutral 未填)."""
        new = [s for s in steps if s not in self.revealed and s != REVIEW]
        if not new:
            return
        self.revealed.update(new)
        for step in new:
            index = self.steps.index(step)
            if index in self.pages:
                self.pages[index].reveal_missing()
        review = self.pages.get(len(self.steps) - 1)
        if review is not None:
            review.refresh_findings()  # its list says 未填 or 错误 by the same rule
        self._refresh_statuses()

    def reveal_all(self) -> None:
        """The clerk asked to export: every step shows what it lacks."""
        self.reveal(*self.steps)

    def step_of_path(self, path: str) -> int:
        section = section_of_path(path)
        return self.steps.index(section) if section in self.steps else len(self.steps) - 1

    def show_changes(self, changes: Sequence[Change]) -> str | None:
        """Go to the step and field the first of *changes* touched (an undo or redo); returns the
        step's title, or None for a change no step shows (the amount unit)."""
        for change in changes:
            path = change.path
            if path.startswith("explanations."):
                path = path.partition("@")[2]  # a finding key is rule@first field
            if path == "rows":
                path = "scores." + next((n.id for n in self.session.framework.row_containers()), "")
            if not path.startswith(("values.", "scores.", "rows.")):
                continue
            index = self.step_of_path(path)
            if not self.go_to_path(path):
                self.go_to(index)
            return self.titles[index]
        return None

    def go_to_path(self, path: str) -> bool:
        """Show the step holding a finding's field and focus it (table cells are selected)."""
        index = self.step_of_path(path)
        self.go_to(index, focus=False)
        return self.page(index).focus_path(path)

    # ----- model -> widgets

    def _on_changes(self, changes: Sequence[Change]) -> None:
        for index, page in self.pages.items():
            page.note_changes(changes)  # at once, shown or hidden: only what must never lag (cheap)
            if index == self.current:
                page.on_changes(changes)
                page.refresh_findings()
            else:
                pending = self._pending.setdefault(index, {})
                for change in changes:
                    key = (change.kind, change.path)
                    pending.pop(key, None)  # keep the order of the last occurrences
                    pending[key] = change
        self._refresh_statuses()
        if any(c.kind in (ChangeKind.UNIT, ChangeKind.RESET) for c in changes):
            self._refresh_unit()
        if (self.session.report.imported and any(c.kind in (ChangeKind.MARKS, ChangeKind.RESET) for c in changes)) \
                or (self.marks_bar.isVisible() and not self.session.report.imported):
            self._refresh_marks()

    # ----- 来自导入，请核对

    def _refresh_marks(self) -> None:
        from models.import_marks import MARK, marks_of

        report = self.session.report
        step = self.steps[self.current] if 0 <= self.current < len(self.steps) else ""
        marks = marks_of(report, step) if report.imported else {}
        if not marks:
            self.marks_bar.clear("imported")
            return
        labels = [self._label_of(path) for path in marks]
        shown = "、".join(labels[:6]) + (f"等 {len(labels)} 项" if len(labels) > 6 else "")
        actions = [] if self.read_only else [("已核对", self._confirm_marks)]
        if report.unplaced:
            actions.append((f"未归类内容（{len(report.unplaced)}）…", self._show_unplaced))
        self.marks_bar.show_message("imported", f"{MARK}：本步骤的{shown}取自导入的 Word 报告。请逐项核对（把鼠标停在这里可看到每项的原文出处），"
                                    "无误后点“已核对”。", actions, severity=Severity.INFO)
        self.marks_bar.setToolTip("\n".join(f"{self._label_of(p)} ← {source}" for p, source in list(marks.items())[:40]))

    def _label_of(self, path: str) -> str:
        from models.fields import FIELD_BY_KEY

        head, _, rest = path.partition(".")
        if head == "values" and rest in FIELD_BY_KEY:
            return FIELD_BY_KEY[rest].label
        if head == "scores" and rest in self.session.framework.nodes:
            return f"{self.session.framework.nodes[rest].name}得分"
        return "部门自定指标"

    def _confirm_marks(self) -> None:
        if 0 <= self.current < len(self.steps):
            self.session.confirm_imported(self.steps[self.current], origin=self)

    def _show_unplaced(self) -> None:
        from .dialogs import message

        text = "\n".join(self.session.report.unplaced[:200])
        message(self, "导入时未归类的内容", "以下内容没有对应到报告的栏目，原样保留在草稿中；需要时请复制到合适的栏目：\n\n" + text,
                QMessageBox.Icon.Information)

    def _catch_up(self, index: int) -> None:
        """Show a page the changes it missed while hidden (once, in the order they last happened)."""
        pending = self._pending.pop(index, None)
        if pending:
            page = self.pages[index]
            page.on_changes(list(pending.values()))
            page.refresh_findings()

    def _refresh_statuses(self) -> None:
        session = self.session
        for row, step in enumerate(self.steps):
            if step == REVIEW:
                ready = session.readiness
                # Entries not filled on steps the clerk has not left yet are neutral here too: a
                # blank draft's review says how much is left, not 62 errors.
                calm = sum(1 for f in ready.errors if f.rule in MISSING_RULES and f.section not in self.revealed)
                shown_errors = len(ready.errors) - calm
                if ready.ready:
                    state, detail = StepState.COMPLETE, "可以正式导出"
                elif shown_errors or ready.open_warnings:
                    state, detail = StepState.PROBLEMS, "还不能正式导出"
                else:
                    state, detail = StepState.IN_PROGRESS, f"还有 {calm} 项未填"
                self.step_list.set_status(row, state, len(ready.errors), len(ready.open_warnings), detail,
                                          missing=calm, revealed=False)
            else:
                status = session.step_status(step)
                self.step_list.set_status(row, status.state, status.errors, status.warnings,
                                          missing=status.missing, revealed=step in self.revealed)

    def _refresh_unit(self) -> None:
        index = self.unit_combo.findData(self.session.report.display_unit.value)
        self.unit_combo.setCurrentIndex(index)

    def _unit_chosen(self, index: int) -> None:
        if not self.read_only:
            self.session.set_display_unit(Unit(self.unit_combo.itemData(index)))
        else:
            self._refresh_unit()

    def set_draft_id(self, draft_id: str) -> None:
        """The draft was saved as a copy: export choices are remembered under the new draft."""
        self.draft_id = draft_id
        for page in self.pages.values():
            if isinstance(page, ReviewPage):
                page.draft_id = draft_id

    def set_read_only(self, read_only: bool) -> None:
        self.read_only = read_only
        for page in self.pages.values():
            page.set_read_only(read_only)
        self.unit_combo.setEnabled(not read_only)

    def close_editor(self) -> None:
        self._unsubscribe()
