"""来自导入，请核对: imported values are marked in the draft until the clerk confirms their step."""

from __future__ import annotations

import json
from pathlib import Path

from exporters.api import export_report
from importers import import_report
from importers.result import draft_report
from models.draft_format import dumps, loads, portable_dict, read_draft_file
from models.editing import EditSession
from models.import_marks import has_marks, marks_of
from models.sample import build_sample
from models.step_states import StepState

FROZEN_V6 = Path(__file__).parent.parent / "robustness" / "data" / "draft-format-6.json"


def imported_sample(tmp_path: Path) -> EditSession:
    out = tmp_path / "r.docx"
    export_report(build_sample(), docx=out, xlsx=None)
    return EditSession(draft_report(import_report(out)))


def test_every_imported_value_is_marked_with_its_source(tmp_path: Path) -> None:
    report = imported_sample(tmp_path).report
    assert report.imported["values.inc_fiscal"].startswith("表 1 第 2 行第 2 列「财政拨款收入")
    assert report.imported["values.unit_name"].startswith("第 ")
    assert "scores.relevance" in report.imported
    assert has_marks(report, "cover") and has_marks(report, "scoring")


def test_a_marked_step_is_not_complete_until_confirmed_and_undo_brings_the_marks_back(tmp_path: Path) -> None:
    session = imported_sample(tmp_path)
    assert session.step_status("cover").state is StepState.IN_PROGRESS
    before = dict(marks_of(session.report, "cover"))
    assert session.confirm_imported("cover")
    assert not has_marks(session.report, "cover") and has_marks(session.report, "finance")
    assert session.step_status("cover").state is StepState.COMPLETE
    assert not session.confirm_imported("cover")  # nothing left to confirm
    assert session.undo()
    assert marks_of(session.report, "cover") == before


def test_marks_and_unplaced_text_survive_the_draft_file(tmp_path: Path) -> None:
    report = imported_sample(tmp_path).report
    report.unplaced = ["第 9 段：其他需要说明的事项"]
    again = loads(dumps(portable_dict(report)))
    assert again.imported == report.imported and again.unplaced == report.unplaced


def test_a_frozen_format_6_draft_opens_with_its_marks() -> None:
    data = json.loads(FROZEN_V6.read_text("utf-8"))
    assert data["format_version"] == 6
    report = read_draft_file(FROZEN_V6)
    assert report.text("contact") == "张三（第 6 版格式）"
    assert report.imported["values.unit_name"].startswith("第 2 段") and report.unplaced[0].startswith("第 37 段")
