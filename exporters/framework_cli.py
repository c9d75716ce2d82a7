"""``budget-report-cli framework``: take a bureau's 得分表 as this year's framework, list, use one.

- ``framework import FORM.xlsx|FORM.docx OUT.json``: the bureau's table as a framework file, checked
  like the built-in ones and kept in the data folder, so drafts on this PC can use it;
- ``framework list``: the built-in frameworks and those imported on this PC;
- ``framework use DRAFT.json FRAMEWORK``: a draft file switched to a framework (an id or a framework
  file); scores of indicators the new framework does not have are dropped and named.
Exit 0 done, 2 refused (one Chinese line on stderr).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

EXIT_OK, EXIT_FAILED = 0, 2


def add_parser(subparsers: Any) -> None:
    p = subparsers.add_parser("framework", help="评价框架：导入财政局的得分表、列出、给草稿换框架",
                              description="把财政局下发的得分表作为今年的评价框架使用。")
    sub = p.add_subparsers(title="操作", metavar="操作", required=True)
    imp = sub.add_parser("import", help="把财政局的得分表（.xlsx/.docx）导入为评价框架文件",
                         description="把财政局的得分表（.xlsx/.docx）导入为评价框架文件，并保存在本机，供本机的草稿使用。")
    imp.add_argument("form", metavar="得分表", help="财政局的得分表（.xlsx 或 .docx）")
    imp.add_argument("out", metavar="框架.json", help="写出的评价框架文件")
    imp.add_argument("--base", metavar="框架", default=None,
                     help="章节顺序、等级线和指标编号取自哪个框架（默认四川 2017 部门整体）")
    imp.set_defaults(handler=run_import)
    lst = sub.add_parser("list", help="列出内置的和本机导入的评价框架", description="列出内置的和本机导入的评价框架。")
    lst.set_defaults(handler=run_list)
    use = sub.add_parser("use", help="让一个草稿文件使用某个评价框架",
                         description="让一个草稿文件使用某个评价框架；新框架没有的指标，其得分会去掉并列出。")
    use.add_argument("draft_file", metavar="草稿.json", help="草稿文件（改写为使用新框架）")
    use.add_argument("framework", metavar="框架", help="框架编号（framework list 列出），或 framework import 写出的 .json 文件")
    use.set_defaults(handler=run_use)


def _fail(message: str) -> int:
    print(f"错误：{' '.join(str(message).split())}", file=sys.stderr)
    return EXIT_FAILED


def summary(framework: Any) -> str:
    leaves = [n for n in framework.walk() if n.kind == "score"]
    blocks = [n for n in framework.walk() if n.kind == "rows"]
    from .report_view import points_text

    text = (f"「{framework.name}」（{framework.id}）：一级指标 {len(framework.tree)} 个，末级指标 {len(leaves)} 个，"
            f"总分 {points_text(framework.total_points)} 分")
    if blocks:
        text += "，部门自定指标：" + "、".join(f"{b.name}" for b in blocks)
    return text


def run_import(args: argparse.Namespace) -> int:
    from models.atomic import atomic_write_bytes
    from models.frameworks import DEFAULT_FRAMEWORK, FrameworkError, load_framework
    from models.user_frameworks import register, save

    from .errors import ExportError
    from .framework_import import import_framework

    try:
        base = load_framework(args.base or DEFAULT_FRAMEWORK)
        data = import_framework(Path(args.form), base)
        out = Path(args.out)
        atomic_write_bytes(out, (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8"))
        framework = register(data)
        kept = save(data)
    except (ExportError, FrameworkError) as exc:
        return _fail(str(exc))
    except OSError as exc:
        return _fail(f"无法写入 {args.out}：{exc.strerror or exc}")
    print(f"已导入评价框架{summary(framework)}。")
    print(f"已写入：{out}；本机的评价框架中也已保存（{kept.name}），草稿可以选用。")
    return EXIT_OK


def run_list(args: argparse.Namespace) -> int:
    from models.frameworks import builtin_frameworks
    from models.user_frameworks import saved

    for framework in builtin_frameworks():
        print(f"内置  {summary(framework)}")
    for framework in saved():
        print(f"导入  {summary(framework)}")
    return EXIT_OK


def _framework(name: str) -> Any:
    from models.frameworks import FrameworkError, load_framework
    from models.user_frameworks import register

    path = Path(name)
    if path.suffix.lower() == ".json" and path.exists():
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise FrameworkError(f"无法读取评价框架文件 {path.name}：{exc}") from exc
        return register(data)
    return load_framework(name)


def run_use(args: argparse.Namespace) -> int:
    from models.atomic import atomic_write_bytes
    from models.draft_format import DraftFormatError, dumps, portable_dict, read_draft_file
    from models.frameworks import FrameworkError

    try:
        framework = _framework(args.framework)
        path = Path(args.draft_file)
        report = read_draft_file(path)
        dropped = switch_framework(report, framework)
        atomic_write_bytes(path, dumps(portable_dict(report), indent=1))
    except (DraftFormatError, FrameworkError) as exc:
        return _fail(str(exc))
    except OSError as exc:
        return _fail(f"无法写入 {args.draft_file}：{exc.strerror or exc}")
    print(f"草稿 {path.name} 现在使用{summary(framework)}。")
    for line in dropped:
        print(f"提示：{line}", file=sys.stderr)
    return EXIT_OK


def switch_framework(report: Any, framework: Any) -> list[str]:
    """Point ``report`` at ``framework``; returns what could not be carried over, in Chinese."""
    from models.framework_switch import switch

    return switch(report, framework)
