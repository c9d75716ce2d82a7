"""Child process of the GUI autosave kill harness (tests/robustness/test_kill_autosave.py).

Usage: python autosave_child.py <store root> <draft id> <seed>

Runs what the main window runs for an open draft: an offscreen QApplication, the draft's edit lock, an
EditSession over the stored report, gui.autosave.Autosaver on it, and real field widgets (money,
narrative, count) bound to the session. Then it types in bursts with pauses, so the autosave debounce
(10 ms here instead of 1 s: the only change) fires between bursts, until the parent kills it.

Edit number n (1, 2, 3, …) sets the contact field to ``marker(n)`` and one more field chosen by
n % 5 (see ``edit``): the report after n edits is a function of n alone (``expected_report``), so the
parent can say which report every revision must hold. Lines printed (each flushed):

    READY <revision> <n>      the draft is open at revision/edit number
    SAVING <n>                autosave is about to save the report after edit n
    ACK <revision> <n>        autosave reported success (its ``saved`` signal)
    FAILED <message>          autosave reported a failure (never expected here)
"""

from __future__ import annotations

import datetime as dt
import os
import random
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

_ROOT = Path(__file__).resolve().parents[2]
if str(_ROOT) not in sys.path:
    sys.path.insert(0, str(_ROOT))

from models.draft_format import report_from_dict, report_to_dict  # noqa: E402
from models.fields import FIELD_BY_KEY  # noqa: E402
from models.figure_text import follow  # noqa: E402
from models.money import NumberParseError, parse_money  # noqa: E402
from models.report import PendingInput, Report  # noqa: E402

SLOTS = 5
MONEY_KEY, NARRATIVE_KEY, COUNT_KEY, DATE_KEY, SCORE_NODE = (
    "inc_other", "org_text", "staff_quota", "report_date", "relevance")
# Texts Qt's plain-text editor keeps as they are (no CR, no lone surrogates: see test_corpus_gui).
NARRATIVES = (
    "进度😀 家庭👨‍👩‍👧 国旗🇨🇳",
    "\u200f\u202eabc\u202c مرحبا",
    "{{ 7*7 }} {% for x in y %} <w:p> A&B",
    '=HYPERLINK("http://x","y")\n+cmd\n-1+2\n@SUM(A1)',
    "控制\x01字符\x07与\ufffe非字符",
    "第一段\n\n　　第二段（全角空格缩进）\t制表符",
)


def marker(n: int) -> str:
    return f"第{n}次修改"


def marker_n(report: Report) -> int:
    text = report.text("contact")
    return int(text[1:-3]) if text.startswith("第") and text.endswith("次修改") else 0


def money_text(m: int) -> str:
    """Typed into the money field: every other occurrence has three decimals and is refused (kept as pending)."""
    good = (m // SLOTS) % 2 == 0
    return f"{m}.{m % 100:02d}" if good else f"{m}.{m % 1000:03d}"


def narrative(m: int) -> str:
    return f"{NARRATIVES[m % len(NARRATIVES)]}#{m}"


def count_text(m: int) -> str:
    return f"{m % 1000}人"


def date_of(m: int) -> dt.date:
    return dt.date(2026, 1, 1) + dt.timedelta(days=m % 365)


def score_of(m: int) -> Decimal:
    return Decimal(f"{m % 6}.00")


def expected_report(base: dict[str, Any], n: int) -> Report:
    """The report after edits 1…n applied to the report ``base`` (a draft dict at n = 0)."""
    report = report_from_dict(base)
    if n == 0:
        return report
    report.values["contact"] = marker(n)
    for slot in range(SLOTS):
        m = n - (n - slot) % SLOTS  # the last edit ≤ n of this slot
        if m < 1:
            continue
        if slot == 0:
            text = money_text(m)
            try:
                report.values[MONEY_KEY] = parse_money(text)  # type: ignore[assignment]
                report.pending.pop(f"values.{MONEY_KEY}", None)
            except NumberParseError as exc:
                report.values.pop(MONEY_KEY, None)  # an unreadable amount has no value (never the last one)
                label = FIELD_BY_KEY[MONEY_KEY].label
                report.pending[f"values.{MONEY_KEY}"] = PendingInput(text, f"「{label}」：{exc}")
        elif slot == 1:
            report.values[NARRATIVE_KEY] = narrative(m)
        elif slot == 2:
            report.values[COUNT_KEY] = m % 1000
        elif slot == 3:
            report.values[DATE_KEY] = date_of(m)
        else:
            report.scores[SCORE_NODE] = score_of(m)
    follow(report)  # generated paragraphs follow the figures, as the session makes them
    return report


def main(argv: list[str]) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QTimer
    from PySide6.QtGui import QInputMethodEvent
    from PySide6.QtWidgets import QApplication

    from gui import autosave
    from gui.widgets.money_field import MoneyField
    from gui.widgets.narrative_field import NarrativeField
    from gui.widgets.simple_fields import IntegerField
    from models.draft_store import DraftStore
    from models.drafts import open_report
    from models.editing import EditSession

    root, draft_id, rng = Path(argv[1]), argv[2], random.Random(int(argv[3]))
    app = QApplication([])
    out = sys.stdout

    def say(line: str) -> None:
        out.write(line + "\n")
        out.flush()

    store = DraftStore(root)
    lock = store.lock(draft_id)  # as the main window does
    opened = open_report(store, draft_id)
    session = EditSession(opened.report)
    n = marker_n(opened.report)
    autosave.DEBOUNCE_MS = 10
    real_save = autosave.save_report

    def traced_save(*args: Any, **kwargs: Any) -> int:
        say(f"SAVING {n}")
        return real_save(*args, **kwargs)

    autosave.save_report = traced_save
    saver = autosave.Autosaver(store, session, draft_id, opened.revision)
    saver.saved.connect(lambda _when: say(f"ACK {saver.revision} {n}"))
    saver.failed.connect(lambda text: say(f"FAILED {text}"))
    saver.conflict.connect(lambda text: say(f"FAILED conflict {text}"))
    money = MoneyField(FIELD_BY_KEY[MONEY_KEY], session)
    story = NarrativeField(FIELD_BY_KEY[NARRATIVE_KEY], session)
    count = IntegerField(FIELD_BY_KEY[COUNT_KEY], session)
    for widget in (money, story, count):
        session.subscribe(widget.on_changes)

    def commit(line: Any, text: str) -> None:
        line.selectAll()
        event = QInputMethodEvent()
        event.setCommitString(text)
        QApplication.sendEvent(line, event)

    def edit() -> None:
        nonlocal n
        n += 1
        session.set_value("contact", marker(n))
        slot = n % SLOTS
        if slot == 0:
            commit(money.line, money_text(n))
        elif slot == 1:
            story.text.setPlainText(narrative(n))
        elif slot == 2:
            commit(count.line, count_text(n))
        elif slot == 3:
            session.set_value(DATE_KEY, date_of(n))
        else:
            session.set_score(SCORE_NODE, score_of(n))
        session.seal()

    def burst() -> None:
        for _ in range(rng.randint(1, 4)):
            edit()
        QTimer.singleShot(rng.randint(12, 40), burst)  # a pause: the 10 ms debounce saves

    assert report_to_dict(expected_report(report_to_dict(opened.report), 0)) == report_to_dict(opened.report)
    say(f"READY {opened.revision} {n}")
    QTimer.singleShot(0, burst)
    code = app.exec()
    lock.release()
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv))
