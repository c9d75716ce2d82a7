"""Check the Jinja in a Word template against the placeholder vocabulary, before anything is rendered.

Only placeholders, ``if`` and ``for`` and a few harmless filters are allowed: no calls, no arithmetic,
no ``set``/``include``/``autoescape``, no attribute starting with "_". That closes the sandbox-escape
and resource-exhaustion tricks a template could carry, and catches the typos a clerk would otherwise
only notice as blanks in the printed report. Each problem names the line (= template paragraph) it
is on; the caller turns line numbers into "第 3 段「……」".
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Union

from jinja2 import StrictUndefined, TemplateSyntaxError, nodes
from jinja2.sandbox import SandboxedEnvironment

from .placeholders import NAMESPACES, PKind, placeholders
from .render_budget import BoundedTemplate, RenderBudget

ALLOWED_FILTERS = frozenset({"default", "d", "trim", "upper", "lower", "replace", "length", "count", "first",
                             "last", "join", "truncate", "round", "int", "string"})
ALLOWED_TESTS = frozenset({"defined", "undefined", "none", "number", "string", "even", "odd", "divisibleby", "eq",
                           "ne", "equalto", "in", "true", "false", "lt", "gt", "le", "ge", "==", "!=", "<", ">",
                           "<=", ">="})
MAX_LOOP_DEPTH = 3  # rows x their paragraphs x one more; six levels over 40 rows is 4 x 10^9 steps
_LOOP_KEYS = ("index", "index0", "revindex", "revindex0", "first", "last", "length", "previtem", "nextitem",
              "depth", "depth0")


@dataclass(frozen=True)
class Scalar:
    what: str = "文字"


@dataclass(frozen=True)
class Record:
    fields: Mapping[str, Type]
    name: str


@dataclass(frozen=True)
class ListOf:
    item: Type


Type = Union[Scalar, Record, ListOf]  # noqa: UP007 - a runtime alias used in dataclass fields
SCALAR = Scalar()


def vocabulary(framework_id: str) -> dict[str, Type]:
    """Top-level names of a Word template's context and their shapes."""
    top: dict[str, Type] = {}
    spaces: dict[str, dict[str, Type]] = {ns: {} for ns in NAMESPACES}
    for p in placeholders(framework_id):
        if p.kind is PKind.LIST:
            item: Type = Record({k: SCALAR for k, _ in p.item_keys}, p.name) if p.item_keys else SCALAR
            shape: Type = ListOf(item)
        else:
            shape = SCALAR
        if p.namespace:
            spaces[p.namespace][p.key] = shape
        else:
            top[p.name] = shape
    for ns, keys in spaces.items():
        top[ns] = Record(keys, ns)
    return top


def sandbox(budget: RenderBudget | None = None) -> SandboxedEnvironment:
    """The environment templates are rendered in: sandboxed, escaping, no globals, vetted filters.

    With a ``budget``, every template it makes counts its output, and every filter its result, there.
    """
    env = SandboxedEnvironment(autoescape=True, undefined=StrictUndefined)
    env.globals.clear()
    env.filters = {k: v for k, v in env.filters.items() if k in ALLOWED_FILTERS}
    if budget is not None:
        env.filters = {k: budget.filter(k, v) for k, v in env.filters.items()}
        env.template_class = BoundedTemplate
        env.budget = budget  # type: ignore[attr-defined]
    return env


@dataclass
class Problem:
    line: int
    message: str


