"""``budget-report-cli export``: a draft file to .docx and .xlsx.

Exit codes: 0 exported; 1 the draft has errors that block a final export (``--draft`` exports anyway,
marked 草稿); 2 unreadable draft, bad template or unwritable output. One Chinese line on stderr each.
The office libraries are imported only when the command runs, so the CLI starts fast.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

EXIT_OK, EXIT_BLOCKED, EXIT_FAILED = 0, 1, 2


def add_parser(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "export", help="把草稿导出为 Word 报告（.docx）和 Excel 得分表（.xlsx）",
        description="导出报告。不指定 --docx 和 --xlsx 时，两个文件都写在草稿文件旁边，文件名按单位名称和年度生成。")
    p.add_argument("draft_file", metavar="草稿.json", help="草稿文件")
    p.add_argument("--docx", metavar="报告.docx", help="Word 报告的文件名")
    p.add_argument("--xlsx", metavar="得分表.xlsx", help="Excel 得分表的文件名")
    p.add_argument("--template", metavar="模板", nargs="+", action="extend", default=[],
                   help="财政局的 Word（.docx）和/或 Excel（.xlsx）模板")
    p.add_argument("--draft", action="store_true", help="报告还有错误时也导出，标为“草稿”")
    p.add_argument("--unit", choices=("元", "万元"), help="金额单位（默认用草稿中的设置）")
    p.add_argument("--fonts", choices=("gbt", "windows"), default="gbt",
                   help="gbt：仿宋_GB2312 等国标字体名；windows：Windows 自带的仿宋、楷体、黑体、宋体")
    p.add_argument("--date", choices=("arabic", "chinese"), default="arabic",
                   help="arabic：2026年3月20日；chinese：二〇二六年三月二十日")
    p.add_argument("--no-cover", action="store_true", help="不要单独的封面页：标题放在正文第一页")
    p.add_argument("--seal", action="store_true", help="落款按加盖印章排版，并留出“（盖章）”位置")
    p.add_argument("--sign-lines", action="store_true", help="落款下方打印“填报人”“审核人”栏（未填时留空手写）")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from models.console import say
    from models.draft_format import DraftFormatError, read_draft_file
    from models.money import Unit

    from .api import BlockedError, ExportError, ExportSettings, default_paths, export_report
    from .settings import DateStyle, FontScheme
    from .template_check import template_kind

    try:
        draft_path = Path(args.draft_file)
        report = read_draft_file(draft_path)
        templates: dict[str, Path] = {}
        for name in args.template:
            path = Path(name)
            kind = template_kind(path)
            if kind in templates:
                raise ExportError(f"给了两个 {kind} 模板：{templates[kind].name} 和 {path.name}，只能用一个。")
            templates[kind] = path
        docx = Path(args.docx) if args.docx else None
        xlsx = Path(args.xlsx) if args.xlsx else None
        if docx is None and xlsx is None:
            docx, xlsx = default_paths(report, draft_path.resolve().parent, draft=args.draft)
        settings = ExportSettings(fonts=FontScheme(args.fonts), dates=DateStyle(args.date),
                                  unit=Unit(args.unit) if args.unit else None, cover=not args.no_cover,
                                  seal=args.seal, sign_lines=args.sign_lines)
        result = export_report(report, docx=docx, xlsx=xlsx, settings=settings, draft=args.draft,
                               docx_template=templates.get("docx"), xlsx_template=templates.get("xlsx"))
    except BlockedError as exc:
        say(f"错误：{exc}（加 --draft 可导出标有“草稿”的文件）", err=True)
        return EXIT_BLOCKED
    except (ExportError, DraftFormatError) as exc:
        say(f"错误：{exc}", err=True)
        return EXIT_FAILED
    for path in result.paths:
        say(f"已导出{'（草稿）' if result.draft else ''}：{path}")
    for mapping in result.mappings:
        for line in mapping.lines():
            say(line)
    for note in result.notes:
        say(f"提示：{note}", err=True)
    return EXIT_OK
