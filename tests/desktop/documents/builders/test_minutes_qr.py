"""A finalized minutes carries a QR code of its full ledger hash (scanned by the committee to verify a
printout); a draft carries none."""

from __future__ import annotations

from builder_support import flat, pdf_text

from desktop.documents.model import QRCode
from desktop.services.documents import render_bytes


def test_final_minutes_have_the_full_hash_as_qr_and_drafts_none(hand):
    ws, m = hand.ws, hand.meetings
    final = ws.documents.build("minutes", m["assembly"])
    [qr] = [b for b in final.blocks if isinstance(b, QRCode)]
    entry = ws.meetings.get(m["assembly"]).entry
    assert qr.data == entry.hash and len(qr.data) == 64
    assert final.footer.ledger_hash == entry.hash[:12]  # the short hash the footer prints is its prefix
    assert entry.hash in flat(pdf_text(render_bytes(final, "pdf")))
    draft = ws.documents.build("minutes", m["draft"])
    assert not [b for b in draft.blocks if isinstance(b, QRCode)]
