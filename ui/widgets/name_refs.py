"""Naming people in a role (监票人, 计票人, 谈话人, 记录人): members of the day by name, or anyone else by name.

``RefsEdit`` takes several names separated by 、 or commas, with completion from the roster; ``RefCombo`` takes
one. A name that is a member's on the roster (or already recorded with an id) becomes that member's ``Ref``;
any other name is kept as written for someone from outside the branch (``Ref(None, name)``).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QCompleter, QLineEdit

from desktop.domain.meeting_records import Ref
from ui.meetings.basics_form import split_names


class _Names:
    """Name → member id: the day's roster, then people already recorded (a later rename keeps the record)."""

    def __init__(self):
        self.roster: dict[str, int] = {}
        self.recorded: dict[str, int] = {}

    def set_roster(self, members) -> list[str]:
        self.roster = {}
        for m in members:
            self.roster.setdefault(m.name, m.id)
        return list(self.roster)

    def remember(self, refs) -> None:
        self.recorded.update({r.name: r.id for r in refs if r and r.id is not None})

    def ref(self, name: str) -> Ref:
        mid = self.recorded.get(name, self.roster.get(name))
        return Ref(mid, name)


class RefsEdit(QLineEdit):
    changed = Signal()

    def __init__(self, placeholder: str = "", parent=None):
        super().__init__(parent)
        self._names = _Names()
        self.setPlaceholderText(placeholder)
        self.textChanged.connect(lambda _t: self.changed.emit())

    def set_roster(self, members) -> None:
        completer = QCompleter(self._names.set_roster(members), self)
        completer.setFilterMode(Qt.MatchContains)
        self.setCompleter(completer)

    def set_refs(self, refs) -> None:
        self._names.remember(refs)
        self.blockSignals(True)
        self.setText("、".join(r.name for r in refs))
        self.blockSignals(False)

    def refs(self) -> tuple[Ref, ...]:
        return tuple(dict.fromkeys(self._names.ref(n) for n in split_names(self.text())))


class RefCombo(QComboBox):
    """One person: pick a member of the day, or type another name; empty for none."""

    changed = Signal()

    def __init__(self, placeholder: str = "", parent=None):
        super().__init__(parent)
        self._names = _Names()
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.NoInsert)
        self.lineEdit().setPlaceholderText(placeholder)
        self.currentTextChanged.connect(lambda _t: self.changed.emit())

    def set_roster(self, members) -> None:
        text = self.currentText()
        self.blockSignals(True)
        self.clear()
        self.addItems(self._names.set_roster(members))
        self.setCurrentIndex(-1)
        self.setEditText(text)
        self.blockSignals(False)

    def set_ref(self, ref: Ref | None) -> None:
        self._names.remember([ref])
        self.blockSignals(True)
        self.setCurrentIndex(-1)
        self.setEditText(ref.name if ref else "")
        self.blockSignals(False)

    def ref(self) -> Ref | None:
        name = self.currentText().strip()
        return self._names.ref(name) if name else None
