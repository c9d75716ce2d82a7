"""Memory: peak RSS of the app with a maximal report open and every step visited, against a bare QWizard."""

from __future__ import annotations

import json

from benchmarks.common import Figure, Goal, median, require, run_child
from benchmarks.gui_runs import census, memory_run
from benchmarks.registry import Benchmark, Settings


def measure_memory(settings: Settings, figure: Figure) -> None:
    require("gui.app", "gui.main_window")
    dims = census(settings)
    texts = settings.work / "shown-texts.json"
    texts.write_text(json.dumps(dims["texts"], ensure_ascii=False), encoding="utf-8")
    pages = ["benchmarks/bare_wizard.py", "--pages", str(dims["steps"]), "--fields", str(dims["editors"])]
    floor_args = [*pages, "--texts", str(texts), "--visit-all"]
    # The floor until 2026-12-02: as many QLineEdits, each with the same short text (about 20 different
    # characters drawn, against the report's ~1,000). Still measured, and shown beside the figure.
    old_floor_args = [*pages, "--fill", "--visit-all"]
    app_kib: list[int] = [dims["peak_rss_kib"]] if settings.quick else []
    floor_kib: list[int] = []
    old_floor_kib: list[int] = []
    kinds = {"app": dims.get("rss_by_kind", {}), "floor": {}}
    for _ in range(settings.reps(3, 1)):
        floor = run_child(floor_args, env=settings.gui_env).result
        floor_kib.append(floor["peak_rss_kib"])
        kinds["floor"] = floor.get("rss_by_kind", {})
        if not settings.quick:
            old_floor_kib.append(run_child(old_floor_args, env=settings.gui_env).result["peak_rss_kib"])
            app = memory_run(settings)
            app_kib.append(app["peak_rss_kib"])
            kinds["app"] = app.get("rss_by_kind", {})
    figure.value = round(median(app_kib) / 1024, 1)
    figure.floor = round(median(floor_kib) / 1024, 1)
    shown = dims["texts"]
    figure.floor_label = (f"bare QWizard, {dims['steps']} pages showing the app's texts ({len(shown['lines'])} "
                          f"QLineEdits, {len(shown['paragraphs'])} QPlainTextEdits, {len(shown['labels'])} labels, "
                          f"a {len(shown['cells'])}-row table), all visited")
    if old_floor_kib:
        old = median(old_floor_kib)
        figure.floor_label += (f"; against the earlier floor ({dims['editors']} QLineEdits with one short text) "
                               f"{old / 1024:.1f} MiB, ratio {median(app_kib) / old:.2f}")
    figure.details = {"app_kib": app_kib, "floor_kib": floor_kib, "old_floor_kib": old_floor_kib,
                      "rows": dims["rows"], "steps": dims["steps"],
                      "editors": dims["editors"], "widgets": dims["widgets"],
                      "peak_kib_by_stage": dims["peak_kib_by_stage"],  # start page, open, each step built
                      # What holds the memory at the end (Linux): font pages, libraries, heaps.
                      "rss_by_kind": kinds, "display": settings.gui_env["BENCH_DISPLAY"]}


def profile_memory(settings: Settings, figure: Figure) -> str:
    """Where Python-level memory goes (tracemalloc; Qt's own C++ allocations are not seen)."""
    from benchmarks.fixtures import data_folder, fresh_copy

    folder = data_folder(settings)
    env = fresh_copy(settings, folder) | {"BENCH_TRACEMALLOC": "1"}
    result = run_child(["benchmarks/gui_child.py", "memory", folder.maximal_id], env=env, timeout=300).result
    lines = [f"peak RSS {result['peak_rss_kib'] / 1024:.1f} MiB; Python heap traced {result['traced_kib'] / 1024:.1f} "
             "MiB (the rest is Qt, fonts and shared libraries)", "", "top allocation sites (tracemalloc):"]
    lines += result["top_allocations"]
    lines += ["", "by stage: [peak RSS KiB, traced now KiB, traced peak KiB]"]
    lines += [f"  {stage}: {value}" for stage, value in result["peak_kib_by_stage"].items()]
    kinds = figure.details.get("rss_by_kind", {})
    app, floor = kinds.get("app") or {}, kinds.get("floor") or {}
    if app and floor:  # Linux: what holds the resident memory, the app against the floor
        lines += ["", "resident memory at the end by kind (MiB): app, bare QWizard, difference"]
        for kind in ("fonts", "libraries", "anonymous", "other"):
            lines.append(f"  {kind:10s} {app[kind] / 1024:6.1f} {floor[kind] / 1024:6.1f} {(app[kind] - floor[kind]) / 1024:+6.1f}")
        for label, files in (("app", app["files"]), ("bare QWizard", floor["files"])):
            lines += ["", f"files holding the most, {label} (MiB):"]
            lines += [f"  {kib / 1024:6.1f} {path}" for path, kib in files]
    return "\n".join(lines) + "\n"


BENCHMARKS = [
    Benchmark("memory.peak_rss", "MiB", Goal("ratio", 1.3), measure_memory, profile_memory,
              "VmHWM of the app with build_maximal() open, every step built and shown"),
]
