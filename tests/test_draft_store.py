"""Draft store, atomic writes and data paths: behaviour, corrupt stores, fault injection."""

from __future__ import annotations

import errno
import hashlib
import json
import os
import random
import stat
import struct
import subprocess
import sys
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

_ROOT = Path(__file__).resolve().parents[1]
if str(_ROOT) not in sys.path:
    sys.path.insert(0, str(_ROOT))

from models import atomic, draft_revision, paths  # noqa: E402
from models.atomic import atomic_write_bytes, sanitize_filename  # noqa: E402
from models.draft_store import (  # noqa: E402
    HEADER_SIZE,
    DraftConflictError,
    DraftCorruptError,
    DraftLockedError,
    DraftNotFoundError,
    DraftPayloadError,
    DraftSaveError,
    DraftStore,
    DraftStoreError,
    Summary,
    encode_revision,
)

SUMMARY: Summary = {"unit": "某某县财政局", "year": 2024, "framework": "national-2020", "ready": False}


def _has_cjk(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


@pytest.fixture
def data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "数据"  # a Chinese path on purpose
    monkeypatch.setenv(paths.DATA_DIR_ENV, str(folder))
    return folder


@pytest.fixture
def store(data: Path) -> DraftStore:
    return DraftStore()


class Clock:
    """A settable clock for pruning tests (aware datetimes at noon UTC, far from day edges)."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now


def _rev_files(store: DraftStore, draft_id: str) -> list[str]:
    return sorted(p.name for p in (store.root / draft_id).glob("rev-*.brw"))


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


# --------------------------------------------------------------------------- paths


def test_data_dir_uses_env_var_and_creates_it(data: Path) -> None:
    assert paths.data_dir() == data
    assert data.is_dir()
    assert paths.log_dir() == data / "logs"
    assert (data / "logs").is_dir()


def test_data_dir_default_is_local_not_roaming(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import platformdirs

    calls: list[tuple[Any, ...]] = []

    def fake_user_data_dir(appname: str, appauthor: Any = None, *, roaming: bool = False) -> str:
        calls.append((appname, appauthor, roaming))
        return str(tmp_path / "local")

    monkeypatch.delenv(paths.DATA_DIR_ENV, raising=False)
    monkeypatch.setattr(platformdirs, "user_data_dir", fake_user_data_dir)
    assert paths.data_dir() == tmp_path / "local"
    assert calls == [("budget-report-wizard", False, False)]
    assert (tmp_path / "local").is_dir()


def test_default_store_root_is_drafts_in_data_dir(data: Path, store: DraftStore) -> None:
    assert store.root == data / "drafts"
    assert store.quarantine_dir == data / "quarantine"
    assert store.bin_dir == data / "bin"


# --------------------------------------------------------------------------- atomic writes


def test_atomic_write_creates_and_replaces_without_leftovers(tmp_path: Path) -> None:
    target = tmp_path / "报告.docx"
    atomic_write_bytes(target, b"one")
    atomic_write_bytes(target, b"two")
    assert target.read_bytes() == b"two"
    assert [p.name for p in tmp_path.iterdir()] == ["报告.docx"]


def test_atomic_write_failure_keeps_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "a.bin"
    target.write_bytes(b"old")

    def boom(fd: int) -> None:
        raise OSError(errno.EIO, "I/O error")

    monkeypatch.setattr(os, "fsync", boom)
    with pytest.raises(OSError):
        atomic_write_bytes(target, b"new")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["a.bin"]


def _locked_error(winerror: int) -> PermissionError:
    exc = PermissionError(errno.EACCES, "The process cannot access the file", "x")
    exc.winerror = winerror  # type: ignore[attr-defined]  # set by Windows only
    return exc


def test_atomic_write_retries_a_file_briefly_open_in_another_program(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "a.xlsx"
    real_replace = os.replace
    failures = iter([_locked_error(32), _locked_error(33)])
    sleeps: list[float] = []

    def flaky_replace(src: Any, dst: Any) -> None:
        for exc in failures:
            raise exc
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", flaky_replace)
    monkeypatch.setattr("models.atomic.time.sleep", sleeps.append)
    atomic_write_bytes(target, b"data")
    assert target.read_bytes() == b"data"
    assert len(sleeps) == 2 and all(0.05 <= s <= 0.2 for s in sleeps)


def test_atomic_write_does_not_retry_other_permission_errors(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = 0

    def denied(src: Any, dst: Any) -> None:
        nonlocal calls
        calls += 1
        raise PermissionError(errno.EACCES, "denied")

    monkeypatch.setattr(os, "replace", denied)
    with pytest.raises(PermissionError):
        atomic_write_bytes(tmp_path / "a", b"x")
    assert calls == 1
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("某某县财政局2024年度报告", "某某县财政局2024年度报告"),
        ('a<b>c:d"e/f\\g|h?i*j', "a_b_c_d_e_f_g_h_i_j"),
        ("tab\there\x00\x1f\x7f", "tab_here___"),
        ("报告. . .", "报告"),
        ("CON", "_CON"),
        ("con.txt", "_con.txt"),
        ("Com1.docx", "_Com1.docx"),
        ("lpt9", "_lpt9"),
        ("NUL .tar.gz", "_NUL .tar.gz"),
        ("CONSOLE", "CONSOLE"),
        ("", "未命名"),
        ("...", "未命名"),
        ("   ", "未命名"),
        ("\ud800x", "_x"),
    ],
)
def test_sanitize_filename(name: str, expected: str) -> None:
    assert sanitize_filename(name) == expected


def test_sanitize_filename_cuts_to_max_len() -> None:
    assert sanitize_filename("预" * 300) == "预" * 66  # 200 bytes of UTF-8
    assert sanitize_filename("a" * 300) == "a" * 120
    assert sanitize_filename("ab.  cd", max_len=4) == "ab"
    assert sanitize_filename("CON", max_len=3) == "_CO"


@given(st.text(), st.integers(min_value=1, max_value=200))
def test_sanitize_filename_is_safe_and_idempotent(name: str, max_len: int) -> None:
    result = sanitize_filename(name, max_len)
    assert 0 < len(result) <= max_len
    assert not set(result) & set('<>:"/\\|?*')
    assert all(ord(ch) >= 32 and not 0xD800 <= ord(ch) <= 0xDFFF for ch in result)
    assert not result.endswith((".", " "))
    assert result.split(".")[0].rstrip(" ").upper() not in {"CON", "PRN", "AUX", "NUL", "COM1", "LPT1"}
    assert sanitize_filename(result, max_len) == result


# --------------------------------------------------------------------------- round trips


def test_create_save_load_round_trip(store: DraftStore) -> None:
    payload = {"单位名称": "某某县财政局", "金额": "1234.50", "rows": [1, 2, {"x": None}]}
    draft_id = store.create(payload, "2024 年度自评", SUMMARY)
    assert len(draft_id) == 32
    loaded = store.load(draft_id)
    assert (loaded.revision, loaded.title, loaded.summary, loaded.payload) == (
        1,
        "2024 年度自评",
        SUMMARY,
        payload,
    )
    assert loaded.notes == ()
    assert loaded.saved_at.tzinfo is not None

    rev = store.save(draft_id, {"v": 2}, base_revision=1)
    assert rev == 2
    loaded = store.load(draft_id)
    assert (loaded.revision, loaded.payload) == (2, {"v": 2})
    assert (loaded.title, loaded.summary) == ("2024 年度自评", SUMMARY)  # defaults from revision 1

    rev = store.save(draft_id, {"v": 3}, base_revision=2, title="新标题", summary={"ready": True})
    loaded = store.load(draft_id)
    assert (loaded.revision, loaded.title, loaded.summary) == (3, "新标题", {"ready": True})
    assert store.load_revision(draft_id, 1).payload == payload
    assert [r.revision for r in store.revisions(draft_id)] == [3, 2, 1]
    assert all(r.size > HEADER_SIZE for r in store.revisions(draft_id))


def test_files_are_utf8_json_and_keep_chinese_readable(store: DraftStore) -> None:
    draft_id = store.create({"名称": "预算"}, "标题", {})
    raw = (store.root / draft_id / "rev-00000001.brw").read_bytes()
    assert raw[:8] == b"BRWDRAFT"
    body = json.loads(raw[HEADER_SIZE:].decode("utf-8"))
    assert body["payload"] == {"名称": "预算"}
    assert "预算".encode() in raw


def test_lone_surrogate_round_trips_exactly_and_file_is_valid_utf8(store: DraftStore) -> None:
    payload = {"text": "粘贴\ud800的\udfff文字", "\udc80key": ["\ud83d"]}
    draft_id = store.create(payload, "标题\ud800", {"unit": "\udfff"})
    loaded = store.load(draft_id)
    assert loaded.payload == payload
    assert loaded.title == "标题\ud800"
    assert loaded.summary == {"unit": "\udfff"}
    raw = (store.root / draft_id / "rev-00000001.brw").read_bytes()
    raw[HEADER_SIZE:].decode("utf-8")  # strict: must not raise


def _utf16(value: Any) -> Any:
    """What JSON makes of a str: a high surrogate followed by a low one is one character."""
    if isinstance(value, str):
        return value.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "surrogatepass")
    if isinstance(value, list):
        return [_utf16(v) for v in value]
    if isinstance(value, dict):
        return {_utf16(k): _utf16(v) for k, v in value.items()}
    return value


_json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(), children, max_size=4),
    max_leaves=20,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(payload=st.dictionaries(st.text(), _json_values, max_size=5), title=st.text())
def test_any_unicode_payload_round_trips(store: DraftStore, payload: dict[str, Any], title: str) -> None:
    draft_id = store.create(payload, title, {"unit": title})
    rev = store.save(draft_id, payload, base_revision=1)
    loaded = store.load(draft_id)
    assert loaded.revision == rev
    assert loaded.payload == _utf16(payload)
    assert loaded.title == _utf16(title)
    assert loaded.notes == ()


def test_bad_inputs_are_refused_with_chinese_message(store: DraftStore) -> None:
    draft_id = store.create({}, "t", {})
    bad_calls: list[Callable[[], object]] = [
        lambda: store.create([], "t", {}),  # type: ignore[arg-type]
        lambda: store.create({"x": float("nan")}, "t", {}),
        lambda: store.create({"x": object()}, "t", {}),
        lambda: store.create({}, "t", {"unit": [1]}),  # type: ignore[dict-item]
        lambda: store.save(draft_id, {}, base_revision=1, title=3),  # type: ignore[arg-type]
    ]
    for call in bad_calls:
        with pytest.raises(DraftPayloadError) as info:
            call()
        assert _has_cjk(str(info.value))
    assert _rev_files(store, draft_id) == ["rev-00000001.brw"]


@pytest.mark.parametrize("bad_id", ["../etc", "", "x" * 32, "ABCDEF" + "0" * 26, "0" * 31])
def test_invalid_or_unknown_ids_are_not_found(store: DraftStore, bad_id: str) -> None:
    with pytest.raises(DraftNotFoundError):
        store.load(bad_id)
    with pytest.raises(DraftNotFoundError):
        store.load("0" * 32)


# --------------------------------------------------------------------------- conflicts and locks


def test_stale_base_revision_is_a_conflict_not_an_overwrite(store: DraftStore, data: Path) -> None:
    draft_id = store.create({"v": 1}, "t", {})
    other = DraftStore()  # a second instance of the app
    assert other.save(draft_id, {"v": "other"}, base_revision=1) == 2
    with pytest.raises(DraftConflictError) as info:
        store.save(draft_id, {"v": "mine"}, base_revision=1)
    assert (info.value.base_revision, info.value.current_revision) == (1, 2)
    assert "没有保存" in str(info.value)
    assert store.load(draft_id).payload == {"v": "other"}
    with pytest.raises(DraftConflictError):
        store.save(draft_id, {"v": "future"}, base_revision=5)


def test_lock_is_exclusive_and_released(store: DraftStore) -> None:
    draft_id = store.create({}, "t", {})
    with store.lock(draft_id) as lock:
        assert lock.held
        with pytest.raises(DraftLockedError) as info:
            DraftStore(store.root).lock(draft_id)
        assert "另一个窗口" in str(info.value)
        # The holder can still save.
        assert store.save(draft_id, {"v": 2}, base_revision=1) == 2
    assert not lock.held
    lock.release()  # idempotent
    again = store.lock(draft_id)
    again.release()


def test_lock_held_by_a_dead_process_is_released(store: DraftStore) -> None:
    draft_id = store.create({}, "t", {})
    script = (
        "import sys; sys.path.insert(0, sys.argv[1]);"
        "from pathlib import Path; from models.draft_store import DraftStore;"
        "lock = DraftStore(Path(sys.argv[2])).lock(sys.argv[3]);"
        "print('LOCKED', flush=True); sys.stdin.read()"
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", script, str(_ROOT), str(store.root), draft_id],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
    )
    try:
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == b"LOCKED"
        with pytest.raises(DraftLockedError):
            store.lock(draft_id)
    finally:
        proc.kill()
        proc.communicate(timeout=10)
    store.lock(draft_id).release()


# --------------------------------------------------------------------------- rename / bin


def test_rename_writes_a_new_revision_with_same_payload(store: DraftStore) -> None:
    draft_id = store.create({"v": 1}, "旧名", SUMMARY)
    assert store.rename(draft_id, "新名") == 2
    loaded = store.load(draft_id)
    assert (loaded.title, loaded.payload, loaded.summary) == ("新名", {"v": 1}, SUMMARY)
    assert store.load_revision(draft_id, 1).title == "旧名"
    with pytest.raises(DraftConflictError):
        store.rename(draft_id, "x", base_revision=1)


def test_delete_restore_purge(store: DraftStore) -> None:
    keep = store.create({"v": "keep"}, "保留", {})
    gone = store.create({"v": "gone"}, "删除", {})
    store.delete(gone)
    assert [d.draft_id for d in store.list()] == [keep]
    assert [d.draft_id for d in store.list_bin()] == [gone]
    assert (store.bin_dir / gone / "rev-00000001.brw").is_file()
    with pytest.raises(DraftNotFoundError):
        store.load(gone)

    store.restore(gone)
    assert store.load(gone).payload == {"v": "gone"}
    assert store.list_bin() == []

    with pytest.raises(DraftNotFoundError):
        store.purge(keep)  # only from the bin
    store.delete(gone)
    store.purge(gone)
    assert store.list_bin() == []
    assert not (store.bin_dir / gone).exists()
    with pytest.raises(DraftNotFoundError):
        store.restore(gone)


def test_delete_refused_while_draft_is_edited(store: DraftStore) -> None:
    draft_id = store.create({}, "t", {})
    with store.lock(draft_id), pytest.raises(DraftLockedError):
        store.delete(draft_id)
    assert store.load(draft_id).revision == 1


# --------------------------------------------------------------------------- list


def test_list_newest_first_with_summaries(store: DraftStore) -> None:
    clock = Clock(datetime(2024, 5, 1, 12, tzinfo=timezone.utc))
    store = DraftStore(store.root, clock=clock)
    a = store.create({}, "甲", {"year": 2023})
    clock.now += timedelta(hours=1)
    b = store.create({}, "乙", {"year": 2024})
    clock.now += timedelta(hours=1)
    store.save(a, {"v": 2}, base_revision=1)
    infos = store.list()
    assert [(i.draft_id, i.title, i.revision, i.damaged) for i in infos] == [
        (a, "甲", 2, False),
        (b, "乙", 1, False),
    ]
    assert infos[1].summary == {"year": 2024}
    assert infos[0].saved_at == clock.now


def test_list_survives_a_draft_with_only_damaged_revisions(store: DraftStore) -> None:
    good = store.create({"v": 1}, "好的", {})
    bad = store.create({"v": 1}, "坏的", {})
    path = store.root / bad / "rev-00000001.brw"
    path.write_bytes(b"\0" * path.stat().st_size)
    before = _snapshot(store.root)

    infos = {i.draft_id: i for i in store.list()}
    assert not infos[good].damaged
    assert infos[bad].damaged and infos[bad].revision == 1 and infos[bad].title

    with pytest.raises(DraftCorruptError) as info:
        store.load(bad)
    assert "损坏" in str(info.value) and str(store.root / bad) in str(info.value)
    assert _snapshot(store.root) == before  # nothing moved or deleted when there is no good revision
    assert not store.quarantine_dir.exists()


def test_list_of_missing_store_is_empty(tmp_path: Path) -> None:
    assert DraftStore(tmp_path / "nowhere").list() == []


# --------------------------------------------------------------------------- pruning


def test_pruning_keeps_30_newest_on_one_day(store: DraftStore) -> None:
    clock = Clock(datetime(2024, 5, 1, 8, tzinfo=timezone.utc))
    store = DraftStore(store.root, clock=clock)
    draft_id = store.create({"v": 1}, "t", {})
    for rev in range(2, 46):
        clock.now += timedelta(minutes=1)
        store.save(draft_id, {"v": rev}, base_revision=rev - 1)
    revs = [r.revision for r in store.revisions(draft_id)]
    assert revs == list(range(45, 15, -1))


def test_pruning_keeps_newest_of_each_earlier_day(store: DraftStore) -> None:
    clock = Clock(datetime(2024, 5, 1, 9, tzinfo=timezone.utc))
    store = DraftStore(store.root, clock=clock)
    draft_id = store.create({"v": 1}, "t", {})
    rev = 1
    for day in range(5):  # 5 days x 10 saves (the first day starts with the create)
        for i in range(10 if day else 9):
            clock.now = datetime(2024, 5, 1 + day, 9, tzinfo=timezone.utc) + timedelta(minutes=i + 1)
            rev = store.save(draft_id, {"v": rev + 1}, base_revision=rev)
    kept = {r.revision for r in store.revisions(draft_id)}
    newest_30 = set(range(50, 20, -1))
    # Days 1 and 2 (revisions 1-10 and 11-20) are outside the newest 30: their last save stays.
    assert kept == newest_30 | {10, 20}


def test_pruning_caps_at_60_revisions(store: DraftStore) -> None:
    clock = Clock(datetime(2024, 1, 1, 12, tzinfo=timezone.utc))
    store = DraftStore(store.root, clock=clock)
    draft_id = store.create({"v": 1}, "t", {})
    for rev in range(2, 101):  # one save a day for 100 days
        clock.now += timedelta(days=1)
        store.save(draft_id, {"v": rev}, base_revision=rev - 1)
    kept = [r.revision for r in store.revisions(draft_id)]
    assert kept == list(range(100, 40, -1))
    assert len(_rev_files(store, draft_id)) == 60


def test_pruning_leaves_unreadable_files_alone(store: DraftStore) -> None:
    draft_id = store.create({"v": 1}, "t", {})
    junk = store.root / draft_id / "rev-00000001.brw"
    junk.write_bytes(b"garbage")
    for rev in range(2, 40):
        store.save(draft_id, {"v": rev}, base_revision=rev - 1 if rev > 2 else 0)
    assert junk.read_bytes() == b"garbage"


# --------------------------------------------------------------------------- corrupt stores


def _flip(bit: int) -> Callable[[bytes], bytes]:
    def corrupt(raw: bytes) -> bytes:
        index = bit if bit >= 0 else len(raw) + bit
        data = bytearray(raw)
        data[index] ^= 0x10
        return bytes(data)

    return corrupt


def _future_version(raw: bytes) -> bytes:
    body = json.loads(raw[HEADER_SIZE:])
    saved_at = datetime.fromisoformat(body["saved_at"])
    return encode_revision(3, saved_at, body["title"], body["summary"], body["payload"], envelope_version=2)


def _valid_digest_bad_json(raw: bytes) -> bytes:
    body = b"{not json"
    prefix = struct.pack(">8sHHIQqQ", b"BRWDRAFT", 1, 0, 0, 3, 0, len(body))
    return prefix + hashlib.sha256(prefix + body).digest() + body


CORRUPTIONS: dict[str, Callable[[bytes], bytes]] = {
    "truncated": lambda raw: raw[: len(raw) // 2],
    "truncated-in-header": lambda raw: raw[:20],
    "zeroed": lambda raw: b"\0" * len(raw),
    "garbage": lambda raw: random.Random(7).randbytes(len(raw)),
    "empty": lambda raw: b"",
    "trailing-junk": lambda raw: raw + b"\n",
    "bitflip-magic": _flip(0),
    "bitflip-revision": _flip(23),
    "bitflip-length": _flip(39),
    "bitflip-digest": _flip(50),
    "bitflip-body": _flip(HEADER_SIZE + 30),
    "bitflip-last-byte": _flip(-1),
    "future-version": _future_version,
    "valid-digest-bad-json": _valid_digest_bad_json,
}


def test_every_single_bit_flip_is_detected() -> None:
    saved_at = datetime(2024, 5, 1, 12, tzinfo=timezone.utc)
    raw = encode_revision(7, saved_at, "标题", {"year": 2024}, {"金额": "1.00"})
    assert draft_revision._decode_revision(raw, 7).payload == {"金额": "1.00"}
    for index in range(len(raw)):
        for bit in range(8):
            flipped = bytearray(raw)
            flipped[index] ^= 1 << bit
            with pytest.raises(draft_revision._Damaged):
                draft_revision._decode_revision(bytes(flipped), 7)


def test_revision_file_layout_is_as_documented() -> None:
    saved_at = datetime(2024, 5, 1, 12, tzinfo=timezone.utc)
    raw = encode_revision(3, saved_at, "t", {}, {"a": 1})
    magic, version, r16, r32, revision, micros, length = struct.unpack_from(">8sHHIQqQ", raw)
    assert (magic, version, r16, r32, revision) == (b"BRWDRAFT", 1, 0, 0, 3)
    assert micros == int(saved_at.timestamp()) * 1_000_000
    assert length == len(raw) - HEADER_SIZE == len(raw) - 72
    assert raw[40:72] == hashlib.sha256(raw[:40] + raw[72:]).digest()
    assert json.loads(raw[72:]) == {
        "title": "t",
        "summary": {},
        "saved_at": saved_at.isoformat(),
        "payload": {"a": 1},
    }


@pytest.fixture
def three_revisions(store: DraftStore) -> str:
    draft_id = store.create({"v": 1, "text": "第一版"}, "年度自评", SUMMARY)
    store.save(draft_id, {"v": 2, "text": "第二版" * 50}, base_revision=1)
    store.save(draft_id, {"v": 3, "text": "第三版" * 50}, base_revision=2)
    return draft_id


@pytest.mark.parametrize("kind", list(CORRUPTIONS))
def test_damaged_newest_revision_is_quarantined_and_previous_opened(
    store: DraftStore, three_revisions: str, kind: str
) -> None:
    draft_id = three_revisions
    newest = store.root / draft_id / "rev-00000003.brw"
    bad_bytes = CORRUPTIONS[kind](newest.read_bytes())
    newest.write_bytes(bad_bytes)
    older = {name: (store.root / draft_id / name).read_bytes() for name in _rev_files(store, draft_id)[:2]}

    loaded = store.load(draft_id)

    assert loaded.revision == 2
    assert loaded.payload == {"v": 2, "text": "第二版" * 50}
    assert len(loaded.notes) == 1
    note = loaded.notes[0]
    assert note.startswith("草稿「年度自评」的第 3 版已损坏（")
    assert "已移到隔离区" in note and "第 2 版" in note
    quarantined = list(store.quarantine_dir.iterdir())
    assert len(quarantined) == 1
    assert quarantined[0].name.startswith(f"{draft_id}-rev-3-") and quarantined[0].suffix == ".brw"
    assert str(quarantined[0]) in note
    assert quarantined[0].read_bytes() == bad_bytes  # byte-identical
    # Nothing deleted, nothing overwritten.
    assert _rev_files(store, draft_id) == list(older)
    for name, content in older.items():
        assert (store.root / draft_id / name).read_bytes() == content

    # Opening again is clean; the next save does not reuse the quarantined number.
    assert store.load(draft_id).notes == ()
    assert store.save(draft_id, {"v": 4}, base_revision=2) == 4


def test_several_damaged_revisions_each_get_a_note(store: DraftStore, three_revisions: str) -> None:
    draft_id = three_revisions
    for name in ("rev-00000002.brw", "rev-00000003.brw"):
        (store.root / draft_id / name).write_bytes(b"\x00garbage")
    loaded = store.load(draft_id)
    assert loaded.revision == 1
    assert len(loaded.notes) == 2
    assert "第 3 版" in loaded.notes[0] and "第 2 版" in loaded.notes[1]
    assert len(list(store.quarantine_dir.iterdir())) == 2


def test_damaged_revision_is_not_a_conflict_base(store: DraftStore, three_revisions: str) -> None:
    draft_id = three_revisions
    (store.root / draft_id / "rev-00000003.brw").write_bytes(b"junk")
    # Without loading first: the newest *valid* revision is 2.
    with pytest.raises(DraftConflictError):
        store.save(draft_id, {}, base_revision=3)
    assert store.save(draft_id, {"v": 4}, base_revision=2) == 4
    assert (store.root / draft_id / "rev-00000003.brw").read_bytes() == b"junk"


def test_oversized_body_is_refused_as_damaged(
    store: DraftStore, three_revisions: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(draft_revision, "MAX_BODY_BYTES", 400)  # revisions 2 and 3 are bigger
    loaded = store.load(three_revisions)
    assert loaded.revision == 1
    assert all("50 MB" in note for note in loaded.notes)


def test_load_revision_of_damaged_or_missing_revision(store: DraftStore, three_revisions: str) -> None:
    (store.root / three_revisions / "rev-00000002.brw").write_bytes(b"junk")
    with pytest.raises(DraftCorruptError):
        store.load_revision(three_revisions, 2)
    with pytest.raises(DraftNotFoundError):
        store.load_revision(three_revisions, 9)
    assert [r.revision for r in store.revisions(three_revisions)] == [3, 1]


def test_leftover_temp_files_are_removed_at_load(store: DraftStore, three_revisions: str) -> None:
    folder = store.root / three_revisions
    (folder / ".rev-00000004.brw.123.abcd.tmp").write_bytes(b"half a revision")
    assert store.load(three_revisions).revision == 3
    assert not list(folder.glob("*.tmp"))


def test_temp_files_are_kept_while_another_save_holds_the_lock(
    store: DraftStore, three_revisions: str
) -> None:
    folder = store.root / three_revisions
    tmp = folder / ".rev-00000004.brw.123.abcd.tmp"
    tmp.write_bytes(b"being written")
    with store._saving(folder):
        store.load(three_revisions)
    assert tmp.exists()


def test_crash_during_create_leaves_no_visible_draft(store: DraftStore) -> None:
    store.root.mkdir(parents=True)
    fresh = store.root / ".creating-0123456789abcdef0123456789abcdef"
    stale = store.root / ".creating-fedcba9876543210fedcba9876543210"
    for staging in (fresh, stale):
        staging.mkdir()
        (staging / ".rev-00000001.brw.1.ab.tmp").write_bytes(b"half")
    old = datetime.now().timestamp() - 2 * 3600
    os.utime(stale, (old, old))
    assert store.list() == []
    assert fresh.exists()  # may be a create in progress in another process
    assert not stale.exists()


# --------------------------------------------------------------------------- fault injection


@pytest.fixture
def saved(store: DraftStore) -> Iterator[tuple[str, dict[str, bytes]]]:
    draft_id = store.create({"v": 1}, "t", SUMMARY)
    store.save(draft_id, {"v": 2}, base_revision=1)
    yield draft_id, _snapshot(store.root / draft_id)


def _assert_untouched(store: DraftStore, draft_id: str, before: dict[str, bytes]) -> None:
    after = _snapshot(store.root / draft_id)
    assert {k: v for k, v in after.items() if k.endswith(".brw")} == {
        k: v for k, v in before.items() if k.endswith(".brw")
    }
    assert not [k for k in after if k.endswith(".tmp")]
    loaded = store.load(draft_id)
    assert (loaded.revision, loaded.payload, loaded.notes) == (2, {"v": 2}, ())


def test_replace_blocked_by_another_program(
    store: DraftStore, saved: tuple[str, dict[str, bytes]], monkeypatch: pytest.MonkeyPatch
) -> None:
    draft_id, before = saved
    attempts = 0

    def blocked(src: Any, dst: Any) -> None:
        nonlocal attempts
        attempts += 1
        raise _locked_error(32)

    monkeypatch.setattr(os, "replace", blocked)
    monkeypatch.setattr("models.atomic.time.sleep", lambda s: None)
    with pytest.raises(DraftSaveError) as info:
        store.save(draft_id, {"v": 3}, base_revision=2)
    monkeypatch.undo()
    assert attempts == atomic.REPLACE_ATTEMPTS
    err = info.value
    assert (err.errno, err.winerror) == (errno.EACCES, 32)
    assert "占用" in str(err) and "之前保存的版本没有受影响" in str(err)
    assert isinstance(err.__cause__, PermissionError)
    _assert_untouched(store, draft_id, before)


def test_disk_full_during_fsync(
    store: DraftStore, saved: tuple[str, dict[str, bytes]], monkeypatch: pytest.MonkeyPatch
) -> None:
    draft_id, before = saved

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(DraftSaveError) as info:
        store.save(draft_id, {"v": 3}, base_revision=2)
    with pytest.raises(DraftSaveError):
        store.create({"v": 1}, "新草稿", {})
    monkeypatch.undo()
    assert info.value.errno == errno.ENOSPC
    assert "磁盘空间已满" in str(info.value)
    _assert_untouched(store, draft_id, before)
    assert [d.draft_id for d in store.list()] == [draft_id]
    assert [p.name for p in store.root.iterdir()] == [draft_id]  # no half-created draft


def test_temp_file_cannot_be_created(
    store: DraftStore, saved: tuple[str, dict[str, bytes]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A read-only folder as seen by any user, root included: creating the temp file is refused."""
    draft_id, before = saved
    real_open = os.open

    def read_only(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if str(path).endswith(".tmp"):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", read_only)
    with pytest.raises(DraftSaveError) as info:
        store.save(draft_id, {"v": 3}, base_revision=2)
    monkeypatch.undo()
    assert info.value.errno == errno.EACCES
    assert "没有写入权限" in str(info.value)
    _assert_untouched(store, draft_id, before)


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permission bits")
def test_read_only_draft_folder(store: DraftStore, saved: tuple[str, dict[str, bytes]]) -> None:
    draft_id, before = saved
    folder = store.root / draft_id
    folder.chmod(0o500)
    try:
        if os.access(folder, os.W_OK):
            pytest.skip("running as root: a read-only folder is still writable")
        with pytest.raises(DraftSaveError) as info:
            store.save(draft_id, {"v": 3}, base_revision=2)
        assert info.value.errno in (errno.EACCES, errno.EPERM, errno.EROFS)
        assert store.load(draft_id).revision == 2
    finally:
        folder.chmod(stat.S_IRWXU)
    _assert_untouched(store, draft_id, before)


def test_all_errors_are_draft_store_errors_with_chinese_text(store: DraftStore) -> None:
    errors: list[DraftStoreError] = [
        DraftLockedError(),
        DraftConflictError("0" * 32, 1, 2),
        DraftSaveError.from_os_error(OSError(errno.ENOSPC, "full")),
        DraftSaveError.from_os_error(OSError(errno.EIO, "I/O error")),
    ]
    for exc in errors:
        assert isinstance(exc, DraftStoreError)
        assert _has_cjk(str(exc))


def test_long_chinese_names_fit_in_255_bytes() -> None:
    name = sanitize_filename("蓉溪市农业农村局" * 40 + ".docx")
    assert len(name.encode("utf-8")) <= 200 and name.startswith("蓉溪市")
    assert sanitize_filename(name) == name
