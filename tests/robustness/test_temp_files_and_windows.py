"""Temp files of a killed export, and the Windows paths that can be tested here (reliability.md, round 2).

A killed export leaves its temp file; the next write of the same target removes it, never the temp
file of a write still running; on Windows the temp file is hidden by attribute (a dot-name hides
nothing there). The Windows branches are run here by faking ``sys.platform``: the msvcrt lock, the
skipped folder fsync, the retried rename (antivirus/indexer: WinError 5/32), and a path over 260
characters gets a clear message.
"""

from __future__ import annotations

import errno
import importlib.util
import os
import signal
import subprocess
import sys
import types
from pathlib import Path
from typing import Any

import pytest

from exporters.api import OutputError, export_report
from models import atomic
from models import draft_store as draft_store_module
from models.atomic import atomic_write_bytes
from models.draft_store import DraftIOError, DraftStore
from models.drafts import create_report
from models.sample import build_sample

from .helpers import PYTHON, ROOT, child_env

KILLED_WRITER = """
import os, sys, time
sys.path.insert(0, {root!r})
from pathlib import Path
from models import atomic
def stuck(fd):
    print("WRITING", flush=True)
    time.sleep(60)
atomic.os.fsync = stuck
atomic.atomic_write_bytes(Path(sys.argv[1]), b"new" * 1000)
"""


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_the_temp_file_of_a_killed_export_is_removed_by_the_next_export_of_the_same_target(
        tmp_path: Path) -> None:
    target = tmp_path / "报告.docx"
    target.write_bytes(b"old")
    other = tmp_path / "别的.docx"
    script = tmp_path / "writer.py"
    script.write_text(KILLED_WRITER.format(root=str(ROOT)), encoding="utf-8")
    leftovers = []
    for victim in (target, other):
        child = subprocess.Popen([PYTHON, str(script), str(victim)], stdout=subprocess.PIPE,
                                 env=child_env(tmp_path / "data"))
        assert child.stdout is not None and child.stdout.readline().strip() == b"WRITING"
        os.kill(child.pid, signal.SIGKILL)  # killed in the middle of the write
        child.wait(timeout=30)
        child.stdout.close()
        leftovers.append([p for p in tmp_path.iterdir() if p.name.startswith(f".{victim.name}.")])
    assert all(len(found) == 1 for found in leftovers), leftovers
    assert target.read_bytes() == b"old"
    atomic_write_bytes(target, b"next")
    assert target.read_bytes() == b"next"
    assert not leftovers[0][0].exists(), "the killed export's temp file is gone"
    assert leftovers[1][0].exists(), "another target's temp file is not this export's business"


@pytest.mark.skipif(sys.platform == "win32", reason="flock")
def test_the_temp_file_of_an_export_still_running_is_left_alone(tmp_path: Path) -> None:
    target = tmp_path / "报告.docx"
    running = atomic._temp_path(target)
    fd = os.open(running, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        assert atomic._claim(fd)  # what a live writer holds
        atomic_write_bytes(target, b"mine")
        assert running.exists() and target.read_bytes() == b"mine"
    finally:
        os.close(fd)


@pytest.fixture
def windows(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, int]]:
    """sys.platform says win32; ctypes.windll.kernel32.SetFileAttributesW records its calls."""
    import ctypes

    calls: list[tuple[str, int]] = []
    kernel32 = types.SimpleNamespace(SetFileAttributesW=lambda name, attrs: calls.append((name, attrs)) or 1)
    monkeypatch.setattr(ctypes, "windll", types.SimpleNamespace(kernel32=kernel32), raising=False)
    monkeypatch.setattr(sys, "platform", "win32")
    return calls


