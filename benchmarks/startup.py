"""Start-up: process start to the main window painted, against a bare QWizard of the same size."""

from __future__ import annotations

from benchmarks.common import Figure, Goal, median, ms, read_profile, require, run_child
from benchmarks.fixtures import data_folder, fresh_copy
from benchmarks.gui_runs import census
from benchmarks.registry import Benchmark, Settings


def _floor_args(settings: Settings) -> list[str]:
    dims = census(settings)
    return ["benchmarks/bare_wizard.py", "--pages", str(dims["steps"]), "--fields", str(dims["editors"])]


def measure_startup(settings: Settings, figure: Figure) -> None:
    require("gui.app", "gui.main_window")
    folder = data_folder(settings)
    floor_args = _floor_args(settings)
    app_s: list[float] = []
    floor_s: list[float] = []
    heavy: set[str] = set()
    for _ in range(settings.reps(9, 1)):  # interleaved: a load burst hits both
        floor_s.append(run_child(floor_args, env=settings.gui_env).result["shown_s"])
        # A clerk's store (the sample and a maximal draft): the start page lists them.
        result = run_child(["benchmarks/gui_child.py", "startup"], env=fresh_copy(settings, folder)).result
        app_s.append(result["shown_s"])
        heavy.update(result["heavy_modules"])
    figure.value = ms(median(app_s))
    figure.floor = ms(median(floor_s))
    dims = census(settings)
    figure.floor_label = f"bare QWizard, {dims['steps']} pages, {dims['editors']} QLineEdits"
    figure.details = {"app_ms": [ms(s) for s in app_s], "floor_ms": [ms(s) for s in floor_s],
                      "display": settings.gui_env["BENCH_DISPLAY"], "heavy_modules": sorted(heavy)}
    settings.cache["heavy_modules"] = sorted(heavy)


def measure_heavy(settings: Settings, figure: Figure) -> None:
    require("gui.app", "gui.main_window")
    heavy = settings.cache.get("heavy_modules")
    if heavy is None:
        folder = data_folder(settings)
        heavy = run_child(["benchmarks/gui_child.py", "startup"], env=fresh_copy(settings, folder)).result[
            "heavy_modules"]
    figure.value = float(len(heavy))
    figure.details = {"loaded": list(heavy), "checked": ["docx", "openpyxl", "docxtpl", "lxml"]}


def profile_startup(settings: Settings, figure: Figure) -> str:
    folder = data_folder(settings)
    return read_profile("startup.window_shown", lambda out: run_child(
        ["-m", "pyinstrument", "--interval", "0.0005", "-r", "text", "-o", out,
         "benchmarks/gui_child.py", "startup"], env=fresh_copy(settings, folder)))


BENCHMARKS = [
    Benchmark("startup.window_shown", "ms", Goal("ratio", 1.5), measure_startup, profile_startup,
              "gui.app.main() from process start to the main window painted (start page, 2 drafts)"),
    Benchmark("startup.heavy_modules", "modules", Goal("equal", 0), measure_heavy, None,
              "docx/openpyxl/docxtpl/lxml already imported when the window is painted"),
]
