"""What every benchmark module shares: the figure record, timing helpers and the child-process protocol.

The machine is shared and noisy, so a figure is either a ratio against a floor measured in the same
run, a machine-independent count, or an absolute time that is far below its goal. Subjects and floors
are measured interleaved (ABAB…) so a burst of load from a neighbour hits both.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal

from benchmarks.childlib import RESULT_TAG, UNAVAILABLE_TAG, module_present

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "benchmarks"
PROFILE_DIR = BENCH_DIR / "profiles"
PYTHON = sys.executable

Verdict = Literal["ok", "miss", "info", "not available", "error"]
GoalKind = Literal["ratio", "value", "equal", "none"]


class NotAvailable(Exception):
    """The code a figure measures has not landed yet (or cannot run here); the reason is shown."""


class BenchmarkCrash(Exception):
    """A benchmark (or the code it drives) failed: the run reports it and exits non-zero."""


@dataclass(frozen=True)
class Goal:
    """``ratio``: ratio <= limit; ``value``: value <= limit; ``equal``: value == limit; ``none``: context only."""

    kind: GoalKind
    limit: float = 0.0

    def text(self, unit: str) -> str:
        if self.kind == "ratio":
            return f"ratio ≤ {self.limit:g}"
        if self.kind == "value":
            return f"≤ {self.limit:g} {unit}".rstrip()
        if self.kind == "equal":
            return f"= {self.limit:g}"
        return "—"


@dataclass
class Figure:
    """One row of the table and of the JSON file."""

    name: str
    unit: str
    goal: Goal
    value: float | None = None
    floor: float | None = None
    floor_label: str = ""
    reason: str = ""  # why the figure is "not available" or "error"
    notes: list[str] = field(default_factory=list)
    details: dict[str, Any] = field(default_factory=dict)
    profile: str = ""  # path of the profile written when the goal was missed

    @property
    def ratio(self) -> float | None:
        if self.value is None or not self.floor:
            return None
        return self.value / self.floor

    @property
    def verdict(self) -> Verdict:
        if self.reason:
            return "error" if self.reason.startswith("error:") else "not available"
        if self.value is None:
            return "not available"
        if self.goal.kind == "none":
            return "info"
        if self.goal.kind == "ratio":
            ratio = self.ratio
            return "ok" if ratio is not None and ratio <= self.goal.limit else "miss"
        if self.goal.kind == "equal":
            return "ok" if self.value == self.goal.limit else "miss"
        return "ok" if self.value <= self.goal.limit else "miss"

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["goal"] = self.goal.text(self.unit)
        data["goal_kind"] = self.goal.kind
        data["goal_limit"] = self.goal.limit
        data["ratio"] = self.ratio
        data["verdict"] = self.verdict
        if self.value is None and not self.reason:
            data["reason"] = "not measured"
        return data


def unavailable(figure: Figure, reason: str) -> Figure:
    figure.reason = reason
    return figure


# ------------------------------------------------------------------ timing


def median(values: Sequence[float]) -> float:
    return float(statistics.median(values))


def time_calls(fn: Callable[[], object], repeat: int, warmup: int = 1) -> list[float]:
    """Seconds per call, ``repeat`` samples after ``warmup`` untimed calls."""
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return samples


def ms(seconds: float) -> float:
    return round(seconds * 1000.0, 3)


# ------------------------------------------------------------------ availability


def require(*modules: str) -> None:
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    missing = [m for m in modules if not module_present(m)]
    if missing:
        raise NotAvailable(f"{', '.join(missing)} not in the repository yet")


# ------------------------------------------------------------------ child processes


def child_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    """The environment of a benchmark child: the repository first on the path, no user data touched."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    # An installed app starts from bytecode (pip compiles it); without .pyc files every start would
    # recompile the project's modules, and the app has far more of them than the floor. The first
    # (untimed) child writes them.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.update(extra or {})
    return env


def die_with_parent() -> None:
    """In a child between fork and exec (Linux): get SIGTERM when the runner dies.

    A runner killed from outside (a CI or tool timeout) must not leave a GUI child or our Xvfb behind.
    """
    import ctypes
    import signal

    pr_set_pdeathsig = 1
    ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGTERM)


def child_preexec() -> Callable[[], None] | None:
    return die_with_parent if sys.platform.startswith("linux") else None


@dataclass
class ChildRun:
    result: dict[str, Any]
    stdout: str
    wall: float  # seconds from just before the spawn to the child's exit
    started: float  # the parent's perf_counter just before the spawn (CLOCK_MONOTONIC on Linux)


def run_child(args: Sequence[str], *, env: dict[str, str] | None = None, timeout: float = 120.0,
              cwd: Path | None = None, expect_result: bool = True) -> ChildRun:
    """Run ``python args…``; parse its ``BENCH_RESULT {json}`` line.

    The child may print ``BENCH_UNAVAILABLE reason`` to say the code it measures is missing. Any other
    failure (non-zero exit, no result line, timeout) is a crash of the benchmark.
    """
    environment = child_env(env)
    started = time.perf_counter()
    environment["BENCH_T0"] = repr(started)
    try:
        proc = subprocess.run([PYTHON, *args], env=environment, cwd=cwd or ROOT, capture_output=True,
                              text=True, timeout=timeout, check=False, preexec_fn=child_preexec())
    except subprocess.TimeoutExpired as exc:
        raise BenchmarkCrash(f"{' '.join(args)} timed out after {timeout:g} s") from exc
    wall = time.perf_counter() - started
    result: dict[str, Any] | None = None
    for line in proc.stdout.splitlines():
        if line.startswith(UNAVAILABLE_TAG):
            raise NotAvailable(line[len(UNAVAILABLE_TAG):].strip())
        if line.startswith(RESULT_TAG):
            result = json.loads(line[len(RESULT_TAG):])
    if proc.returncode != 0 or (expect_result and result is None):
        tail = "\n".join((proc.stderr or proc.stdout).strip().splitlines()[-12:])
        raise BenchmarkCrash(f"{' '.join(str(a) for a in args)} exited {proc.returncode}:\n{tail}")
    return ChildRun(result or {}, proc.stdout, wall, started)


def read_profile(name: str, produce: Callable[[str], object]) -> str:
    """Let ``produce`` write a pyinstrument report to a scratch file in profiles/, return its text."""
    out = PROFILE_DIR / f"{name}.raw.txt"
    PROFILE_DIR.mkdir(parents=True, exist_ok=True)
    produce(str(out))
    text = out.read_text(encoding="utf-8")
    out.unlink()
    return text
