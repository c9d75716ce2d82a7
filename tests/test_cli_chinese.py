"""``budget-report-cli`` speaks Chinese, argparse's own texts included (models/argparse_zh.py).

The msgids are read from the running Python's argparse source, so the suite on 3.10, 3.11 and 3.12
each proves its own argparse is covered; a new msgid in a later Python fails here, not on a clerk.
"""

from __future__ import annotations

import argparse
import ast
import inspect
import itertools
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from exporters.cli import main as cli_main
from exporters.cli import parser as cli_parser
from models.argparse_zh import MESSAGES, PLURALS, ChineseArgumentParser, display_width, wrap

HAN = re.compile(r"[\u4e00-\u9fff\uff01-\uff5e]")  # Chinese characters and full-width punctuation
WORD = re.compile(r"[A-Za-z]{2,}")
# argparse's English, as a clerk would see it today (usage:, options:, error: …).
ENGLISH = ("usage", "positional", "optional", "options", "arguments", "argument", "this", "message",
           "exit", "error", "required", "unrecognized", "invalid", "choice", "choose", "expected", "ambiguous",
           "could", "match", "ignored", "explicit", "allowed", "subcommands", "value", "int")
# Names that stay as they are: formats and products the clerk knows by these names.
NAMES = {"Word", "Excel", "Windows", "JSON", "json", "docx", "xlsx", "doc", "wps", "CPU", "GB"}


def _argparse_msgids() -> tuple[set[str], set[tuple[str, str]]]:
    """Every text the running Python's argparse passes through ``_`` or ``ngettext``."""
    singular: set[str] = set()
    plural: set[tuple[str, str]] = set()
    for node in ast.walk(ast.parse(inspect.getsource(argparse))):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
            continue
        texts = []
        for arg in node.args:
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                texts.append(arg.value)
            elif (isinstance(arg, ast.Call) and isinstance(arg.func, ast.Attribute) and arg.func.attr == "pop"
                  and len(arg.args) == 2 and isinstance(arg.args[1], ast.Constant)
                  and isinstance(arg.args[1].value, str)):  # _(kwargs.pop('title', 'subcommands'))
                texts.append(arg.args[1].value)
        if node.func.id == "_" and texts:
            singular.add(texts[0])
        elif node.func.id == "ngettext" and len(texts) >= 2:
            plural.add((texts[0], texts[1]))
    return singular, plural


def test_every_msgid_of_this_pythons_argparse_is_translated() -> None:
    singular, plural = _argparse_msgids()
    assert {"usage: ", "show this help message and exit", "the following arguments are required: %s"} <= singular
    assert ("expected %s argument", "expected %s arguments") in plural
    missing = sorted(m for m in singular if m not in MESSAGES) + sorted(str(p) for p in plural if p not in PLURALS)
    assert not missing, f"argparse {sys.version_info[:2]} has texts without a translation: {missing}"


def _placeholders(text: str) -> tuple[list[str], int]:
    named = sorted(re.findall(r"%\((\w+)\)[sr]", text))
    return named, len(re.findall(r"%[sr]", text))


@pytest.mark.parametrize("msgid, text", [*MESSAGES.items(), *((p[0], t) for p, t in PLURALS.items())])
def test_each_translation_is_chinese_and_keeps_the_placeholders(msgid: str, text: str) -> None:
    assert HAN.search(text), text
    assert _placeholders(text) == _placeholders(msgid), (msgid, text)
    assert text.endswith("\n") == msgid.endswith("\n")


def _parsers(parser: argparse.ArgumentParser) -> Iterator[argparse.ArgumentParser]:
    yield parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in dict.fromkeys(action.choices.values()):
                yield from _parsers(sub)


def _allowed(parser: argparse.ArgumentParser) -> set[str]:
    """The words a clerk types as they are: the program, commands, options and their choices."""
    words = set(NAMES) | set(WORD.findall(parser.prog))
    for p in _parsers(parser):
        for action in p._actions:
            for option in action.option_strings:
                words.update(WORD.findall(option))
            if isinstance(action, argparse._SubParsersAction):
                for name in action.choices:
                    words.update(WORD.findall(name))
            elif action.choices:
                for choice in action.choices:
                    words.update(WORD.findall(str(choice)))
    return words


ALL_PARSERS = [p.prog for p in _parsers(cli_parser())]


