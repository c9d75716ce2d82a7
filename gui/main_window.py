"""The main window: the start page or the open draft's editor, autosave, locks, recovery, shortcuts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeyEvent, QKeySequence, QPaintEvent
from PySide6.QtWidgets import QApplication, QMainWindow, QMessageBox, QStackedWidget, QVBoxLayout, QWidget

from models.findings import Severity

from .dialogs import message
from .i18n import set_button_texts
from .plain import PlainLabel, plain_box
from .session_marker import SessionMarker, write_marker
from .start_page import StartPage
from .warning_bar import WarningBar

if TYPE_CHECKING:
    # The draft store loads when the draft list is read (just after the first paint); the editor, the
    # rules and the draft format when a draft is opened.
    from models.draft_store import DraftLock, DraftStore
    from models.editing import EditSession
    from models.report import Report

    from .autosave import Autosaver
    from .editor import Editor
    from .help_window import HelpWindow
    from .preview import PreviewDialog

APP_TITLE = "绩效自评填报助手"
UNDO_KEYS = (QKeySequence.StandardKey.Undo, QKeySequence.StandardKey.Redo)
REDO_EXTRA = QKeySequence("Ctrl+Y")


class DraftUndoFilter(QObject):
    """Ctrl+Z / Ctrl+Y undo the draft, not the text of the focused line edit.

    Line edits claim these keys (ShortcutOverride); swallowing that event for widgets of our window
    lets the window's undo/redo actions fire.
    """

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.window_ = window

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent) and isinstance(obj, QWidget):
            combo = event.keyCombination().toCombined()
            if (any(event.matches(k) for k in UNDO_KEYS) or QKeySequence(combo) == REDO_EXTRA) \
                    and obj.window() is self.window_:
                return True
        return False


class MainWindow(QMainWindow):
    def __init__(self, store: DraftStore | None = None) -> None:
        super().__init__()
        self.session: EditSession | None = None
        self.editor: Editor | None = None
        self.autosaver: Autosaver | None = None
        self.lock: DraftLock | None = None
        self.draft_id: str | None = None
        self.draft_title = ""
        self.read_only = False
        self.setWindowTitle(APP_TITLE)

        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.bar = WarningBar(central)
        layout.addWidget(self.bar)
        self.stack = QStackedWidget(central)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self.start = StartPage(store, self.stack)
        self.start.open_requested.connect(self.open_draft)
        self.stack.addWidget(self.start)
        # The window is painted first; the list (and the draft store's imports) follow a moment later.
        self._after_paint: list[Callable[[], None]] | None = [self.start.load]

        self.save_label = PlainLabel("", self)
        self.save_label.setAccessibleName("保存状态")
        self.statusBar().addPermanentWidget(self.save_label)
        self._build_actions()
        QApplication.instance().installEventFilter(DraftUndoFilter(self))  # type: ignore[union-attr]
        self._update_actions()

    @property
    def store(self) -> DraftStore:
        return self.start.store

    def after_first_paint(self, callback: Callable[[], None]) -> None:
        """Run ``callback`` once the window has been painted (at once if it has been).

        A zero-delay timer queued before ``show()`` would run before the window is exposed (the
        expose event comes back from the window system later), so the first paint queues the work.
        """
        if self._after_paint is None:
            QTimer.singleShot(0, callback)
        else:
            self._after_paint.append(callback)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if self._after_paint is not None:
            callbacks, self._after_paint = self._after_paint, None

            def run() -> None:
                for callback in callbacks:
                    callback()

            QTimer.singleShot(0, run)

    # ----- actions and menus

    def _action(self, text: str, slot: object, keys: list[QKeySequence] | None = None) -> QAction:
        action = QAction(text, self)
        if keys:
            action.setShortcuts(keys)  # the default context, Qt.WindowShortcut
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        self.save_action = self._action("保存", self.save_now, [QKeySequence(QKeySequence.StandardKey.Save)])
        self.close_action = self._action("返回草稿列表", self.close_draft)
        self.quit_action = self._action("退出", self.close, [QKeySequence("Ctrl+Q")])
        self.undo_action = self._action("撤销", self.undo, [QKeySequence(QKeySequence.StandardKey.Undo)])
        self.redo_action = self._action("重做", self.redo, [REDO_EXTRA, QKeySequence("Ctrl+Shift+Z")])
        self.preview_action = self._action("预览…", self.show_preview, [QKeySequence("Ctrl+Shift+P")])
        self.print_action = self._action("打印…", self.print_report, [QKeySequence(QKeySequence.StandardKey.Print)])
        file_menu = self.menuBar().addMenu("文件(&F)")
        file_menu.addAction(self.save_action)
        file_menu.addAction(self.close_action)
        file_menu.addSeparator()
        file_menu.addAction(self.preview_action)
        file_menu.addAction(self.print_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        edit_menu = self.menuBar().addMenu("编辑(&E)")
        edit_menu.addAction(self.undo_action)
        edit_menu.addAction(self.redo_action)
        self.help_action = self._action("本栏说明", self.show_help, [QKeySequence(QKeySequence.StandardKey.HelpContents)])
        self.about_action = self._action(f"关于{APP_TITLE}", self.show_about)
        help_menu = self.menuBar().addMenu("帮助(&H)")
        help_menu.addAction(self.help_action)
        help_menu.addSeparator()
        help_menu.addAction(self.about_action)
        self.help_window: HelpWindow | None = None  # made at the first F1

    def _update_actions(self) -> None:
        session = self.session
        editing = session is not None and not self.read_only
        self.undo_action.setEnabled(editing and session is not None and session.can_undo)
        self.redo_action.setEnabled(editing and session is not None and session.can_redo)
        self.undo_action.setText(f"撤销{session.undo_text}" if session and session.can_undo else "撤销")
        self.redo_action.setText(f"重做{session.redo_text}" if session and session.can_redo else "重做")
        self.save_action.setEnabled(editing)
        self.close_action.setEnabled(session is not None)
        self.preview_action.setEnabled(session is not None)
        self.print_action.setEnabled(session is not None)

    # ----- 帮助

    def show_help(self) -> None:
        """F1: the help of the field or scoring row with the focus, beside it."""
        from .help_window import HelpWindow, context_help

        help, around, extra = context_help(self)
        if self.help_window is None:
            self.help_window = HelpWindow(self)
        self.help_window.show_help(help, around, extra)

    # ----- 预览 and 打印 (the pages of the Word report; loaded when first asked for)

    def show_preview(self) -> PreviewDialog | None:
        if self.session is None or self.draft_id is None:
            return None
        self.session.seal()
        from PySide6.QtCore import Qt
        from PySide6.QtGui import QGuiApplication

        from .preview import PreviewDialog

        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            dialog = PreviewDialog(self.session, self.draft_id, self)
        finally:
            QGuiApplication.restoreOverrideCursor()
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        # Modal: the pages show the report as it was when opened; an edit meanwhile would make them stale.
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.show()
        return dialog

    def print_report(self) -> bool:
        if self.session is None or self.draft_id is None:
            return False
        self.session.seal()
        from .preview import ask_and_print, report_view

        return ask_and_print(report_view(self.session, self.draft_id), self)

    def show_about(self) -> None:
        from .help_window import show_about

        show_about(self)

    def undo(self) -> None:
        if self.session is not None and not self.read_only:
            text = self.session.undo_text
            if self.session.undo():
                self._show_history_step("已撤销", text)

    def redo(self) -> None:
        if self.session is not None and not self.read_only:
            text = self.session.redo_text
            if self.session.redo():
                self._show_history_step("已重做", text)

    def _show_history_step(self, done: str, text: str) -> None:
        """Undo and redo show where they acted: the step and field they changed, and say what in the
        status bar (an undo may reach back to another step)."""
        assert self.session is not None
        where = self.editor.show_changes(self.session.last_changes) if self.editor is not None else None
        self.statusBar().showMessage(f"{done}：{text}" + (f"（{where}）" if where else ""), 10000)

    # ----- opening and closing drafts

    def current_report(self) -> Report | None:
        return self.session.report if self.session is not None else None

    def open_draft(self, draft_id: str, *, read_only: bool = False) -> bool:
        from models.draft_format import DraftFormatError
        from models.draft_store import DraftLockedError, DraftStoreError
        from models.drafts import open_report
        from models.editing import EditSession

        from .autosave import Autosaver
        from .editor import Editor

        if not self.close_draft():
            return False
        lock: DraftLock | None = None
        if not read_only:
            try:
                lock = self.store.lock(draft_id)
            except DraftLockedError as exc:
                choice = self._ask_locked(str(exc))
                if choice == "copy":
                    return self._open_copy(draft_id)
                if choice != "read_only":
                    return False
                read_only = True
            except DraftStoreError as exc:
                message(self, "无法打开草稿", str(exc))
                return False
        try:
            opened = open_report(self.store, draft_id)
        except (DraftStoreError, DraftFormatError) as exc:
            if lock is not None:
                lock.release()
            message(self, "无法打开草稿", str(exc))
            self.start.refresh()
            return False
        if opened.notes:
            message(self, "草稿已修复", "\n".join(opened.notes), QMessageBox.Icon.Information)
        self.lock = lock
        self.draft_id = draft_id
        self.draft_title = opened.title
        self.read_only = read_only
        self.session = EditSession(opened.report)
        self.session.subscribe(lambda _changes: self._model_changed())
        self.autosaver = Autosaver(self.store, self.session, draft_id, opened.revision, self)
        self.autosaver.enabled = not read_only
        self.autosaver.saved.connect(self._saved)
        self.autosaver.failed.connect(self._save_failed)
        self.autosaver.conflict.connect(self._conflict)
        self.editor = Editor(self.session, read_only=read_only, draft_id=draft_id, parent=self.stack)
        self.editor.step_changed.connect(lambda _i: self.save_now(quiet=True))
        self.stack.addWidget(self.editor)
        self.stack.setCurrentWidget(self.editor)
        self.setWindowTitle(f"{opened.title} — {APP_TITLE}")
        self.save_label.setText(f"已打开 {dt.datetime.now():%H:%M:%S}")
        if read_only:
            self.bar.show_message("read_only", "只读打开：此草稿正在另一个窗口中编辑，这里的修改不会保存。",
                                  [("另存为新草稿", self.save_as_copy)], severity=Severity.INFO)
        write_marker(draft_id, clean_exit=False)
        self._update_actions()
        return True

    def _ask_locked(self, text: str) -> str:
        box = plain_box(QMessageBox.Icon.Warning, "草稿正在编辑", text, QMessageBox.StandardButton.Cancel, self)
        read_only = box.addButton("以只读方式打开", QMessageBox.ButtonRole.AcceptRole)
        copy = box.addButton("复制为新草稿", QMessageBox.ButtonRole.ActionRole)
        set_button_texts(box)
        box.exec()
        clicked = box.clickedButton()
        return "read_only" if clicked is read_only else "copy" if clicked is copy else ""

    def _open_copy(self, draft_id: str) -> bool:
        from models.draft_format import DraftFormatError
        from models.draft_store import DraftStoreError
        from models.drafts import create_report, open_report

        try:
            opened = open_report(self.store, draft_id)
            copy = create_report(self.store, opened.report, f"{opened.title}（副本）")
        except (DraftStoreError, DraftFormatError) as exc:
            message(self, "没有复制", str(exc))
            return False
        self.start.refresh()
        return self.open_draft(copy.draft_id)

    def close_draft(self) -> bool:
        """Save and leave the editor for the start page; False if the clerk chose to stay."""
        if self.session is None:
            return True
        if not self._flush_before_leaving():
            return False
        if self.autosaver is not None:
            self.autosaver.stop()
            self.autosaver.deleteLater()
        if self.editor is not None:
            self.editor.close_editor()
            self.stack.removeWidget(self.editor)
            self.editor.deleteLater()
        if self.lock is not None:
            self.lock.release()
        self.session = self.editor = self.autosaver = self.lock = None
        self.draft_id = None
        self.read_only = False
        self.bar.clear()
        self.setWindowTitle(APP_TITLE)
        self.save_label.setText("")
        write_marker(None, clean_exit=False)
        self.start.refresh()
        self.stack.setCurrentWidget(self.start)
        self._update_actions()
        return True

    def _flush_before_leaving(self) -> bool:
        session = self.session
        if session is None or self.read_only or not session.dirty:
            return True
        if self.autosaver is not None and self.autosaver.save_now():
            return True
        box = plain_box(QMessageBox.Icon.Warning, "草稿没有保存",
                          "最新的修改没有保存到草稿中（见窗口上方的提示）。\n"
                          "仍要离开吗？离开前会把当前内容写入恢复文件夹。",
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self)
        set_button_texts(box)
        if box.exec() != QMessageBox.StandardButton.Yes:
            return False
        from .crash import write_recovery_copy

        try:
            path = write_recovery_copy(session.report)
        except OSError as exc:
            message(self, "恢复文件也没有写入", f"恢复文件没有写入：{exc}")
            return False
        message(self, "已写入恢复文件", f"当前内容已保存为：\n{path}\n可用“导入草稿文件…”打开。",
                QMessageBox.Icon.Information)
        return True

    # ----- saving

    def save_now(self, quiet: bool = False) -> None:
        if self.autosaver is not None and not self.read_only:
            if self.autosaver.save_now() and not quiet:
                self.statusBar().showMessage("已保存", 2000)

    def _model_changed(self) -> None:
        self._update_actions()
        if self.session is not None and self.session.dirty and not self.read_only:
            self.save_label.setText("有修改，稍后自动保存…")

    def _saved(self, when: dt.datetime) -> None:
        self.save_label.setText(f"已保存 {when:%H:%M:%S}")
        self.bar.clear("save_failed")

    def _save_failed(self, text: str) -> None:
        self.save_label.setText("未保存")
        self.bar.show_message("save_failed", f"{text}\n内容仍保留在本窗口中，程序每隔几秒自动重试；也可以先导出草稿文件备份。",
                              [("立即重试", self.save_now)], severity=Severity.ERROR)

    def _conflict(self, text: str) -> None:
        self.save_label.setText("未保存（有冲突）")
        self.bar.show_message("conflict", text, [("另存为新草稿", self.save_as_copy),
                                                 ("重新打开（放弃本窗口的修改）", self._reopen)],
                              severity=Severity.ERROR)

    def _reopen(self) -> None:
        draft_id = self.draft_id
        if draft_id is None or self.session is None:
            return
        self.session.mark_saved()  # the clerk chose to drop this window's edits
        if self.close_draft():
            self.open_draft(draft_id)

    def save_as_copy(self) -> None:
        """Save the open report as a new draft and keep editing that one."""
        from models.draft_store import DraftStoreError
        from models.drafts import create_report

        from .autosave import Autosaver

        session = self.session
        if session is None:
            return
        try:
            copy = create_report(self.store, session.report, f"{self.draft_title}（副本）")
            lock = self.store.lock(copy.draft_id)
        except DraftStoreError as exc:
            message(self, "没有另存", str(exc))
            return
        if self.lock is not None:
            self.lock.release()
        if self.autosaver is not None:
            self.autosaver.stop()
        self.lock, self.draft_id, self.draft_title, self.read_only = lock, copy.draft_id, copy.title, False
        session.mark_saved()
        self.autosaver = Autosaver(self.store, session, copy.draft_id, copy.revision, self)
        self.autosaver.saved.connect(self._saved)
        self.autosaver.failed.connect(self._save_failed)
        self.autosaver.conflict.connect(self._conflict)
        if self.editor is not None:
            self.editor.set_draft_id(copy.draft_id)
            self.editor.set_read_only(False)
        self.bar.show_message("copied", f"已另存为新草稿「{copy.title}」，之后的修改都保存在这份草稿中。",
                              [("知道了", self.bar.clear)], severity=Severity.INFO)
        self.setWindowTitle(f"{copy.title} — {APP_TITLE}")
        self.save_label.setText(f"已保存 {dt.datetime.now():%H:%M:%S}")
        write_marker(copy.draft_id, clean_exit=False)
        self._update_actions()

    # ----- start-up offers, focus, close

    def offer_recovery(self, previous: SessionMarker | None, crash_log: Path | None) -> None:
        """After a crash: reopen the draft that was open (its last autosave is on disk)."""
        notes: list[str] = []
        if crash_log is not None:
            notes.append(f"上次运行时程序意外退出，崩溃记录已保存在：\n{crash_log}")
        draft_id = previous.draft_id if previous is not None and not previous.clean_exit else None
        title = next((d.title for d in self.start.drafts if d.draft_id == draft_id), None)
        if draft_id and title:
            text = "\n\n".join([*notes, f"上次程序没有正常退出。是否重新打开当时正在填写的草稿「{title}」？\n"
                                        "自动保存的最新内容都在草稿中。"])
            box = plain_box(QMessageBox.Icon.Question, "恢复草稿", text,
                              QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self)
            set_button_texts(box)
            box.button(QMessageBox.StandardButton.Yes).setText("重新打开")
            box.button(QMessageBox.StandardButton.No).setText("暂不打开")
            if box.exec() == QMessageBox.StandardButton.Yes:
                self.open_draft(draft_id)
        elif notes:
            message(self, "上次程序意外退出", "\n\n".join(notes), QMessageBox.Icon.Information)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.ActivationChange and not self.isActiveWindow():
            self.save_now(quiet=True)
        super().changeEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.close_draft():
            event.ignore()
            return
        write_marker(None, clean_exit=True)
        event.accept()


def show_later(window: MainWindow, previous: SessionMarker | None, crash_log: Path | None) -> None:
    """Once the window is painted: note this session in the marker, offer recovery after a crash.

    ``previous`` is read before anything can overwrite it. The rest waits for the first paint and
    the draft list (the offer names the draft): a dialog must not block start-up, nor the marker's
    fsync delay it. A draft opened meanwhile (by a script) has written its own marker and wins.
    """

    def after_paint() -> None:
        if window.session is None:
            write_marker(None, clean_exit=False)
            window.offer_recovery(previous, crash_log)

    window.after_first_paint(after_paint)
