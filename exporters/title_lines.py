"""Where a long report title breaks: between words, never inside the unit's name (document-format.md §6).

Word and LibreOffice break CJK text after any character, so "…综合行政执/法支队" happens unless the
breaks are given explicitly. A unit name is a chain of administrative words (蓉溪市 / 经济技术开发区 /
管理委员会 / 综合行政执法支队); a line may end only where one of them ends.
"""

from __future__ import annotations

TITLE_LINE_CHARS = 20  # 二号 characters on one line of the 156 mm type area
LONGEST_NAME = 200  # longer than any unit's name: split plainly (and fast)

# Words that end an organisational unit, longest first so "委员会" wins over "会".
_WORD_ENDS = ("管理委员会", "委员会", "管委会", "人民政府", "办公室", "办事处", "自治区", "自治州", "自治县",
              "街道", "中心", "集团", "公司", "政府", "省", "市", "县", "区", "州", "盟", "旗", "镇", "乡", "局", "厅",
              "院", "所", "站", "队", "处", "社", "馆", "校", "部", "室", "会", "）", ")", " ", "\u3000")
# A word end followed by these characters is the first half of a longer word (市场, 区域, 部门, 会计).
_NOT_BEFORE = {"市": "场政辖区", "区": "域划", "县": "级域", "省": "级", "局": "长", "部": "门", "处": "理置",
               "会": "计议", "所": "属有", "站": "点", "院": "校", "队": "伍", "乡": "村", "镇": "街"}


def word_ends(name: str) -> list[int]:
    """Positions (1..len) after which a line may end inside ``name``."""
    ends = set()
    for word in _WORD_ENDS:
        start = name.find(word)
        while start != -1:
            end = start + len(word)
            after = name[end:end + 1]
            if end < len(name) and after not in _NOT_BEFORE.get(word, ""):
                ends.add(end)
            start = name.find(word, start + 1)
    ends.add(len(name))
    return sorted(ends)


def split_name(name: str, width: int = TITLE_LINE_CHARS) -> list[str]:
    """``name`` in the fewest lines of at most ``width`` characters, each ending at a word end, as even as
    possible; where a stretch longer than ``width`` has no word end, it is cut at ``width``."""
    if len(name) <= width:
        return [name]
    if len(name) > LONGEST_NAME:  # pasted junk, not a unit's name: plain lines of ``width``
        return [name[i:i + width] for i in range(0, len(name), width)]
    ends = set(word_ends(name))
    n = len(name)
    # best[i]: (hard cuts, lines, longest line, where the line from i ends) for name[i:], from the back.
    best: list[tuple[int, int, int, int]] = [(0, 0, 0, n)] * (n + 1)
    for i in range(n - 1, -1, -1):
        reach = [j for j in range(i + 1, min(n, i + width) + 1) if j in ends]
        if reach:
            best[i] = min((best[j][0], best[j][1] + 1, max(best[j][2], j - i), j) for j in reach)
        else:
            j = i + width
            best[i] = (best[j][0] + 1, best[j][1] + 1, max(best[j][2], width), j)
    lines, i = [], 0
    while i < n:
        j = best[i][3]
        lines.append(name[i:j].strip())
        i = j
    return [line for line in lines if line]


def title_lines(unit_name: str, rest: str, width: int = TITLE_LINE_CHARS) -> list[str]:
    """The title's lines: one line when it fits, else the unit's name (split by words) above ``rest``
    ("2025年度部门整体支出绩效自评报告")."""
    if len(unit_name) + len(rest) <= width or not unit_name:
        return [unit_name + rest]
    return [*split_name(unit_name, width), *split_name(rest, width)]
