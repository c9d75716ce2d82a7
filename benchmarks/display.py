"""A display for the GUI children: our own Xvfb when there is one, else Qt's offscreen platform.

Xvfb gives real expose events and a real X round trip, which is what a clerk's start-up pays; the
offscreen platform is the fallback (CI images without Xvfb, Windows, macOS).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from benchmarks.common import child_preexec

_SOCKETS = Path("/tmp/.X11-unix")


def _free_display() -> int | None:
    for number in range(90, 100):
        if not (_SOCKETS / f"X{number}").exists() and not Path(f"/tmp/.X{number}-lock").exists():
            return number
    return None


@contextmanager
def gui_display(prefer_xvfb: bool = True) -> Iterator[dict[str, str]]:
    """Yield the environment additions for a GUI child; our Xvfb (if started) is stopped on exit.

    Every child also gets a fresh, empty data folder so a benchmark never sees or changes the
    clerk's own drafts.
    """
    data = tempfile.mkdtemp(prefix="brw-bench-data-")
    env = {"BUDGET_REPORT_DATA_DIR": data, "QT_QPA_PLATFORM": "offscreen", "BENCH_DISPLAY": "offscreen"}
    xvfb: subprocess.Popen[bytes] | None = None
    binary = shutil.which("Xvfb") if prefer_xvfb and os.name == "posix" else None
    number = _free_display() if binary else None
    if binary and number is not None:
        xvfb = subprocess.Popen([binary, f":{number}", "-nolisten", "tcp", "-screen", "0", "1600x1000x24"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, preexec_fn=child_preexec())
        deadline = time.monotonic() + 10.0
        while time.monotonic() < deadline and xvfb.poll() is None:
            if (_SOCKETS / f"X{number}").exists():
                env.update({"DISPLAY": f":{number}", "QT_QPA_PLATFORM": "xcb", "BENCH_DISPLAY": f"Xvfb :{number}"})
                break
            time.sleep(0.05)
    try:
        yield env
    finally:
        if xvfb is not None:
            xvfb.terminate()
            try:
                xvfb.wait(5)
            except subprocess.TimeoutExpired:
                xvfb.kill()
                xvfb.wait()
        shutil.rmtree(data, ignore_errors=True)
