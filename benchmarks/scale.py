"""Scale: 200 different drafts exported one after another in one process, per report against a
single warm export — anything that could be done once but is repeated per report shows up here."""

from __future__ import annotations

from typing import Any

from benchmarks.common import Figure, Goal, median, ms, read_profile, require, run_child
from benchmarks.registry import Benchmark, Settings


def _run(settings: Settings, profile_to: str | None = None) -> dict[str, Any]:
    env = {"BENCH_PROFILE": profile_to} if profile_to else None
    out = settings.work / "export-scale"
    count, singles = settings.reps(200, 5), settings.reps(10, 2)
    return run_child(["benchmarks/export_child.py", "scale", str(out), str(count), str(singles)], env=env,
                     timeout=600).result


def measure_scale(settings: Settings, figure: Figure) -> None:
    require("exporters.api")
    result = _run(settings)
    per_report = result["per_report_s"]
    singles = result["single_before_s"] + result["single_after_s"]
    # The mean, not the median: a cost that grows with every report must count in full.
    figure.value = ms(sum(per_report) / len(per_report))
    figure.floor = ms(median(singles))
    figure.floor_label = "one warm export of the sample (median, before and after the batch)"
    tenth = max(1, len(per_report) // 10)
    figure.details = {
        "reports": len(per_report),
        "first_tenth_mean_ms": ms(sum(per_report[:tenth]) / tenth),
        "last_tenth_mean_ms": ms(sum(per_report[-tenth:]) / tenth),
        "single_before_ms": ms(median(result["single_before_s"])),
        "single_after_ms": ms(median(result["single_after_s"])),
        "peak_rss_growth_kib": result["peak_rss_after_kib"] - result["peak_rss_before_kib"],
    }


def profile_scale(settings: Settings, figure: Figure) -> str:
    return read_profile("scale.per_report", lambda out: _run(settings, out))


BENCHMARKS = [
    Benchmark("scale.per_report", "ms", Goal("ratio", 1.2), measure_scale, profile_scale,
              "mean export time per report over 200 different drafts in one process"),
]