def test_on_windows_the_temp_file_is_hidden_and_the_folder_fsync_is_skipped(
        tmp_path: Path, windows: list[tuple[str, int]], monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[str] = []
    real_open = os.open

    def recording_open(path: Any, flags: int, *args: Any) -> int:
        opened.append(str(path))
        return real_open(path, flags, *args)

    monkeypatch.setattr(atomic.os, "open", recording_open)
    target = tmp_path / "报告.docx"
    atomic_write_bytes(target, b"data")
    assert target.read_bytes() == b"data"
    assert [attrs for name, attrs in windows if Path(name).name.startswith(".报告.docx.")] == [2]
    assert str(tmp_path) not in opened, "no folder fsync on Windows (a folder cannot be opened as a file)"
    assert [p.name for p in tmp_path.iterdir()] == ["报告.docx"]


def test_the_msvcrt_lock_branch(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """models.draft_lock as Windows loads it, with msvcrt.locking behaving as Windows documents."""
    held: dict[str, int] = {}

    def locking(fd: int, mode: int, nbytes: int) -> None:
        name = os.readlink(f"/proc/self/fd/{fd}")
        if mode == fake.LK_NBLCK:
            if name in held:
                raise OSError(errno.EACCES, "Permission denied")
            held[name] = fd
        elif mode == fake.LK_UNLCK:
            held.pop(name, None)

    fake = types.SimpleNamespace(LK_NBLCK=2, LK_UNLCK=0, locking=locking)
    monkeypatch.setitem(sys.modules, "msvcrt", fake)
    monkeypatch.setattr(sys, "platform", "win32")
    spec = importlib.util.spec_from_file_location("models.draft_lock_as_on_windows", ROOT / "models" / "draft_lock.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    monkeypatch.undo()
    lock = tmp_path / "lock"
    first = module._try_lock(lock)
    assert first is not None and module._try_lock(lock) is None, "a second lock is refused (EACCES)"
    module._unlock(first)
    again = module._try_lock(lock)
    assert again is not None
    module._unlock(again)

    def broken(fd: int, mode: int, nbytes: int) -> None:
        raise OSError(errno.EBADF, "Bad file descriptor")

    fake.locking = broken
    with pytest.raises(OSError):
        module._try_lock(lock)


def _held(winerror: int) -> PermissionError:
    exc = PermissionError(errno.EACCES, "Access is denied")
    exc.winerror = winerror  # type: ignore[attr-defined]
    return exc


def test_a_rename_is_retried_while_an_antivirus_holds_the_draft(monkeypatch: pytest.MonkeyPatch) -> None:
    store = DraftStore()
    opened = create_report(store, build_sample())
    real_rename = os.rename
    failures = [_held(32), _held(5)]

    def rename(src: Any, dst: Any) -> None:
        if failures:
            raise failures.pop(0)
        real_rename(src, dst)

    monkeypatch.setattr(draft_store_module.os, "rename", rename)
    monkeypatch.setattr(atomic, "_RETRY_DELAYS", (0.0,))
    store.delete(opened.draft_id)
    assert failures == [] and store.list() == [] and len(store.list_bin()) == 1
    monkeypatch.setattr(draft_store_module.os, "rename", lambda src, dst: (_ for _ in ()).throw(_held(5)))
    with pytest.raises(DraftIOError):
        store.restore(opened.draft_id)


def test_a_path_over_260_characters_gets_a_clear_message(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    deep = tmp_path / ("很长的文件夹名" * 6) / ("子文件夹" * 10) / ("第三层" * 12) / ("第四层" * 15)
    deep.mkdir(parents=True)
    target = deep / ("蓉溪市农业农村局" * 4 + "报告.docx")
    assert len(str(target)) > 260
    real_open = os.open

    def windows_open(path: Any, flags: int, *args: Any) -> int:  # what Windows says without long paths
        if len(str(path)) > 260:
            exc = FileNotFoundError(errno.ENOENT, "The system cannot find the path specified", str(path))
            exc.winerror = 3  # type: ignore[attr-defined]
            raise exc
        return real_open(path, flags, *args)

    monkeypatch.setattr(atomic.os, "open", windows_open)
    with pytest.raises(OutputError) as info:
        export_report(build_sample(), docx=target, xlsx=None)
    assert "路径太长" in str(info.value) and "260" in str(info.value)


def _fresh_platformdirs(monkeypatch: pytest.MonkeyPatch, platform: str) -> None:
    """Make ``import platformdirs`` (done inside data_dir) load afresh as on ``platform``.

    platformdirs picks its implementation when it is imported, so every cached module is dropped;
    monkeypatch puts the real ones back. Without ctypes.windll and winreg (neither exists here), the
    Windows implementation reads the known folders from the environment (its last fallback, after
    shell32 through ctypes and the registry, which cannot be reached here)."""
    for name in [m for m in sys.modules if m == "platformdirs" or m.startswith("platformdirs.")]:
        monkeypatch.delitem(sys.modules, name)
    for unreachable in ("ctypes", "winreg"):  # None in sys.modules: importing it raises ImportError
        monkeypatch.setitem(sys.modules, unreachable, None)
    monkeypatch.setattr(sys, "platform", platform)
    monkeypatch.delenv("BUDGET_REPORT_DATA_DIR", raising=False)


def test_on_windows_the_default_data_folder_is_the_local_not_the_roaming_profile(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """%LOCALAPPDATA%\\budget-report-wizard: never %APPDATA% (roams with the profile, synced), no
    author folder, and nothing else is needed (no admin rights: the folder is the user's own)."""
    from models.paths import APP_NAME, data_dir, log_dir

    local = tmp_path / "Users" / "张三" / "AppData" / "Local"
    roaming = tmp_path / "Users" / "张三" / "AppData" / "Roaming"
    monkeypatch.setenv("LOCALAPPDATA", str(local))
    monkeypatch.setenv("APPDATA", str(roaming))
    _fresh_platformdirs(monkeypatch, "win32")
    folder = data_dir()
    logs = log_dir()
    assert folder == local / APP_NAME and folder.is_dir()
    assert logs == local / APP_NAME / "logs" and logs.is_dir()
    assert not roaming.exists()


def test_the_override_wins_on_every_platform(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from models.paths import data_dir

    monkeypatch.setenv("LOCALAPPDATA", str(tmp_path / "Local"))
    for platform in ("win32", "linux", "darwin"):
        _fresh_platformdirs(monkeypatch, platform)
        monkeypatch.setenv("BUDGET_REPORT_DATA_DIR", str(tmp_path / "便携" / platform))
        assert data_dir() == tmp_path / "便携" / platform
    assert not (tmp_path / "Local").exists()


def test_on_linux_the_default_data_folder_follows_xdg(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """信创 Linux desktops set XDG_DATA_HOME; without it ~/.local/share."""
    from models.paths import APP_NAME, data_dir

    _fresh_platformdirs(monkeypatch, "linux")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert data_dir() == tmp_path / "xdg" / APP_NAME
    monkeypatch.delenv("XDG_DATA_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert data_dir() == tmp_path / "home" / ".local" / "share" / APP_NAME