@dataclass
class _Checker:
    top: dict[str, Type]
    problems: list[Problem] = field(default_factory=list)
    used: set[str] = field(default_factory=set)
    depth: int = 0  # of the for loops around the statement being checked

    def report(self, node: nodes.Node, message: str) -> None:
        self.problems.append(Problem(getattr(node, "lineno", 1) or 1, message))

    # ------------------------------------------------------------ statements

    def body(self, items: list[nodes.Node], scope: dict[str, Type]) -> None:
        for item in items:
            self.statement(item, scope)

    def statement(self, node: nodes.Node, scope: dict[str, Type]) -> None:
        if isinstance(node, nodes.Output):
            for child in node.nodes:
                if not isinstance(child, nodes.TemplateData):
                    self.expr(child, scope)
        elif isinstance(node, nodes.If):
            self.expr(node.test, scope)
            self.body(node.body, scope)
            for branch in node.elif_:
                self.statement(branch, scope)
            self.body(node.else_, scope)
        elif isinstance(node, nodes.For):
            self.for_loop(node, scope)
        elif isinstance(node, nodes.Scope):  # {% autoescape %} wraps its modifier in a Scope without a line
            self.body(node.body, scope)
        else:
            kind = {"Assign": "set", "AssignBlock": "set", "Macro": "macro", "CallBlock": "call",
                    "FilterBlock": "filter", "With": "with", "Include": "include", "Import": "import",
                    "FromImport": "import", "Extends": "extends", "Block": "block",
                    "ScopedEvalContextModifier": "autoescape", "EvalContextModifier": "autoescape"}.get(
                type(node).__name__, type(node).__name__)
            self.report(node, f"模板中不支持「{kind}」语句；只能使用占位符、if 和 for。")

    def for_loop(self, node: nodes.For, scope: dict[str, Type]) -> None:
        if node.recursive:
            self.report(node, "不支持递归循环（recursive）。")
        if self.depth == MAX_LOOP_DEPTH:
            self.report(node, f"{{% for %}} 循环嵌套超过 {MAX_LOOP_DEPTH} 层，填写时的循环次数会多到无法完成。")
        shape = self.expr(node.iter, scope)
        item: Type | None
        if isinstance(shape, ListOf):
            item = shape.item
        elif isinstance(shape, Record):
            item = SCALAR  # looping over a namespace gives its keys
        elif shape is None:
            item = None
        else:
            self.report(node, f"「{_text(node.iter)}」不是列表，不能用 for 循环。")
            item = None
        inner = dict(scope)
        inner["loop"] = Record({k: SCALAR for k in _LOOP_KEYS}, "loop")
        if isinstance(node.target, nodes.Name):
            inner[node.target.name] = item if item is not None else SCALAR
        else:  # for a, b in …
            for name in node.target.find_all(nodes.Name):
                inner[name.name] = SCALAR
        if node.test is not None:
            self.expr(node.test, inner)
        self.depth += 1
        self.body(node.body, inner)
        self.depth -= 1
        self.body(node.else_, scope)

    # ------------------------------------------------------------ expressions

    def expr(self, node: nodes.Node, scope: dict[str, Type]) -> Type | None:
        handler: Callable[[nodes.Node, dict[str, Type]], Type | None] | None = getattr(
            self, f"_{type(node).__name__}", None)
        if handler is None:
            self.report(node, f"模板中不支持「{_text(node)}」这种写法（不能调用函数或做运算）；"
                              "只能使用占位符、if 和 for。")
            return None
        return handler(node, scope)

    def _Name(self, node: nodes.Name, scope: dict[str, Type]) -> Type | None:
        if node.name in scope:
            return scope[node.name]
        if node.name in self.top:
            self.used.add(node.name)
            return self.top[node.name]
        self.report(node, f"未知的占位符「{node.name}」{_suggest(node.name, list(self.top) + list(scope))}。")
        return None

    def _member(self, node: nodes.Node, owner: nodes.Node, key: object, scope: dict[str, Type]) -> Type | None:
        if isinstance(key, str) and key.startswith("_"):
            self.report(node, f"「{_text(node)}」访问了以下划线开头的内部属性，模板不允许这样写（可能是恶意模板）。")
            return None
        shape = self.expr(owner, scope)
        if shape is None:
            return None
        if isinstance(shape, Record) and isinstance(key, str):
            if key in shape.fields:
                return shape.fields[key]
            self.report(node, f"未知的占位符「{_text(node)}」{_suggest(key, list(shape.fields), _text(owner) + '.')}。")
            return None
        if isinstance(shape, ListOf) and isinstance(key, int) and not isinstance(key, bool):
            return shape.item
        self.report(node, f"「{_text(owner)}」没有「{key}」这一项。")
        return None

    def _Getattr(self, node: nodes.Getattr, scope: dict[str, Type]) -> Type | None:
        return self._member(node, node.node, node.attr, scope)

    def _Getitem(self, node: nodes.Getitem, scope: dict[str, Type]) -> Type | None:
        if not isinstance(node.arg, nodes.Const):
            self.report(node, f"「{_text(node)}」的方括号中只能写固定的名称或序号。")
            return None
        return self._member(node, node.node, node.arg.value, scope)

    def _Filter(self, node: nodes.Filter, scope: dict[str, Type]) -> Type | None:
        if node.name not in ALLOWED_FILTERS:
            self.report(node, f"模板中不支持过滤器「{node.name}」。")
        if node.name == "replace" and node.args and isinstance(node.args[0], nodes.Const) and node.args[0].value == "":
            self.report(node, "replace 的第一个参数是空文字：它会在每个字之间插入内容，结果成倍增长。")
        shape = self.expr(node.node, scope) if node.node is not None else None
        self._arguments(node, scope)
        if node.name in ("first", "last") and isinstance(shape, ListOf):
            return shape.item
        return shape if node.name in ("default", "d") else SCALAR

    def _Test(self, node: nodes.Test, scope: dict[str, Type]) -> Type | None:
        if node.name not in ALLOWED_TESTS:
            self.report(node, f"模板中不支持判断「{node.name}」。")
        if not (node.name in ("defined", "undefined") and isinstance(node.node, nodes.Name)):
            self.expr(node.node, scope)
        self._arguments(node, scope)
        return SCALAR

    def _arguments(self, node: nodes.Filter | nodes.Test, scope: dict[str, Type]) -> None:
        if node.dyn_args is not None or node.dyn_kwargs is not None:
            self.report(node, "模板中不支持 * 或 ** 参数。")
        for arg in node.args:
            self.expr(arg, scope)
        for keyword in node.kwargs:
            self.expr(keyword.value, scope)

    def _Const(self, node: nodes.Const, scope: dict[str, Type]) -> Type | None:
        return SCALAR

    def _children(self, node: nodes.Node, scope: dict[str, Type]) -> Type | None:
        for child in node.iter_child_nodes():
            self.expr(child, scope)
        return SCALAR

    _Compare = _Operand = _And = _Or = _Not = _Concat = _Tuple = _List = _children

    def _CondExpr(self, node: nodes.CondExpr, scope: dict[str, Type]) -> Type | None:
        self.expr(node.test, scope)
        shape = self.expr(node.expr1, scope)
        if node.expr2 is not None:
            self.expr(node.expr2, scope)
        return shape


