"""Autosave: a debounced save about a second after typing stops, plus save-now on demand.

Every save goes through ``DraftStore.save`` with the revision this window last saw, so another
instance's newer save is never overwritten (conflict). A failed save (disk full, read-only folder)
keeps the draft in memory, reports once and retries on a timer until it succeeds.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from PySide6.QtCore import QObject, QTimer, Signal

from models.draft_store import DraftConflictError, DraftStore, DraftStoreError
from models.drafts import save_report
from models.editing import Change, EditSession

DEBOUNCE_MS = 1000
RETRY_MS = 5000


class Autosaver(QObject):
    saved = Signal(object)  # datetime of the save
    failed = Signal(str)  # plain-Chinese reason; retrying
    conflict = Signal(str)  # another instance saved: autosave stops until the clerk decides

    def __init__(self, store: DraftStore, session: EditSession, draft_id: str, revision: int,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.session = session
        self.draft_id = draft_id
        self.revision = revision
        self.enabled = True
        self.in_conflict = False
        self.failing = False
        self.last_saved: dt.datetime | None = None
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(DEBOUNCE_MS)
        self._debounce.timeout.connect(self.save_now)
        self._retry = QTimer(self)
        self._retry.setSingleShot(True)
        self._retry.setInterval(RETRY_MS)
        self._retry.timeout.connect(self.save_now)
        self._unsubscribe = session.subscribe(self._on_changes)

    def _on_changes(self, changes: Sequence[Change]) -> None:
        # Restarted by every change, typed text that could not be read included: it is part of the
        # draft (Report.pending), so a paste of "1.234,56" alone must reach the disk too.
        self._debounce.start()

    @property
    def pending(self) -> bool:
        return self._debounce.isActive()

    def save_now(self) -> bool:
        """Save if there is anything unsaved; True when the draft on disk is now current."""
        self._debounce.stop()
        if not self.enabled or self.in_conflict:
            return False
        if not self.session.dirty:
            return True
        version = self.session.version
        report = self.session.report
        try:
            # title=None keeps the draft's name (the clerk may have renamed it on the start page).
            self.revision = save_report(self.store, self.draft_id, report, base_revision=self.revision)
        except DraftConflictError as exc:
            self.in_conflict = True
            self._retry.stop()
            self.conflict.emit(str(exc))
            return False
        except DraftStoreError as exc:  # DraftSaveError, a busy save lock, a vanished folder
            self.failing = True
            self._retry.start()
            self.failed.emit(str(exc))
            return False
        self._retry.stop()
        self.failing = False
        self.session.mark_saved(version)
        self.last_saved = dt.datetime.now()
        self.saved.emit(self.last_saved)
        return True

    def stop(self) -> None:
        self._debounce.stop()
        self._retry.stop()
        self.enabled = False
        self._unsubscribe()
