"""How a figure is declared: its name, unit, goal, the function that measures it and an optional profiler."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from benchmarks.common import Figure, Goal


@dataclass
class Settings:
    quick: bool
    gui_env: dict[str, str]
    work: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="brw-bench-")))
    # Results shared by figures measured in one child (the keystroke child also counts autosaves).
    cache: dict[str, Any] = field(default_factory=dict)

    def reps(self, full: int, quick: int = 1) -> int:
        return quick if self.quick else full


Measure = Callable[[Settings, Figure], None]
Profile = Callable[[Settings, Figure], str]


@dataclass(frozen=True)
class Benchmark:
    name: str
    unit: str
    goal: Goal
    measure: Measure
    profile: Profile | None = None  # pyinstrument text of where the time goes, run on a miss
    description: str = ""

    def new_figure(self) -> Figure:
        return Figure(self.name, self.unit, self.goal)
