"""Word imports in one process (run as a child by word_import.py).

    python benchmarks/import_child.py inproc REPORT.docx N   import_report + validate, N times after one warm-up
    python benchmarks/import_child.py folder FOLDER JOBS OUT.xlsx   one `check FOLDER --summary OUT --jobs JOBS`
Set BENCH_PROFILE=path to write a pyinstrument profile of the timed part (inproc).
"""

from __future__ import annotations

import contextlib
import io
import os
import resource
import sys
import time
from pathlib import Path

from benchmarks.childlib import emit_result, emit_unavailable, module_present, peak_rss_kib


def inproc(path: Path, repeat: int) -> None:
    from importers import import_report
    from importers.check import located_findings

    located_findings(import_report(path))  # warm-up: imports, caches
    profile = os.environ.get("BENCH_PROFILE")
    profiler = None
    if profile:
        from pyinstrument import Profiler

        profiler = Profiler(interval=0.0005)
        profiler.start()
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        result = import_report(path)
        located_findings(result)
        samples.append(time.perf_counter() - started)
    if profiler is not None and profile:
        profiler.stop()
        Path(profile).write_text(profiler.output_text(unicode=True, color=False), encoding="utf-8")
    paragraphs = sum(1 for m in result.mapping)
    emit_result({"import_s": samples, "mapping_entries": paragraphs})


def folder(path: Path, jobs: int, out: Path) -> None:
    from exporters.cli import main

    started = time.perf_counter()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        code = main(["check", str(path), "--summary", str(out), "--jobs", str(jobs)])
    wall = time.perf_counter() - started
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # KiB on Linux: the largest worker
    emit_result({"wall_s": wall, "exit": code, "self_rss_kib": peak_rss_kib(), "worker_rss_kib": children})


if __name__ == "__main__":
    if not module_present("importers"):
        emit_unavailable("importers not in the repository yet")
        sys.exit(0)
    if sys.argv[1] == "inproc":
        inproc(Path(sys.argv[2]), int(sys.argv[3]))
    else:
        folder(Path(sys.argv[2]), int(sys.argv[3]), Path(sys.argv[4]))
