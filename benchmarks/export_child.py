"""Exports in one process, for the in-process and scale figures (run as a child by export.py/scale.py).

    python benchmarks/export_child.py inproc OUT_DIR N      build_maximal() exported N times (after one warm-up)
    python benchmarks/export_child.py scale OUT_DIR N K     N different drafts one after another, with K
                                                            single exports of the sample before and after
Set BENCH_PROFILE=path to write a pyinstrument profile of the timed part.
"""

from __future__ import annotations

import inspect
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks.childlib import emit_result, emit_unavailable, module_present, peak_rss_kib

Export = Callable[[Any, Path, Path], None]


def exporter() -> Export:
    """``exporters.api.export_report`` called with only the keywords it declares."""
    if not module_present("exporters.api"):
        emit_unavailable("exporters.api not in the repository yet")
        sys.exit(0)
    from exporters.api import export_report

    accepted = inspect.signature(export_report).parameters

    def run(report: Any, docx: Path, xlsx: Path) -> None:
        kwargs: dict[str, Any] = {"docx": docx, "xlsx": xlsx}
        if "draft" in accepted:
            kwargs["draft"] = False
        export_report(report, **kwargs)

    return run


class Timed:
    """Optionally under pyinstrument (BENCH_PROFILE), so a profile shows exactly the timed work."""

    def __init__(self) -> None:
        self.path = os.environ.get("BENCH_PROFILE")
        self.profiler: Any = None

    def __enter__(self) -> Timed:
        if self.path:
            from pyinstrument import Profiler

            self.profiler = Profiler(interval=0.0005)
            self.profiler.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self.profiler is not None and self.path:
            self.profiler.stop()
            Path(self.path).write_text(self.profiler.output_text(unicode=True, color=False), encoding="utf-8")


def timed(fn: Callable[[], None]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def inproc(out: Path, count: int) -> None:
    from models.sample import build_maximal

    run = exporter()
    report = build_maximal()
    docx, xlsx = out / "maximal.docx", out / "maximal.xlsx"
    first = timed(lambda: run(report, docx, xlsx))  # imports, templates, fonts: paid once
    with Timed():
        samples = [timed(lambda: run(report, docx, xlsx)) for _ in range(count)]
    emit_result({"first_s": first, "export_s": samples, "docx": str(docx), "xlsx": str(xlsx)})


def distinct_reports(count: int) -> list[Any]:
    """``count`` different drafts: the sample under other unit names, decoded like an opened draft."""
    from models.draft_format import report_from_dict, report_to_dict
    from models.sample import build_sample

    base = report_to_dict(build_sample())
    reports = []
    for i in range(count):
        data = dict(base)
        data["values"] = dict(base["values"], unit_name=f"蓉溪市第{i + 1}农业农村局", contact=f"联系人{i + 1}")
        reports.append(report_from_dict(data))
    return reports


def scale(out: Path, count: int, singles: int) -> None:
    from models.sample import build_sample

    run = exporter()
    sample = build_sample()
    docx, xlsx = out / "single.docx", out / "single.xlsx"
    run(sample, docx, xlsx)  # warm: the single export below is the warm one
    reports = distinct_reports(count)
    before = [timed(lambda: run(sample, docx, xlsx)) for _ in range(singles)]
    rss_before = peak_rss_kib()
    per_report: list[float] = []
    with Timed():
        for i, report in enumerate(reports):
            docx_i, xlsx_i = out / f"r{i:03d}.docx", out / f"r{i:03d}.xlsx"
            start = time.perf_counter()
            run(report, docx_i, xlsx_i)
            per_report.append(time.perf_counter() - start)
    rss_after = peak_rss_kib()
    after = [timed(lambda: run(sample, docx, xlsx)) for _ in range(singles)]
    emit_result({"single_before_s": before, "single_after_s": after, "per_report_s": per_report,
                 "peak_rss_before_kib": rss_before, "peak_rss_after_kib": rss_after})


def main() -> int:
    mode, out = sys.argv[1], Path(sys.argv[2])
    out.mkdir(parents=True, exist_ok=True)
    if mode == "inproc":
        inproc(out, int(sys.argv[3]))
    elif mode == "scale":
        scale(out, int(sys.argv[3]), int(sys.argv[4]))
    else:
        raise SystemExit(f"unknown mode {mode}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
