"""Autosave figures: one save of a maximal draft through the real store, and no save while typing."""

from __future__ import annotations

from benchmarks.common import Figure, Goal, median, ms, require, time_calls
from benchmarks.floors import atomic_write
from benchmarks.gui_runs import keys_run
from benchmarks.registry import Benchmark, Settings


def measure_save(settings: Settings, figure: Figure) -> None:
    from models.draft_store import DraftStore
    from models.drafts import create_report, save_report
    from models.sample import build_maximal

    report = build_maximal()
    store = DraftStore(settings.work / "autosave-store")
    opened = create_report(store, report)
    revision = opened.revision
    # The floor writes as many bytes as the newest revision file holds.
    newest = max((store.root / opened.draft_id).glob("rev-*.brw"))
    data = newest.read_bytes()
    floor_path = settings.work / "autosave-floor.bin"

    def save() -> None:
        nonlocal revision
        revision = save_report(store, opened.draft_id, report, base_revision=revision)

    repeat = settings.reps(60, 3)
    subject: list[float] = []
    floor: list[float] = []
    # 60 saves also cross the store's pruning threshold, whose cost belongs in the figure.
    for _ in range(repeat):
        subject += time_calls(save, 1, warmup=0)
        floor += time_calls(lambda: atomic_write(floor_path, data), 1, warmup=0)
    figure.value = ms(median(subject))
    figure.floor = ms(median(floor))
    figure.floor_label = "write+fsync+rename of the same bytes"
    figure.details = {"revision_bytes": len(data), "samples": repeat, "max_ms": ms(max(subject))}


def profile_save(settings: Settings, figure: Figure) -> str:
    from pyinstrument import Profiler

    from models.draft_store import DraftStore
    from models.drafts import create_report, save_report
    from models.sample import build_maximal

    report = build_maximal()
    store = DraftStore(settings.work / "autosave-profile")
    opened = create_report(store, report)
    revision = opened.revision
    with Profiler(interval=0.0001) as profiler:
        for _ in range(60):
            revision = save_report(store, opened.draft_id, report, base_revision=revision)
    return str(profiler.output_text(unicode=True, color=False))


BENCHMARKS = [
    Benchmark("autosave.save_maximal", "ms", Goal("value", 20.0), measure_save, profile_save,
              "save_report(maximal, base_revision) through DraftStore, median"),
]


def measure_typing_saves(settings: Settings, figure: Figure) -> None:
    require("gui.app", "gui.main_window")
    result = keys_run(settings)
    figure.value = float(result["saves_during_typing"])
    figure.details = {
        "keys": 50, "burst_ms": ms(result["burst_s"]), "max_gap_ms": ms(result["max_gap_s"]),
        "debounce_ms": result["debounce_ms"], "saves_after_debounce": result["saves_after_debounce"],
        "first_save_after_last_key_ms": result["first_save_after_last_key_ms"],
        "callers": result["save_callers_during_typing"],
    }
    if result["saves_after_debounce"] != 1:
        figure.notes.append(f"{result['saves_after_debounce']} saves once typing stopped (expected exactly 1)")
    if result["max_gap_s"] * 1000 >= result["debounce_ms"]:
        figure.notes.append("keys were not typed faster than the debounce: the check proves nothing this run")


BENCHMARKS += [
    Benchmark("autosave.saves_during_typing", "saves", Goal("equal", 0), measure_typing_saves, None,
              "DraftStore.save calls during 50 key presses typed faster than the debounce"),
]
