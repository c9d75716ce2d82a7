"""A draft from an older version of the app opens in a newer one (reliability.md, Drafts 8).

tests/robustness/data/ holds files written by this version, frozen: a portable draft file of format 1
and a store revision file of envelope 1 (both made from the sample with 联系人 "张三（第 1 版格式）").
Every later version must still open them: change the format, add a migration, and these tests keep
the promise. The migration path itself is driven through the main window with a simulated next format.
"""

from __future__ import annotations

import json
import shutil
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from models import draft_format
from models.draft_format import read_draft_file
from models.draft_store import DraftStore
from models.drafts import open_report
from models.report import Report

DATA = Path(__file__).with_name("data")
PORTABLE_V1 = DATA / "draft-format-1.json"
REVISION_V1 = DATA / "rev-00000001.brw"
DRAFT_ID = "0123456789abcdef0123456789abcdef"


def check_frozen_content(report: Report) -> None:
    assert report.framework_id == "sichuan-2017"
    assert report.text("unit_name") == "蓉溪市农业农村局" and report.integer("eval_year") == 2025
    assert report.text("contact").startswith("张三（第 1 版格式）")
    assert report.money("inc_fiscal") == Decimal("38652400.00")
    assert report.scores["relevance"] == Decimal("5.00")
    assert len(report.rows) == 5


def test_the_frozen_files_are_what_this_suite_expects() -> None:
    data = json.loads(PORTABLE_V1.read_text("utf-8"))
    assert data["format"] == "budget-report-draft" and data["format_version"] == 1
    assert REVISION_V1.read_bytes()[:10] == b"BRWDRAFT\x00\x01"  # magic, envelope version 1


def test_a_format_1_draft_file_opens() -> None:
    check_frozen_content(read_draft_file(PORTABLE_V1))


def test_an_envelope_1_revision_opens_in_the_store(tmp_path: Path) -> None:
    folder = tmp_path / "drafts" / DRAFT_ID
    folder.mkdir(parents=True)
    shutil.copy(REVISION_V1, folder / REVISION_V1.name)
    opened = open_report(DraftStore(tmp_path / "drafts"), DRAFT_ID)
    assert opened.notes == () and opened.revision == 1
    check_frozen_content(opened.report)


def test_an_older_draft_opens_in_the_window_migrated_and_is_saved_in_the_new_format(
        window: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """This program as version N+1, with a migration from N. The format-1 revision on disk opens."""
    current = draft_format.FORMAT_VERSION

    def one_more(data: dict[str, Any]) -> dict[str, Any]:
        values = dict(data["values"])
        values["contact"] = values["contact"] + "（已迁移）"
        return {**data, "values": values}

    monkeypatch.setattr(draft_format, "FORMAT_VERSION", current + 1)
    monkeypatch.setitem(draft_format.MIGRATIONS, current, one_more)
    folder = window.store.root / DRAFT_ID
    folder.mkdir(parents=True)
    shutil.copy(REVISION_V1, folder / REVISION_V1.name)
    window.start.refresh()
    assert [d.draft_id for d in window.start.drafts] == [DRAFT_ID]
    assert window.open_draft(DRAFT_ID)
    assert window.session.report.text("contact") == "张三（第 1 版格式）（已迁移）"
    check_frozen_content(window.session.report)
    window.session.set_value("phone", "028-86123456")
    window.save_now()
    assert window.store.load(DRAFT_ID).payload["format_version"] == current + 1
    assert (folder / REVISION_V1.name).read_bytes() == REVISION_V1.read_bytes(), "the old revision is kept"
    window.start.import_path(PORTABLE_V1)  # the portable file too
    assert window.session.report.text("contact") == "张三（第 1 版格式）（已迁移）"


PORTABLE_V2 = DATA / "draft-format-2.json"


def test_a_format_2_draft_file_opens_with_its_live_paragraphs() -> None:
    """Format 2 added the generated paragraphs that follow the figures (models.figure_text)."""
    data = json.loads(PORTABLE_V2.read_text("utf-8"))
    assert data["format_version"] == 2 and set(data["generated"]) >= {"income_text", "staff_text"}
    report = read_draft_file(PORTABLE_V2)
    assert report.text("contact") == "张三（第 2 版格式）"
    live = report.generated["income_text"]
    assert report.text("income_text").startswith(live.paragraph) and live.paragraph.startswith("2025年本年收入合计")


def test_a_format_1_draft_has_no_live_paragraphs_after_migration() -> None:
    assert read_draft_file(PORTABLE_V1).generated == {}


PORTABLE_V3 = DATA / "draft-format-3.json"


def test_a_format_3_draft_file_opens_with_the_framework_it_carries(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Format 3 added the copy of an imported framework (the bureau's 得分表): the draft opens on a PC
    that never imported it."""
    from models import frameworks
    from models.paths import DATA_DIR_ENV

    monkeypatch.setenv(DATA_DIR_ENV, str(tmp_path / "empty"))
    monkeypatch.setattr(frameworks, "_USER", {})
    data = json.loads(PORTABLE_V3.read_text("utf-8"))
    assert data["format_version"] == 3 and data["framework"] == data["framework_data"]["id"]
    report = read_draft_file(PORTABLE_V3)
    assert report.framework_id.startswith("user-") and report.text("contact") == "张三（第 3 版格式）"
    assert report.scores["relevance"] == Decimal("5.00") and len(report.rows) == 5
    assert all(row.node == "duty" for row in report.rows)


PORTABLE_V4 = DATA / "draft-format-4.json"  # 2026 from 2025: 上年数 and two carried narratives, one confirmed


def test_older_drafts_have_no_prior_year_and_nothing_carried() -> None:
    for path in (PORTABLE_V1, PORTABLE_V2):
        report = read_draft_file(path)
        assert report.prior is None and report.carried == {} and report.unreviewed() == ()


def test_a_format_4_draft_file_opens_with_its_prior_year_and_carried_narratives() -> None:
    """Format 4 added 上年数 (read-only last-year figures) and the carried narratives (上年内容)."""
    data = json.loads(PORTABLE_V4.read_text("utf-8"))
    assert data["format_version"] == 4
    report = read_draft_file(PORTABLE_V4)
    assert report.integer("eval_year") == 2026 and report.text("contact") == "张三（第 4 版格式）"
    assert report.prior is not None and report.prior.year == 2025
    assert report.prior.money("year_end_carryover") == Decimal("2457000.00")
    assert report.prior.integer("staff_total") == 88
    assert set(report.carried) == {"income_text", "problems_text"}
    assert report.unreviewed() == ("income_text",), "problems_text was confirmed (已核对)"
