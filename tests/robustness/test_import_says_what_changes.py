"""Import changes nothing silently (reliability.md, round 2).

A key written twice is refused, naming the key (json keeps the last one without a word); keys this
program does not know (a newer program's, meta.extra) are named; the file's own title is kept.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from models.cli import main as cli_main
from models.draft_format import dumps, portable_dict
from models.draft_store import DraftStore
from models.sample import build_sample


def portable_text() -> str:
    return dumps(portable_dict(build_sample(), title="原来的标题"), indent=1).decode("utf-8")


@pytest.mark.parametrize("where", ["top", "values", "meta"])
def test_a_key_written_twice_is_refused_naming_the_key(where: str, tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    text = portable_text()
    if where == "top":
        text = text.replace('"framework": ', '"framework": "national-2020",\n "framework": ', 1)
        key = "framework"
    elif where == "values":
        text = text.replace('"unit_name": ', '"unit_name": "别的单位",\n  "unit_name": ', 1)
        key = "unit_name"
    else:
        text = text.replace('"title": ', '"title": "甲",\n  "title": ', 1)
        key = "title"
    draft = tmp_path / "草稿.json"
    draft.write_text(text, encoding="utf-8")
    for args in (["drafts", "import", str(draft)], ["validate", str(draft)]):
        assert cli_main(args) == 2
        err = capsys.readouterr().err
        assert f"「{key}」" in err and "两次" in err and err.count("\n") == 1, err
    assert DraftStore().list() == []


def test_unknown_keys_are_named_and_the_title_is_kept(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = json.loads(portable_text())
    data["future_feature"] = {"x": 1}
    data["meta"]["extra"] = "备注"
    draft = tmp_path / "草稿.json"
    draft.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert cli_main(["drafts", "import", str(draft)]) == 0
    captured = capsys.readouterr()
    assert "「future_feature」" in captured.err and "「meta.extra」" in captured.err, captured.err
    (info,) = DraftStore().list()
    assert info.title == "原来的标题" and "原来的标题" in captured.out


def test_a_plain_file_imports_without_a_note(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    draft = tmp_path / "草稿.json"
    draft.write_text(portable_text(), encoding="utf-8")
    assert cli_main(["drafts", "import", str(draft)]) == 0
    assert capsys.readouterr().err == ""