@pytest.mark.parametrize("prog", ALL_PARSERS)
def test_each_commands_help_is_all_chinese(prog: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    root = cli_parser()
    parser = next(p for p in _parsers(root) if p.prog == prog)
    text = parser.format_help()
    assert text.startswith("用法：") and "选项：" in text and "显示此帮助信息并退出" in text, text
    english = sorted(set(WORD.findall(text)) - _allowed(root))
    assert not english, f"{prog} -h still shows {english}:\n{text}"
    for action in parser._actions:  # our own helps are Chinese too, positionals' included
        if action.help is not argparse.SUPPRESS and not isinstance(action, argparse._SubParsersAction):
            assert action.help and HAN.search(action.help), (prog, action.dest)
    for line in text.splitlines():  # laid out in terminal columns: 草稿 is four of them
        assert display_width(line) <= 80 or " " not in line.strip(), line
    lines = text.splitlines()
    for heading, following in itertools.pairwise(lines):  # "命令：" is not followed by argparse's "  命令"
        assert not (heading.endswith("：") and following.strip() == heading[:-1]), text
    columns = {display_width(line[:m.start(1)]) for line in text.splitlines()
               if (m := re.match(r"^  \S.*?\S {2,}(\S)", line))}
    assert len(columns) <= 1, f"help texts start in different columns {columns}:\n{text}"


@pytest.mark.parametrize("argv, says", [
    (["bogus"], "「bogus」不是可选的值"),
    (["drafts"], "缺少必填参数：操作"),
    (["validate"], "缺少必填参数：草稿.json"),
    (["validate", "a.json", "b.json"], "无法识别的参数：b.json"),
    (["--bad"], "无法识别的参数：--bad"),
    (["export", "a.json", "--docx"], "参数 --docx：后面需要一个值"),
    (["export", "a.json", "--unit", "美元"], "参数 --unit：「美元」不是可选的值（可选：'元', '万元'）"),
    (["export", "a.json", "--d", "x"], "选项 --d 不明确"),
    (["validate", "--json=yes", "a.json"], "此选项不带值"),
    (["check", "--jobs", "abc", "a.json"], "参数 --jobs：「abc」不是整数"),
    (["new-year", "a.json", "b.json", "--year", "二〇二五"], "「二〇二五」不是整数"),
    (["framework", "use", "a.json"], "缺少必填参数：框架"),
    (["drafts", "show"], "缺少必填参数：草稿编号"),
    (["export", "a\nb.json", "x"], "无法识别的参数：x"),
    (["validate", "a.json", "b\n已导出\x1b[2J"], "无法识别的参数：b\\n已导出\\x1b[2J"),  # still one line
])
def test_a_mistyped_command_line_is_one_chinese_line_and_exit_2(
        argv: list[str], says: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli_main(argv) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1 and err.startswith("错误：") and says in err, err
    assert "-h 查看用法" in err
    english = {w.lower() for w in WORD.findall(err)} & set(ENGLISH)
    assert not english, err


def test_help_exits_0_and_bare_command_shows_the_help(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli_main(["-h"]) == 0
    out, err = capsys.readouterr()
    assert out.startswith("用法：budget-report-cli") and "命令：" in out and err == ""
    assert cli_main(["drafts", "show", "--help"]) == 0
    assert "位置参数：" in capsys.readouterr().out


def test_the_installed_command_speaks_chinese(tmp_path: Path) -> None:
    from tests.test_cli import _cli

    env = dict(os.environ, BUDGET_REPORT_DATA_DIR=str(tmp_path / "d"), COLUMNS="80")
    run = subprocess.run([*_cli(), "export", "-h"], env=env, capture_output=True, timeout=60)
    help_text = run.stdout.decode("utf-8")
    assert run.returncode == 0 and help_text.startswith("用法：budget-report-cli export"), help_text
    assert "usage" not in help_text and "options" not in help_text
    run = subprocess.run([*_cli(), "validate"], env=env, capture_output=True, timeout=60)
    lines = run.stderr.decode("utf-8").splitlines()
    assert run.returncode == 2 and lines == ["错误：缺少必填参数：草稿.json（用 budget-report-cli validate -h 查看用法）"]


def test_other_parsers_in_the_process_keep_argparses_own_words() -> None:
    ours = ChineseArgumentParser(prog="ours")
    assert ours.format_help().startswith("用法：")
    theirs = argparse.ArgumentParser(prog="theirs")  # pytest's, for one: gettext decides, as before
    assert theirs.format_help().startswith("usage: theirs") and "show this help message" in theirs.format_help()
    with pytest.raises(SystemExit):
        theirs.parse_args(["--bad"])


@pytest.mark.parametrize("text, width", [
    ("把 Word 自评报告（.docx/.doc）读成草稿文件，并列出每项内容的来源", 30),
    ("gbt：仿宋_GB2312 等国标字体名；windows：Windows 自带的仿宋、楷体、黑体、宋体", 24),
    ("上年的草稿文件（.json）、本机草稿编号，或上年的 Word 报告（.docx/.doc）", 20),
    ("章节顺序、等级线和指标编号取自哪个框架（默认四川 2017 部门整体）", 60),
    ("检查草稿文件，列出错误和提醒。没有错误时退出码为 0，有错误为 1，文件无法读取为 2。", 78),
])
def test_chinese_help_wraps_between_characters_in_terminal_columns(text: str, width: int) -> None:
    lines = wrap(text, width)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    assert all(display_width(line) <= width for line in lines), lines
    assert not any(line[0] in "，。、；：）」”" for line in lines), lines
    assert not any(line[-1] in "（「“" for line in lines), lines
    assert len(lines) == 1 or len(re.sub(r"[\s，。、；：）」”]", "", lines[-1])) > 1, lines  # no lone 体） or 2。
