"""The 导出 group of the review step: export, progress, the files written, and a way out of each failure.

A final export refused because the report has errors offers the draft export in one click; a file
that cannot be written (open in Word/Excel, read-only folder) offers 重试 and 另存为…. The export
itself runs in an :class:`ExportWorker` on a snapshot of the report, with the clerk's 导出设置.
Each export that ends is kept per draft (models.last_export): a reopened draft shows its last export
again, says whether the report changed since and whether each file is still there.
"""

from __future__ import annotations

from collections.abc import Callable
from copy import deepcopy
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QThreadPool, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QHBoxLayout,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from exporters.output import default_file_names
from models import last_export
from models.editing import EditSession
from models.report import Report

from .export_prefs import ExportChoices
from .export_worker import ExportFailure, ExportJob, ExportWorker, FailureKind
from .icons import GREEN, ORANGE, RED
from .plain import PlainLabel, plain_tooltip
from .widgets.section_box import SectionBox

if TYPE_CHECKING:  # exporters.api loads the office libraries: only the worker imports it
    from exporters.api import ExportResult

SCORING_SUFFIX = "-得分表"
OUTPUT_HINT = "处理好后点“重试”再保存一次，或点“另存为…”换一个文件名或位置。"
TEMPLATE_HINT = "可在上方“导出设置”中点“重新检查”查看每一处问题，或点“使用内置模板”。"

_last_folder: list[Path] = []  # where the clerk last exported, this session


def ask_export_path(parent: QWidget, suggested: Path) -> Path | None:
    """Where to write the .docx (tests patch this). The .xlsx goes beside it."""
    from .file_dialogs import save_file

    return save_file(parent, "导出报告", suggested, "Word 文档 (*.docx)")


def open_path(path: Path) -> None:
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def xlsx_beside(docx: Path, report: Report, *, draft: bool) -> Path:
    """The scoring workbook's path: the default name beside a default-named report, else "<name>-得分表"."""
    default_docx, default_xlsx = default_file_names(report, draft=draft)
    if docx.name == default_docx:
        return docx.with_name(default_xlsx)
    return docx.with_name(f"{docx.stem}{SCORING_SUFFIX}.xlsx")


