"""导入工委公钥: show the committee's name and fingerprint from the key file and trust it only after the secretary
says it was compared with the committee by phone or on paper. Replacing a trusted committee needs a second,
explicit confirmation (the core writes the replacement to the chain)."""

from __future__ import annotations

from PySide6.QtWidgets import (QCheckBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout, QWidget)

from desktop.sync.api import KeyInfo, TrustedCommittee, normalize_fingerprint
from ui.display import fmt_date
from ui.widgets.fingerprint import FingerprintLabel

COMPARE_TEXT = ("请通过电话或当面，与机关工委逐组核对下面的指纹。只有指纹完全一致，才能确认这个文件确实来自工委；"
                "不一致时请不要信任，并联系工委。")


class TrustDialog(QDialog):
    def __init__(self, key: KeyInfo, current: TrustedCommittee | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.key, self.current = key, current
        # the same committee key again (e.g. a newer file carrying a changed policy) is no replacement
        self.replacing = current is not None and normalize_fingerprint(current.fingerprint) != normalize_fingerprint(
            key.fingerprint)
        self.setWindowTitle("更换信任的工委" if self.replacing else "信任工委")
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.setSpacing(10)
        intro = QLabel(COMPARE_TEXT)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        form.setVerticalSpacing(8)
        self.name = QLabel(key.name)
        self.name.setStyleSheet("font-weight: 600;")
        form.addRow("工委名称：", self.name)
        self.fingerprint = FingerprintLabel(key.fingerprint, point_size=15)
        form.addRow("公钥指纹：", self.fingerprint)
        layout.addLayout(form)

        self.compared = QCheckBox("我已与工委核对，指纹完全一致")
        self.compared.toggled.connect(self._update)
        layout.addWidget(self.compared)
        self.replace_box = QCheckBox()
        if self.replacing:
            warning = QLabel(f"本支部目前信任的是“{current.name}”（{fmt_date(current.trusted_at)} 起，指纹 "
                             f"{current.fingerprint}）。更换后，新的数据包只有新工委能打开；这次更换会记入纪实链。")
            warning.setWordWrap(True)
            warning.setStyleSheet("color: #b3261e;")
            layout.addWidget(warning)
            self.replace_box.setText(f"我确认把信任的工委更换为“{key.name}”")
            self.replace_box.toggled.connect(self._update)
            layout.addWidget(self.replace_box)
        else:
            self.replace_box.hide()

        self.buttons = QDialogButtonBox()
        self.trust_button = self.buttons.addButton("更换为此工委" if self.replacing else "信任此工委",
                                                   QDialogButtonBox.AcceptRole)
        self.trust_button.setObjectName("primary")
        self.buttons.addButton("取消", QDialogButtonBox.RejectRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self._update()

    def _update(self) -> None:
        ok = self.compared.isChecked() and (not self.replacing or self.replace_box.isChecked())
        self.trust_button.setEnabled(ok)
