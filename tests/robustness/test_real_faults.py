"""Real faults, not simulated ones: a folder made read-only with chmod, and a disk that is really full.

Root ignores permission bits, so the read-only case runs in a child process as an unprivileged user
(``setpriv`` to nobody, or ``su nobody``; as any other user the child runs as is). The full disk is a
small tmpfs mounted for the test (root with mount rights only: skipped elsewhere). The simulated
faults (monkeypatched os calls) run everywhere: see test_autosave_gui.py and test_export_faults.py.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from exporters.api import OutputError, export_report
from models.draft_store import DraftSaveError, DraftStore
from models.drafts import create_report, open_report
from models.sample import build_sample

from .helpers import PYTHON, ROOT, child_env, make_window, snapshot, tmp_files, type_over

NOBODY = 65534


def _as_unprivileged(command: list[str]) -> list[str] | None:
    """``command`` run as a user chmod applies to, or None when this cannot be arranged."""
    if not hasattr(os, "geteuid"):
        return None
    if os.geteuid() != 0:
        return command
    probe = [PYTHON, "-c", "import os; print(os.getuid())"]
    setpriv = shutil.which("setpriv")
    if setpriv:
        wrapped = [setpriv, f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups", *command]
        run = subprocess.run([setpriv, f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups", *probe],
                             capture_output=True, text=True, timeout=60)
        if run.returncode == 0 and run.stdout.strip() == str(NOBODY):
            return wrapped
    su = shutil.which("su")
    if su:
        line = " ".join(f"'{part}'" for part in command)
        run = subprocess.run([su, "nobody", "-s", "/bin/sh", "-c", " ".join(probe[:2]) + " 'import os; print(os.getuid())'"],
                             capture_output=True, text=True, timeout=60)
        if run.returncode == 0 and run.stdout.strip().isdigit() and run.stdout.strip() != "0":
            return [su, "nobody", "-s", "/bin/sh", "-c", line]
    return None


@pytest.mark.slow
def test_a_really_read_only_folder_as_an_unprivileged_user() -> None:
    work = Path(tempfile.mkdtemp(prefix="brw-readonly-"))  # not under pytest's root-only tmp folder
    try:
        work.chmod(0o777)
        command = _as_unprivileged([PYTHON, str(ROOT / "tests" / "robustness" / "readonly_child.py"), str(work)])
        if command is None:
            pytest.skip("running as root and cannot switch to an unprivileged user (no setpriv / su)")
        env = child_env(work / "data", HOME=str(work), XDG_RUNTIME_DIR=str(work))
        run = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
        assert run.returncode == 0, run.stderr
        result: dict[str, Any] = json.loads(run.stdout.strip().splitlines()[-1])
    finally:
        shutil.rmtree(work, ignore_errors=True)
    assert result["uid"] != 0 and result["writable_after_chmod"] is False
    # The store: refused in words, earlier revisions byte-identical, no half file.
    assert "没有写入权限" in result["store"] and result["store_errno"] in (errno.EACCES, errno.EPERM)
    assert "之前保存的版本没有受影响" in result["store"]
    assert result["store_files_unchanged"] and result["store_tmp"] == []
    # The GUI's autosave: a warning, the draft kept in memory, retries, success once writable again.
    assert result["autosave_failures"] and "没有写入权限" in result["autosave_failures"][0]
    assert result["autosave_retried"] and result["in_memory"]
    assert result["autosave_recovered"] and result["on_disk_after"] == "只读时输入"
    # An export: refused in words, the previous files untouched, nothing else left in the folder.
    assert "没有写入权限" in result["export"] and "原文件未改动" in result["export"]
    assert result["export_files"] == {"报告.docx": "previous docx", "报告.xlsx": "previous xlsx"}
    # A new draft in a read-only data folder: refused, and no half-created draft appears.
    assert "没有写入权限" in result["create"] and result["drafts_listed"]


# ---------------------------------------------------------------- a really full disk


@pytest.fixture
def full_disk(tmp_path: Path) -> Iterator[Path]:
    """A 2 MB tmpfs mounted at a temp folder (root with mount rights only)."""
    mount, umount = shutil.which("mount"), shutil.which("umount")
    point = tmp_path / "small-disk"
    point.mkdir()
    if not (mount and umount and hasattr(os, "geteuid") and os.geteuid() == 0):
        pytest.skip("mounting a small tmpfs needs root")
    run = subprocess.run([mount, "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(point)], capture_output=True,
                         timeout=30)
    if run.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {run.stderr.decode(errors='replace').strip()}")
    try:
        yield point
    finally:
        subprocess.run([umount, "-l", str(point)], capture_output=True, timeout=30)


def fill(disk: Path) -> Path:
    """Fill the disk up to the last byte; returns the filler file (delete it to free the space)."""
    filler = disk / "filler.bin"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        for size in (65536, 4096, 512, 1):
            try:
                while os.write(fd, b"\0" * size):
                    pass
            except OSError as exc:
                assert exc.errno == errno.ENOSPC
    finally:
        os.close(fd)
    return filler


def test_a_really_full_disk_refuses_saves_and_exports_and_keeps_every_previous_file(full_disk: Path) -> None:
    store = DraftStore(full_disk / "drafts")
    opened = create_report(store, build_sample())
    out = full_disk / "out"
    out.mkdir()
    old_docx, old_xlsx = out / "报告.docx", out / "报告.xlsx"
    export_report(build_sample(), docx=old_docx, xlsx=old_xlsx)
    before, exported = snapshot(store.root), snapshot(out)
    filler = fill(full_disk)

    report = build_sample()
    report.values["contact"] = "磁盘满时的修改"
    from models.drafts import save_report

    with pytest.raises(DraftSaveError) as info:
        save_report(store, opened.draft_id, report, base_revision=opened.revision)
    assert info.value.errno == errno.ENOSPC and "磁盘空间已满" in str(info.value)
    with pytest.raises(OutputError, match="磁盘空间不足") as out_info:
        export_report(report, docx=old_docx, xlsx=old_xlsx)
    assert "原文件未改动" in str(out_info.value)
    after = snapshot(store.root)
    assert {k: v for k, v in after.items() if k.endswith(".brw")} == {
        k: v for k, v in before.items() if k.endswith(".brw")}
    assert snapshot(out) == exported and tmp_files(full_disk) == []

    filler.unlink()  # space again: the same save and export go through
    save_report(store, opened.draft_id, report, base_revision=opened.revision)
    assert open_report(DraftStore(full_disk / "drafts"), opened.draft_id).report.text("contact") == "磁盘满时的修改"
    export_report(report, docx=old_docx, xlsx=old_xlsx)
    assert old_docx.read_bytes() != exported["报告.docx"]


def test_a_really_full_disk_under_the_gui_autosave(full_disk: Path, app: Any, qtbot: Any,
                                                   fast_autosave: None) -> None:
    window = make_window(qtbot, DraftStore(full_disk / "drafts"))
    try:
        window.start.open_sample()
        window.save_now()
        folder = window.store.root / window.draft_id
        good = {k: v for k, v in snapshot(folder).items() if k.endswith(".brw")}
        filler = fill(full_disk)
        type_over(window.editor.page(0).fields["contact"].line, "磁盘满时输入")
        qtbot.waitUntil(lambda: window.bar.isVisible() and window.bar.kind == "save_failed", timeout=3000)
        assert "磁盘空间已满" in window.bar.text.text()
        assert window.session.report.text("contact") == "磁盘满时输入" and window.session.dirty
        assert {k: v for k, v in snapshot(folder).items() if k.endswith(".brw")} == good
        assert tmp_files(folder) == []
        filler.unlink()
        qtbot.waitUntil(lambda: not window.bar.isVisible(), timeout=3000)
        assert open_report(window.store, window.draft_id).report.text("contact") == "磁盘满时输入"
    finally:
        if window.session is not None:
            window.session.mark_saved()
        window.close_draft()
        window.close()
