"""Export figures: the whole ``budget-report-cli export`` process against a bare python-docx + openpyxl
script writing the same content, and an in-process export of a maximal report."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from benchmarks.childlib import module_present
from benchmarks.common import Figure, Goal, median, ms, read_profile, require, run_child
from benchmarks.content import content_of
from benchmarks.registry import Benchmark, Settings


def _sample_draft(settings: Settings) -> Path:
    path = settings.work / "sample.json"
    if not path.exists():  # what `budget-report-cli sample` writes
        from models.atomic import atomic_write_bytes
        from models.draft_format import dumps, portable_dict
        from models.sample import build_sample

        atomic_write_bytes(path, dumps(portable_dict(build_sample(), title="示例草稿"), indent=1))
    return path


def _cli_args(settings: Settings, tag: str) -> tuple[list[str], Path, Path]:
    out = settings.work / "export-process"
    out.mkdir(exist_ok=True)
    docx, xlsx = out / f"{tag}.docx", out / f"{tag}.xlsx"
    draft = str(_sample_draft(settings))
    if module_present("exporters.export_cli"):
        args = ["-m", "exporters.cli", "export", draft, "--docx", str(docx), "--xlsx", str(xlsx)]
    else:  # the CLI's export command has not landed: the same work through exporters.api
        args = ["benchmarks/export_script.py", draft, str(docx), str(xlsx)]
    return args, docx, xlsx


def _content_file(settings: Settings, name: str, docx: Path, xlsx: Path) -> tuple[Path, dict[str, int]]:
    content = content_of(docx, xlsx)
    path = settings.work / f"{name}-content.json"
    path.write_text(json.dumps(content, ensure_ascii=False), encoding="utf-8")
    return path, content["counts"]


def measure_process(settings: Settings, figure: Figure) -> None:
    require("exporters.api")
    args, docx, xlsx = _cli_args(settings, "cli")
    run_child(args, expect_result=False, timeout=180)  # warm-up; its output defines the floor's content
    content, counts = _content_file(settings, "sample", docx, xlsx)
    floor_args = ["benchmarks/bare_export.py", str(content), str(docx.with_name("floor.docx")),
                  str(xlsx.with_name("floor.xlsx"))]
    run_child(floor_args, expect_result=False)
    subject: list[float] = []
    floor: list[float] = []
    for _ in range(settings.reps(7, 1)):  # interleaved
        floor.append(run_child(floor_args, expect_result=False).wall)
        subject.append(run_child(args, expect_result=False, timeout=180).wall)
    figure.value = ms(median(subject))
    figure.floor = ms(median(floor))
    figure.floor_label = "bare python-docx + openpyxl script writing the same paragraphs, tables and cells"
    command = "python -m exporters.cli export" if args[0] == "-m" else "python benchmarks/export_script.py"
    figure.details = {"command": command, "content": counts, "cli_ms": [ms(s) for s in subject], "floor_ms": [ms(s) for s in floor]}


def profile_process(settings: Settings, figure: Figure) -> str:
    args, _docx, _xlsx = _cli_args(settings, "profile")
    # pyinstrument runs the module (or script) as __main__, like python does.
    return read_profile("export.process", lambda out: run_child(
        ["-m", "pyinstrument", "--interval", "0.0005", "-r", "text", "-o", out, *args],
        expect_result=False, timeout=180))


def _inproc(settings: Settings, profile_to: str | None = None) -> dict[str, Any]:
    env = {"BENCH_PROFILE": profile_to} if profile_to else None
    out = settings.work / "export-inproc"
    return run_child(["benchmarks/export_child.py", "inproc", str(out), str(settings.reps(15, 2))], env=env,
                     timeout=300).result


def measure_inproc(settings: Settings, figure: Figure) -> None:
    require("exporters.api")
    result = _inproc(settings)
    docx, xlsx = Path(result["docx"]), Path(result["xlsx"])
    content, counts = _content_file(settings, "maximal", docx, xlsx)
    floor = run_child(["benchmarks/bare_export.py", str(content), str(docx.with_name("floor.docx")),
                       str(xlsx.with_name("floor.xlsx")), "--repeat", str(settings.reps(15, 2))]).result
    figure.value = ms(median(result["export_s"]))
    figure.floor = ms(median(floor["write_s"]))
    figure.floor_label = "bare python-docx + openpyxl writing the same content in-process (context)"
    figure.details = {"first_export_ms": ms(result["first_s"]), "samples": len(result["export_s"]),
                      "content": counts}


def profile_inproc(settings: Settings, figure: Figure) -> str:
    return read_profile("export.in_process_maximal", lambda out: _inproc(settings, out))


BENCHMARKS = [
    Benchmark("export.process", "ms", Goal("ratio", 1.5), measure_process, profile_process,
              "python -m exporters.cli export sample.json --docx --xlsx, whole process"),
    Benchmark("export.in_process_maximal", "ms", Goal("value", 300.0), measure_inproc, profile_inproc,
              "exporters.api.export_report(build_maximal()) in a warm process, median"),
]
