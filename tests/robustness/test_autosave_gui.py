"""Saving through the GUI: what is typed reaches the disk, and a failing disk never costs the clerk a word.

reliability.md, Drafts 3 and 5. The faults are injected at the operating-system calls the store makes
(os.replace, os.fsync, os.open), not by replacing our own save function, so the whole path is real:
widget -> EditSession -> Autosaver -> DraftStore -> atomic write -> the warning bar of the main window.
"""

from __future__ import annotations

import errno
import hashlib
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

import models.atomic
from gui import autosave
from models.drafts import open_report

from .helpers import snapshot, tmp_files, type_over

# ---------------------------------------------------------------- at most one interval of typing is lost


def test_the_debounce_is_short() -> None:
    """The longest typing a crash can cost is one debounce (plus the save itself)."""
    assert 300 <= autosave.DEBOUNCE_MS <= 2000


def _on_disk(window: Any) -> Any:
    return open_report(window.store, window.draft_id).report


def test_typing_is_on_disk_one_debounce_after_it_stops(sample: Any, qtbot: Any) -> None:
    field = sample.editor.page(0).fields["contact"]
    type_over(field.line, "张三")
    assert _on_disk(sample).text("contact") != "张三"
    qtbot.waitUntil(lambda: _on_disk(sample).text("contact") == "张三", timeout=3000)
    assert sample.save_label.text().startswith("已保存") and not sample.session.dirty


def test_unreadable_typed_text_alone_is_autosaved(sample: Any, qtbot: Any) -> None:
    """Pasting "1.234,56" into an empty amount changes nothing but the kept text: it is saved all the same."""
    editor = sample.editor
    editor.go_to(editor.steps.index("finance"))
    field = editor.page(editor.current).fields["inc_other"]
    sample.session.set_value("inc_other", None)
    sample.save_now()
    assert _on_disk(sample).money("inc_other") is None
    type_over(field.line, "1.234,56")
    assert sample.session.dirty and sample.session.report.money("inc_other") is None
    qtbot.waitUntil(lambda: "values.inc_other" in _on_disk(sample).pending, timeout=3000)
    assert _on_disk(sample).pending["values.inc_other"].text == "1.234,56"
    assert not sample.session.dirty


def test_changing_step_saves_at_once(sample: Any) -> None:
    sample.session.set_value("contact", "换页前")
    sample.editor.go_to(2)
    assert _on_disk(sample).text("contact") == "换页前"


def test_leaving_the_window_saves_at_once(sample: Any, qtbot: Any) -> None:
    from PySide6.QtWidgets import QWidget

    sample.session.set_value("contact", "切到别的程序前")
    other = QWidget()
    qtbot.addWidget(other)
    other.show()
    other.activateWindow()
    qtbot.waitUntil(lambda: not sample.isActiveWindow(), timeout=2000)
    qtbot.waitUntil(lambda: _on_disk(sample).text("contact") == "切到别的程序前", timeout=2000)


def test_closing_the_window_saves_at_once(sample: Any) -> None:
    store, draft_id = sample.store, sample.draft_id
    sample.session.set_value("contact", "关闭前")
    sample.close()
    assert open_report(store, draft_id).report.text("contact") == "关闭前"


# ---------------------------------------------------------------- faults under the autosave


class Fault:
    """Makes one OS call fail for files of the draft store until ``cleared``; counts the failures."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, root: Path, call: str,
                 error: Callable[[], OSError]) -> None:
        self.root, self.error, self.active, self.hits = str(root), error, True, 0
        real = getattr(os, call)

        def failing(*args: Any, **kwargs: Any) -> Any:
            if self.active and self._ours(call, args):
                self.hits += 1
                raise self.error()
            return real(*args, **kwargs)

        monkeypatch.setattr(models.atomic.os, call, failing)
        monkeypatch.setattr(models.atomic, "_RETRY_DELAYS", (0.0,))  # the brief retries of a locked file

    def _ours(self, call: str, args: tuple[Any, ...]) -> bool:
        if call == "fsync":
            return True  # only saves fsync while a test waits for the autosave
        path = str(args[1] if call == "replace" else args[0])
        if call == "open" and not (args[1] & (os.O_WRONLY | os.O_RDWR | os.O_CREAT)):
            return False
        return path.startswith(self.root)

    def clear(self) -> None:
        self.active = False


def _sharing_violation() -> OSError:
    exc = PermissionError(errno.EACCES, "The process cannot access the file because it is being used")
    exc.winerror = 32  # type: ignore[attr-defined]  # Word, an antivirus scanner, OneDrive
    return exc


FAULTS: dict[str, tuple[str, Callable[[], OSError], str]] = {
    "locked-winerror-32": ("replace", _sharing_violation, "占用"),
    "disk-full-at-fsync": ("fsync", lambda: OSError(errno.ENOSPC, "No space left on device"), "磁盘空间已满"),
    "read-only-folder": ("open", lambda: PermissionError(errno.EACCES, "Permission denied"), "没有写入权限"),
    "read-only-disk": ("open", lambda: OSError(errno.EROFS, "Read-only file system"), "只读"),
}


def revisions(folder: Path) -> dict[str, str]:
    """The draft's revision files and a digest of each (a short diff if a test ever fails)."""
    return {name: hashlib.sha256(data).hexdigest()[:16] for name, data in snapshot(folder).items()
            if name.endswith(".brw")}


