"""``budget-report-cli import-report`` and ``check``. Never imports Qt.

import-report FILE OUT.json: a Word report to a portable draft, printing the mapping. Exit 0, or 2
when the file cannot be read (one Chinese line on stderr).

check PATH... [--json] [--summary OUT.xlsx] [--jobs N]: drafts and Word reports, or folders of them.
One file: its findings. Several: progress on stderr and, with --summary, one workbook. Exit 0 when no
file has errors, 1 when some have, 2 when some could not be read (the others are still checked).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

from models.argparse_zh import whole_number

EXIT_OK, EXIT_ERRORS, EXIT_INPUT = 0, 1, 2


def add_parser(subparsers: Any) -> None:
    p = subparsers.add_parser("import-report", help="把 Word 自评报告（.docx/.doc）读成草稿文件，并列出每项内容的来源",
                              description="读取 Word 报告，写出草稿文件（JSON），并列出每项内容取自文件的哪一段、哪个单元格。")
    p.add_argument("file", metavar="Word报告", help="Word 报告（.docx、.doc、.wps）")
    p.add_argument("out", metavar="草稿.json", help="写出的草稿文件")
    p.set_defaults(handler=run_import)
    p = subparsers.add_parser("check", help="检查草稿或 Word 报告（可以是整个文件夹），可汇总成一个 Excel 表",
                              description="检查草稿文件（.json）和 Word 报告（.docx/.doc），或文件夹中的全部报告。")
    p.add_argument("paths", metavar="路径", nargs="+", help="草稿、Word 报告或文件夹")
    p.add_argument("--json", action="store_true", help="以 JSON 数组输出全部问题")
    p.add_argument("--summary", metavar="汇总表.xlsx", help="汇总表：每个文件一行，另有全部问题和无法读取的文件")
    p.add_argument("--jobs", metavar="进程数", type=whole_number, default=0, help="同时检查的进程数（默认：全部 CPU 核）")
    p.set_defaults(handler=run_check)


def run_import(args: argparse.Namespace) -> int:
    from models.atomic import atomic_write_bytes
    from models.draft_format import dumps, portable_dict

    from . import ImportFailure, import_report
    from .check import located_findings
    from .result import draft_report

    try:
        result = import_report(Path(args.file))
    except ImportFailure as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return EXIT_INPUT
    report = draft_report(result)
    data = portable_dict(report, title=report.title())
    data["meta"]["imported_from"] = Path(args.file).name
    out = Path(args.out)
    try:
        atomic_write_bytes(out, dumps(data, indent=1))
    except OSError as exc:
        print(f"错误：无法写入「{out}」（{exc.strerror or exc}）", file=sys.stderr)
        return EXIT_INPUT
    print(f"已读取「{Path(args.file).name}」" + (f"（由 {result.converted_from} 格式转换）" if result.converted_from else "")
          + f"；评价框架：{result.framework_note}。")
    for line in result.summary_lines():
        print(line)
    findings = located_findings(result)
    errors = sum(1 for f in findings if f.finding.severity.value == "error")
    warnings = sum(1 for f in findings if f.finding.severity.value == "warning")
    print(f"已写入草稿：{out}（检查发现 {errors} 个错误、{warnings} 个提醒，可用 check 命令查看）")
    return EXIT_OK


def run_check(args: argparse.Namespace) -> int:
    import multiprocessing

    from .batch import Progress, SummaryBook, check_all, find_files
    from .check import FileCheck, check_file

    multiprocessing.freeze_support()
    paths = [Path(p) for p in args.paths]
    single = len(paths) == 1 and not paths[0].is_dir()
    if single and not args.summary:
        return _check_one(check_file(str(paths[0])), as_json=args.json)
    jobs = args.jobs if args.jobs and args.jobs > 0 else (os.cpu_count() or 1)
    book = SummaryBook() if args.summary else None
    progress = Progress()
    state = {"errors": False, "unreadable": False, "first": True}
    if args.json:
        sys.stdout.write("[")

    def on_result(result: FileCheck) -> None:
        progress.add(result)
        state["errors"] |= result.errors > 0
        state["unreadable"] |= bool(result.unreadable)
        if book is not None:
            book.add(result)
        if args.json:
            for item in _json_items(result):
                sys.stdout.write(("\n" if state["first"] else ",\n") + json.dumps(item, ensure_ascii=False))
                state["first"] = False
        elif result.unreadable:
            print(f"无法读取：{result.unreadable}")
        else:
            print(f"{result.path}：{result.unit or '（未写单位）'} {result.year} 得分 {result.score or '—'} "
                  f"{result.grade}，错误 {result.errors} 个，提醒 {result.warnings} 个")
        sys.stdout.flush()

    check_all(find_files(paths), jobs, on_result)
    if args.json:
        sys.stdout.write("\n]\n")
    progress.finish()
    if book is not None:
        out = Path(args.summary)
        try:
            book.save(out)
        except OSError as exc:
            print(f"错误：无法写入汇总表「{out}」（{exc.strerror or exc}）", file=sys.stderr)
            return EXIT_INPUT
        print(f"已写入汇总表：{out}", file=sys.stderr)
    if progress.count == 0:
        print("错误：没有找到可以检查的文件（.json、.docx、.doc、.wps）。", file=sys.stderr)
        return EXIT_INPUT
    return EXIT_INPUT if state["unreadable"] else EXIT_ERRORS if state["errors"] else EXIT_OK


def _json_items(result: Any) -> list[dict[str, str]]:
    if result.unreadable:
        return [{"file": result.path, "rule": "file.unreadable", "severity": "error", "field": "",
                 "message": result.unreadable, "location": ""}]
    return [{"file": result.path, **{k: v for k, v in f.items() if k != "fields"}} for f in result.findings]


def _check_one(result: Any, *, as_json: bool) -> int:
    if result.unreadable:
        print(f"错误：{result.unreadable}", file=sys.stderr)
        return EXIT_INPUT
    if as_json:
        print(json.dumps([{k: v for k, v in f.items() if k != "fields"} for f in result.findings],
                         ensure_ascii=False, indent=1))
    else:
        labels = {"error": "错误", "warning": "提醒", "info": "提示"}
        for f in result.findings:
            where = f"（{f['location']}）" if f.get("location") else ""
            print(f"{labels.get(f['severity'], '')} [{f['rule']}]{where} {f['message']}")
        head = f"{result.unit or '（未写单位）'} {result.year}：自评得分 {result.score or '—'} {result.grade}；"
        print(head + (f"错误 {result.errors} 个，提醒 {result.warnings} 个。" if result.findings else "没有发现问题。"))
    return EXIT_ERRORS if result.errors else EXIT_OK
