"""Damaged, future and locked drafts as the clerk meets them: through the main window.

reliability.md, Drafts 4 and 6. The store's own tests (tests/test_draft_store.py) prove detection and
quarantine bit by bit; here the window must show the note, open the last good version, never overwrite
or delete the damaged file, refuse what it cannot read with a message, and keep two instances of the
app from silently overwriting each other.
"""

from __future__ import annotations

import json
import random
import subprocess
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from models.draft_revision import HEADER_SIZE, encode_revision
from models.draft_store import DraftStore
from models.drafts import create_report, open_report, save_report
from models.sample import build_sample

from .helpers import PYTHON, ROOT, child_env, close_window, make_window, snapshot, type_over


def revisions(store: DraftStore, draft_id: str) -> dict[str, bytes]:
    return {k: v for k, v in snapshot(store.root / draft_id).items() if k.endswith(".brw")}


def three_versions(store: DraftStore) -> str:
    """A draft whose revisions 1, 2, 3 have 联系人 "第1版", "第2版", "第3版"."""
    report = build_sample()
    report.values["contact"] = "第1版"
    opened = create_report(store, report, "三个版本")
    for revision in (1, 2):
        report.values["contact"] = f"第{revision + 1}版"
        save_report(store, opened.draft_id, report, base_revision=revision)
    return opened.draft_id


def _future_envelope(raw: bytes) -> bytes:
    body = json.loads(raw[HEADER_SIZE:])
    return encode_revision(3, datetime.fromisoformat(body["saved_at"]), body["title"], body["summary"],
                           body["payload"], envelope_version=2)


def _bit_flip(raw: bytes) -> bytes:
    data = bytearray(raw)
    data[HEADER_SIZE + 40] ^= 0x01
    return bytes(data)


