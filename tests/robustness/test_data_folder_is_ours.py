"""The data folder is ours alone (reliability.md, round 2).

A link inside it (a symlink, or on Windows a junction) is reported and left alone: nothing outside the
store is ever read, moved, created or deleted. Delete and restore hold the draft's locks while they
move it. One unreadable revision falls back to the last good one with a true message. A draft the
store saved always opens, exports and re-imports.
"""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from models import draft_store as draft_store_module
from models.cli import main as cli_main
from models.draft_format import MAX_FILE_BYTES, dumps, portable_dict, report_to_dict
from models.draft_lock import _try_lock, _unlock
from models.draft_store import MAX_BODY_BYTES, DraftStore, DraftStoreError
from models.drafts import create_report, open_report, save_report
from models.paths import is_link
from models.sample import build_sample

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="symlinks need privileges on Windows")


def snapshot(folder: Path) -> dict[str, bytes | None]:
    """Every path under ``folder`` and its bytes (None for folders)."""
    return {str(p.relative_to(folder)): (None if p.is_dir() else p.read_bytes()) for p in sorted(folder.rglob("*"))}


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A folder outside the store that looks like a draft folder: a revision and a temp file."""
    store = DraftStore()
    opened = create_report(store, build_sample())
    folder = tmp_path / "outside"
    (store.root / opened.draft_id).rename(folder)  # a real revision, now outside the store
    (folder / "important.tmp").write_bytes(b"a clerk's file")
    (folder / "rev-00000002.brw").write_bytes(b"damaged")  # would be quarantined, were it ours
    return folder


@posix_only
def test_a_draft_folder_that_is_a_link_is_reported_and_left_alone(
        outside: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store = DraftStore()
    link_id = "ab" * 16
    (store.root / link_id).symlink_to(outside, target_is_directory=True)
    before = snapshot(outside)
    listed = [i for i in store.list() if i.draft_id == link_id]
    assert listed and listed[0].damaged and "链接" in listed[0].title
    for args in (["drafts", "show", link_id], ["drafts", "delete", link_id], ["drafts", "export", link_id,
                                                                            str(outside.parent / "x.json")]):
        code = cli_main(args)
        err = capsys.readouterr().err
        assert code == 2 and "链接" in err and err.count("\n") == 1, err
    with pytest.raises(DraftStoreError, match="链接"):
        store.lock(link_id)
    with pytest.raises(DraftStoreError, match="链接"):
        store.load(link_id)
    assert snapshot(outside) == before, "nothing outside was read-moved, created or deleted"
    assert not store.quarantine_dir.exists() or list(store.quarantine_dir.iterdir()) == []
    assert (store.root / link_id).is_symlink()


@posix_only
def test_a_revision_or_lock_that_is_a_link_is_never_followed(tmp_path: Path) -> None:
    store = DraftStore()
    opened = create_report(store, build_sample())
    ddir = store.root / opened.draft_id
    secret = tmp_path / "secret.txt"
    secret.write_bytes(b"not a draft")
    (ddir / "rev-00000005.brw").symlink_to(secret)
    elsewhere = tmp_path / "lock-target"
    (ddir / "lock").unlink(missing_ok=True)
    (ddir / "lock").symlink_to(elsewhere)
    again = open_report(store, opened.draft_id)
    assert again.revision == 1 and any("第 5 版" in n and "链接" in n for n in again.notes), again.notes
    with pytest.raises(DraftStoreError, match="链接"):
        store.lock(opened.draft_id)
    assert not elsewhere.exists(), "a lock file was created outside the store"
    assert secret.read_bytes() == b"not a draft" and (ddir / "rev-00000005.brw").is_symlink()


def test_a_windows_junction_counts_as_a_link(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A junction is not a symlink to os.path.islink on Python < 3.12: the reparse-point flag decides."""
    folder = tmp_path / "j"
    folder.mkdir()
    real_lstat = os.lstat

    def lstat(path: object, *args: object, **kwargs: object) -> object:
        result = real_lstat(path, *args, **kwargs)  # type: ignore[arg-type]
        if Path(str(path)) == folder:
            return SimpleNamespace(st_mode=stat.S_IFDIR | 0o755, st_file_attributes=0x400)
        return result

    monkeypatch.setattr(os, "lstat", lstat)
    assert is_link(folder) and not is_link(tmp_path)


# ---------------------------------------------------------------- delete and restore hold the lock


