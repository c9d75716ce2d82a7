"""The rule catalogue (docs/rules.md), generated from the registered rules.

``python -m models.catalogue`` rewrites it; a test keeps the committed copy current.
"""

from __future__ import annotations

import sys
from pathlib import Path

from .rules import RULES

CATALOGUE_PATH = Path(__file__).resolve().parent.parent / "docs" / "rules.md"


def _wide(ch: str) -> bool:
    return ord(ch) >= 0x2E80  # CJK characters and full-width punctuation


def _one_line(doc: str) -> str:
    """A docstring on one line: a line break between two Chinese characters is no space in Chinese."""
    out = ""
    for line in doc.split("\n"):
        line = " ".join(line.split())
        if not line:
            continue
        joint = "" if out and (_wide(out[-1]) and _wide(line[0])) else " "
        out = f"{out}{joint}{line}" if out else line
    return out


def catalogue_text() -> str:
    lines = [
        "# 校验规则目录 / Rule catalogue",
        "",
        "本文件由 `python -m models.catalogue` 根据代码中登记的规则生成，请勿手改。",
        "Generated from the rules registered in `models/rules/`; do not edit by hand.",
        "",
        "级别：**错误**（正式导出前必须改正）、**提醒**（必须说明或确认）、**提示**（供参考）。",
        "",
        "| 规则编号 | 级别 | 名称 | 说明 |",
        "|---|---|---|---|",
    ]
    for spec in sorted(RULES, key=lambda r: r.id):
        doc = _one_line(spec.doc)
        lines.append(f"| `{spec.id}` | {spec.severity.label} | {spec.title} | {doc} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    CATALOGUE_PATH.write_text(catalogue_text(), encoding="utf-8")
    sys.stdout.write(f"wrote {CATALOGUE_PATH}\n")
