"""argparse in Chinese: its own texts (用法：, 位置参数, 选项, its error messages) and a help layout
that counts a Chinese character as two columns. Never imports Qt.

argparse translates every text of its own through the module globals ``argparse._`` and
``argparse.ngettext`` (gettext's default domain, looked up at each call). ``ChineseArgumentParser``
switches those to ``CHINESE`` (a ``gettext.NullTranslations`` holding argparse's msgids, below) while
one of its methods runs — building the parser, parsing, formatting help and errors — and leaves them
to gettext for every other parser in the process (pytest's own, for one). The msgids differ between
Python versions (3.10 has no "argument %(argument_name)s: …", 3.13 adds "%(heading)s:"):
tests/test_cli_chinese.py reads them from the running Python's argparse source, so a new one cannot
slip through untranslated.

Errors keep the command line's rule (models/cli.py): one Chinese line on stderr, exit code 2.
"""

from __future__ import annotations

import argparse
import contextlib
import gettext
import unicodedata
from collections.abc import Iterator, Sequence
from contextvars import ContextVar
from typing import Any, NoReturn

# argparse's msgid -> our text. Placeholders stay as they are (tests check each translation keeps them).
MESSAGES: dict[str, str] = {
    # help layout
    "usage: ": "用法：",
    "positional arguments": "位置参数",
    "optional arguments": "选项",  # Python before 3.10
    "options": "选项",
    "subcommands": "子命令",
    "%(heading)s:": "%(heading)s：",
    " (default: %(default)s)": "（默认：%(default)s）",
    "show this help message and exit": "显示此帮助信息并退出",
    "show program's version number and exit": "显示程序的版本号并退出",
    # what the clerk typed
    "%(prog)s: error: %(message)s\n": "错误：%(message)s（用 %(prog)s -h 查看用法）\n",
    "%(prog)s: warning: %(message)s\n": "提醒：%(message)s（%(prog)s）\n",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "the following arguments are required: %s": "缺少必填参数：%s",
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "invalid choice: %(value)r (choose from %(choices)s)": "「%(value)s」不是可选的值（可选：%(choices)s）",
    "invalid %(type)s value: %(value)r": "「%(value)s」不是有效的 %(type)s 值",
    "expected one argument": "后面需要一个值",
    "expected at most one argument": "后面最多只能有一个值",
    "expected at least one argument": "后面至少需要一个值",
    "ambiguous option: %(option)s could match %(matches)s": "选项 %(option)s 不明确，可能是：%(matches)s",
    "ignored explicit argument %r": "此选项不带值，不能写「%s」",
    "not allowed with argument %s": "不能与参数 %s 同时使用",
    "one of the arguments %s is required": "参数 %s 中必须提供一个",
    "unexpected option string: %s": "意外的选项：%s",
    "unknown parser %(parser_name)r (choices: %(choices)s)": "没有命令「%(parser_name)s」（可选：%(choices)s）",
    "can't open '%(filename)s': %(error)s": "无法打开「%(filename)s」：%(error)s",
    'argument "-" with mode %r': "参数“-”不能以 %r 方式打开",
    "argument '%(argument_name)s' is deprecated": "参数「%(argument_name)s」已停用",
    "option '%(option)s' is deprecated": "选项「%(option)s」已停用",
    "command '%(parser_name)s' is deprecated": "命令「%(parser_name)s」已停用",
    # mistakes in building a parser (ours, raised while the program starts; translated all the same)
    "%r is not callable": "%r 不能调用",
    "'required' is an invalid argument for positionals": "位置参数不能使用 required",
    ".__call__() not defined": "没有定义 .__call__()",
    "cannot have multiple subparser arguments": "不能有多组子命令",
    "cannot merge actions - two groups are named %r": "无法合并：两个参数组都名为 %r",
    "conflicting subparser: %s": "子命令重复：%s",
    "conflicting subparser alias: %s": "子命令别名重复：%s",
    "dest= is required for options like %r": "%r 这样的选项必须指定 dest=",
    "invalid conflict_resolution value: %r": "无效的 conflict_resolution 值：%r",
    "invalid option string %(option)r: must start with a character %(prefix_chars)r":
        "无效的选项 %(option)r：必须以 %(prefix_chars)r 中的字符开头",
    "mutually exclusive arguments must be optional": "互斥的参数必须是选项",
}

# ngettext's (singular, plural) -> our text (Chinese has one form).
PLURALS: dict[tuple[str, str], str] = {
    ("expected %s argument", "expected %s arguments"): "后面需要 %s 个值",
    ("conflicting option string: %s", "conflicting option strings: %s"): "选项重复：%s",
}


