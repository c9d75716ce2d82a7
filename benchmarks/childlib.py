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


def rss_by_kind() -> dict[str, Any]:
    """Resident memory now by what holds it (Linux: /proc/self/smaps), in KiB; {} elsewhere.

    ``fonts``: pages of font files read to draw the glyphs shown; ``libraries``: code and data of the
    shared libraries and extension modules; ``anonymous``: the heaps (Python objects, Qt's widgets,
    glyph caches, the window's backing store); ``other``: the rest (the X server's shared memory).
    Also the ten files that hold the most (``files``: [path, KiB]).
    """
    kinds: dict[str, Any] = {"fonts": 0, "libraries": 0, "anonymous": 0, "other": 0}
    files: dict[str, int] = {}
    try:
        with open("/proc/self/smaps", encoding="utf-8", errors="replace") as smaps:
            kind, name = "other", ""
            for line in smaps:
                head = line.split(maxsplit=1)[0]
                if not head.endswith(":"):  # a mapping's first line: address range … [path]
                    fields = line.split()
                    name = fields[5] if len(fields) >= 6 else ""
                    kind = ("fonts" if "/fonts/" in name or name.endswith((".ttf", ".ttc", ".otf"))
                            else "anonymous" if name in ("", "[heap]") or name.startswith("[anon")
                            else "libraries" if ".so" in name else "other")
                elif head == "Rss:":
                    kib = int(line.split()[1])
                    kinds[kind] += kib
                    if name.startswith("/"):
                        files[name] = files.get(name, 0) + kib
    except OSError:
        return {}
    top = sorted(files.items(), key=lambda item: -item[1])[:10]
    return {**kinds, "files": [[path, kib] for path, kib in top]}
