"""Exports are all or nothing: a failure at any step leaves the previous file byte-identical, no half file.

reliability.md, Exports. Each step of ``export_report`` is made to fail in turn: building the Word
document, building the workbook, writing the temp file (half written, then the disk is full), fsync,
os.replace (an I/O error, or Word holding the file: WinError 32). File names made from the unit's name
are checked against the Windows rules explicitly (this suite runs on Linux, which accepts almost anything).
"""

from __future__ import annotations

import builtins
import errno
import io
import os
import time
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import models.atomic
from exporters.api import ExportError, OutputError, default_file_names, default_paths, export_report
from models.atomic import REPLACE_ATTEMPTS, sanitize_filename
from models.sample import build_sample

OLD_DOCX, OLD_XLSX = b"the report exported yesterday", b"the workbook exported yesterday"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    out = tmp_path / "导出"
    out.mkdir()
    (out / "报告.docx").write_bytes(OLD_DOCX)
    (out / "报告.xlsx").write_bytes(OLD_XLSX)
    return out


def export(folder: Path) -> Any:
    return export_report(build_sample(), docx=folder / "报告.docx", xlsx=folder / "报告.xlsx")


def listing(folder: Path) -> list[str]:
    """Every name in the folder, hidden temp files included."""
    return sorted(os.listdir(folder))