class ChineseTranslations(gettext.NullTranslations):
    """argparse's msgids in Chinese; any other text (our own titles, which argparse also passes
    through ``_``) comes back as it is."""

    def gettext(self, message: str) -> str:
        return MESSAGES.get(message, message)

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        found = PLURALS.get((msgid1, msgid2))
        if found is not None:
            return found
        return msgid1 if n == 1 else msgid2


CHINESE = ChineseTranslations()

_active: ContextVar[bool] = ContextVar("argparse_zh_active", default=False)


def _gettext(message: str) -> str:
    # argparse also passes None (add_subparsers' description) and our own titles through here.
    return CHINESE.gettext(message) if _active.get() and isinstance(message, str) else gettext.gettext(message)


def _ngettext(msgid1: str, msgid2: str, n: int) -> str:
    return CHINESE.ngettext(msgid1, msgid2, n) if _active.get() else gettext.ngettext(msgid1, msgid2, n)


@contextlib.contextmanager
def chinese() -> Iterator[None]:
    """argparse speaks Chinese inside this block (nested blocks are fine)."""
    argparse_module: Any = argparse
    if argparse_module._ is not _gettext:  # once per process; outside a block they defer to gettext
        argparse_module._ = _gettext
        argparse_module.ngettext = _ngettext
    token = _active.set(True)
    try:
        yield
    finally:
        _active.reset(token)


# ---------------------------------------------------------------- layout


def display_width(text: str) -> int:
    """Columns ``text`` takes in a terminal: a Chinese character or full-width form is two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


# A wrapped line never starts with closing punctuation, nor ends with opening punctuation.
_CLOSING = set("，。、；：？！）」』”’》〉】…%,.;:?!)]}")
_OPENING = set("（「『“‘《〈【([{")


def _chunks(text: str) -> list[str]:
    """Units a line may break between: a run of spaces, a run of narrow characters (a word, an
    option, a number) or one wide character; punctuation stays on its side of a break."""
    tokens: list[str] = []
    kinds: list[str] = []
    for ch in text:
        kind = "space" if ch.isspace() else ("wide" if display_width(ch) == 2 else "narrow")
        if tokens and kind == kinds[-1] != "wide":
            tokens[-1] += ch
        else:
            tokens.append(ch)
            kinds.append(kind)
    chunks: list[str] = []
    for token in tokens:
        if chunks and not token.isspace() and not chunks[-1].isspace() and (
                token[0] in _CLOSING or chunks[-1][-1] in _OPENING):
            chunks[-1] += token
        else:
            chunks.append(token)
    return chunks


def wrap(text: str, width: int) -> list[str]:
    """``text`` (whitespace runs made single spaces) in lines of at most ``width`` columns; the last
    line never holds a lone character ("整\n体）"): one more comes down with it."""
    text = " ".join(text.split())
    lines: list[list[str]] = [[]]
    for chunk in _chunks(text):
        line = lines[-1]
        if chunk.isspace():
            if line and not line[-1].isspace():
                line.append(" ")
            continue
        if line and display_width("".join(line).rstrip()) + display_width(chunk) > width:
            lines.append([])
        lines[-1].append(chunk)
    last, before = lines[-1], lines[-2] if len(lines) > 1 else []
    gap = ""
    while before and before[-1].isspace():
        before.pop()
        gap = " "  # "为 2。": the space stays between them
    if len(last) == 1 and display_width(last[0]) <= 4 and len(before) > 2:
        moved = before.pop()
        if display_width(moved + gap + last[0]) <= width:
            while before[-1].isspace():
                before.pop()
            last.insert(0, moved + gap)
        else:
            before.append(moved)
    return [shown for line in lines if (shown := "".join(line).strip())]


class ChineseHelpFormatter(argparse.HelpFormatter):
    """argparse's layout, measured in terminal columns (``len`` counts 草稿 as 2, a terminal as 4),
    with Chinese help wrapped between characters and section headings ending in a full-width colon."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._headings: set[str] = set()

    def start_section(self, heading: str | None) -> None:
        if heading:
            self._headings.add(heading)
        super().start_section(heading)

    def format_help(self) -> str:
        text = super().format_help()
        if not self._headings:
            return text
        lines = text.split("\n")
        for i, line in enumerate(lines):
            if line.endswith(":") and line.strip()[:-1] in self._headings:
                lines[i] = line[:-1] + "："
        return "\n".join(lines)

    def add_argument(self, action: argparse.Action) -> None:
        super().add_argument(action)
        if action.help is not argparse.SUPPRESS:  # widen the column for Chinese metavars and choices
            widths = [display_width(self._format_action_invocation(action)) + self._current_indent]
            for sub in self._iter_indented_subactions(action):
                widths.append(display_width(self._format_action_invocation(sub)) + self._current_indent)
            self._action_max_length = max(self._action_max_length, *widths)

    def _format_usage(self, usage: Any, actions: Any, groups: Any, prefix: str | None) -> str:
        # argparse measures the prefix and the parts with len: lay out with a blank prefix as wide
        # as 用法：, narrowing the width until no line is wider than the terminal's columns.
        shown = _gettext("usage: ") if prefix is None else prefix
        blank = " " * display_width(shown)
        width = self._width
        try:
            for _attempt in range(8):
                text = super()._format_usage(usage, actions, groups, blank)
                over = max(display_width(line) for line in text.split("\n")) - (width - self._current_indent)
                if over <= 0 or self._width - over < 20:
                    break
                self._width -= over
        finally:
            self._width = width
        return shown + text[len(blank):]

    def _split_lines(self, text: str, width: int) -> list[str]:
        return wrap(text, width)

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        return "\n".join(indent + line for line in wrap(text, width - len(indent)))

    def _format_action(self, action: argparse.Action) -> str:
        if isinstance(action, argparse._SubParsersAction) and not action.help:
            # The commands under their heading, without argparse's line repeating it ("命令：" then "命令").
            return self._join_parts([self._format_one(sub) for sub in action._get_subactions()])
        return self._format_one(action)

    def _format_one(self, action: argparse.Action) -> str:
        # argparse's own _format_action (the same in 3.10-3.13), with display_width for len.
        help_position = min(self._action_max_length + 2, self._max_help_position)
        help_width = max(self._width - help_position, 11)
        action_width = help_position - self._current_indent - 2
        header = self._format_action_invocation(action)
        indent = " " * self._current_indent
        indent_first = 0
        if not action.help:
            header = f"{indent}{header}\n"
        elif display_width(header) <= action_width:
            header = f"{indent}{header}{' ' * (action_width - display_width(header))}  "
        else:
            header = f"{indent}{header}\n"
            indent_first = help_position
        parts = [header]
        if action.help and action.help.strip():
            help_text = self._expand_help(action)
            if help_text:
                help_lines = self._split_lines(help_text, help_width)
                parts.append(f"{' ' * indent_first}{help_lines[0]}\n")
                parts.extend(f"{' ' * help_position}{line}\n" for line in help_lines[1:])
        elif not header.endswith("\n"):
            parts.append("\n")
        for sub in self._iter_indented_subactions(action):
            parts.append(self._format_one(sub))
        return self._join_parts(parts)


