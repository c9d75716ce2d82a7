"""What the clerk typed comes back from the draft exactly: through the store and the portable file.

The corpus texts go into every kind of text the draft holds (one-line field, narrative, indicator row,
explanation of a warning, unreadable typed input); a fresh store and a fresh file read give back the
same report, character for character. And whatever the editor lets the clerk make, the store can save
and read back: no paste can produce a draft that saves but never opens again.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from models import draft_revision
from models.draft_format import (
    MAX_FILE_BYTES,
    MAX_ROWS,
    DraftFormatError,
    dumps,
    loads,
    read_draft_file,
    report_to_dict,
)
from models.draft_store import DraftPayloadError, DraftStore
from models.drafts import create_report, export_file, open_report, save_report
from models.editing import EditSession, RowPasteError
from models.report import IndicatorRow, PendingInput, Report
from models.sample import build_sample

from .corpus import TEXTS
from .helpers import snapshot


def revisions(store: DraftStore, draft_id: str) -> dict[str, bytes]:
    return {k: v for k, v in snapshot(store.root / draft_id).items() if k.endswith((".brw", ".tmp"))}


def report_with(text: str) -> Report:
    report = build_sample()
    report.values["contact"] = text  # one-line field
    report.values["org_text"] = text  # narrative
    report.rows.append(IndicatorRow(node="duty", row_id="corpus", name=text, measure_unit=text, target=text,
                                    actual=text, points=Decimal("1.00"), score=Decimal("1.00"), reason=text))
    report.explanations["corpus-warning"] = text
    report.pending["values.inc_other"] = PendingInput(text, f"「其他收入」：「{text[:24]}」不是有效的数字。")
    return report


@pytest.mark.parametrize("name", list(TEXTS))
def test_text_round_trips_exactly_through_the_store_and_the_portable_file(name: str, tmp_path: Path) -> None:
    text = TEXTS[name]
    report = report_with(text)
    store = DraftStore(tmp_path / "drafts")
    opened = create_report(store, build_sample())
    save_report(store, opened.draft_id, report, base_revision=opened.revision)

    reopened = open_report(DraftStore(tmp_path / "drafts"), opened.draft_id)  # as after a restart
    assert reopened.notes == ()
    assert report_to_dict(reopened.report) == report_to_dict(report)
    got = reopened.report
    assert got.text("contact") == text and got.text("org_text") == text
    assert got.rows[-1].name == text and got.rows[-1].reason == text
    assert got.explanations["corpus-warning"] == text and got.pending["values.inc_other"].text == text

    portable = tmp_path / "草稿.json"
    export_file(got, portable, title="corpus")
    assert report_to_dict(read_draft_file(portable)) == report_to_dict(report)
    portable.read_bytes().decode("utf-8")  # strict UTF-8, lone surrogates included (escaped)


def test_a_huge_narrative_paste_saves_and_opens_again(tmp_path: Path) -> None:
    """A whole document pasted into a narrative by accident (300,000 characters): still the clerk's draft."""
    store = DraftStore(tmp_path / "drafts")
    opened = create_report(store, build_sample())
    session = EditSession(opened.report)
    session.set_value("org_text", "误粘贴的整篇文档。" * 35_000)
    save_report(store, opened.draft_id, session.report, base_revision=opened.revision)
    again = open_report(DraftStore(tmp_path / "drafts"), opened.draft_id)
    assert again.report.text("org_text") == session.report.text("org_text")
    assert len(again.report.text("org_text")) == 315_000
    path = tmp_path / "大.json"
    export_file(again.report, path)
    assert read_draft_file(path).text("org_text") == session.report.text("org_text")


def test_the_editor_never_makes_more_rows_than_a_draft_can_hold(tmp_path: Path) -> None:
    session = EditSession(build_sample())
    have = len(session.report.rows)
    lines = "\n".join(f"指标{i}\t≥\t个\t1\t1\t1\t1\t" for i in range(MAX_ROWS - have))
    session.paste_rows("duty", lines)
    assert len(session.report.rows) == MAX_ROWS
    before = report_to_dict(session.report)
    with pytest.raises(RowPasteError, match=f"最多 {MAX_ROWS} 行"):
        session.paste_rows("duty", "多一行\t≥\t个\t1\t1\t1\t1\t")
    with pytest.raises(RowPasteError, match=f"最多 {MAX_ROWS} 行"):
        session.add_row("duty")
    assert report_to_dict(session.report) == before
    assert len(loads(dumps(report_to_dict(session.report))).rows) == MAX_ROWS  # the full draft still reads


def test_a_save_the_store_would_not_read_back_is_refused_not_acknowledged(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Over the body limit (50 MB; 2 KB here): refused with a message, earlier revisions untouched."""
    store = DraftStore(tmp_path / "drafts")
    draft_id = store.create({"v": 1}, "草稿", {})
    before = revisions(store, draft_id)
    monkeypatch.setattr(draft_revision, "MAX_BODY_BYTES", 2048)
    with pytest.raises(DraftPayloadError) as info:
        store.save(draft_id, {"v": "字" * 1000}, base_revision=1)
    assert "超过" in str(info.value) and "没有保存" in str(info.value) and "之前保存的版本没有受影响" in str(info.value)
    with pytest.raises(DraftPayloadError):
        store.create({"v": "字" * 1000}, "新草稿", {})
    assert revisions(store, draft_id) == before
    assert [d.draft_id for d in store.list()] == [draft_id]
    assert store.save(draft_id, {"v": 2}, base_revision=1) == 2  # under the limit: saved, and it loads
    assert store.load(draft_id).payload == {"v": 2}


@pytest.mark.parametrize("raw", ["-0", "-0.00", "-0.000000"])
def test_negative_zero_in_a_draft_file_is_zero(raw: str) -> None:
    data = report_to_dict(build_sample())
    data["values"]["inc_other"] = raw
    data["scores"]["relevance"] = raw
    data["rows"] = [{"row_id": "z", "node": "duty", "points": raw, "score": raw}]
    report = loads(json.dumps(data).encode())
    for value in (report.money("inc_other"), report.scores["relevance"], report.rows[0].points):
        assert value is not None and value.is_zero() and not value.is_signed()


def test_a_text_only_a_hostile_file_could_hold_is_still_bounded_by_the_file_size(tmp_path: Path) -> None:
    path = tmp_path / "big.json"
    data = report_to_dict(build_sample())
    data["values"]["org_text"] = "x" * (MAX_FILE_BYTES + 1024 * 1024)
    path.write_bytes(dumps(data))
    with pytest.raises(DraftFormatError, match=f"{MAX_FILE_BYTES // 1048576} MB"):
        read_draft_file(path)
