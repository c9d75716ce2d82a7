"""Checking a folder of reports: every core, streamed, one summary workbook.

Files are found lazily (a generator over the folders), at most a few per worker are in flight, and
each result is written out (to the workbook, to stdout) as soon as it arrives and then forgotten: a
province's 20,000 reports never sit in memory. The per-file function is the same ``check_file`` a
single check runs.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from pathlib import Path
from typing import Any

from .check import FileCheck, check_file

SUFFIXES = (".json", ".docx", ".doc", ".wps", ".rtf")
IN_FLIGHT_PER_WORKER = 4


def find_files(paths: Iterable[Path]) -> Iterator[Path]:
    """The given files, and the reports and drafts in the given folders (recursively, in name order per
    folder); Word's lock files (~$…) and hidden files are skipped. A path that does not exist is
    yielded as it is, to be reported unreadable."""
    for path in paths:
        if path.is_dir():
            yield from _walk(path)
        else:
            yield path


def _walk(folder: Path) -> Iterator[Path]:
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError:
        yield folder
        return
    subfolders = []
    for entry in entries:
        if entry.name.startswith(("~$", ".")):
            continue
        if entry.is_dir(follow_symlinks=False):
            subfolders.append(Path(entry.path))
        elif entry.is_file() and Path(entry.name).suffix.lower() in SUFFIXES:
            yield Path(entry.path)
    for sub in subfolders:
        yield from _walk(sub)


def check_all(files: Iterable[Path], jobs: int, on_result: Callable[[FileCheck], None]) -> None:
    """``check_file`` on every file, ``jobs`` processes at a time; results in the order they finish."""
    if jobs <= 1:
        for path in files:
            on_result(check_file(str(path)))
        return
    limit = jobs * IN_FLIGHT_PER_WORKER
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        pending: set[Future[FileCheck]] = set()
        for path in files:
            pending.add(pool.submit(check_file, str(path)))
            if len(pending) >= limit:
                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                for future in done:
                    on_result(_result(future))
        for future in _as_done(pending):
            on_result(_result(future))


def _as_done(pending: set[Future[FileCheck]]) -> Iterator[Future[FileCheck]]:
    while pending:
        done, pending = wait(pending, return_when=FIRST_COMPLETED)
        yield from done


def _result(future: Future[FileCheck]) -> FileCheck:
    return future.result()


class Progress:
    """"已检查 120 个文件：有错误 3 个，无法读取 1 个" on stderr, at most twice a second."""

    def __init__(self, stream: Any = None) -> None:
        self.stream = stream or sys.stderr
        self.count = self.with_errors = self.unreadable = 0
        self.shown_at = 0.0
        self.tty = bool(getattr(self.stream, "isatty", lambda: False)())

    def add(self, result: FileCheck) -> None:
        self.count += 1
        self.unreadable += bool(result.unreadable)
        self.with_errors += result.errors > 0
        now = time.monotonic()
        if now - self.shown_at >= 0.5:
            self.shown_at = now
            self._show(final=False)

    def _line(self) -> str:
        return f"已检查 {self.count} 个文件：有错误 {self.with_errors} 个，无法读取 {self.unreadable} 个"

    def _show(self, *, final: bool) -> None:
        end = "\n" if final or not self.tty else ""
        prefix = "\r" if self.tty else ""
        print(prefix + self._line(), end=end, file=self.stream, flush=True)

    def finish(self) -> None:
        self._show(final=True)


SUMMARY_COLUMNS = ("文件", "单位", "年度", "评价框架", "自评得分", "等级", "错误", "提醒", "主要问题")
FINDING_COLUMNS = ("文件", "单位", "严重程度", "规则", "栏目", "位置", "说明")
UNREADABLE_COLUMNS = ("文件", "原因")
_SEVERITY = {"error": "错误", "warning": "提醒", "info": "提示"}


class SummaryBook:
    """The summary workbook, written row by row (openpyxl's write-only mode keeps rows on disk)."""

    def __init__(self) -> None:
        from openpyxl import Workbook

        self.book = Workbook(write_only=True)
        self.summary = self.book.create_sheet("汇总")
        self.findings = self.book.create_sheet("全部问题")
        self.unreadable = self.book.create_sheet("无法读取")
        for sheet, columns, widths in ((self.summary, SUMMARY_COLUMNS, (40, 30, 8, 20, 10, 6, 6, 6, 80)),
                                       (self.findings, FINDING_COLUMNS, (40, 30, 10, 24, 24, 18, 90)),
                                       (self.unreadable, UNREADABLE_COLUMNS, (50, 90))):
            for index, width in enumerate(widths):
                sheet.column_dimensions[chr(ord("A") + index)].width = width
            sheet.freeze_panes = "A2"
            sheet.append(list(columns))

    def add(self, result: FileCheck) -> None:
        if result.unreadable:
            self.unreadable.append(self._cells([result.path, result.unreadable]))
            return
        self.summary.append(self._cells([result.path, result.unit, _number(result.year), result.framework,
                                         _number(result.score), result.grade, result.errors, result.warnings,
                                         result.first_problems]))
        for finding in result.findings:
            self.findings.append(self._cells([result.path, result.unit, _SEVERITY.get(finding["severity"], ""),
                                              finding["rule"], finding["field"], finding.get("location", ""),
                                              finding["message"]]))

    def _cells(self, values: list[object]) -> list[object]:
        """Texts stored as text, never as a formula (a unit name beginning with "=" stays a name)."""
        from openpyxl.cell import WriteOnlyCell

        cells: list[object] = []
        for value in values:
            if isinstance(value, str) and value:
                cell = WriteOnlyCell(self.summary, value=_text(value))
                cell.data_type = "s"
                if value.startswith(FORMULA_STARTS):
                    cell.quotePrefix = True
                cells.append(cell)
            else:
                cells.append(value if value != "" else None)
        return cells

    def save(self, path: Path) -> None:
        from models.atomic import atomic_write_with

        atomic_write_with(path, self.book.save)


FORMULA_STARTS = ("=", "+", "-", "@")
_ILLEGAL = dict.fromkeys([*range(0, 9), 11, 12, *range(14, 32), 0xFFFE, 0xFFFF])
EXCEL_CELL_CHARS = 32767


def _text(text: str) -> str:
    """Control characters dropped (the xlsx XML cannot hold them), cut to Excel's cell limit."""
    cleaned = text.translate(_ILLEGAL)
    return cleaned if len(cleaned) <= EXCEL_CELL_CHARS else cleaned[: EXCEL_CELL_CHARS - 1] + "…"


def _number(text: str) -> float | str:
    try:
        return float(text) if text else ""
    except ValueError:
        return text