class Target:
    """Which file ``atomic_write_bytes`` is writing now (so a fault can hit the .docx or the .xlsx only)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.path: Path | None = None
        real = models.atomic._temp_path

        def temp_path(path: Path) -> Path:
            self.path = path
            return real(path)

        monkeypatch.setattr(models.atomic, "_temp_path", temp_path)

    def is_(self, suffix: str) -> bool:
        return self.path is not None and self.path.suffix == suffix


class HalfWritten:
    """A temp file that takes half the bytes, then the disk is full."""

    def __init__(self, fd: int) -> None:
        self.raw = io.FileIO(fd, "wb", closefd=True)

    def __enter__(self) -> HalfWritten:
        return self

    def __exit__(self, *exc: object) -> None:
        self.raw.close()

    def write(self, data: bytes) -> int:
        self.raw.write(bytes(data[: len(data) // 2]))
        raise OSError(errno.ENOSPC, "No space left on device")


def _fail_build(module: str, name: str) -> Callable[[pytest.MonkeyPatch, Target], None]:
    def install(monkeypatch: pytest.MonkeyPatch, target: Target) -> None:
        import importlib

        def boom(*args: object, **kwargs: object) -> Any:
            raise RuntimeError(f"boom in {name}")

        monkeypatch.setattr(importlib.import_module(module), name, boom)
    return install


def _fail_write(suffix: str) -> Callable[[pytest.MonkeyPatch, Target], None]:
    def install(monkeypatch: pytest.MonkeyPatch, target: Target) -> None:
        def fake_open(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
            if isinstance(file, int) and target.is_(suffix):
                return HalfWritten(file)
            return builtins.open(file, mode, *args, **kwargs)

        monkeypatch.setattr(models.atomic, "open", fake_open, raising=False)
    return install


def _fail_os(call: str, suffix: str, error: Callable[[], OSError]) -> Callable[[pytest.MonkeyPatch, Target], None]:
    def install(monkeypatch: pytest.MonkeyPatch, target: Target) -> None:
        real = getattr(os, call)
        done = set()

        def failing(*args: Any, **kwargs: Any) -> Any:
            # fsync of the temp file only (the folder's fsync after the rename is best effort anyway)
            if target.is_(suffix) and (call != "fsync" or target.path not in done):
                if call == "fsync":
                    done.add(target.path)
                raise error()
            return real(*args, **kwargs)

        monkeypatch.setattr(models.atomic.os, call, failing)
        monkeypatch.setattr(models.atomic, "_RETRY_DELAYS", (0.0,))
    return install


def _locked() -> OSError:
    exc = PermissionError(errno.EACCES, "The process cannot access the file because it is being used")
    exc.winerror = 32  # type: ignore[attr-defined]
    return exc


def _io_error() -> OSError:
    return OSError(errno.EIO, "Input/output error")


def _disk_full() -> OSError:
    return OSError(errno.ENOSPC, "No space left on device")


# step -> (fault, the error export_report raises, words of its message, is the Word file new afterwards)
STEPS: dict[str, tuple[Callable[[pytest.MonkeyPatch, Target], None], type[Exception], str, bool]] = {
    "build-docx": (_fail_build("exporters.docx_report", "build_docx"), RuntimeError, "boom", False),
    "build-xlsx": (_fail_build("exporters.xlsx_report", "build_xlsx"), RuntimeError, "boom", False),
    "write-temp-docx": (_fail_write(".docx"), OutputError, "磁盘空间不足", False),
    "fsync-docx": (_fail_os("fsync", ".docx", _disk_full), OutputError, "磁盘空间不足", False),
    "replace-docx": (_fail_os("replace", ".docx", _io_error), OutputError, "无法保存「报告.docx」", False),
    "locked-docx": (_fail_os("replace", ".docx", _locked), OutputError, "请关闭后重试", False),
    "write-temp-xlsx": (_fail_write(".xlsx"), OutputError, "磁盘空间不足", True),
    "fsync-xlsx": (_fail_os("fsync", ".xlsx", _disk_full), OutputError, "磁盘空间不足", True),
    "replace-xlsx": (_fail_os("replace", ".xlsx", _io_error), OutputError, "无法保存「报告.xlsx」", True),
    "locked-xlsx": (_fail_os("replace", ".xlsx", _locked), OutputError, "请关闭后重试", True),
}


@pytest.mark.parametrize("step", list(STEPS))
def test_a_failure_at_any_step_keeps_the_previous_file_and_leaves_no_temp_file(
        step: str, folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fault, error, words, docx_written = STEPS[step]
    fault(monkeypatch, Target(monkeypatch))
    with pytest.raises(error) as info:
        export(folder)
    assert words in str(info.value)
    assert listing(folder) == ["报告.docx", "报告.xlsx"], "no temp file, no extra or zero-byte file"
    assert (folder / "报告.xlsx").read_bytes() == OLD_XLSX
    if docx_written:  # the Word file was complete and replaced before the workbook failed: it says so
        assert (folder / "报告.docx").read_bytes()[:2] == b"PK" and zipfile.is_zipfile(folder / "报告.docx")
        assert "报告.docx 已保存" in str(info.value) and "原文件未改动" in str(info.value)
    else:
        assert (folder / "报告.docx").read_bytes() == OLD_DOCX
    monkeypatch.undo()
    export(folder)  # once the fault is gone the same export goes through
    assert all(zipfile.is_zipfile(folder / name) for name in ("报告.docx", "报告.xlsx"))
    assert listing(folder) == ["报告.docx", "报告.xlsx"]


def test_a_file_open_in_word_is_retried_briefly_then_explained(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    attempts: list[str] = []
    real = os.replace

    def replace(src: Any, dst: Any) -> None:
        if str(dst).endswith(".docx"):
            attempts.append(str(dst))
            raise _locked()
        real(src, dst)

    monkeypatch.setattr(models.atomic.os, "replace", replace)
    started = time.monotonic()
    with pytest.raises(OutputError) as info:
        export(folder)
    assert len(attempts) == REPLACE_ATTEMPTS and time.monotonic() - started < 5, "retried briefly, then gave up"
    message = str(info.value)
    assert "关闭" in message and "Word" in message and "Excel" in message and "另存为" in message
    assert "原文件未改动" in message
    assert (folder / "报告.docx").read_bytes() == OLD_DOCX and listing(folder) == ["报告.docx", "报告.xlsx"]


def test_a_lock_that_goes_away_within_the_retries_is_not_even_reported(folder: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    real = os.replace
    left = [2]  # an antivirus scanner holding the file for a moment

    def replace(src: Any, dst: Any) -> None:
        if left[0]:
            left[0] -= 1
            raise _locked()
        real(src, dst)

    monkeypatch.setattr(models.atomic.os, "replace", replace)
    result = export(folder)
    assert len(result.paths) == 2 and zipfile.is_zipfile(folder / "报告.docx")


def test_only_the_transient_windows_codes_are_retried(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    attempts: list[int] = []

    def replace(src: Any, dst: Any) -> None:
        attempts.append(1)
        raise PermissionError(errno.EACCES, "Permission denied")  # no winerror: a read-only target

    monkeypatch.setattr(models.atomic.os, "replace", replace)
    with pytest.raises(OutputError, match="没有写入权限"):
        export(folder)
    assert attempts == [1]
    assert (folder / "报告.docx").read_bytes() == OLD_DOCX


# ---------------------------------------------------------------- file names from the unit's name

WINDOWS_FORBIDDEN = frozenset('<>:"/\\|?*') | frozenset(chr(c) for c in range(32))
WINDOWS_RESERVED = frozenset({"CON", "PRN", "AUX", "NUL"} | {f"{d}{n}" for d in ("COM", "LPT")
                                                              for n in (*"0123456789", "¹", "²", "³")})


def windows_problems(name: str) -> list[str]:
    """What Windows (NTFS, Explorer, Word) would refuse in a file name, per Microsoft's naming rules."""
    problems = []
    if not name or name in (".", ".."):
        problems.append("empty")
    if set(name) & WINDOWS_FORBIDDEN:
        problems.append(f"forbidden characters {sorted(set(name) & WINDOWS_FORBIDDEN)}")
    if name.endswith((" ", ".")):
        problems.append("ends with a space or a dot")
    if name.split(".")[0].rstrip(" ").upper() in WINDOWS_RESERVED:
        problems.append("reserved device name")
    if any(0xD800 <= ord(ch) <= 0xDFFF for ch in name):
        problems.append("lone surrogate")
    elif len(name.encode("utf-16-le")) // 2 > 255:
        problems.append("longer than 255 UTF-16 units")
    # Documents\ of a long Windows user name is ~60 characters: the whole path must stay under MAX_PATH.
    if len(name) > 190:
        problems.append("too long for MAX_PATH in a typical folder")
    return problems


