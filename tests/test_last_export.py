"""models.last_export: each draft's last export in data_dir()/exports — kept, described, never through a
link (the data folder is ours alone), and dropped when its draft is purged for good."""

from __future__ import annotations

import os
import stat
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path
from types import SimpleNamespace

import pytest

from models import last_export
from models.draft_store import DraftStore
from models.drafts import create_report
from models.last_export import ExportRecord
from models.sample import build_sample

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="symlinks need privileges on Windows")
WHEN = datetime(2026, 12, 2, 1, 10, tzinfo=timezone(timedelta(hours=8)))
DRAFT = "0123456789abcdef0123456789abcdef"


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "data"
    monkeypatch.setenv("BUDGET_REPORT_DATA_DIR", str(folder))
    return folder


def written(folder: Path, *, draft: bool = False) -> ExportRecord:
    files = (folder / "报告.docx", folder / "报告-得分表.xlsx")
    for path in files:
        path.write_bytes(b"PK")
    return ExportRecord(WHEN, draft, True, files, digest="d1")


def test_kept_and_read_back_and_a_failure_keeps_the_files_written_before(tmp_path: Path) -> None:
    ok = written(tmp_path)
    assert last_export.save(DRAFT, ok) == last_export.LastExport(ok)
    assert last_export.load(DRAFT) == last_export.LastExport(ok)
    failed = ExportRecord(WHEN + timedelta(minutes=5), True, False, message="「报告.docx」正被其他程序打开。")
    kept = last_export.save(DRAFT, failed)
    assert kept == last_export.LastExport(failed, ok) == last_export.load(DRAFT)
    shown = last_export.describe(kept, changed=False)
    assert shown.text.splitlines() == [
        "上次导出（2026-12-02 01:15，草稿版）没有完成：「报告.docx」正被其他程序打开。",
        "此前导出：2026-12-02 01:10（正式版），报告.docx、报告-得分表.xlsx",
        f"保存在：{tmp_path}",
        "导出之后报告没有修改，文件是最新内容。"]
    assert shown.warning == "" and shown.present == ok.files
    (tmp_path / "报告.docx").unlink()
    shown = last_export.describe(kept, changed=True)
    assert shown.warning.splitlines() == ["报告修改于导出之后：磁盘上的文件不是最新内容，需要时请重新导出。",
                                          "「报告.docx」已不在原处（可能已被移动、改名或删除），无法打开。"]
    assert shown.present == (tmp_path / "报告-得分表.xlsx",)


def test_the_digest_follows_the_content_not_the_screens_unit() -> None:
    from models.money import Unit

    report = build_sample()
    digest = last_export.content_digest(report)
    report.display_unit = Unit.WAN if report.display_unit is Unit.YUAN else Unit.YUAN
    assert last_export.content_digest(report) == digest
    report.values["contact"] = "王五"
    assert last_export.content_digest(report) != digest


def test_an_id_the_store_would_not_make_has_no_record(data_dir: Path, tmp_path: Path) -> None:
    for draft_id in ("", "../settings", "0123456789ABCDEF0123456789ABCDEF", DRAFT + "0"):
        assert last_export.save(draft_id, written(tmp_path)) is None and last_export.load(draft_id) is None
    assert not (data_dir / last_export.FOLDER).exists()


@posix_only
def test_an_exports_folder_that_is_a_link_is_never_followed(data_dir: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    data_dir.mkdir(parents=True, exist_ok=True)
    (data_dir / last_export.FOLDER).symlink_to(elsewhere, target_is_directory=True)
    (elsewhere / f"{DRAFT}.json").write_bytes(b'{"version": 1}')
    assert last_export.save(DRAFT, written(tmp_path)) is None
    assert last_export.load(DRAFT) is None
    last_export.forget(DRAFT)
    assert [p.name for p in elsewhere.iterdir()] == [f"{DRAFT}.json"]
    assert (elsewhere / f"{DRAFT}.json").read_bytes() == b'{"version": 1}'


@posix_only
def test_a_record_that_is_a_link_is_never_read_written_or_removed(data_dir: Path, tmp_path: Path) -> None:
    other = tmp_path / "other"
    other.mkdir()
    assert last_export.save(DRAFT, written(other)) is not None  # a real record …
    outside = tmp_path / "outside.json"
    record = data_dir / last_export.FOLDER / f"{DRAFT}.json"
    record.rename(outside)  # … moved out, a link in its place
    record.symlink_to(outside)
    before = outside.read_bytes()
    assert last_export.load(DRAFT) is None
    assert last_export.save(DRAFT, written(tmp_path)) is None
    last_export.forget(DRAFT)
    assert record.is_symlink() and outside.read_bytes() == before


def test_a_junction_counts_as_a_link(monkeypatch: pytest.MonkeyPatch, data_dir: Path, tmp_path: Path) -> None:
    """On Windows a junction is a reparse point, not a symlink: models.paths.is_link decides."""
    folder = data_dir / last_export.FOLDER
    folder.mkdir(parents=True)
    real_lstat = os.lstat

    def lstat(path: object, *args: object, **kwargs: object) -> object:
        if Path(str(path)) == folder:
            return SimpleNamespace(st_mode=stat.S_IFDIR | 0o755, st_file_attributes=0x400)
        return real_lstat(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "lstat", lstat)
    assert last_export.save(DRAFT, written(tmp_path)) is None
    assert list(folder.iterdir()) == []


def test_deleting_keeps_the_record_and_purging_drops_it(data_dir: Path, tmp_path: Path) -> None:
    store = DraftStore()
    assert store.exports_dir == last_export.default_folder()
    draft_id = create_report(store, build_sample()).draft_id
    ok = written(tmp_path)
    last_export.save(draft_id, ok)
    other = create_report(store, build_sample()).draft_id
    last_export.save(other, ok)
    store.delete(draft_id)
    store.restore(draft_id)  # back from the bin: its last export with it
    assert last_export.load(draft_id) == last_export.LastExport(ok)
    store.delete(draft_id)
    store.purge(draft_id)
    assert last_export.load(draft_id) is None
    assert not (store.exports_dir / f"{draft_id}.json").exists()
    assert last_export.load(other) == last_export.LastExport(ok), "only the purged draft's record goes"
    assert all(p.exists() for p in ok.files), "the exported files are the clerk's: never deleted"
