"""Switch a draft to another framework (e.g. the bureau's table taken as this year's framework).

Scores stay with indicators the new framework has under the same id (an imported table reuses the
ids of the framework it was matched against); the department's own rows move to the rows block of the
same name. What cannot be carried over is named, never dropped silently.
"""

from __future__ import annotations

from .frameworks import Framework, FrameworkError, load_framework
from .matching import match_indicator
from .report import Report


def switch(report: Report, framework: Framework) -> list[str]:
    """Point ``report`` at ``framework`` in place; returns what could not be carried over."""
    try:
        old: Framework | None = load_framework(report.framework_id)
    except FrameworkError:
        old = None
    notes: list[str] = []
    for node_id in list(report.scores):
        node = framework.nodes.get(node_id)
        if node is None or node.kind != "score":
            name = old.nodes[node_id].name if old is not None and node_id in old.nodes else node_id
            notes.append(f"「{name}」的得分 {report.scores[node_id]} 分：新框架中没有这个指标，已去掉。")
            del report.scores[node_id]
    containers = framework.row_containers()
    for row in report.rows:
        target = framework.nodes.get(row.node)
        if target is not None and target.kind == "rows":
            continue
        old_name = old.nodes[row.node].name if old is not None and row.node in old.nodes else ""
        hit = match_indicator(old_name, framework) if old_name else None
        if hit is not None and hit.node.kind == "rows":
            row.node = hit.node.id
        elif len(containers) == 1:
            row.node = containers[0].id
        else:
            notes.append(f"部门自定指标「{row.name[:20]}」在新框架中找不到所属的类别，请在得分表中移到正确的类别下。")
    report.framework_id = framework.id
    return notes
