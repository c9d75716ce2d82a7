"""Keystroke figures: validating a maximal report, and a key press in a money field to pixels.

The GUI half runs in a child (gui_child.py, offscreen, in-process QTest key clicks) so a Qt crash
cannot take the runner down and the runner itself never loads Qt.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

from benchmarks.common import PROFILE_DIR, Figure, Goal, median, ms, require, run_child, time_calls
from benchmarks.floors import python_loop
from benchmarks.gui_runs import keys_run
from benchmarks.registry import Benchmark, Settings


def measure_validate(settings: Settings, figure: Figure) -> None:
    from models.rules import validate
    from models.sample import build_maximal

    report = build_maximal()
    findings = validate(report)
    repeat = settings.reps(200, 5)
    subject: list[float] = []
    floor: list[float] = []
    for _ in range(repeat):  # interleaved so load bursts hit both
        subject += time_calls(lambda: validate(report), 1, warmup=0)
        floor += time_calls(python_loop, 1, warmup=0)
    figure.value = ms(median(subject))
    figure.floor = ms(median(floor))
    figure.floor_label = "fixed pure-Python loop (context only)"
    figure.details = {"rows": len(report.rows), "findings": len(findings), "samples": repeat,
                      "p90_ms": ms(sorted(subject)[int(0.9 * (len(subject) - 1))])}


def profile_validate(settings: Settings, figure: Figure) -> str:
    from pyinstrument import Profiler

    from models.rules import validate
    from models.sample import build_maximal

    report = build_maximal()
    with Profiler(interval=0.0001) as profiler:
        for _ in range(300):
            validate(report)
    return str(profiler.output_text(unicode=True, color=False, show_all=False))


def _typing_in_a_narrative(report: Any) -> Callable[[], object]:
    """One more character typed at the end of 支出情况说明 (a long narrative quoting figures), then
    validate: the narrative rules read that text again and take every other one from their caches."""
    from models.rules import validate

    base = report.text("expense_text")
    typed = iter(range(10**9))

    def key() -> object:
        report.values["expense_text"] = f"{base}{next(typed)}"
        return validate(report)

    return key


def measure_validate_typing(settings: Settings, figure: Figure) -> None:
    from models.sample import build_maximal

    report = build_maximal()
    key = _typing_in_a_narrative(report)
    key()
    repeat = settings.reps(200, 5)
    subject: list[float] = []
    floor: list[float] = []
    for _ in range(repeat):
        subject += time_calls(key, 1, warmup=0)
        floor += time_calls(python_loop, 1, warmup=0)
    figure.value = ms(median(subject))
    figure.floor = ms(median(floor))
    figure.floor_label = "fixed pure-Python loop (context only)"
    figure.details = {"narrative_chars": len(report.text("expense_text")), "samples": repeat,
                      "p90_ms": ms(sorted(subject)[int(0.9 * (len(subject) - 1))])}


def profile_validate_typing(settings: Settings, figure: Figure) -> str:
    from pyinstrument import Profiler

    from models.sample import build_maximal

    key = _typing_in_a_narrative(build_maximal())
    with Profiler(interval=0.0001) as profiler:
        for _ in range(300):
            key()
    return str(profiler.output_text(unicode=True, color=False, show_all=False))


BENCHMARKS = [
    Benchmark("keystroke.validate_maximal", "ms", Goal("value", 2.0), measure_validate, profile_validate,
              "validate(build_maximal()): every rule on 100 indicator rows, median"),
    Benchmark("keystroke.validate_typing_narrative", "ms", Goal("value", 2.0), measure_validate_typing,
              profile_validate_typing,
              "a character typed into a long narrative of the maximal report, then validate: that text "
              "is read again, the others come from the per-text caches; median"),
]


def measure_key_to_screen(settings: Settings, figure: Figure) -> None:
    require("gui.app", "gui.main_window")
    result = keys_run(settings)
    samples = result["key_to_screen_s"]
    figure.value = ms(median(samples))
    figure.floor = ms(median(result["bare_key_s"]))
    figure.floor_label = "same keys into a bare QLineEdit in the same window (context only)"
    cpu = sorted(result.get("key_cpu_s") or [0.0])
    figure.details = {
        "samples": len(samples), "p90_ms": ms(sorted(samples)[int(0.9 * (len(samples) - 1))]),
        # CPU time of the GUI thread per key: what our code costs, whatever the machine's load.
        "cpu_median_ms": ms(median(cpu)), "cpu_p90_ms": ms(cpu[int(0.9 * (len(cpu) - 1))]),
        "keys_without_repaint": result["keys_without_repaint"],
        "distinct_total_texts": result["distinct_total_texts"], "platform": result["platform"],
        "pages_built": result["pages_built"],
    }
    if result["keys_without_repaint"]:
        figure.notes.append(f"{result['keys_without_repaint']} key presses repainted neither the totals nor the findings")


def measure_stolen_refs(settings: Settings, figure: Figure) -> None:
    require("gui.app", "gui.main_window")
    result = keys_run(settings)
    lost: dict[str, float] = result["refs_lost_per_key"]
    at_open: dict[str, int] = result["refs_at_open"]
    figure.value = round(sum(max(0.0, n) for n in lost.values()), 1)
    figure.details = {"lost_per_key": lost, "refs_at_open": at_open, "python": sys.version.split()[0]}
    doomed = {name: int(at_open[name] / n) for name, n in lost.items() if n > 0}
    if doomed:
        first = min(doomed, key=doomed.__getitem__)
        figure.details["key_presses_until_abort"] = doomed[first]
        figure.notes.append(
            f"PySide6 drops references to {' and '.join(doomed)} on every void Qt call / Signal.emit (Python < 3.12): "
            f"{', '.join(f'{name} {lost[name]:.0f}' for name in doomed)} per key press; an unpadded app aborts "
            f"({first.lower()}_dealloc) after about {doomed[first]} key presses")


def profile_stolen_refs(settings: Settings, figure: Figure) -> str:
    """Not a time profile: a minimal reproducer of the stolen references, with the versions involved."""
    run = run_child(["benchmarks/refcount_repro.py"], env={"QT_QPA_PLATFORM": "offscreen"}, expect_result=False)
    per_key = figure.details.get("lost_per_key", {})
    return (f"{run.stdout.strip()}\n\nIn the app, per key press in a money field of the maximal draft: {per_key}\n"
            f"Start-up leaves {figure.details.get('refs_at_open')}; an unpadded app aborts after about "
            f"{figure.details.get('key_presses_until_abort')} key presses.\n")


def profile_key_to_screen(settings: Settings, figure: Figure) -> str:
    out = PROFILE_DIR / "keystroke.key_to_screen.raw.txt"
    PROFILE_DIR.mkdir(parents=True, exist_ok=True)
    keys_run(settings, profile_to=str(out))
    text = out.read_text(encoding="utf-8")
    out.unlink()
    return text


BENCHMARKS += [
    Benchmark("keystroke.key_to_screen", "ms", Goal("value", 8.0), measure_key_to_screen, profile_key_to_screen,
              "QTest.keyClick in a money field of the maximal draft → totals and findings repainted, median"),
    Benchmark("keystroke.stolen_refs_per_key", "refs", Goal("equal", 0), measure_stolen_refs, profile_stolen_refs,
              "references to None/True/False lost per key press (PySide6 6.12 on Python < 3.12 aborts at zero)"),
]
