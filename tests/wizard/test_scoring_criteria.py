"""评分标准 beside each score, when the framework has it (a bureau's table brings its own)."""

from __future__ import annotations

import json
from importlib import resources

from PySide6.QtCore import Qt

from gui.scoring_table import COLUMN_KEYS
from models.frameworks import load_framework, parse_framework


def scoring(window):
    editor = window.editor
    editor.go_to(editor.steps.index("scoring"))
    return editor.page(editor.current)


def test_criteria_are_shown_read_only_right_after_the_score(sample) -> None:
    page = scoring(sample)
    view, model = page.view, page.model
    column = COLUMN_KEYS.index("criteria")
    header = view.horizontalHeader()
    assert not view.isColumnHidden(column)
    assert header.visualIndex(column) == header.visualIndex(COLUMN_KEYS.index("score")) + 1
    assert model.headerData(column, header.orientation()) == "评分标准"
    index = model.locate("scores.relevance").siblingAtColumn(column)
    assert index.data() == load_framework("sichuan-2017").nodes["relevance"].help
    assert not model.flags(index) & Qt.ItemFlag.ItemIsEditable
    row_entry = next(i for i, e in enumerate(model.entries) if e.kind == "row")
    assert model.index(row_entry, column).data() == "" and not model.path_of(row_entry, column)


def _without_help(node: dict) -> dict:
    node = {k: v for k, v in node.items() if k != "help"}
    if "children" in node:
        node["children"] = [_without_help(c) for c in node["children"]]
    return node


def test_without_criteria_the_column_is_hidden(sample) -> None:
    page = scoring(sample)
    view = page.view
    data = json.loads(resources.files("resources.frameworks").joinpath("sichuan-2017.json").read_text("utf-8"))
    bare = parse_framework({**data, "tree": [_without_help(t) for t in data["tree"]]})
    view.show_criteria(bare)
    assert view.isColumnHidden(COLUMN_KEYS.index("criteria"))
