"""What committee mode adds to an applied import, in the import's own transaction: the organisation snapshot,
the bundle's facts, the integrity alerts it raises and the branch's recomputed compliance cells."""

from __future__ import annotations

import json
from datetime import datetime

from sqlalchemy.orm import Session

from desktop.committee import alerts, compliance
from desktop.storage.models_committee import CommitteeBundle, CommitteeOrg


def setting_int(session: Session, key: str, default: int) -> int:
    from desktop.storage.models import BookSetting

    row = session.get(BookSetting, key)
    try:
        return int(json.loads(row.value)) if row else default
    except (TypeError, ValueError):
        return default


def after_apply(ws, session: Session, m, content, new_entries, sha256: str, now: datetime) -> None:
    if content.org is not None:
        session.merge(CommitteeOrg(branch_id=m.branch_id, unit=content.org.get("unit", "")[:100],
                                   doc=json.dumps(content.org, ensure_ascii=False), updated_at=now))
    lag = setting_int(session, alerts.LAG_SETTING, alerts.DEFAULT_LAG_DAYS)
    rows = alerts.on_bundle(session, m, new_entries, now, lag)
    if rows:
        from desktop.storage.models_committee import CommitteeAlert

        session.execute(CommitteeAlert.__table__.insert(), rows)
    session.add(CommitteeBundle(branch_id=m.branch_id, seq=m.seq, created_at=m.created_at.replace(microsecond=0),
                                prev_bundle=m.prev_bundle, bundle_sha256=sha256, ledger_from=m.ledger_from,
                                ledger_length=m.ledger_length, imported_at=now))
    session.flush()
    compliance.refresh(session, ws.rules._ruleset(session), m.branch_id, now.date())
