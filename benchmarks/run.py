"""Run every benchmark and print figure, value, floor, ratio, goal and verdict (issue 6).

    python benchmarks/run.py            full run (< 5 minutes), writes benchmarks/results.json
    python benchmarks/run.py --quick    minimal repetitions: checks that every figure still works
    python benchmarks/run.py --json PATH --only startup,export

Exit status: 0 when every benchmark ran (even if a timing misses its goal — timings on a shared CI
machine are not a pass/fail signal), 1 when a benchmark crashed.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import time
import traceback
from pathlib import Path

if __package__ in (None, ""):
    # Run as a script: make the repository importable (and use it, not an installed copy).
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import autosave, export, keystroke, memory, scale, startup, word_import
from benchmarks.common import PROFILE_DIR, BenchmarkCrash, Figure, NotAvailable
from benchmarks.display import gui_display
from benchmarks.registry import Benchmark, Settings
from benchmarks.table import machine, render, write_json

MODULES = {"startup": startup, "keystroke": keystroke, "autosave": autosave, "export": export,
           "memory": memory, "scale": scale, "import": word_import}


def all_benchmarks(only: set[str] | None) -> list[Benchmark]:
    chosen = [b for name, module in MODULES.items() if not only or name in only for b in module.BENCHMARKS]
    return chosen


def run_one(bench: Benchmark, settings: Settings) -> tuple[Figure, bool]:
    """Measure one figure; returns it and whether the benchmark crashed."""
    figure = bench.new_figure()
    started = time.perf_counter()
    crashed = False
    try:
        bench.measure(settings, figure)
    except NotAvailable as exc:
        figure.value = None
        figure.reason = f"not available: {exc}"
    except BenchmarkCrash as exc:
        figure.value = None
        figure.reason = f"error: {exc}"
        crashed = True
    except Exception as exc:  # a benchmark bug or a failure in the measured code: report, keep going
        figure.value = None
        figure.reason = f"error: {type(exc).__name__}: {exc}"
        figure.details["traceback"] = traceback.format_exc()
        crashed = True
    figure.details["benchmark_s"] = round(time.perf_counter() - started, 2)
    return figure, crashed


def write_profile(bench: Benchmark, settings: Settings, figure: Figure) -> None:
    if bench.profile is None:
        return
    try:
        text = bench.profile(settings, figure)
    except Exception as exc:  # a profile is a diagnosis aid; its failure must not fail the run
        figure.notes.append(f"profile failed: {type(exc).__name__}: {exc}")
        return
    PROFILE_DIR.mkdir(parents=True, exist_ok=True)
    path = PROFILE_DIR / f"{figure.name}.txt"
    path.write_text(text, encoding="utf-8")
    figure.profile = str(path.relative_to(PROFILE_DIR.parent.parent))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="minimal repetitions (CI smoke run)")
    parser.add_argument("--json", type=Path, default=Path(__file__).resolve().parent / "results.json")
    parser.add_argument("--only", default="", help=f"comma-separated subset of {','.join(MODULES)}")
    parser.add_argument("--no-profile", action="store_true", help="do not profile figures that miss")
    parser.add_argument("--offscreen", action="store_true", help="do not start Xvfb for the GUI children")
    parser.add_argument("--markdown", action="store_true", help="print the table as Markdown too")
    args = parser.parse_args(argv)
    only = {s.strip() for s in args.only.split(",") if s.strip()} or None
    unknown = (only or set()) - set(MODULES)
    if unknown:
        parser.error(f"unknown benchmark group(s): {', '.join(sorted(unknown))}")

    started = time.perf_counter()
    figures: list[Figure] = []
    crashed: list[str] = []
    with gui_display(prefer_xvfb=not args.offscreen) as env:
        settings = Settings(quick=args.quick, gui_env=env)
        try:
            for bench in all_benchmarks(only):
                print(f"… {bench.name}", file=sys.stderr, flush=True)
                figure, crash = run_one(bench, settings)
                if crash:
                    crashed.append(bench.name)
                # Profiles cost time and need pyinstrument (the [bench] extra): full runs only.
                if figure.verdict == "miss" and not args.quick and not args.no_profile:
                    write_profile(bench, settings, figure)
                elif figure.verdict == "ok" and not args.quick:
                    # A profile explains a miss; once the goal is met, an old one would mislead.
                    (PROFILE_DIR / f"{figure.name}.txt").unlink(missing_ok=True)
                figures.append(figure)
        finally:
            shutil.rmtree(settings.work, ignore_errors=True)
        display = env["BENCH_DISPLAY"]

    meta = machine() | {"mode": "quick" if args.quick else "full", "display": display,
                        "elapsed_s": round(time.perf_counter() - started, 1)}
    write_json(args.json, figures, meta)
    print(f"{meta['date']}  {meta['cpu']} × {meta['nproc']}  Python {meta['python']}  "
          f"GUI on {display}  {meta['mode']} run in {meta['elapsed_s']} s")
    print(render(figures))
    if args.markdown:
        print()
        print(render(figures, markdown=True))
    for figure in figures:
        for note in figure.notes:
            print(f"note: {figure.name}: {note}")
        if figure.profile:
            print(f"profile: {figure.name}: {figure.profile}")
        if figure.verdict == "error":
            print(f"\n{figure.name} crashed:\n{figure.details.get('traceback') or figure.reason}", file=sys.stderr)
    print(f"results: {args.json}")
    if crashed:
        print(f"crashed: {', '.join(crashed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
