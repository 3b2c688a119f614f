"""What a record editor exposes of its :class:`ui.records.lifecycle.RecordLifecycle` (``self.life``): its state and
actions under the editor's own name, so pages, shortcuts and tests talk to the editor."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from ui.records.lifecycle import RecordLifecycle


def _delegate(name: str, settable: bool = False) -> property:
    return property(lambda self: getattr(self.life, name),
                    (lambda self, value: setattr(self.life, name, value)) if settable else None, doc=f"``life.{name}``")


class LifecycleHost:
    """Mixin for a widget with a ``life`` controller (put it before the Qt class)."""

    life: "RecordLifecycle"
    mode = _delegate("mode")
    dirty = _delegate("dirty", settable=True)
    view = _delegate("view")
    data = _delegate("data")
    confirm_box = _delegate("confirm_box")
    amendment_dialog = _delegate("amendment_dialog")
    export_dialog = _delegate("export_dialog")
    autosave_timer = _delegate("autosave_timer")

    def adopt_chrome(self) -> None:
        """The chip, save state, banner and buttons of the lifecycle as attributes of the editor."""
        c = self.life.chrome
        self.chip, self.save_state, self.banner, self.buttons = c.chip, c.save_state, c.banner, c.buttons

    def no_default_buttons(self) -> None:
        """After the form is built: Enter in a field never presses a button (a lifecycle one least of all)."""
        from PySide6.QtWidgets import QPushButton

        for b in self.findChildren(QPushButton):
            b.setAutoDefault(False)

    def save_now(self, then=None) -> None:
        self.life.save_now(then)

    def finalize(self) -> None:
        self.life.finalize()

    def start_correction(self) -> None:
        self.life.start_correction()

    def cancel_correction(self) -> None:
        self.life.cancel_correction()

    def submit_correction(self):
        return self.life.submit_correction()

    def supplement(self):
        return self.life.supplement()

    def void(self):
        return self.life.void()

    def delete_draft(self, confirmed: bool = False) -> None:
        self.life.delete_draft(confirmed)

    def print_export(self) -> None:
        self.life.print_export()

    def show_banner(self, text: str, error: bool = False) -> None:
        self.life.show_banner(text, error)

    def draft_for_lock(self) -> dict:
        return self.life.draft_for_lock()

    def reject(self) -> None:  # a dialog host: 关闭 / Esc go through the lifecycle (save first, or ask)
        self.life.close()