DAMAGE: dict[str, tuple[Callable[[bytes], bytes], str]] = {
    "truncated": (lambda raw: raw[: len(raw) // 2], "截断"),
    "zeroed": (lambda raw: b"\0" * len(raw), "全部为零"),
    "garbage": (lambda raw: random.Random(5).randbytes(len(raw)), "不是草稿文件"),
    "empty": (lambda raw: b"", "空的"),
    "bit-flip": (_bit_flip, "校验不符"),
    "future-version": (_future_envelope, "更新版本的程序"),
}


@pytest.mark.parametrize("kind", list(DAMAGE))
def test_a_damaged_newest_version_opens_the_last_good_one_with_a_note(
        kind: str, window: Any, dialogs: list[str]) -> None:
    store = window.store
    draft_id = three_versions(store)
    newest = store.root / draft_id / "rev-00000003.brw"
    damage, words = DAMAGE[kind]
    damaged = damage(newest.read_bytes())
    newest.write_bytes(damaged)
    window.start.refresh()

    assert window.open_draft(draft_id)
    (note,) = dialogs
    assert "第 3 版已损坏（" in note and words in note and "已打开最近一个完好的版本（第 2 版" in note
    assert window.session.report.text("contact") == "第2版"
    (kept,) = store.quarantine_dir.glob(f"{draft_id}-rev-3-*.brw")
    assert kept.read_bytes() == damaged, "set aside as it was, never overwritten"
    assert str(kept) in note
    type_over(window.editor.page(0).fields["contact"].line, "修复后继续填写")
    window.save_now()
    assert sorted(p.name for p in (store.root / draft_id).glob("*.brw"))[-1] == "rev-00000004.brw"
    assert kept.read_bytes() == damaged
    assert open_report(store, draft_id).report.text("contact") == "修复后继续填写"


def test_a_draft_with_no_readable_version_is_refused_and_kept(window: Any, dialogs: list[str]) -> None:
    store = window.store
    draft_id = three_versions(store)
    for path in (store.root / draft_id).glob("*.brw"):
        path.write_bytes(b"\0" * 100)
    before = revisions(store, draft_id)
    window.start.refresh()
    row = next(i for i, d in enumerate(window.start.drafts) if d.draft_id == draft_id)
    assert window.start.drafts[row].damaged and "已损坏" in window.start.table.item(row, 5).text()
    window.start.table.selectRow(row)
    assert not window.start.open_button.isEnabled()
    assert not window.open_draft(draft_id)
    assert "都已损坏，无法打开" in dialogs[-1] and str(store.root / draft_id) in dialogs[-1]
    assert window.session is None
    assert revisions(store, draft_id) == before, "nothing deleted, nothing overwritten"


def test_a_draft_saved_by_a_newer_program_is_refused_unchanged(window: Any, dialogs: list[str]) -> None:
    store = window.store
    opened = create_report(store, build_sample())
    payload = store.load(opened.draft_id).payload
    store.save(opened.draft_id, {**payload, "format_version": 99}, base_revision=1)
    before = revisions(store, opened.draft_id)
    assert not window.open_draft(opened.draft_id)
    assert "更新版本的程序" in dialogs[-1] and "升级" in dialogs[-1]
    assert window.session is None
    assert revisions(store, opened.draft_id) == before and not store.quarantine_dir.exists()


def test_a_portable_file_from_a_newer_program_is_not_imported(window: Any, dialogs: list[str],
                                                               tmp_path: Path) -> None:
    from models.draft_format import dumps, portable_dict

    data = portable_dict(build_sample())
    data["format_version"] = 99
    path = tmp_path / "新版本草稿.json"
    path.write_bytes(dumps(data))
    window.start.refresh()
    count = len(window.start.drafts)
    window.start.import_path(path)
    assert "更新版本的程序" in dialogs[-1] and window.session is None
    window.start.refresh()
    assert len(window.start.drafts) == count


# ---------------------------------------------------------------- two instances on one draft


@pytest.fixture
def second(app: Any, qtbot: Any, fast_autosave: None) -> Any:
    """A second instance of the program: another window with its own store object on the same folder."""
    win = make_window(qtbot, DraftStore())
    yield win
    close_window(win)


def test_a_second_instance_is_told_and_cannot_take_over_the_draft(
        sample: Any, second: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    draft_id = sample.draft_id
    asked: list[str] = []
    answer = [""]
    monkeypatch.setattr(type(second), "_ask_locked", lambda self, text: asked.append(text) or answer[0])

    assert not second.open_draft(draft_id)  # the clerk clicked 取消
    assert "正在另一个窗口中编辑" in asked[0] and second.session is None

    answer[0] = "read_only"
    assert second.open_draft(draft_id) and second.read_only and not second.autosaver.enabled
    assert second.bar.kind == "read_only" and second.editor.page(0).fields["contact"].line.isReadOnly()
    second.session.set_value("contact", "只读窗口里的修改")  # even if a change got in, it is not saved
    second.save_now()
    type_over(sample.editor.page(0).fields["contact"].line, "第一个窗口的修改")
    sample.save_now()
    assert open_report(sample.store, draft_id).report.text("contact") == "第一个窗口的修改"
    second.session.mark_saved()
    second.close_draft()

    answer[0] = "copy"
    assert second.open_draft(draft_id) and second.draft_id != draft_id
    type_over(second.editor.page(0).fields["contact"].line, "副本里的修改")
    second.save_now()
    assert open_report(sample.store, second.draft_id).report.text("contact") == "副本里的修改"
    assert open_report(sample.store, draft_id).report.text("contact") == "第一个窗口的修改"


LOCK_HOLDER = """
import sys
from models.draft_store import DraftStore
lock = DraftStore(sys.argv[1]).lock(sys.argv[2])
print("LOCKED", flush=True)
sys.stdin.read()
"""


def test_a_draft_open_in_another_process_is_locked_until_that_process_ends(
        window: Any, monkeypatch: pytest.MonkeyPatch, data_dir: Path) -> None:
    opened = create_report(window.store, build_sample())
    holder = subprocess.Popen([PYTHON, "-c", LOCK_HOLDER, str(window.store.root), opened.draft_id], cwd=ROOT,
                              env=child_env(data_dir), stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "LOCKED"
        asked: list[str] = []
        monkeypatch.setattr(type(window), "_ask_locked", lambda self, text: asked.append(text) or "")
        assert not window.open_draft(opened.draft_id) and asked
    finally:
        holder.kill()  # as if that instance crashed: the operating system drops its lock
        holder.wait(timeout=30)
    assert window.open_draft(opened.draft_id) and not window.read_only


WRITER = """
import sys
from models.drafts import open_report, save_report
from models.draft_store import DraftStore
store = DraftStore(sys.argv[1])
opened = open_report(store, sys.argv[2])  # no lock: an old version, or a share where locks do not work
opened.report.values["contact"] = "另一个程序的修改"
print(save_report(store, sys.argv[2], opened.report, base_revision=opened.revision))
"""


def test_neither_instance_silently_overwrites_the_other(sample: Any, qtbot: Any, data_dir: Path) -> None:
    store, draft_id = sample.store, sample.draft_id
    run = subprocess.run([PYTHON, "-c", WRITER, str(store.root), draft_id], cwd=ROOT, env=child_env(data_dir),
                         capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    type_over(sample.editor.page(0).fields["contact"].line, "本窗口的修改")
    qtbot.waitUntil(lambda: sample.bar.isVisible() and sample.bar.kind == "conflict", timeout=3000)
    assert "没有保存" in sample.bar.text.text() and "另存为新草稿" in sample.bar.text.text()
    assert open_report(store, draft_id).report.text("contact") == "另一个程序的修改", "theirs is kept"
    assert sample.session.report.text("contact") == "本窗口的修改", "ours is kept in memory"
    sample.save_as_copy()
    assert sample.draft_id != draft_id
    assert open_report(store, sample.draft_id).report.text("contact") == "本窗口的修改", "ours is saved apart"
    assert open_report(store, draft_id).report.text("contact") == "另一个程序的修改"

