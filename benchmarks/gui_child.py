"""The real app in a benchmark child: start-up, census + memory, and keystrokes.

    python benchmarks/gui_child.py startup             gui.app.main() until the window is painted
    python benchmarks/gui_child.py memory DRAFT_ID     ... then open DRAFT_ID, visit every step
    python benchmarks/gui_child.py keys DRAFT_ID N     offscreen, in-process QTest key clicks

``startup`` and ``memory`` go through the real ``gui.app.main()``: ``create_app`` is wrapped so the
shown-probe is installed on the application main() creates, and the probe quits the event loop once
the window is painted. The drafts come from BUDGET_REPORT_DATA_DIR, prepared by the parent.
"""

from __future__ import annotations

import faulthandler
import gc
import os
import sys
import time
import traceback
import tracemalloc
from pathlib import Path
from typing import Any

from benchmarks.childlib import emit_result, emit_unavailable, module_present, peak_rss_kib, rss_by_kind

EDITOR_CLASSES = ("QLineEdit", "QPlainTextEdit", "QTextEdit", "QComboBox", "QAbstractSpinBox")


def _require_gui() -> None:
    if not (module_present("gui.app") and module_present("gui.main_window")):
        emit_unavailable("gui.app / gui.main_window not in the repository yet")
        sys.exit(0)


def _run_main(after_shown: Any) -> dict[str, Any]:
    """Run gui.app.main(); ``after_shown(app, window, result)`` runs once the window is painted."""
    from PySide6.QtWidgets import QApplication

    import gui.app
    from benchmarks.probe import ShownProbe

    result: dict[str, Any] = {}
    failure: list[BaseException] = []
    original = gui.app.create_app

    def create_app(argv: list[str] | None = None) -> QApplication:
        app = original(argv)

        def shown(data: dict[str, Any]) -> None:
            result.update(data)
            try:
                window = next(w for w in app.topLevelWidgets() if w.isVisible() and w.isWindow())
                result["window_class"] = type(window).__name__
                after_shown(app, window, result)
            except BaseException as exc:  # the app's crash handler would open a dialog and wait forever
                failure.append(exc)
            app.quit()

        ShownProbe(app, shown)
        return app

    gui.app.create_app = create_app  # main() looks the name up at call time
    code = gui.app.main()
    if failure:
        raise failure[0]
    result["exit_code"] = code
    return result


def census(window: Any) -> dict[str, int]:
    """Editable widgets (the floor wizard gets as many QLineEdits) and steps in the open editor."""
    from PySide6 import QtWidgets

    classes = tuple(getattr(QtWidgets, name) for name in EDITOR_CLASSES)
    editors = [w for w in window.findChildren(QtWidgets.QWidget) if isinstance(w, classes)]
    editor = getattr(window, "editor", None)
    steps = len(editor.steps) if editor is not None else 0
    return {"editors": len(editors), "steps": steps, "widgets": len(window.findChildren(QtWidgets.QWidget))}


def shown_texts(window: Any) -> dict[str, list[Any]]:
    """The texts the window shows: one-line editors, paragraphs, labels and buttons, table cells.

    The memory floor shows the same texts in the same kinds of Qt widgets: what a window holds grows
    with the characters it has drawn (font file pages, glyph caches), so a floor showing other text
    would not be "the same pages and fields"."""
    from PySide6 import QtWidgets

    lines: list[str] = []
    paragraphs: list[str] = []
    labels: list[str] = []
    cells: list[list[str]] = []
    for widget in window.findChildren(QtWidgets.QWidget):
        if isinstance(widget, QtWidgets.QLineEdit):
            lines.append(widget.text())
        elif isinstance(widget, (QtWidgets.QPlainTextEdit, QtWidgets.QTextEdit)):
            paragraphs.append(widget.toPlainText())
        elif isinstance(widget, QtWidgets.QComboBox):
            lines.append(widget.currentText())
        elif isinstance(widget, QtWidgets.QLabel):
            labels.append(widget.text())
        elif isinstance(widget, QtWidgets.QAbstractButton):
            labels.append(widget.text())
        elif isinstance(widget, (QtWidgets.QTableView, QtWidgets.QListView)):
            model = widget.model()
            if model is None:
                continue
            root = widget.rootIndex()
            columns = 1 if isinstance(widget, QtWidgets.QListView) else model.columnCount(root)
            for row in range(model.rowCount(root)):
                cells.append([str(model.index(row, column, root).data() or "") for column in range(columns)])
    return {"lines": lines, "paragraphs": paragraphs, "labels": [t for t in labels if t], "cells": cells}


def startup() -> None:
    _require_gui()
    emit_result(_run_main(lambda app, window, result: None))


