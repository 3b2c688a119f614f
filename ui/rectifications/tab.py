from PySide6.QtWidgets import QWidget


class RectificationsTab(QWidget):
    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx

    def on_activated(self):
        pass

    def on_locked(self):
        pass

    def collect_drafts(self):
        return []

    def restore_draft(self, item):
        pass
