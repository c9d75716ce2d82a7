"""``benchmarks/run.py --quick`` still works: every figure is measured or says why it is not available.

Timings are not asserted (CI machines are shared and noisy); behaviour is: the run exits 0, writes
JSON with every declared figure, each with a number or an explicit reason, and a crashing benchmark
makes the run exit non-zero.
"""

from __future__ import annotations

import json
import subprocess
import sys
import types
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
VERDICTS = {"ok", "miss", "info", "not available"}


def declared_figures() -> list[str]:
    from benchmarks.run import all_benchmarks

    return [bench.name for bench in all_benchmarks(None)]


@pytest.mark.slow
def test_quick_run_reports_every_figure(tmp_path: Path) -> None:
    out = tmp_path / "results.json"
    proc = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "run.py"), "--quick", "--json", str(out)],
                          cwd=ROOT, capture_output=True, text=True, timeout=240, check=False)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["meta"]["mode"] == "quick"
    figures = doc["figures"]
    assert sorted(figures) == sorted(declared_figures())
    for name, figure in figures.items():
        assert figure["verdict"] in VERDICTS, (name, figure["verdict"], figure["reason"])
        if figure["verdict"] == "not available":
            assert figure["value"] is None and figure["reason"].strip(), name
        else:
            assert isinstance(figure["value"], (int, float)), name
            assert figure["goal"], name
        if figure["goal_kind"] == "ratio" and figure["value"] is not None:
            assert isinstance(figure["floor"], (int, float)) and figure["floor"] > 0, name
    # The table on stdout names every figure too.
    for name in figures:
        assert name in proc.stdout


def _fake_group(monkeypatch: pytest.MonkeyPatch, measure: object) -> None:
    from benchmarks import run
    from benchmarks.common import Goal
    from benchmarks.registry import Benchmark

    group = types.SimpleNamespace(BENCHMARKS=[Benchmark("fake.figure", "ms", Goal("value", 1.0), measure)])  # type: ignore[arg-type]
    monkeypatch.setattr(run, "MODULES", {"fake": group})


def test_a_crashing_benchmark_fails_the_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from benchmarks import run

    def crash(settings: object, figure: object) -> None:
        raise ZeroDivisionError("boom")

    _fake_group(monkeypatch, crash)
    assert run.main(["--quick", "--offscreen", "--json", str(tmp_path / "r.json")]) == 1
    figure = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["figures"]["fake.figure"]
    assert figure["verdict"] == "error" and "ZeroDivisionError" in figure["reason"]


def test_missed_goals_and_missing_code_do_not_fail_the_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from benchmarks import run
    from benchmarks.common import NotAvailable

    def slow(settings: object, figure: types.SimpleNamespace) -> None:
        figure.value = 5.0  # misses its 1 ms goal

    _fake_group(monkeypatch, slow)
    assert run.main(["--quick", "--offscreen", "--json", str(tmp_path / "r.json")]) == 0
    assert json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["figures"]["fake.figure"]["verdict"] == "miss"

    def missing(settings: object, figure: object) -> None:
        raise NotAvailable("exporters.api not in the repository yet")

    _fake_group(monkeypatch, missing)
    assert run.main(["--quick", "--offscreen", "--json", str(tmp_path / "r.json")]) == 0
    figure = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["figures"]["fake.figure"]
    assert figure["verdict"] == "not available" and "exporters.api" in figure["reason"]
