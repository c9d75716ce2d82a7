"""``budget-report-cli new-year LAST OUT.json [--year Y]``: this year's draft from last year's report.

LAST is a draft file, the id of a draft stored on this PC (or its first characters), or last year's
Word report. Exit 0 written; 2 when LAST cannot be read or OUT cannot be written (one Chinese line).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from models.argparse_zh import whole_number
from models.console import say

EXIT_OK, EXIT_INPUT = 0, 2


def add_parser(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "new-year", help="从上年报告开始本年的草稿：沿用单位信息，年度顺延，清空本年数字，文字标为待核对",
        description="从上年的草稿文件、本机草稿编号或上年的 Word 报告，生成本年度的草稿文件。上年的金额和人数作为"
                    "“上年数”保存在草稿中；带过来的文字说明标为“上年内容”，修改或确认“已核对”后才能正式导出。")
    p.add_argument("last", metavar="上年报告", help="上年的草稿文件（.json）、本机草稿编号，或上年的 Word 报告（.docx/.doc）")
    p.add_argument("out", metavar="本年草稿.json", help="写出的本年草稿文件")
    p.add_argument("--year", metavar="年度", type=whole_number, help="本年评价年度（默认：上年 + 1）")
    p.set_defaults(handler=run_new_year)


def run_new_year(args: argparse.Namespace) -> int:
    from models.atomic import atomic_write_bytes
    from models.carry_forward import CarryError, carry_summary, next_year
    from models.draft_format import dumps, portable_dict

    from .last_year import LastYearError, read_last_year

    try:
        last = read_last_year(args.last)
        report = next_year(last.report, args.year)
    except (LastYearError, CarryError) as exc:
        say(f"错误：{exc}", err=True)
        return EXIT_INPUT
    data = portable_dict(report)
    data["meta"]["carried_from"] = last.source
    out = Path(args.out)
    try:
        atomic_write_bytes(out, dumps(data, indent=1))
    except OSError as exc:
        say(f"错误：无法写入「{out}」（{exc.strerror or exc}）", err=True)
        return EXIT_INPUT
    for note in last.notes:  # what was read from last year's Word report, and from where
        say(f"上年报告：{note}")
    say(f"已从{last.source}生成 {report.title()} 的草稿：{out}")
    for line in carry_summary(report):
        say(line)
    return EXIT_OK
