"""Command-line commands over the model: sample, validate, drafts. Never imports Qt.

Exit codes: 0 success (validate: no errors); 1 validate found errors; 2 input could not be read or
output could not be written — always one clear Chinese line on stderr, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from .argparse_zh import ChineseArgumentParser
from .console import prepare_streams, say
from .draft_errors import describe_os_error
from .draft_format import DraftFormatError, dumps, read_draft_file, report_to_dict
from .draft_store import DraftStore, DraftStoreError
from .findings import Severity

EXIT_OK, EXIT_ERRORS, EXIT_INPUT = 0, 1, 2


class CliError(Exception):
    """A problem to report in one line with exit code 2."""


def cmd_sample(args: argparse.Namespace) -> int:
    from .atomic import atomic_write_bytes
    from .draft_format import portable_dict
    from .sample import build_sample

    report = build_sample()
    out = Path(args.out)
    atomic_write_bytes(out, dumps(portable_dict(report, title=f"{report.title()}（示例）"), indent=1))
    say(f"已写入示例草稿：{out}")
    return EXIT_OK


def cmd_validate(args: argparse.Namespace) -> int:
    from .rules import readiness, validate

    report = read_draft_file(Path(args.draft))
    findings = validate(report)
    state = readiness(report, findings)
    if args.json:
        print(json.dumps([{k: v for k, v in f.as_dict().items() if k != "fields"} for f in findings],
                          ensure_ascii=False, indent=1))
    else:
        for finding in findings:
            note = ""
            if finding.severity is Severity.WARNING and report.explanations.get(finding.key, "").strip():
                note = "（已说明）"
            say(f"{finding.severity.label}{note} [{finding.rule}] {finding.message}")
        say(state.summary() if findings else "没有发现问题。" + state.summary())
    return EXIT_ERRORS if state.errors else EXIT_OK


def _store() -> DraftStore:
    return DraftStore()


def _resolve(store: DraftStore, prefix: str) -> str:
    """A draft id, or an unambiguous prefix of one, as the list shows them."""
    ids = [info.draft_id for info in store.list()]
    matches = [i for i in ids if i.startswith(prefix.lower())] if prefix else []
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise CliError(f"没有编号为「{prefix[:40]}」的草稿；用 drafts list 查看。")
    raise CliError(f"编号「{prefix}」对应多个草稿，请多写几位。")


def cmd_drafts(args: argparse.Namespace) -> int:
    from .drafts import export_file, import_file, open_report

    store = _store()
    action = args.action
    if action == "list":
        infos = store.list()
        if not infos:
            say(f"还没有草稿（数据文件夹：{store.root}）。")
        for info in infos:
            s = info.summary
            state = "（损坏）" if info.damaged else ("可导出" if s.get("ready") else
                                                   f"{s.get('errors', 0)} 个错误、{s.get('warnings', 0)} 个待说明提醒")
            say(f"{info.draft_id[:8]}  {info.title}  {s.get('framework_name', '')}  "
                   f"{info.saved_at.astimezone():%Y-%m-%d %H:%M}  第{info.revision}版  {state}")
        return EXIT_OK
    if action == "import":
        opened = import_file(store, Path(args.target))
        say(f"已导入为新草稿 {opened.draft_id[:8]}：{opened.title}")
        for note in opened.notes:
            say(f"提示：{note}", err=True)
        return EXIT_OK
    draft_id = _resolve(store, args.target)
    if action == "show":
        opened = open_report(store, draft_id)
        for note in opened.notes:
            say(note, err=True)
        if args.json:
            print(dumps(report_to_dict(opened.report), indent=1).decode("utf-8"))
            return EXIT_OK
        from .compute import compute_totals, format_rate
        from .rules import readiness

        totals = compute_totals(opened.report)
        say(f"{opened.title}（编号 {draft_id}，第 {opened.revision} 版）")
        say(f"评价框架：{opened.report.framework_id}；自评总分 {totals.total:.2f} 分，等级 {totals.grade}"
               + (f"；预算执行率 {format_rate(totals.rate)}" if totals.rate is not None else ""))
        say(readiness(opened.report).summary())
        return EXIT_OK
    if action == "export":
        opened = open_report(store, draft_id)
        export_file(opened.report, Path(args.out), title=opened.title)
        say(f"已导出：{args.out}")
        return EXIT_OK
    if action == "delete":
        store.delete(draft_id)
        say(f"已移到回收站：{draft_id[:8]}（可用 drafts restore 恢复）")
        return EXIT_OK
    raise CliError(f"未知的操作「{action}」。")  # pragma: no cover - argparse restricts choices


def cmd_restore(args: argparse.Namespace) -> int:
    store = _store()
    matches = [i.draft_id for i in store.list_bin() if i.draft_id.startswith(args.target.lower())]
    if len(matches) != 1:
        raise CliError(f"回收站中没有唯一匹配「{args.target[:40]}」的草稿。")
    store.restore(matches[0])
    say(f"已恢复：{matches[0][:8]}")
    return EXIT_OK


Handler = Callable[[argparse.Namespace], int]


def add_model_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("sample", help="写出一份完整的示例草稿（JSON）",
                       description="写出一份完整的示例草稿（JSON），可以用来试用检查和导出。")
    p.add_argument("out", metavar="示例草稿.json", help="写出的草稿文件")
    p.set_defaults(handler=cmd_sample)
    p = sub.add_parser("validate", help="检查草稿文件，列出错误和提醒",
                       description="检查草稿文件，列出错误和提醒。没有错误时退出码为 0，有错误为 1，文件无法读取为 2。")
    p.add_argument("draft", metavar="草稿.json", help="草稿文件")
    p.add_argument("--json", action="store_true", help="以 JSON 数组输出")
    p.set_defaults(handler=cmd_validate)
    drafts = sub.add_parser("drafts", help="管理本机保存的草稿：list | show | import | export | delete",
                            description="管理本机保存的草稿。")
    actions = drafts.add_subparsers(title="操作", metavar="操作", dest="action", required=True)
    # Each action its own sub-command, so options may come before or after the id ("show --json ID").
    draft_id = ("草稿编号", "草稿编号（可只写前几位，drafts list 列出）")
    for action, help_text, target, extra in (
            ("list", "列出草稿", None, None),
            ("show", "显示草稿的概况（--json：草稿内容）", draft_id, None),
            ("import", "把草稿文件导入为新草稿", ("草稿.json", "草稿文件（JSON）"), None),
            ("export", "把草稿导出为单个文件", draft_id, ("导出.json", "导出的文件名（JSON）")),
            ("delete", "把草稿移到回收站", draft_id, None)):
        p = actions.add_parser(action, help=help_text, description=help_text + "。")
        if target:
            p.add_argument("target", metavar=target[0], help=target[1])
        if extra:
            p.add_argument("out", metavar=extra[0], help=extra[1])
        if action == "show":
            p.add_argument("--json", action="store_true", help="输出草稿内容（JSON）")
        p.set_defaults(handler=cmd_drafts, target="", out="", json=False)
    p = sub.add_parser("restore", help="从回收站恢复草稿", description="从回收站恢复草稿。")
    p.add_argument("target", metavar="草稿编号", help="回收站中草稿的编号（可只写前几位）")
    p.set_defaults(handler=cmd_restore)


def run(parser: argparse.ArgumentParser, argv: list[str] | None) -> int:
    """Parse and dispatch; every expected failure becomes one stderr line and exit code 2."""
    prepare_streams()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # -h (exit 0), or a mistyped command line: already said in one line
        return exc.code if isinstance(exc.code, int) else EXIT_INPUT
    handler: Handler | None = getattr(args, "handler", None)
    if handler is None:
        parser.print_help()
        return EXIT_INPUT
    try:
        code = handler(args)
        sys.stdout.flush()  # a closed pipe shows here, inside the handlers below, not at exit
        return code
    except BrokenPipeError:
        return _pipe_closed()
    except (CliError, DraftFormatError, DraftStoreError) as exc:
        say(f"错误：{exc}", err=True)
    except OSError as exc:  # the file is the clerk's (models.atomic names the target, not its temp file)
        where = f"「{exc.filename}」" if exc.filename else "文件"
        say(f"错误：无法读写{where}：{describe_os_error(exc)}。", err=True)
    except RecursionError:
        say("错误：输入嵌套层数过深，无法处理。", err=True)
    except MemoryError:
        say("错误：输入过大，无法处理。", err=True)
    except Exception as exc:  # the last resort: never a traceback, and exit 1 would mean "errors found"
        detail = " ".join(str(exc).split())[:200]
        say(f"错误：程序遇到意外的问题，操作没有完成（{type(exc).__name__}：{detail}）。", err=True)
    return EXIT_INPUT


def _pipe_closed() -> int:
    """The reader of our output went away (``| head -1``): end quietly, like any command-line tool.

    Python would report the pipe again when it flushes stdout at exit: point stdout at nothing.
    """
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass
    return EXIT_OK


if TYPE_CHECKING:
    SubParsers = argparse._SubParsersAction[argparse.ArgumentParser]
else:  # not subscriptable at run time before Python 3.12
    SubParsers = argparse._SubParsersAction


def build_parser(*extensions: Callable[[SubParsers], None]) -> argparse.ArgumentParser:
    """The model's commands, plus those of ``extensions`` (the export command lives in exporters/)."""
    parser = ChineseArgumentParser(
        prog="budget-report-cli", description="绩效自评填报助手（命令行）：示例、检查、草稿管理与导出。")
    sub = parser.add_subparsers(title="命令", metavar="命令")
    add_model_commands(sub)
    for extend in extensions:
        extend(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    return run(build_parser(), argv)


if __name__ == "__main__":
    sys.exit(main())
