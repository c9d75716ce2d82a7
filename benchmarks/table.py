"""The table printed at the end of a run, and the JSON written beside it."""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import sys
import unicodedata
from pathlib import Path
from typing import Any

from benchmarks.common import Figure

COUNT_UNITS = ("modules", "saves", "refs")


def _fmt(value: float | None, unit: str) -> str:
    """Counts as integers (one decimal when fractional), times with 2 decimals, sizes with 1."""
    if value is None:
        return "—"
    if unit in COUNT_UNITS:
        text = f"{value:.0f}" if value == int(value) else f"{value:.1f}"
    elif unit == "MiB":
        text = f"{value:.1f}"
    else:
        text = f"{value:.2f}"
    return f"{text} {unit}"


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def rows(figures: list[Figure]) -> list[list[str]]:
    out = [["figure", "value", "floor", "ratio", "goal", "verdict"]]
    for f in figures:
        value = _fmt(f.value, f.unit)
        floor = _fmt(f.floor, f.unit)
        ratio = f"{f.ratio:.2f}" if f.ratio is not None else "—"
        verdict: str = f.verdict
        if f.reason:
            reason = f.reason.removeprefix("not available: ").removeprefix("error: ")
            verdict += f" ({reason.splitlines()[0][:70]})"
        out.append([f.name, value, floor, ratio, f.goal.text(f.unit), verdict])
    return out


def render(figures: list[Figure], markdown: bool = False) -> str:
    table = rows(figures)
    if markdown:
        lines = ["| " + " | ".join(r) + " |" for r in table]
        lines.insert(1, "|" + "---|" * len(table[0]))
        return "\n".join(lines)
    widths = [max(_width(r[i]) for r in table) for i in range(len(table[0]))]
    lines = ["  ".join(_pad(c, w) for c, w in zip(r, widths, strict=True)).rstrip() for r in table]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def machine() -> dict[str, Any]:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {"date": dt.datetime.now().astimezone().isoformat(timespec="seconds"), "nproc": os.cpu_count(),
            "cpu": cpu, "python": sys.version.split()[0], "platform": platform.platform()}


def write_json(path: Path, figures: list[Figure], meta: dict[str, Any]) -> None:
    doc = {"meta": meta, "figures": {f.name: f.as_dict() for f in figures}}
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
