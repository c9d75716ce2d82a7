"""kill -9 through the GUI's autosave path: a draft the app acknowledged as saved survives any instant.

The store's own harness (tests/test_draft_store_killsafe.py: 120 kills of a process saving in a tight
loop) proves the file format and the atomic writes. This one proves the path the clerk actually uses:
real field widgets -> EditSession -> gui.autosave.Autosaver (debounced) -> models.drafts.save_report ->
DraftStore. A child (autosave_child.py) types in bursts; the parent SIGKILLs it at a random moment,
more than 100 times over one draft, and after every kill reopens the store as a restarted app would:

* it opens cleanly: no revision damaged or set aside, no temp file left after opening, every revision
  file on disk passes the integrity check;
* the draft is exactly the report after the last acknowledged save (``ACK`` from the autosaver's
  ``saved`` signal), or after the save that was in flight when the kill came (``SAVING`` printed,
  revision written, killed before the signal): never anything in between, never older.
"""

from __future__ import annotations

import random
import subprocess
import sys
import time
from pathlib import Path

import pytest

from models.draft_format import report_from_dict, report_to_dict
from models.draft_store import DraftStore
from models.drafts import create_report
from models.sample import build_sample

from . import autosave_child as child
from .corpus import quoted
from .helpers import child_env

CHILD = Path(child.__file__)
KILLS = 105
SEED = 20250105


def _lines(out: bytes) -> list[list[str]]:
    """Complete output lines, split into words (a line cut off by the kill does not count)."""
    return [line.decode("utf-8").split(" ", 2) for line in out.split(b"\n")[:-1]]


def _comparable(data: dict) -> dict:
    """A draft dict with the pending messages' wording left out (checked separately)."""
    pending = {path: item["text"] for path, item in data.get("pending", {}).items()}
    return {**data, "pending": pending}


@pytest.mark.slow
def test_kill_9_during_gui_autosave_never_loses_or_corrupts_an_acknowledged_save(tmp_path: Path) -> None:
    root = tmp_path / "drafts"
    opened = create_report(DraftStore(root), build_sample())
    base = report_to_dict(opened.report)
    draft_dir = root / opened.draft_id
    rng = random.Random(SEED)
    rev, n = opened.revision, 0
    acks = in_flight_landed = saves_seen = 0
    started = time.monotonic()

    for kill in range(KILLS):
        proc = subprocess.Popen([sys.executable, str(CHILD), str(root), opened.draft_id, str(SEED + kill)],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=child_env(tmp_path / "data"),
                                bufsize=0)  # communicate() bypasses readline()'s buffer: lines would be lost
        assert proc.stdout is not None
        ready = proc.stdout.readline().decode()
        if not ready.startswith("READY"):
            _out, err = proc.communicate(timeout=30)
            pytest.fail(f"child {kill} did not start: {ready!r} {err.decode(errors='replace')}")
        assert ready.split()[1:] == [str(rev), str(n)], "the child opened what the last check found"

        time.sleep(rng.uniform(0.01, 0.25))
        proc.kill()
        out, err = proc.communicate(timeout=30)
        assert proc.returncode == -9, err.decode(errors="replace")

        in_flight: int | None = None
        for words in _lines(out):
            if words[0] == "SAVING":
                in_flight = int(words[1])
                saves_seen += 1
            elif words[0] == "ACK":
                ack_rev, ack_n = int(words[1]), int(words[2])
                assert ack_rev == rev + 1 and ack_n == in_flight, "every ACK is the next revision, of the save begun"
                rev, n, in_flight = ack_rev, ack_n, None
                acks += 1
            else:
                pytest.fail(f"autosave failed in child {kill}: {words}")

        store = DraftStore(root)  # a fresh instance, as after a restart
        loaded = store.load(opened.draft_id)
        assert loaded.notes == (), loaded.notes
        assert not [p for p in draft_dir.iterdir() if p.name.endswith(".tmp")]
        assert len(store.revisions(opened.draft_id)) == len(list(draft_dir.glob("*.brw")))
        assert not store.quarantine_dir.exists()
        report = report_from_dict(loaded.payload)
        got = child.marker_n(report)
        if (loaded.revision, got) != (rev, n):
            assert in_flight is not None and (loaded.revision, got) == (rev + 1, in_flight), (
                f"kill {kill}: store has revision {loaded.revision} edit {got}; "
                f"acknowledged {rev}/{n}, in flight {in_flight}")
            in_flight_landed += 1
            rev, n = loaded.revision, got
        expected = report_to_dict(child.expected_report(base, n))
        assert _comparable(report_to_dict(report)) == _comparable(expected), f"kill {kill}, edit {n}"
        for path, item in report.pending.items():
            assert quoted(item.text) in item.message and "不会自动四舍五入" in item.message, path

    elapsed = time.monotonic() - started
    print(f"\nGUI autosave kill harness: {KILLS} kills in {elapsed:.1f} s; {saves_seen} saves begun, {acks} "
          f"acknowledged, {in_flight_landed} landed between write and ACK; final revision {rev}, edit {n}")
    assert acks >= KILLS, "the kills must land among saves, not only at start-up"
    assert n > 3 * KILLS
