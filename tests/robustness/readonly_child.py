"""Child of tests/robustness/test_real_faults.py: a really read-only folder, as an unprivileged user.

Usage: python readonly_child.py <work folder>   (run as a user other than root: root ignores chmod)

Makes a draft store and an export folder in <work folder>, turns them read-only with chmod, and tries
what the app does: DraftStore.save, the GUI's Autosaver (offscreen QApplication) and export_report.
Prints one JSON object with what happened; the parent asserts on it.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import sys
from pathlib import Path
from typing import Any

_ROOT = Path(__file__).resolve().parents[2]
if str(_ROOT) not in sys.path:
    sys.path.insert(0, str(_ROOT))


def files(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir()) if p.is_file()}


def main(argv: list[str]) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    work = Path(argv[1])
    os.environ["BUDGET_REPORT_DATA_DIR"] = str(work / "data")
    from PySide6.QtCore import QCoreApplication, QElapsedTimer
    from PySide6.QtWidgets import QApplication

    from exporters.api import OutputError, export_report
    from gui import autosave
    from models.draft_store import DraftSaveError, DraftStore
    from models.drafts import create_report, open_report
    from models.editing import EditSession
    from models.sample import build_sample

    result: dict[str, Any] = {"uid": os.getuid(), "writable_after_chmod": None}
    store = DraftStore(work / "data" / "drafts")
    opened = create_report(store, build_sample())
    folder = store.root / opened.draft_id
    before = files(folder)

    # 1. The store itself.
    folder.chmod(stat.S_IRUSR | stat.S_IXUSR)
    result["writable_after_chmod"] = os.access(folder, os.W_OK)
    try:
        store.save(opened.draft_id, {"x": 1}, base_revision=1)
        result["store"] = "saved"
    except DraftSaveError as exc:
        result["store"] = str(exc)
        result["store_errno"] = exc.errno
    result["store_files_unchanged"] = {k: v for k, v in files(folder).items() if k.endswith(".brw")} == {
        k: v for k, v in before.items() if k.endswith(".brw")}
    result["store_tmp"] = [p.name for p in folder.iterdir() if p.name.endswith(".tmp")]

    # 2. The GUI's autosave: warns, keeps the draft, retries, succeeds once the folder is writable.
    app = QApplication([])
    session = EditSession(open_report(store, opened.draft_id).report)
    autosave.RETRY_MS = 50
    saver = autosave.Autosaver(store, session, opened.draft_id, 1)
    events: list[str] = []
    saver.failed.connect(lambda text: events.append("failed: " + text))
    saver.saved.connect(lambda _when: events.append("saved"))
    session.set_value("contact", "只读时输入")
    saver.save_now()

    def wait_for(condition: Any, ms: int = 3000) -> bool:
        timer = QElapsedTimer()
        timer.start()
        while not condition() and timer.elapsed() < ms:
            QCoreApplication.processEvents()
        return bool(condition())

    wait_for(lambda: sum(e.startswith("failed") for e in events) >= 2, 2000)  # it retried
    result["autosave_failures"] = [e for e in events if e.startswith("failed")][:1]
    result["autosave_retried"] = sum(e.startswith("failed") for e in events) >= 2
    result["in_memory"] = session.report.text("contact") == "只读时输入" and session.dirty
    folder.chmod(stat.S_IRWXU)
    result["autosave_recovered"] = wait_for(lambda: "saved" in events)
    result["on_disk_after"] = open_report(store, opened.draft_id).report.text("contact")
    saver.stop()
    del app

    # 3. An export into a read-only folder keeps the previous files.
    out = work / "out"
    out.mkdir()
    (out / "报告.docx").write_bytes(b"previous docx")
    (out / "报告.xlsx").write_bytes(b"previous xlsx")
    out.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        export_report(build_sample(), docx=out / "报告.docx", xlsx=out / "报告.xlsx")
        result["export"] = "written"
    except OutputError as exc:
        result["export"] = str(exc)
    result["export_files"] = {p.name: p.read_bytes().decode("latin-1") for p in sorted(out.iterdir())}
    out.chmod(stat.S_IRWXU)

    # 4. A data folder that cannot take a new draft at all.
    store.root.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        create_report(store, build_sample())
        result["create"] = "created"
    except DraftSaveError as exc:
        result["create"] = str(exc)
    result["drafts_listed"] = [d.draft_id for d in store.list()] == [opened.draft_id]
    store.root.chmod(stat.S_IRWXU)

    print(json.dumps(result, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
