"""The organisation facts the rules engine needs, as the bundle member ``org.json``.

Records (meetings, talks, 评议) travel as chain entries; who belonged when, the party groups and the committee
terms are not chained, so the branch sends a snapshot of exactly what ``desktop.rules.facts`` loads from its
own book (no ID numbers or phones: an ID number only as the committee-keyed hash the roster also carries).
The committee rebuilds the same ``MemberFact``/``Term`` values from it, so its answers equal the branch's.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.domain.idnumber import normalize
from desktop.errors import ZhibuError
from desktop.rules import facts as rule_facts
from desktop.storage.models import Branch, PartyGroup
from desktop.storage.models_recruitment import Recruit

MEMBER = "org.json"
VERSION = 1


def _d(d: date | None) -> str | None:
    return d.isoformat() if d else None


def snapshot(session: Session, id_hash) -> dict:
    """The branch side: ``id_hash(number) -> str`` turns an ID number into the committee-keyed hash."""
    members = rule_facts._members(session)
    g = PartyGroup.__table__
    groups = [[r.id, r.name, r.leader_id] for r in session.execute(
        select(g.c.id, g.c.name, g.c.leader_id).order_by(g.c.sort_order, g.c.id))]
    branch = session.scalars(select(Branch).order_by(Branch.id)).first()
    recruits = sorted(session.scalars(select(Recruit.member_id).where(Recruit.member_id.is_not(None))))
    return {
        "version": VERSION,
        "unit": branch.committee_name if branch else "",
        "members": [{"id": m.id, "name": m.name, "joined_on": _d(m.joined_on), "full_on": _d(m.full_on),
                     "group_id": m.group_id, "roster_order": m.roster_order,
                     "spans": [[_d(a), _d(b)] for a, b in m.spans], "extension_months": list(m.extension_months),
                     "id_hash": id_hash(normalize(m.id_number)) if m.id_number else None}
                    for m in members],
        "groups": groups,
        "terms": [{"id": t.id, "start": _d(t.start), "years": t.years, "posts": [list(p) for p in t.posts]}
                  for t in rule_facts._terms(session)],
        "recruit_members": recruits,
    }


def _date(v) -> date | None:
    return date.fromisoformat(v) if v else None


class OrgFacts:
    """The committee side: the snapshot back as the engine's own values."""

    def __init__(self, doc: dict | None):
        doc = doc or {}
        self.unit: str = doc.get("unit", "") or ""
        try:
            self.members = []
            self.id_hashes: dict[int, str] = {}
            for m in doc.get("members", []):
                f = rule_facts.MemberFact(m["id"], m["name"], _date(m["joined_on"]), _date(m["full_on"]),
                                          m["group_id"], None, "", m["roster_order"])
                f.spans = [(_date(a), _date(b)) for a, b in m["spans"]]
                f.extension_months = list(m["extension_months"])
                self.members.append(f)
                if m.get("id_hash"):
                    self.id_hashes[m["id"]] = m["id_hash"]
            self.groups = {gid: (name, leader) for gid, name, leader in doc.get("groups", [])}
            self.terms = [rule_facts.Term(t["id"], _date(t["start"]), t["years"],
                                          tuple((mid, role) for mid, role in t["posts"]))
                          for t in doc.get("terms", [])]
            self.recruit_members = set(doc.get("recruit_members", []))
        except (KeyError, TypeError, ValueError):
            raise ZhibuError("支部数据包中的组织信息（org.json）格式不正确。请支部升级软件后重新导出。") from None


def validate(doc) -> dict:
    """Strict enough for what the committee reads; raises with a Chinese sentence."""
    if not isinstance(doc, dict) or doc.get("version") != VERSION:
        raise ZhibuError("数据包成员“org.json”无效：版本或结构不正确。")
    OrgFacts(doc)
    return doc
