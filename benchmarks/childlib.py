"""The little a benchmark child needs: the result protocol and process facts.

Kept to stdlib modules that the interpreter has already loaded at start-up (os, sys) plus json at
emit time, so the harness adds next to nothing to the start-up it measures — in the app and in the
floor alike (a fixed cost in both would flatter the ratio).
"""

from __future__ import annotations

import os
import sys
from typing import Any

RESULT_TAG = "BENCH_RESULT "
UNAVAILABLE_TAG = "BENCH_UNAVAILABLE "
HEAVY_MODULES = ("docx", "openpyxl", "docxtpl", "lxml")


def emit_result(data: dict[str, Any]) -> None:
    """The one line the parent parses."""
    import json

    print(RESULT_TAG + json.dumps(data), flush=True)


def emit_unavailable(reason: str) -> None:
    print(UNAVAILABLE_TAG + reason, flush=True)


def process_t0() -> float:
    """The parent's perf_counter just before it spawned this process (same clock across processes)."""
    return float(os.environ.get("BENCH_T0", "nan"))


def heavy_loaded() -> list[str]:
    return [name for name in HEAVY_MODULES if name in sys.modules]


def peak_rss_kib() -> int:
    """Peak resident set size of this process (VmHWM), in KiB."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    import resource  # not on Windows; only reached where /proc is missing

    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return int(rss // 1024) if sys.platform == "darwin" else int(rss)


def module_present(name: str) -> bool:
    """True when ``name`` can be found, without importing it (a probe never loads Qt or docx)."""
    import importlib.util

    try:
        return importlib.util.find_spec(name) is not None
    except ModuleNotFoundError:
        return False