class ExportPanel(SectionBox):
    export_requested = Signal()  # 导出 or 导出草稿 was clicked

    def __init__(self, session: EditSession, choices: Callable[[], ExportChoices],
                 parent: QWidget | None = None, *, draft_id: str = "") -> None:
        super().__init__("导出", parent)
        self.session = session
        self.draft_id = draft_id  # whose last export is kept (none for a draft not in the store)
        self.kept: last_export.LastExport | None = None  # shown from an earlier session (show_kept)
        self._kept_changed = False
        self._exported = ""  # content digest of the report in the files shown ("" once they are out of date)
        self.choices = choices
        self.export_dir: Callable[[], Path] = lambda: _last_folder[-1] if _last_folder else Path.home()
        self.worker: ExportWorker | None = None
        self.job: ExportJob | None = None  # the last export started
        self.written: tuple[Path, ...] = ()
        self._written_lines = ""  # the files of the last successful export, as shown
        self.ready = False
        self.read_only = False
        self.settings_busy = False
        layout = QVBoxLayout(self)

        buttons = QHBoxLayout()
        self.final_button = QPushButton("导出正式版（Word 报告和 Excel 得分表）…", self)
        self.draft_button = QPushButton("导出草稿版（标注“草稿”，供内部核对）…", self)
        self.final_button.clicked.connect(lambda: self.start_export(draft=False))
        self.draft_button.clicked.connect(lambda: self.start_export(draft=True))
        buttons.addWidget(self.final_button)
        buttons.addWidget(self.draft_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.progress = QProgressBar(self)
        self.progress.setFormat("%p%")
        self.progress.hide()
        progress_row = QHBoxLayout()
        progress_row.addWidget(self.progress, 1)
        self.cancel_button = QPushButton("取消导出", self)
        self.cancel_button.setToolTip("停止这次导出；不会写入任何文件")
        self.cancel_button.clicked.connect(self.cancel_export)
        self.cancel_button.hide()
        progress_row.addWidget(self.cancel_button)
        layout.addLayout(progress_row)
        self.result = PlainLabel(self)
        self.result.setWordWrap(True)
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.result.setAccessibleName("导出结果")
        self.result.hide()
        layout.addWidget(self.result)
        self.notes = PlainLabel(self)
        self.notes.setWordWrap(True)
        self.notes.setStyleSheet(f"color: {ORANGE};")
        self.notes.setAccessibleName("导出提示")
        self.notes.hide()
        layout.addWidget(self.notes)

        actions = QHBoxLayout()
        self.open_file_button = self._action(actions, "打开 Word 报告", lambda: self._open(".docx"))
        self.open_xlsx_button = self._action(actions, "打开 Excel 得分表", lambda: self._open(".xlsx"))
        self.open_folder_button = self._action(actions, "打开所在文件夹", lambda: self._open("", folder=True))
        self.draft_now_button = self._action(actions, "导出草稿版", self.export_draft_now)
        self.retry_button = self._action(actions, "重试", self.retry)
        self.save_as_button = self._action(actions, "另存为…", self.save_as)
        actions.addStretch(1)
        layout.addLayout(actions)
        self._actions: tuple[QPushButton, ...] = (
            self.open_file_button, self.open_xlsx_button, self.open_folder_button,
            self.draft_now_button, self.retry_button, self.save_as_button)

    def _action(self, row: QHBoxLayout, text: str, slot: Callable[[], None]) -> QPushButton:
        button = QPushButton(text, self)
        button.clicked.connect(slot)
        button.hide()
        row.addWidget(button)
        return button

    def _show_actions(self, *shown: QPushButton) -> None:
        for button in self._actions:
            button.setVisible(button in shown)

    # ----- state

    def set_state(self, *, ready: bool | None = None, read_only: bool | None = None,
                  settings_busy: bool | None = None) -> None:
        """The report's readiness, read-only mode, a template check running: which buttons work."""
        if ready is not None:
            self.ready = ready
        if read_only is not None:
            self.read_only = read_only
        if settings_busy is not None:
            self.settings_busy = settings_busy
        idle = self.worker is None and not self.settings_busy and not self.read_only
        self.final_button.setVisible(self.ready)
        self.final_button.setEnabled(idle and self.ready)
        self.draft_button.setVisible(not self.ready)
        self.draft_button.setEnabled(idle)
        for button in (self.draft_now_button, self.retry_button, self.save_as_button):
            button.setEnabled(idle)
        waiting = "正在检查模板，检查完成后才能导出……" if self.settings_busy and self.worker is None else ""
        self.final_button.setToolTip(waiting)
        self.draft_button.setToolTip(waiting)

    # ----- starting an export

    def _job(self, docx: Path, xlsx: Path, *, draft: bool) -> ExportJob:
        choices = self.choices()
        return ExportJob(deepcopy(self.session.report), docx, xlsx, draft, choices.settings,
                         choices.docx_template, choices.xlsx_template)

    def start_export(self, *, draft: bool) -> None:
        self.export_requested.emit()  # the wizard then shows every required entry still missing
        if self.worker is not None or self.settings_busy:
            return
        report = self.session.report
        suggested = self.export_dir() / default_file_names(report, draft=draft)[0]
        target = ask_export_path(self, suggested)
        if target is None:
            return
        self.run(target, draft=draft)

    def run(self, target: Path, *, draft: bool) -> None:
        if target.suffix.lower() != ".docx":
            target = target.with_name(target.name + ".docx")
        self._start(self._job(target, xlsx_beside(target, self.session.report, draft=draft), draft=draft))

    def export_draft_now(self) -> None:
        """After a refused final export: the draft version, in the same folder, without asking again."""
        folder = self.job.docx.parent if self.job is not None else self.export_dir()
        docx, xlsx = (folder / name for name in default_file_names(self.session.report, draft=True))
        self._start(self._job(docx, xlsx, draft=True))

    def retry(self) -> None:
        if self.job is not None:
            self._start(self._job(self.job.docx, self.job.xlsx, draft=self.job.draft))

    def save_as(self) -> None:
        if self.job is None:
            return
        target = ask_export_path(self, self.job.docx)
        if target is not None:
            self.run(target, draft=self.job.draft)

    def _start(self, job: ExportJob) -> None:
        if self.worker is not None:
            return
        self.job = job
        self.worker = ExportWorker(job)
        self.worker.signals.progress.connect(self._progress)
        self.worker.signals.finished.connect(self._finished)
        self.worker.signals.failed.connect(self._failed)
        self.progress.setRange(0, 100)
        self.progress.setValue(0)
        self.progress.show()
        self.cancel_button.setEnabled(True)
        self.cancel_button.show()
        self._say("正在导出草稿版……" if job.draft else "正在导出……")
        self.notes.hide()
        self._show_actions()
        self.set_state()
        QThreadPool.globalInstance().start(self.worker)

    # ----- outcome

    def _say(self, text: str, color: str = "") -> None:
        self.result.setText(text)
        self.result.setStyleSheet(f"color: {color};" if color else "")
        self.result.setVisible(bool(text))

    def _progress(self, percent: int, text: str) -> None:
        self.progress.setValue(max(0, min(100, percent)))
        if text:
            self.result.setText(f"{text}……")

    def cancel_export(self) -> None:
        """Ask the running export to stop; it ends (without writing) at its next check, within moments."""
        if self.worker is not None:
            self.worker.cancel()
            self.cancel_button.setEnabled(False)
            self.result.setText("正在取消……")

    def _done(self) -> None:
        self.worker = None
        self.progress.hide()
        self.cancel_button.hide()
        self.set_state()

    def _finished(self, result: ExportResult) -> None:
        self._done()
        self.kept = None
        paths = self.written = result.paths
        if paths:
            _last_folder[:] = [paths[0].parent]
        exported = self._exported = last_export.content_digest(self.job.report) if self.job is not None else ""
        self._keep(last_export.ExportRecord(datetime.now().astimezone(), result.draft, True, paths,
                                            digest=exported))
        labels = last_export.LABELS
        self._written_lines = "\n".join(f"{labels.get(p.suffix.lower(), '文件')}：{p}" for p in paths)
        title = "草稿版导出完成" if result.draft else "导出完成"
        self._say(f"{title}，已保存：\n{self._written_lines}", GREEN)
        self.notes.setText("请注意：\n" + "\n".join(f"· {note}" for note in result.notes))
        self.notes.setVisible(bool(result.notes))
        self._offer_files(paths)
        self.report_changed()  # typed while the export ran? The files hold the snapshot.

    def _offer_files(self, paths: tuple[Path, ...]) -> None:
        """打开 buttons for the files given (only ones that exist) and their folder."""
        shown = [self.open_folder_button] if paths else []
        if any(p.suffix.lower() == ".docx" for p in paths):
            shown.append(self.open_file_button)
        if any(p.suffix.lower() == ".xlsx" for p in paths):
            shown.append(self.open_xlsx_button)
        self._show_actions(*shown)

    def _keep(self, record: last_export.ExportRecord) -> None:
        if self.draft_id:
            last_export.save(self.draft_id, record)  # best effort: the export itself is done

    def show_kept(self) -> None:
        """On reopening a draft: its last export (from an earlier session), if any, and what became
        of it — changed since (修改于导出之后), files moved or deleted (never offered to open)."""
        if self.worker is not None or self.job is not None:
            return  # this session exported already: that is shown
        kept = last_export.load(self.draft_id) if self.draft_id else None
        self.kept = kept
        if kept is None:
            return
        self._kept_changed = last_export.changed_since(kept, self.session.report)
        on_disk = kept.files_on_disk()
        self._exported = on_disk.digest if on_disk is not None and not self._kept_changed else ""
        self._show_kept()

    def _show_kept(self) -> None:
        assert self.kept is not None
        shown = last_export.describe(self.kept, self._kept_changed)
        self._say(shown.text, "" if self.kept.last.ok else RED)
        self.notes.setText(shown.warning)
        self.notes.setVisible(bool(shown.warning))
        self.written = shown.present
        self._offer_files(shown.present)

    def report_changed(self) -> None:
        """After an export the clerk edited the report: the files no longer show the latest content.

        Decided by content, not by any change: switching the screen's unit changes no file. Once out of
        date the files stay so (no digest per keystroke after that)."""
        if not self._exported or self.worker is not None:
            return
        if last_export.content_digest(self.session.report) == self._exported:
            return
        self._exported = ""
        if self._written_lines:
            self._say(f"已导出的文件（{last_export.CHANGED}，需要时请重新导出）：\n{self._written_lines}")
            self._written_lines = ""
        elif self.kept is not None:
            self._kept_changed = True
            self._show_kept()

    def _failed(self, failure: ExportFailure) -> None:
        self._done()
        self.kept = None
        self._exported = ""
        self.written = ()
        self._written_lines = ""
        if failure.kind is not FailureKind.CANCELLED and self.job is not None:  # a cancelled one wrote nothing
            self._keep(last_export.ExportRecord(datetime.now().astimezone(), self.job.draft, False,
                                                message=failure.message))
        if failure.kind is FailureKind.BLOCKED:
            self._say(f"没有导出正式版：{failure.message}\n点“导出草稿版”即可保存到同一文件夹（文件名带“（草稿）”，"
                      "每页标注“草稿”），供内部核对。", RED)
            if self.job is not None:
                names = "、".join(default_file_names(self.session.report, draft=True))
                self.draft_now_button.setToolTip(plain_tooltip(f"保存到「{self.job.docx.parent}」：{names}"))
            self._show_actions(self.draft_now_button)
        elif failure.kind is FailureKind.OUTPUT:
            self._say(f"导出没有完成：{failure.message}\n{OUTPUT_HINT}", RED)
            self._show_actions(self.retry_button, self.save_as_button)
        elif failure.kind is FailureKind.CANCELLED:
            self._say(failure.message)
            self._show_actions(self.retry_button)
        elif failure.kind is FailureKind.TEMPLATE:
            self._say(f"导出没有完成：{failure.message}\n{TEMPLATE_HINT}", RED)
            self._show_actions(self.retry_button)
        else:
            self._say(f"导出没有完成：{failure.message}", RED)
            self._show_actions(self.retry_button)

    def _open(self, suffix: str, *, folder: bool = False) -> None:
        path = next((p for p in self.written if p.suffix.lower() == suffix or not suffix), None)
        if path is None:
            return
        target = path.parent if folder else path
        if target.is_dir() if folder else target.is_file():
            open_path(target)
            return
        # Moved or deleted since it was written or shown: say so, and stop offering it.
        self.notes.setText("\n".join(filter(None, [self.notes.text() if self.notes.isVisible() else "",
                                                    f"「{target.name}」已不在原处（可能已被移动、改名或删除），无法打开。"])))
        self.notes.show()
        self.written = tuple(p for p in self.written if p.parent != target) if folder else \
            tuple(p for p in self.written if p != target)
        self._offer_files(self.written)
