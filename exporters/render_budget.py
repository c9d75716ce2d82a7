"""Bounds on rendering a bureau's Word template: loop steps, output size, time, and the clerk's 取消.

A template that uses only our placeholders can still loop or grow without end (six nested ``for``
over the scoring rows, a chain of ``replace`` filters). The static check refuses what it can see
(loop nesting, jinja_check.MAX_LOOP_DEPTH); the budget stops the rest while it renders: every step
of every loop, every filter's result and every piece of output is counted, and the render stops
with a Chinese sentence once a bound is passed or the clerk cancels.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from typing import Any

from jinja2 import Template

from .errors import ExportCancelled, RenderLimitError

__all__ = ["BoundedTemplate", "ExportCancelled", "RenderBudget", "RenderLimitError", "text_chars"]

MAX_LOOP_STEPS = 5_000_000  # a real template loops a few thousand times (rows x columns)
MAX_OUTPUT_CHARS = 32_000_000  # over the report's own text: a real template adds its XML and little more
MAX_SECONDS = 30.0  # a real template renders in well under a second


class RenderBudget:
    """What one export's renders may still spend; shared by every part of the document."""

    def __init__(self, text_chars: int = 0, cancelled: Callable[[], bool] | None = None) -> None:
        self.max_output = MAX_OUTPUT_CHARS + 2 * text_chars
        self.deadline = time.monotonic() + MAX_SECONDS
        self.cancelled = cancelled or (lambda: False)
        self.steps = 0
        self.output = 0

    def check(self) -> None:
        """Cancelled or out of time: stop."""
        if self.cancelled():
            raise ExportCancelled()
        if time.monotonic() > self.deadline:
            raise RenderLimitError(f"Word 模板填写超过 {MAX_SECONDS:.0f} 秒仍未完成（循环太多或嵌套太深），已停止；"
                                   "请检查模板中的 {% for %}。")

    def step(self) -> None:
        self.steps += 1
        if self.steps > MAX_LOOP_STEPS:
            raise RenderLimitError(f"Word 模板的循环要执行超过 {MAX_LOOP_STEPS:,} 次（嵌套太深），已停止；"
                                   "请检查模板中的 {% for %}。")
        if self.steps % 1024 == 0:
            self.check()

    def grow(self, chars: int) -> None:
        """``chars`` more characters of output (or of one filter's result) are about to exist."""
        if chars > self.max_output or self.output + chars > self.max_output:
            raise RenderLimitError(f"Word 模板填写后的内容超过 {self.max_output // 1_000_000} 百万字（可能是反复替换或"
                                   "循环造成的），已停止；请检查模板中的 replace 和 {% for %}。")

    # ------------------------------------------------------------ the context the template sees

    def bound(self, value: Any) -> Any:
        """``value`` with every list and namespace in it counting its loop steps against this budget."""
        if isinstance(value, dict):
            return _BoundedDict(self, {k: self.bound(v) for k, v in value.items()})
        if isinstance(value, list | tuple):
            return _BoundedList(self, [self.bound(v) for v in value])
        return value

    def filter(self, name: str, function: Callable[..., Any]) -> Callable[..., Any]:
        """``function`` (a Jinja filter) refusing a result larger than the budget, before making it."""

        def bounded(*args: Any, **kwargs: Any) -> Any:
            if name == "replace" and len(args) >= 2:  # do_replace(eval_ctx, s, old, new, count=None)
                text = str(args[1])
                old = str(args[2] if len(args) > 2 else kwargs.get("old", ""))
                new = str(args[3] if len(args) > 3 else kwargs.get("new", ""))
                count = len(text) + 1 if old == "" else text.count(old)
                self.grow(len(text) + count * max(len(new) - len(old), 0))
            result = function(*args, **kwargs)
            if isinstance(result, str):
                self.grow(len(result))
            return result

        for attribute in ("jinja_pass_arg",):  # Jinja passes the environment/context to marked filters
            if hasattr(function, attribute):
                setattr(bounded, attribute, getattr(function, attribute))
        return bounded


class _BoundedList(list[Any]):
    def __init__(self, budget: RenderBudget, items: list[Any]) -> None:
        super().__init__(items)
        self._budget = budget

    def __iter__(self) -> Iterator[Any]:
        for item in super().__iter__():
            self._budget.step()
            yield item


class _BoundedDict(dict[str, Any]):
    def __init__(self, budget: RenderBudget, items: dict[str, Any]) -> None:
        super().__init__(items)
        self._budget = budget

    def __iter__(self) -> Iterator[str]:
        for key in super().__iter__():
            self._budget.step()
            yield key


class BoundedTemplate(Template):
    """A Jinja template whose output is counted against the environment's budget while it renders."""

    def render(self, *args: Any, **kwargs: Any) -> str:
        budget: RenderBudget | None = getattr(self.environment, "budget", None)
        if budget is None:
            return super().render(*args, **kwargs)
        context = self.new_context(dict(*args, **kwargs))
        pieces: list[str] = []
        try:
            for piece in self.root_render_func(context):
                budget.grow(len(piece))
                budget.output += len(piece)
                if len(pieces) % 256 == 0:
                    budget.check()
                pieces.append(piece)
        except Exception:
            self.environment.handle_exception()
        return "".join(pieces)


def text_chars(value: Any) -> int:
    """The characters of text in a context: what the clerk wrote may legitimately be printed."""
    if isinstance(value, str):
        return len(value)
    if isinstance(value, dict):
        return sum(text_chars(v) for v in value.values())
    if isinstance(value, list | tuple):
        return sum(text_chars(v) for v in value)
    return 0
