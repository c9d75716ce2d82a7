"""One line that sums up a template's problems; the full list travels in ``TemplateError.issues``."""

from __future__ import annotations

from collections.abc import Sequence

from .errors import TemplateIssue

SHOWN = 2


def blocking_error(kind: str, issues: Sequence[TemplateIssue]) -> str:
    """"Word 模板有 3 处问题，不能使用：第 2 段「……」：未知的占位符「unit_nam」；……（另有 1 处）" """
    shown = "；".join(str(issue).rstrip("。") for issue in issues[:SHOWN])
    more = f"（另有 {len(issues) - SHOWN} 处）" if len(issues) > SHOWN else ""
    return f"{kind} 模板有 {len(issues)} 处问题，不能使用：{shown}{more}。"