def test_delete_holds_the_lock_while_it_moves_the_draft(monkeypatch: pytest.MonkeyPatch) -> None:
    """Deterministic form of a race: another window asks for the edit lock inside the move itself."""
    store = DraftStore()
    opened = create_report(store, build_sample())
    attempts: list[str] = []
    real_rename = os.rename

    def rename(src: object, dst: object) -> None:
        if Path(str(src)).name == opened.draft_id:  # another process asks for the lock: its own descriptor
            fd = _try_lock(Path(str(src)) / "lock")
            attempts.append("refused" if fd is None else "taken")
            if fd is not None:
                _unlock(fd)
        real_rename(src, dst)  # type: ignore[arg-type]

    monkeypatch.setattr(draft_store_module.os, "rename", rename)
    store.delete(opened.draft_id)
    store.restore(opened.draft_id)
    assert attempts == ["refused", "refused"]
    assert open_report(store, opened.draft_id).revision == 1


def test_a_save_cannot_slip_in_while_the_draft_is_moved(monkeypatch: pytest.MonkeyPatch) -> None:
    store = DraftStore()
    opened = create_report(store, build_sample())
    other = DraftStore()
    outcomes: list[str] = []
    real_rename = os.rename

    def rename(src: object, dst: object) -> None:
        if Path(str(src)).name == opened.draft_id:
            monkeypatch.setattr(draft_store_module, "SAVE_LOCK_TIMEOUT", 0.05)
            try:
                save_report(other, opened.draft_id, build_sample(), base_revision=1)
                outcomes.append("saved")
            except DraftStoreError:
                outcomes.append("refused")
        real_rename(src, dst)  # type: ignore[arg-type]

    monkeypatch.setattr(draft_store_module.os, "rename", rename)
    store.delete(opened.draft_id)
    assert outcomes == ["refused"]


# ---------------------------------------------------------------- one unreadable revision


@pytest.mark.parametrize("how", ["chmod-000", "folder"])
def test_one_unreadable_revision_falls_back_to_the_last_good_one_with_a_true_message(
        how: str, monkeypatch: pytest.MonkeyPatch) -> None:
    store = DraftStore()
    opened = create_report(store, build_sample())
    report = build_sample()
    report.values["phone"] = "028-1"
    save_report(store, opened.draft_id, report, base_revision=1)
    ddir = store.root / opened.draft_id
    newest = ddir / "rev-00000002.brw"
    if how == "folder":
        newest.unlink()
        newest.mkdir()
    else:
        real_open = open

        def refusing_open(path: object, *args: object, **kwargs: object) -> object:
            if Path(str(path)) == newest:  # chmod 000 as root is still readable: refuse as the OS would
                raise PermissionError(13, "Permission denied", str(path))
            return real_open(path, *args, **kwargs)  # type: ignore[call-overload]

        monkeypatch.setattr("builtins.open", refusing_open)
    again = open_report(store, opened.draft_id)
    assert again.revision == 1
    note = " ".join(again.notes)
    assert "第 2 版" in note and "写入" not in note and ("读取" in note or "文件夹" in note), note
    assert newest.exists(), "an unreadable revision is left where it is"
    assert [i.draft_id for i in store.list() if not i.damaged] == [opened.draft_id]


# ---------------------------------------------------------------- the largest draft the store saves


def test_a_draft_the_store_saved_always_exports_and_re_imports(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert MAX_FILE_BYTES > MAX_BODY_BYTES, "the portable file holds whatever a revision body holds"
    store = DraftStore()
    report = build_sample()
    report.values["org_text"] = "机构" * 4_000_000  # 8 M characters: 24 MB of UTF-8
    opened = create_report(store, report)
    out = tmp_path / "大草稿.json"
    assert cli_main(["drafts", "export", opened.draft_id, str(out)]) == 0
    assert out.stat().st_size > 20 * 1024 * 1024
    capsys.readouterr()
    assert cli_main(["validate", str(out)]) in (0, 1)
    assert cli_main(["drafts", "import", str(out)]) == 0, capsys.readouterr().err
    assert len(store.list()) == 2


def test_the_portable_file_limit_covers_a_full_store_body() -> None:
    """A body at the store's limit, with the portable file's indentation and meta, still fits: the
    indentation grows with the keys (at most MAX_ROWS rows), not with the text."""
    from models.draft_format import MAX_ROWS
    from models.report import IndicatorRow

    report = build_sample()
    node = report.rows[0].node
    report.rows = [IndicatorRow(node=node, row_id=f"r{i}") for i in range(MAX_ROWS)]
    overhead = len(dumps(portable_dict(report, title="标题" * 1000), indent=1)) - len(
        dumps(report_to_dict(report)))
    assert MAX_BODY_BYTES + overhead <= MAX_FILE_BYTES