@pytest.fixture
def unsaved(sample: Any) -> Iterator[tuple[Any, dict[str, str]]]:
    """The sample open and saved; returns the window and its draft folder's revision files."""
    sample.save_now()
    folder = sample.store.root / sample.draft_id
    yield sample, revisions(folder)


@pytest.mark.parametrize("fault", list(FAULTS))
def test_a_failing_save_warns_keeps_the_draft_retries_and_recovers(
        fault: str, unsaved: tuple[Any, dict[str, str]], qtbot: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    window, good = unsaved
    folder = window.store.root / window.draft_id
    call, error, words = FAULTS[fault]
    failing = Fault(monkeypatch, window.store.root, call, error)
    field = window.editor.page(0).fields["contact"]
    type_over(field.line, "磁盘出错时输入的内容")

    qtbot.waitUntil(lambda: window.bar.isVisible() and window.bar.kind == "save_failed", timeout=3000)
    assert words in window.bar.text.text() and "内容仍保留在本窗口中" in window.bar.text.text()
    assert window.save_label.text() == "未保存"
    # It keeps retrying, and the warning stays until a save succeeds.
    hits = failing.hits
    qtbot.waitUntil(lambda: failing.hits > hits + 1, timeout=3000)
    assert window.bar.isVisible() and window.bar.kind == "save_failed"
    # The draft is in memory; the last good copy on disk is whole and untouched; no half file.
    assert window.session.report.text("contact") == "磁盘出错时输入的内容" and window.session.dirty
    assert revisions(folder) == good
    assert tmp_files(folder) == []
    assert _on_disk(window).text("contact") != "磁盘出错时输入的内容"

    failing.clear()  # the clerk closed Word, freed some disk space, or the share came back
    qtbot.waitUntil(lambda: not window.bar.isVisible(), timeout=3000)
    assert window.save_label.text().startswith("已保存") and not window.session.dirty
    assert _on_disk(window).text("contact") == "磁盘出错时输入的内容"
    assert set(good) < {p.name for p in folder.glob("*.brw")}, "earlier revisions are kept"


def test_leaving_while_saves_fail_writes_a_recovery_copy(
        unsaved: tuple[Any, dict[str, str]], monkeypatch: pytest.MonkeyPatch, dialogs: list[str],
        data_dir: Path) -> None:
    import json

    window, good = unsaved
    folder = window.store.root / window.draft_id
    Fault(monkeypatch, window.store.root, "open", lambda: PermissionError(errno.EACCES, "Permission denied"))
    window.session.set_value("contact", "只在内存中的修改")
    assert window.close_draft(), "the clerk answered 'leave anyway'"
    assert any("没有保存" in text for text in dialogs)
    (copy,) = (data_dir / "recovery").glob("*.json")
    assert json.loads(copy.read_text("utf-8"))["values"]["contact"] == "只在内存中的修改"
    assert revisions(folder) == good


def test_when_not_even_a_recovery_copy_can_be_written_the_window_stays_open(
        unsaved: tuple[Any, dict[str, str]], monkeypatch: pytest.MonkeyPatch, dialogs: list[str]) -> None:
    window, good = unsaved
    Fault(monkeypatch, window.store.root, "fsync", lambda: OSError(errno.ENOSPC, "No space left on device"))
    window.session.set_value("contact", "只在内存中的修改")
    assert not window.close_draft()
    assert any("恢复文件没有写入" in text for text in dialogs)
    assert window.session is not None and window.session.report.text("contact") == "只在内存中的修改"
    assert revisions(window.store.root / window.draft_id) == good


def test_a_draft_too_big_to_save_is_kept_in_memory_with_the_warning(
        unsaved: tuple[Any, dict[str, str]], qtbot: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """Over the store's body limit (50 MB; 600 KB here): refused with a message, the draft kept."""
    from models import draft_revision

    window, good = unsaved
    monkeypatch.setattr(draft_revision, "MAX_BODY_BYTES", 600_000)
    window.session.set_value("org_text", "误粘贴的整篇文档。" * 30_000)
    qtbot.waitUntil(lambda: window.bar.isVisible() and window.bar.kind == "save_failed", timeout=3000)
    assert "超过" in window.bar.text.text() and "没有保存" in window.bar.text.text()
    assert len(window.session.report.text("org_text")) == 270_000 and window.session.dirty
    window.session.undo()
    qtbot.waitUntil(lambda: not window.bar.isVisible(), timeout=3000)
    assert set(good) < {p.name for p in (window.store.root / window.draft_id).glob("*.brw")}
