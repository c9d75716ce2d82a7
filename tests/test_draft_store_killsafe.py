"""kill -9 harness: a draft that was acknowledged as saved survives killing the process at any instant.

A child process (helpers_store_child.py) saves a draft in a tight loop and prints ``ACK <rev> <n>``
after each save returns. The parent kills it (SIGKILL on POSIX, TerminateProcess on Windows) after a
random 5-80 ms, reopens the store with a fresh DraftStore and checks that it opens cleanly (no
quarantine note: a kill must never leave a damaged revision) on the last acknowledged payload, or
the one after it (written, but killed before the ACK was printed).
"""

from __future__ import annotations

import importlib.util
import random
import subprocess
import sys
import time
from pathlib import Path
from types import ModuleType

import pytest

_ROOT = Path(__file__).resolve().parents[1]
if str(_ROOT) not in sys.path:
    sys.path.insert(0, str(_ROOT))

from models.draft_store import DraftStore  # noqa: E402

CHILD = Path(__file__).with_name("helpers_store_child.py")
KILLS = 120
SEED = 20240501


def _load_child_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("helpers_store_child", CHILD)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _acks(out: bytes) -> list[tuple[int, int]]:
    """(revision, n) of every complete ACK line; a line cut off by the kill does not count."""
    acks = []
    for line in out.split(b"\n")[:-1]:
        parts = line.split()
        if parts and parts[0] == b"ACK":
            acks.append((int(parts[1]), int(parts[2])))
    return acks


@pytest.mark.slow
def test_kill_9_at_random_moments_never_loses_or_corrupts_an_acknowledged_save(tmp_path: Path) -> None:
    child = _load_child_module()
    root = tmp_path / "drafts"
    draft_id = DraftStore(root).create(child.make_payload(0), "压力测试", {"n": 0})
    rng = random.Random(SEED)
    acked_rev, acked_n = 1, 0
    total_acks = unacked_landed = torn_writes = 0
    started = time.monotonic()

    for kill in range(KILLS):
        # Unbuffered: communicate() reads the raw pipe, so ACK lines that a buffered readline() had
        # already pulled in with READY would be lost (a flaky "ACKs must be consecutive").
        proc = subprocess.Popen(
            [sys.executable, str(CHILD), str(root), draft_id],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            bufsize=0,
        )
        assert proc.stdout is not None
        ready = proc.stdout.readline()
        if not ready.startswith(b"READY"):
            _out, err = proc.communicate(timeout=10)
            pytest.fail(f"child {kill} did not start: {ready!r} {err.decode(errors='replace')}")
        assert [int(x) for x in ready.split()[1:]] == [acked_rev, acked_n]

        time.sleep(rng.uniform(0.005, 0.080))
        proc.kill()  # SIGKILL on POSIX, TerminateProcess on Windows
        out, err = proc.communicate(timeout=10)
        assert proc.returncode != 0, f"child exited by itself: {err.decode(errors='replace')}"
        if sys.platform != "win32":
            assert proc.returncode == -9

        for rev, n in _acks(out):
            assert (rev, n) == (acked_rev + 1, acked_n + 1), "ACKs must be consecutive"
            acked_rev, acked_n = rev, n
            total_acks += 1

        draft_dir = root / draft_id
        torn_writes += any(p.name.endswith(".tmp") for p in draft_dir.iterdir())

        store = DraftStore(root)  # fresh instance, as after a restart
        loaded = store.load(draft_id)
        assert loaded.notes == (), loaded.notes
        n = loaded.payload["n"]
        assert n in (acked_n, acked_n + 1), (n, acked_n)
        assert loaded.payload == child.make_payload(n)
        assert loaded.revision == acked_rev + (n - acked_n)
        assert loaded.summary == {"n": n}
        # Every revision file left on disk is complete, and load removed the torn temp files.
        files = sorted(p.name for p in draft_dir.iterdir())
        assert not [f for f in files if f.endswith(".tmp")]
        assert len(store.revisions(draft_id)) == len([f for f in files if f.endswith(".brw")])
        assert not (tmp_path / "quarantine").exists()

        unacked_landed += n == acked_n + 1
        acked_rev, acked_n = loaded.revision, n

    elapsed = time.monotonic() - started
    print(
        f"\nkill harness: {KILLS} kills in {elapsed:.1f} s; {total_acks} acknowledged saves; "
        f"{unacked_landed} kills between write and ACK; {torn_writes} kills left a torn temp file; "
        f"final revision {acked_rev}"
    )
    # The harness must have exercised saves, not just process start-up.
    assert total_acks >= KILLS
    assert acked_rev > KILLS
