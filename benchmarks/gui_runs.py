"""The GUI children shared by several figures, run once per benchmark run and cached."""

from __future__ import annotations

from typing import Any

from benchmarks.common import run_child
from benchmarks.fixtures import data_folder, fresh_copy
from benchmarks.registry import Settings


def memory_run(settings: Settings) -> dict[str, Any]:
    """Open the maximal draft in the real app and visit every step; peak RSS and a widget census."""
    folder = data_folder(settings)
    return run_child(["benchmarks/gui_child.py", "memory", folder.maximal_id], env=fresh_copy(settings, folder),
                     timeout=180).result


def census(settings: Settings) -> dict[str, Any]:
    """Steps and editable widgets of the real editor with a maximal report: the floors' dimensions."""
    cached = settings.cache.get("census")
    if cached is None:
        cached = memory_run(settings)  # also warms the disk cache before anything is timed
        settings.cache["census"] = cached
    return dict(cached)


def keys_run(settings: Settings, *, profile_to: str | None = None) -> dict[str, Any]:
    """Key clicks in a money field of the maximal draft (offscreen, in-process), cached per run."""
    cached = settings.cache.get("keys")
    if cached is not None and profile_to is None:
        return dict(cached)
    folder = data_folder(settings)
    # In-process key clicks need no window manager; offscreen also keeps focus deterministic.
    env = fresh_copy(settings, folder) | {"QT_QPA_PLATFORM": "offscreen"}
    if profile_to:
        env["BENCH_PROFILE"] = profile_to
    count = settings.reps(200, 10)
    result = run_child(["benchmarks/gui_child.py", "keys", folder.maximal_id, str(count)], env=env,
                       timeout=300).result
    if profile_to is None:
        settings.cache["keys"] = result
    return dict(result)