def _text(node: nodes.Node) -> str:
    """A short rendering of an expression for messages: money.inc_fiscal, ''.__class__ …"""
    if isinstance(node, nodes.Name):
        return node.name
    if isinstance(node, nodes.Getattr):
        return f"{_text(node.node)}.{node.attr}"
    if isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const):
        return f"{_text(node.node)}[{node.arg.value!r}]"
    if isinstance(node, nodes.Const):
        return repr(node.value)
    if isinstance(node, nodes.Call):
        return f"{_text(node.node)}(…)"
    if isinstance(node, nodes.BinExpr):
        return f"{_text(node.left)} {node.operator} {_text(node.right)}"
    if isinstance(node, nodes.UnaryExpr):
        return f"{node.operator}{_text(node.node)}"
    return type(node).__name__


def _suggest(name: str, candidates: list[str], prefix: str = "") -> str:
    close = difflib.get_close_matches(name, candidates, n=1, cutoff=0.75)
    return f"（是不是「{prefix}{close[0]}」？）" if close else ""


def check_source(source: str, framework_id: str, env: SandboxedEnvironment | None = None) \
        -> tuple[list[Problem], set[str]]:
    """Problems in a template's Jinja (one template paragraph per line), and the top-level names it uses."""
    try:
        tree = (env or sandbox()).parse(source)
    except TemplateSyntaxError as exc:
        return [Problem(exc.lineno or 1, syntax_message(exc))], set()
    checker = _Checker(vocabulary(framework_id))
    checker.body(tree.body, {})
    return checker.problems, checker.used


def syntax_message(exc: TemplateSyntaxError) -> str:
    """Jinja's English message, led by a Chinese explanation of the usual causes."""
    text = exc.message or ""
    if "Unexpected end of template" in text:
        hint = "有 {% for %} 或 {% if %} 没有对应的 {% endfor %} / {% endif %}"
    elif "Encountered unknown tag" in text:
        hint = "标签名称写错了，或 endfor / endif 多了、位置不对"
    elif "unexpected '}'" in text or "unexpected char" in text:
        hint = "占位符的括号或符号不完整"
    else:
        hint = "模板语法有误"
    return f"{hint}（Jinja：{text}）。"