def test_the_windows_rules_checker_itself() -> None:
    for bad in ("CON", "con.docx", "CON .txt", "a<b", "a.", "a ", "x" * 300, "LPT¹", "a\x01b", "AUX"):
        assert windows_problems(bad), bad
    for good in ("蓉溪市农业农村局2025年度部门整体支出绩效自评报告.docx", "CONTOSO.docx", "_CON.docx", "a.b.c"):
        assert not windows_problems(good), good


UNIT_NAMES = {
    "forbidden": '某"局"<科>:室/处\\组|问?星*',
    "con": "CON",
    "nul-with-dot": "NUL.局",
    "com1-lowercase": "com1",
    "trailing-dots": "蓉溪市财政局...",
    "trailing-spaces": "蓉溪市财政局   ",
    "long-ascii": "Department of Agriculture and Rural Affairs " * 6,
    "long-chinese": "蓉溪市农业农村局下属事业单位" * 16,
    "chinese": "蓉溪市农业农村局",
    "emoji-and-rtl": "蓉溪😀局\u202e\u200f",
    "controls": "蓉溪\x00市\x07局\x1f",
    "lone-surrogate": "蓉溪\ud800局",
    "only-dots": "...",
}


@pytest.mark.parametrize("draft", [False, True], ids=["final", "draft"])
@pytest.mark.parametrize("unit", list(UNIT_NAMES))
def test_file_names_from_any_unit_name_are_valid_on_windows_and_the_export_writes_them(
        unit: str, draft: bool, tmp_path: Path) -> None:
    report = build_sample()
    report.values["unit_name"] = UNIT_NAMES[unit]
    names = default_file_names(report, draft=draft)
    for name, kind, extension in zip(names, ("部门整体支出绩效自评报告", "部门整体支出绩效自评得分表"),
                                     (".docx", ".xlsx"), strict=True):
        assert windows_problems(name) == [], name
        assert name.endswith(f"{kind}{'（草稿）' if draft else ''}{extension}"), "a long unit name never cuts the kind"
        stem = name[: -len(extension)]
        assert len(name.encode("utf-8")) <= 255 and sanitize_filename(stem) == stem
    assert names != default_file_names(report, draft=not draft), "a draft never overwrites the final files"
    folder = tmp_path / "导出 文件夹（中文）"
    folder.mkdir()
    docx, xlsx = default_paths(report, folder, draft=draft)
    try:
        result = export_report(report, docx=docx, xlsx=xlsx, draft=True)
    except ExportError as exc:  # pragma: no cover - the assertion below says what went wrong
        pytest.fail(f"export refused: {exc}")
    assert result.paths == (docx, xlsx)
    assert sorted(os.listdir(folder)) == sorted(names)
    assert all(zipfile.is_zipfile(p) for p in result.paths)


# ---------------------------------------------------------------- the same through the review step


def test_the_review_step_says_close_it_in_word_keeps_the_old_file_and_retries(
        sample: Any, qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The real exporter in the export worker, with Word holding the target: 关闭 / 重试 / 另存为."""
    from PySide6.QtCore import QThreadPool

    target = tmp_path / "报告.docx"
    target.write_bytes(OLD_DOCX)
    locked = [True]
    real = os.replace

    def replace(src: Any, dst: Any) -> None:
        if locked[0] and str(dst) == str(target):
            raise _locked()
        real(src, dst)

    monkeypatch.setattr(models.atomic.os, "replace", replace)
    monkeypatch.setattr(models.atomic, "_RETRY_DELAYS", (0.0,))
    editor = sample.editor
    editor.go_to(len(editor.steps) - 1)
    panel = editor.page(editor.current).export
    qtbot.waitUntil(lambda: not panel.settings_busy, timeout=15000)
    panel.run(target, draft=False)
    qtbot.waitUntil(lambda: panel.worker is None and "没有完成" in panel.result.text(), timeout=30000)
    text = panel.result.text()
    assert "关闭" in text and "Word" in text and "Excel" in text and "原文件未改动" in text
    assert panel.retry_button.isVisible() and panel.save_as_button.isVisible()
    assert target.read_bytes() == OLD_DOCX and not [n for n in os.listdir(tmp_path) if n.endswith(".tmp")]
    locked[0] = False  # the clerk closed the file in Word
    panel.retry_button.click()
    qtbot.waitUntil(lambda: panel.worker is None and "导出完成" in panel.result.text(), timeout=30000)
    QThreadPool.globalInstance().waitForDone()
    assert zipfile.is_zipfile(target) and zipfile.is_zipfile(tmp_path / "报告-得分表.xlsx")