# ---------------------------------------------------------------- the parser


def describe(error: argparse.ArgumentError) -> str:
    """An ``ArgumentError`` as argparse words it, in Chinese (3.10 words "argument …:" itself)."""
    if error.argument_name is None:
        return error.message
    return CHINESE.gettext("argument %(argument_name)s: %(message)s") % {
        "argument_name": error.argument_name, "message": error.message}


class ChineseArgumentParser(argparse.ArgumentParser):
    """An ``ArgumentParser`` whose every own text is Chinese and whose error is one line, exit 2.

    Sub-commands get the same class (``add_subparsers`` passes ``type(self)``) and formatter.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", ChineseHelpFormatter)
        kwargs.setdefault("exit_on_error", False)  # ArgumentError reaches _parse below, on every version
        with chinese():
            super().__init__(*args, **kwargs)

    def add_subparsers(self, **kwargs: Any) -> Any:
        with chinese():
            return super().add_subparsers(**kwargs)

    def add_argument(self, *args: Any, **kwargs: Any) -> argparse.Action:
        with chinese():
            return super().add_argument(*args, **kwargs)

    def parse_known_args(self, args: Sequence[str] | None = None,  # type: ignore[override]
                         namespace: Any = None) -> tuple[Any, list[str]]:
        with chinese():
            try:
                return super().parse_known_args(args, namespace)
            except argparse.ArgumentError as error:
                self.error(describe(error))

    def parse_args(self, args: Sequence[str] | None = None,  # type: ignore[override]
                   namespace: Any = None) -> Any:
        with chinese():
            try:  # "unrecognized arguments" is worded here, and raised here from 3.13 on
                return super().parse_args(args, namespace)
            except argparse.ArgumentError as error:
                self.error(describe(error))

    def format_usage(self) -> str:
        with chinese():
            return super().format_usage()

    def format_help(self) -> str:
        with chinese():
            return super().format_help()

    def error(self, message: str) -> NoReturn:
        """One line on stderr (no usage block above it: the line says where the usage is), exit 2."""
        from .console import say

        with chinese():
            line = _gettext("%(prog)s: error: %(message)s\n") % {"prog": self.prog, "message": message}
        say(line.rstrip("\n"), err=True)
        self.exit(2)


def whole_number(text: str) -> int:
    """``type=`` for a count typed by a clerk (full-width digits too), refused in Chinese."""
    try:
        return int(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"「{text[:40]}」不是整数") from None
