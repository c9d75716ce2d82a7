"""One line that sums up a template's problems; the full list travels in ``TemplateError.issues``."""

from __future__ import annotations

import re
from collections.abc import Sequence

from .errors import TemplateIssue

SHOWN = 2


def blocking_error(kind: str, issues: Sequence[TemplateIssue]) -> str:
    """"Word 模板有 3 处问题，不能使用：第 2 段「……」：未知的占位符「unit_nam」；……（另有 1 处）" """
    shown = "；".join(str(issue).rstrip("。") for issue in issues[:SHOWN])
    more = f"（另有 {len(issues) - SHOWN} 处）" if len(issues) > SHOWN else ""
    return f"{kind} 模板有 {len(issues)} 处问题，不能使用：{shown}{more}。"


# A tag typed with the IME's full-width braces (｛｛ unit_name ｝｝) is not a tag to Jinja or to the Excel
# filler: it would print as typed. Found and named instead.
_FULL_WIDTH_TAG = re.compile(r"[{｛]\s*[{｛%％]\s*([^{}｛｝]{0,60}?)\s*[}｝%％]?\s*[}｝]")


def full_width_tags(text: str) -> list[str]:
    """Every tag in ``text`` written with at least one full-width brace or percent sign."""
    if not any(ch in text for ch in "｛｝％"):
        return []
    return [m.group(0) for m in _FULL_WIDTH_TAG.finditer(text) if any(ch in m.group(0) for ch in "｛｝％")]


def full_width_message(tag: str) -> str:
    return (f"「{tag[:40]}」用了全角的括号 ｛ ｝（或 ％），程序不会把它当作占位符；"
            "请改成半角的 {{ 名称 }}（输入法切换到英文标点后输入）。")
