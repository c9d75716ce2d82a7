"""logs/fault.log is not truncated by a second instance (reliability.md, round 2)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from gui import crash

from .helpers import PYTHON, child_env

SECOND = """
import sys
sys.path.insert(0, {root!r})
from gui.crash import FaultLog
log = FaultLog()
log.enable()
print(log.path, log.leftover, flush=True)
log.disable()
"""


def test_a_second_instance_never_truncates_the_running_instances_fault_log(data_dir: Path,
                                                                           tmp_path: Path) -> None:
    first = crash.FaultLog()
    first.enable()
    try:
        assert first._handle is not None
        first._handle.write("Fatal Python error: what the first instance wrote so far\n")
        first._handle.flush()
        script = tmp_path / "second.py"
        script.write_text(SECOND.format(root=str(Path(__file__).resolve().parents[2])), encoding="utf-8")
        run = subprocess.run([PYTHON, str(script)], env=child_env(data_dir), capture_output=True, text=True,
                             timeout=60)
        assert run.returncode == 0, run.stderr
        second_path, leftover = run.stdout.split()
        assert Path(second_path) != first.path and leftover == "None", run.stdout
        assert "what the first instance wrote" in first.path.read_text("utf-8"), "not truncated"
    finally:
        first.disable()
    assert not list((data_dir / "logs").glob("crash-*.log")), "a running instance's log is no crash"


def test_the_log_of_a_second_instance_that_crashed_is_reported_by_the_next_start(data_dir: Path) -> None:
    logs = data_dir / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    (logs / f"fault-{os.getpid() + 1}.log").write_text("Fatal Python error: Segmentation fault\n", "utf-8")
    log = crash.FaultLog()
    log.enable()
    try:
        assert log.leftover is not None and "Segmentation" in log.leftover.read_text("utf-8")
    finally:
        log.disable()

