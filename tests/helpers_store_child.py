"""Child process of the kill -9 harness (tests/test_draft_store_killsafe.py).

Usage: python helpers_store_child.py <store root> <draft id>

Opens the draft, takes its edit lock, prints ``READY <revision> <n>``, then saves
``make_payload(n)`` for n = n+1, n+2, ... in a tight loop, printing ``ACK <revision> <n>`` (flushed)
after each save has returned. The parent kills it at a random moment.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

_ROOT = Path(__file__).resolve().parents[1]
if str(_ROOT) not in sys.path:
    sys.path.insert(0, str(_ROOT))

# Mixed Chinese, ASCII, full-width punctuation, an emoji and a newline: 1 to 4 UTF-8 bytes each.
_ALPHABET = "部门整体支出绩效自评报告预算执行率ABCxyz0123，。、（）😀\n"
_MAX_CHARS = 70_000  # about 200 KB of UTF-8 at the top end


def make_text(n: int) -> str:
    """Deterministic text of a length that varies with *n* (0 to ~200 KB as UTF-8)."""
    length = (n * 7919) % _MAX_CHARS
    start = n % len(_ALPHABET)
    rotated = _ALPHABET[start:] + _ALPHABET[:start]
    return (rotated * (length // len(rotated) + 1))[:length]


def make_payload(n: int) -> dict[str, Any]:
    """The payload the child saves as its n-th save."""
    return {"n": n, "text": make_text(n)}


def main(argv: list[str]) -> int:
    from models.draft_store import DraftStore

    root, draft_id = Path(argv[1]), argv[2]
    store = DraftStore(root)
    loaded = store.load(draft_id)
    revision, n = loaded.revision, int(loaded.payload["n"])
    out = sys.stdout
    with store.lock(draft_id):
        out.write(f"READY {revision} {n}\n")
        out.flush()
        while True:
            n += 1
            revision = store.save(draft_id, make_payload(n), base_revision=revision, summary={"n": n})
            out.write(f"ACK {revision} {n}\n")
            out.flush()


if __name__ == "__main__":
    sys.exit(main(sys.argv))
