"""Word import and ``check`` figures (issue 11): the whole-process check of a report against a bare
python-docx reader, an in-process import of a 30-page report, and a folder of reports in one call."""

from __future__ import annotations

import shutil
from pathlib import Path

from benchmarks.common import Figure, Goal, median, ms, read_profile, require, run_child
from benchmarks.registry import Benchmark, Settings

FOLDER_FILES = 200


def _report(settings: Settings) -> Path:
    """The sample report as our exporter writes it (about 4 pages of text plus the annex)."""
    path = settings.work / "report.docx"
    if not path.exists():
        from exporters.api import export_report
        from models.sample import build_sample

        export_report(build_sample(), docx=path, xlsx=None)
    return path


def _long_report(settings: Settings) -> Path:
    """A 30-page report: the sample with every narrative written out at length (about 21,000 characters)."""
    path = settings.work / "report-30-pages.docx"
    if not path.exists():
        from exporters.api import export_report
        from models.fields import FIELDS, Kind
        from models.sample import build_sample

        report = build_sample()
        narratives = [f.key for f in FIELDS if f.kind is Kind.NARRATIVE and report.text(f.key)]
        per_field = 30 * 700 // len(narratives)
        for key in narratives:
            text = report.text(key)
            paragraphs = [text]
            while sum(len(p) for p in paragraphs) < per_field:
                paragraphs.append(f"在此基础上，本局第{len(paragraphs)}项工作按计划推进，" + text[:120])
            report.values[key] = "\n".join(paragraphs)
        report.generated.clear()
        export_report(report, docx=path, xlsx=None)
    return path


def _check_args(path: Path) -> list[str]:
    return ["-m", "exporters.cli", "check", str(path)]


def measure_check_process(settings: Settings, figure: Figure) -> None:
    require("importers")
    report = _report(settings)
    args, floor_args = _check_args(report), ["benchmarks/bare_read.py", str(report)]
    run_child(args, expect_result=False)
    run_child(floor_args, expect_result=False)
    subject: list[float] = []
    floor: list[float] = []
    for _ in range(settings.reps(7, 1)):  # interleaved
        floor.append(run_child(floor_args, expect_result=False).wall)
        subject.append(run_child(args, expect_result=False).wall)
    figure.value, figure.floor = ms(median(subject)), ms(median(floor))
    figure.floor_label = "bare python-docx script opening the file and walking every paragraph and cell"
    figure.details = {"cli_ms": [ms(s) for s in subject], "floor_ms": [ms(s) for s in floor]}


def profile_check_process(settings: Settings, figure: Figure) -> str:
    return read_profile("import.check_process", lambda out: run_child(
        ["-m", "pyinstrument", "--interval", "0.0005", "-r", "text", "-o", out, *_check_args(_report(settings))],
        expect_result=False))


def _inproc(settings: Settings, profile_to: str | None = None) -> dict[str, object]:
    env = {"BENCH_PROFILE": profile_to} if profile_to else None
    return run_child(["benchmarks/import_child.py", "inproc", str(_long_report(settings)), str(settings.reps(9, 1))],
                     env=env, timeout=300).result


def measure_inproc(settings: Settings, figure: Figure) -> None:
    require("importers")
    result = _inproc(settings)
    samples = result["import_s"]
    assert isinstance(samples, list)
    figure.value = ms(median(samples))
    figure.details = {"samples": len(samples), "mapping_entries": result["mapping_entries"]}


def profile_inproc(settings: Settings, figure: Figure) -> str:
    return read_profile("import.in_process_30_pages", lambda out: _inproc(settings, out))


def _folder(settings: Settings, count: int) -> Path:
    folder = settings.work / f"folder-{count}"
    if not folder.exists():
        folder.mkdir()
        report = _report(settings)
        for index in range(count):
            shutil.copyfile(report, folder / f"单位{index:05d}.docx")
    return folder


def _check_folder(settings: Settings, count: int, jobs: int) -> dict[str, float]:
    out = settings.work / f"summary-{count}-{jobs}.xlsx"
    return run_child(["benchmarks/import_child.py", "folder", str(_folder(settings, count)), str(jobs), str(out)],
                     timeout=1200).result


def _folder_runs(settings: Settings) -> dict[str, dict[str, float]]:
    """One set of runs shared by the three folder figures (each check of 200 reports takes a while)."""
    if "folder" not in settings.cache:
        count = 8 if settings.quick else FOLDER_FILES
        settings.cache["folder"] = {
            "count": count,
            "one": run_child(_check_args(_report(settings)), expect_result=False).wall,
            "jobs1": _check_folder(settings, count, 1),
            "jobs2": _check_folder(settings, count, 2),
            "small": _check_folder(settings, max(count // 4, 2), 2),
        }
    return settings.cache["folder"]


def measure_folder_per_report(settings: Settings, figure: Figure) -> None:
    require("importers")
    runs = _folder_runs(settings)
    count = runs["count"]
    figure.value = ms(runs["jobs2"]["wall_s"] / count)
    figure.floor = ms(runs["one"])
    figure.floor_label = "one whole-process check of one report"
    figure.details = {"files": count, "jobs": 2, "total_s": round(runs["jobs2"]["wall_s"], 2)}


def measure_folder_jobs(settings: Settings, figure: Figure) -> None:
    require("importers")
    runs = _folder_runs(settings)
    figure.value = ms(runs["jobs2"]["wall_s"])
    figure.floor = ms(runs["jobs1"]["wall_s"])
    figure.floor_label = "the same folder with --jobs 1"
    figure.details = {"files": runs["count"], "speed-up": round(runs["jobs1"]["wall_s"] / runs["jobs2"]["wall_s"], 2)}


def measure_folder_memory(settings: Settings, figure: Figure) -> None:
    require("importers")
    runs = _folder_runs(settings)
    big, small = runs["jobs2"], runs["small"]
    figure.value = round(max(big["self_rss_kib"], big["worker_rss_kib"]) / 1024, 1)
    figure.floor = round(max(small["self_rss_kib"], small["worker_rss_kib"]) / 1024, 1)
    figure.floor_label = f"the same check of a quarter of the files ({max(runs['count'] // 4, 2)})"
    figure.details = {"files": runs["count"], "parent_mib": round(big["self_rss_kib"] / 1024, 1),
                      "largest_worker_mib": round(big["worker_rss_kib"] / 1024, 1)}


BENCHMARKS = [
    Benchmark("import.check_process", "ms", Goal("ratio", 1.5), measure_check_process, profile_check_process,
              "python -m exporters.cli check report.docx (the sample as exported), whole process"),
    Benchmark("import.in_process_30_pages", "ms", Goal("value", 300.0), measure_inproc, profile_inproc,
              "import_report + validate of a 30-page report in a warm process, median"),
    Benchmark("import.folder_per_report", "ms", Goal("ratio", 0.25), measure_folder_per_report,
              description="check FOLDER (200 reports) --jobs 2: time per report against one whole-process check"),
    Benchmark("import.folder_jobs2", "ms", Goal("ratio", 0.625), measure_folder_jobs,
              description="check FOLDER --jobs 2 against --jobs 1 (≤ 0.625 means at least 1.6× faster)"),
    Benchmark("import.folder_memory", "MiB", Goal("ratio", 1.2), measure_folder_memory,
              description="peak RSS (parent or largest worker) of check FOLDER: 200 files against 50"),
]