def _stage_kib() -> int | list[int]:
    """Peak RSS so far; under tracemalloc also the traced Python heap (current, peak)."""
    if tracemalloc.is_tracing():
        current, peak = tracemalloc.get_traced_memory()
        return [peak_rss_kib(), current // 1024, peak // 1024]
    return peak_rss_kib()


def memory(draft_id: str) -> None:
    _require_gui()

    def open_and_visit(app: Any, window: Any, result: dict[str, Any]) -> None:
        stages: dict[str, int | list[int]] = {"shown": _stage_kib()}
        if not window.open_draft(draft_id):
            raise RuntimeError(f"open_draft({draft_id}) refused")
        app.processEvents()
        stages["opened"] = _stage_kib()
        editor = window.editor
        for index in range(len(editor.steps)):  # pages are built on first show: build them all
            editor.go_to(index)
            app.processEvents()
            stages[f"step {editor.steps[index]}"] = _stage_kib()
        result["peak_kib_by_stage"] = stages  # where the peak grows: start page, open, each step
        result.update(census(window))
        result["texts"] = shown_texts(window)
        result["rows"] = len(window.session.report.rows)
        result["peak_rss_kib"] = peak_rss_kib()
        result["rss_by_kind"] = rss_by_kind()
        if tracemalloc.is_tracing():
            snapshot = tracemalloc.take_snapshot()
            result["traced_kib"] = tracemalloc.get_traced_memory()[1] // 1024
            result["top_allocations"] = [str(stat) for stat in snapshot.statistics("lineno")[:30]]

    emit_result(_run_main(open_and_visit))


class _KeyProfiler:
    """The profile of a missed goal: the first half of the keys under pyinstrument (the call tree,
    sampled), the second half under cProfile (exact call counts and own times). One at a time: each
    would count the other's overhead."""

    def __init__(self, out: str, count: int) -> None:
        import cProfile

        from pyinstrument import Profiler

        self.out = Path(out)
        self.half = count // 2
        self.tree = Profiler(interval=0.0005)
        self.exact = cProfile.Profile()
        self.tree.start()

    def key_done(self, i: int) -> None:
        if i + 1 == self.half:
            self.tree.stop()
            self.exact.enable()

    def write(self) -> None:
        import io
        import pstats

        self.exact.disable()
        text = [self.tree.output_text(unicode=True, color=False)]
        for order in ("tottime", "cumulative"):
            stats = io.StringIO()
            pstats.Stats(self.exact, stream=stats).sort_stats(order).print_stats(45)
            text.append(f"cProfile of the other {self.half} keys, by {order}:\n{stats.getvalue()}")
        self.out.write_text("\n\n".join(text), encoding="utf-8")


def keys(draft_id: str, count: int) -> None:
    """Key press in a money field → totals and findings repainted; plus autosave calls while typing."""
    _require_gui()
    from PySide6.QtCore import QEvent, QObject, Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication, QLineEdit, QWidget

    import gui.autosave
    from benchmarks.refcount_guard import PAD, pad_singletons, refcounts
    from gui.app import create_app
    from gui.main_window import MainWindow
    from models.draft_store import DraftStore

    padded = pad_singletons()
    saves: list[float] = []
    original_save = DraftStore.save

    callers: list[str] = []

    def counting_save(self: DraftStore, *args: Any, **kwargs: Any) -> int:
        saves.append(time.perf_counter())
        # Who saved: a save while typing must be traceable to its trigger.
        callers.append(" < ".join(f"{f.name}" for f in reversed(traceback.extract_stack()[-7:-1])))
        return original_save(self, *args, **kwargs)

    DraftStore.save = counting_save  # type: ignore[method-assign]

    app = create_app(sys.argv[:1])
    window = MainWindow(DraftStore())  # the store under BUDGET_REPORT_DATA_DIR, with the maximal draft
    window.resize(1280, 720)
    window.show()
    if not window.open_draft(draft_id):
        raise RuntimeError(f"open_draft({draft_id}) refused")
    editor = window.editor
    assert editor is not None
    # Every step built, as after a clerk has been through the report once: each built page listens to
    # every change, so this is the steady state of a working session (and its worst case).
    for index in range(len(editor.steps)):
        editor.go_to(index)
        app.processEvents()
    finance = editor.steps.index("finance")
    editor.go_to(finance)
    page: Any = editor.page(finance)  # a SectionPage: it has the field widgets by key
    field = page.fields["inc_fiscal"]
    total = page.fields["inc_year_total"]
    window.activateWindow()
    # Focus only counts in the active window: without it the field would reformat on every key.
    if not QTest.qWaitForWindowActive(window):
        raise RuntimeError("the main window never became active")
    app.processEvents()
    refs_at_open = {name: count - (PAD if padded else 0) for name, count in refcounts().items()}

    class PaintCounter(QObject):
        def __init__(self) -> None:
            super().__init__()
            self.paints = 0

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint:
                self.paints += 1
            return False

    painted = PaintCounter()
    watched: list[QWidget] = [total.computed, total.message.text, field.message.text, editor.step_list.viewport()]
    for widget in watched:
        widget.installEventFilter(painted)

    line: QLineEdit = field.line
    line.setFocus()
    app.processEvents()
    if not line.hasFocus():
        raise RuntimeError("the money field did not take the focus")
    QTest.keyClick(line, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClick(line, Qt.Key.Key_Backspace)
    app.processEvents()

    digits = [Qt.Key.Key_1, Qt.Key.Key_2, Qt.Key.Key_3, Qt.Key.Key_4, Qt.Key.Key_5, Qt.Key.Key_6, Qt.Key.Key_7]
    sequence = digits + [Qt.Key.Key_Backspace] * len(digits)  # grow the figure, then erase it

    cpu: list[float] = []

    def key(i: int) -> tuple[float, int, str]:
        """One key, then let Qt deliver the posted update requests (that is when pixels change)."""
        before = painted.paints
        start, start_cpu = time.perf_counter(), time.thread_time()
        QTest.keyClick(line, sequence[i % len(sequence)])
        for _ in range(5):  # a relayout can post a second update; stop when nothing more is painted
            seen = painted.paints
            app.processEvents()
            if painted.paints == seen:
                break
        # The CPU time this thread spent on the key beside the clock time: on a loaded machine the
        # difference is the time the process waited for a core.
        cpu.append(time.thread_time() - start_cpu)
        return time.perf_counter() - start, painted.paints - before, total.computed.text()

    samples: list[float] = []
    unpainted = 0
    texts: set[str] = set()
    profile_to = os.environ.get("BENCH_PROFILE")
    profiler = _KeyProfiler(profile_to, count) if profile_to else None
    for i in range(count):
        seconds, paints, text = key(i)
        samples.append(seconds)
        texts.add(text)
        unpainted += paints == 0
        if profiler is not None:
            profiler.key_done(i)
    if profiler is not None:
        profiler.write()

    # 50 keys typed faster than the debounce: no save may run until typing stops.
    debounce_ms = gui.autosave.DEBOUNCE_MS
    saves.clear()
    callers.clear()
    # Collect garbage first and last, so a cycle freed mid-burst is not counted as a lost reference.
    gc.collect()
    refs_before = refcounts()
    burst_start = time.perf_counter()
    gaps: list[float] = []
    last = burst_start
    for i in range(50):
        key(count + i)
        now = time.perf_counter()
        gaps.append(now - last)
        last = now
    during = len(saves)
    during_callers = callers[:during]
    gc.collect()
    refs_after = refcounts()
    refs_lost_per_key = {name: (refs_before[name] - refs_after[name]) / 50 for name in refs_before}
    burst_s = time.perf_counter() - burst_start
    QTest.qWait(int(debounce_ms * 1.5) + 200)
    after = len(saves)
    # The floor, measured last so its focus change cannot disturb the field under test: the same keys
    # into a bare QLineEdit in the same window (Qt's own cost of a key press and a repaint there).
    bare = QLineEdit(window)
    window.statusBar().addWidget(bare)
    bare.setFocus()
    app.processEvents()

    def bare_key(i: int) -> float:
        start = time.perf_counter()
        QTest.keyClick(bare, sequence[i % len(sequence)])
        app.processEvents()
        return time.perf_counter() - start

    floor = [bare_key(i) for i in range(count)]
    emit_result({
        "key_to_screen_s": samples, "key_cpu_s": cpu[:count], "bare_key_s": floor, "keys_without_repaint": unpainted,
        "distinct_total_texts": len(texts), "saves_during_typing": during, "saves_after_debounce": after - during,
        "save_callers_during_typing": during_callers, "line_text": line.text(),
        "burst_s": burst_s, "max_gap_s": max(gaps), "debounce_ms": debounce_ms,
        "first_save_after_last_key_ms": round((saves[during] - last) * 1000, 1) if after > during else None,
        "platform": QApplication.platformName(), "pages_built": len(editor.pages),
        "refs_lost_per_key": refs_lost_per_key, "refs_at_open": refs_at_open, "refs_padded": padded,
    })


def main() -> int:
    # A hang (a modal dialog nobody answers) ends with the stacks on stderr, not a parent timeout.
    faulthandler.dump_traceback_later(float(os.environ.get("BENCH_CHILD_TIMEOUT", "150")), exit=True)
    if os.environ.get("BENCH_TRACEMALLOC"):  # memory profile: trace from the first import on
        tracemalloc.start()
    mode = sys.argv[1]
    if mode == "startup":
        startup()
    elif mode == "memory":
        memory(sys.argv[2])
    elif mode == "keys":
        keys(sys.argv[2], int(sys.argv[3]))
    else:
        raise SystemExit(f"unknown mode {mode}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
