"""What filling a bureau's form did: what went where, and what could not be placed.

The mapping is data: the CLI prints it, the wizard's 导出设置 shows it before export. A form where
nothing at all was recognised is refused (``NOTHING_FOUND``): a blank form never comes back as if it
were done.
"""

from __future__ import annotations

from dataclasses import dataclass, field

NOTHING_FOUND = "这个文件里没有找到可以填写的位置"
VALUE_SHOWN = 24


def short(text: str, limit: int = VALUE_SHOWN) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[:limit] + "……"


@dataclass(frozen=True, slots=True)
class Placement:
    what: str  # what we wrote: "单位名称", "机构职能", "得分：相关性"
    where: str  # "第 1 个表格第 1 行第 2 列", "第 12 段（标题「（二）部门职能」下）", "工作表「得分表」F5"
    value: str  # the value as written, shortened

    def __str__(self) -> str:
        return f"{self.what} → {self.where}：{short(self.value)}"


@dataclass(slots=True)
class FormMapping:
    """Everything one form's filling found, in the clerk's terms."""

    file: str
    placed: list[Placement] = field(default_factory=list)
    placeholders: int = 0  # {{ }} placeholders filled the template way
    not_placed: list[str] = field(default_factory=list)  # our values that found no place
    unmatched_rows: list[str] = field(default_factory=list)  # bureau rows that matched no indicator
    missing: list[str] = field(default_factory=list)  # our indicators absent from the bureau's table
    notes: list[str] = field(default_factory=list)  # checks: the bureau's 合计, differing points …

    @property
    def recognised(self) -> bool:
        return bool(self.placed) or self.placeholders > 0

    def place(self, what: str, where: str, value: str) -> None:
        self.placed.append(Placement(what, where, value))

    def entries(self) -> list[tuple[str, str]]:
        """(kind, text) in display order; kind: head, placed, not_placed, unmatched, missing, note."""
        head = f"{self.file}：填写了 {len(self.placed)} 处" + (f"，占位符 {self.placeholders} 个" if self.placeholders else "")
        open_items = len(self.not_placed) + len(self.unmatched_rows) + len(self.missing)
        if open_items:
            head += f"；{open_items} 项没有对上（见列表末尾）"
        out = [("head", head)]
        out.extend(("placed", str(p)) for p in self.placed)
        for kind, items in (("not_placed", self.not_placed), ("unmatched", self.unmatched_rows),
                            ("missing", self.missing), ("note", self.notes)):
            out.extend((kind, item) for item in items)
        return out

    def lines(self) -> list[str]:
        """The mapping as the CLI prints it: each group under its title."""
        out: list[str] = []
        last = ""
        for kind, text in self.entries():
            if kind in ("head", "placed"):
                out.append(text if kind == "head" else f"  {text}")
                continue
            if kind != last:
                out.append(f"  {ENTRY_TITLES[kind]}：")
            out.append(f"    {text}")
            last = kind
        return out


ENTRY_TITLES = {"not_placed": "没有找到位置的内容", "unmatched": "财政局表格中没有对应指标的行",
                "missing": "本报告有、财政局表格中没有的指标", "note": "核对"}
