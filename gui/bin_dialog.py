"""The recycle bin: deleted drafts, recoverable until purged."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from models.draft_store import DraftStore, DraftStoreError

from .dialogs import ID_ROLE, message
from .i18n import set_button_texts
from .plain import PlainLabel


class BinDialog(QDialog):
    """Deleted drafts, recoverable until purged."""

    def __init__(self, store: DraftStore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.setWindowTitle("回收站")
        layout = QVBoxLayout(self)
        layout.addWidget(PlainLabel("已删除的草稿（选中后可恢复）：", self))
        self.list = QListWidget(self)
        self.list.setAccessibleName("已删除的草稿")
        layout.addWidget(self.list, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        set_button_texts(buttons)
        self.restore_button = buttons.addButton("恢复", QDialogButtonBox.ButtonRole.ActionRole)
        self.restore_button.clicked.connect(self.restore)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.setMinimumSize(self.fontMetrics().horizontalAdvance("中") * 36, self.fontMetrics().height() * 16)
        self.refresh()

    def refresh(self) -> None:
        self.list.clear()
        try:
            infos = self.store.list_bin()
        except DraftStoreError as exc:
            infos = []
            message(self, "无法读取回收站", str(exc))
        for info in infos:
            item = QListWidgetItem(f"{info.title}（删除前最后编辑 {info.saved_at:%Y-%m-%d %H:%M}）")
            item.setData(ID_ROLE, info.draft_id)
            self.list.addItem(item)
        if not infos:
            self.list.addItem(QListWidgetItem("回收站是空的。"))
        self.restore_button.setEnabled(bool(infos))

    def restore(self) -> None:
        item = self.list.currentItem() or self.list.item(0)
        draft_id = item.data(ID_ROLE) if item else None
        if not draft_id:
            return
        try:
            self.store.restore(draft_id)
        except DraftStoreError as exc:
            message(self, "没有恢复", str(exc))
        self.refresh()
