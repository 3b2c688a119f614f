"""``ws.oversight`` on a committee book: the compliance table, integrity alerts, a branch's held records and
printout verification (the contract is :mod:`desktop.committee.api`)."""

from __future__ import annotations

import dataclasses
import json
from collections import Counter
from datetime import date, datetime

from sqlalchemy import select

from desktop.changes import mutates
from desktop.committee import alerts as alert_mod
from desktop.committee import compliance
from desktop.committee.api import (BranchCompliance, ComplianceCell, ComplianceTable, HeldRecordRow,
                                   IntegrityAlert, RuleColumn, VerifyResult)
from desktop.committee.on_import import setting_int
from desktop.committee.records import HeldRecord, held_records
from desktop.committee.review import Review
from desktop.domain.meeting_enums import AmendmentKind
from desktop.errors import ZhibuError
from desktop.rules.periods import periods_in_year
from desktop.rules.results import DUE, OVERDUE
from desktop.storage.models_committee import CommitteeOrg
from desktop.storage.models_sync import CommitteeBranch, CommitteeEntry

STATE_LABELS = {"done": "已完成", "due": "待完成", "overdue": "已逾期", "not_applicable": "不适用"}


def row_of(branch_id: str, h: HeldRecord) -> HeldRecordRow:
    status = "voided" if h.voided else "corrected" if h.corrected else "held"
    changes = tuple(f"{AmendmentKind(c.kind).label}：{c.reason or c.note}" for c in h.changes)
    return HeldRecordRow(branch_id, h.record_type, h.record_id, h.title, h.day, h.seq, h.hash, h.short_hash,
                         status, h.first_seen_at, h.bundle_seq, changes)


class OversightService:
    def __init__(self, ws):
        if not ws.is_committee:
            raise ZhibuError("这是支部纪实本，不是工委纪实本：没有各支部的落实情况和预警。请打开工委纪实本。")
        self.ws = ws

    def now(self) -> datetime:
        return self.ws.ledger.now().replace(microsecond=0)

    def _branches(self, s) -> list[CommitteeBranch]:
        return s.scalars(select(CommitteeBranch).where(CommitteeBranch.enrolled.is_(True))
                         .order_by(CommitteeBranch.name)).all()

    # ---- 落实情况 ----------------------------------------------------------------------------------------
    def compliance(self, year: int | None = None, *, rule: str | None = None, state: str | None = None,
                   unit: str | None = None) -> ComplianceTable:
        """Branches × periods × rules of ``year`` (default: this year), filtered by rule id, state and unit."""
        today = self.now().date()
        year = year or today.year
        with self.ws.session() as s:
            ruleset = self.ws.rules._ruleset(s)
            branches = self._branches(s)
            units = dict(s.execute(select(CommitteeOrg.branch_id, CommitteeOrg.unit)).all())
            stored: dict[str, list] = {}
            for c in compliance.stored_cells(s, year):
                stored.setdefault(c[0], []).append(c)
        at = min(today, date(year, 12, 31))
        columns = tuple(RuleColumn(r.id, r.title, r.period, tuple(p.label for p in periods_in_year(r.period, year)
                                                                   if p.start <= at))
                        for r in ruleset.rules if rule is None or r.id == rule)
        if rule is not None and not columns:
            raise ZhibuError(f"当前规则中没有编号为“{rule}”的规则。可用的规则："
                             f"{'、'.join(r.id for r in ruleset.rules)}。")
        wanted = {(c.rule_id, p) for c in columns for p in c.periods}
        due = {(r.id, p.label): r.due_on(p) for r in ruleset.rules for p in periods_in_year(r.period, year)}
        keys = sorted(wanted)
        today_iso = today.isoformat()
        rows, totals, col_totals = [], Counter(), {}
        for b in branches:
            u = units.get(b.branch_id, "")
            if unit is not None and u != unit:
                continue
            have = {(c[1], c[2]): c for c in stored.get(b.branch_id, [])}
            cells = []
            for key in keys:
                c = have.get(key)
                if c is not None:
                    _bid, rid, period, st, count, required, rtype, records, due_on, message = c
                    if st == DUE and due_on < today_iso:
                        st = OVERDUE
                    cell = ComplianceCell(rid, period, st, count, required, rtype, compliance.record_ids(records),
                                          date.fromisoformat(due_on), message)
                else:
                    d = due[key]
                    last = f"最近一次数据包收到于{alert_mod.cn(b.last_received_at.date())}" if b.last_received_at \
                        else "尚未收到数据包"
                    cell = ComplianceCell(key[0], key[1], OVERDUE if d < today else DUE, 0, 0, "", (), d,
                                          f"该期间开始后工委未收到新的数据包（{last}），暂无记录。", received=False)
                if state is None or cell.state == state:
                    cells.append(cell)
            if state is not None and not cells:
                continue
            counts = Counter(c.state for c in cells)
            totals.update(counts)
            for c in cells:
                column = col_totals.get((c.rule_id, c.period))
                if column is None:
                    column = col_totals[(c.rule_id, c.period)] = {}
                column[c.state] = column.get(c.state, 0) + 1
            rows.append(BranchCompliance(b.branch_id, b.name, u, tuple(cells), dict(counts)))
        rows.sort(key=lambda r: (r.unit, r.name))
        return ComplianceTable(year, today, columns, tuple(rows), dict(totals),
                               col_totals)

    @mutates("sync")
    def refresh(self, branch_id: str | None = None) -> int:
        """Judge again (e.g. after the committee changed its rule set); returns the cells written."""
        today = self.now().date()
        with self.ws.session() as s:
            ruleset = self.ws.rules._ruleset(s)
            return sum(compliance.refresh(s, ruleset, b.branch_id, today) for b in self._branches(s)
                       if branch_id is None or b.branch_id == branch_id)

    # ---- a branch's records ---------------------------------------------------------------------------
    def branch(self, ref: str) -> CommitteeBranch:
        """A branch by id, id prefix (at least 4 characters) or exact name."""
        with self.ws.session() as s:
            rows = s.scalars(select(CommitteeBranch)).all()
        ref = ref.strip()
        hits = [b for b in rows if b.branch_id == ref or b.name == ref] or \
               [b for b in rows if len(ref) >= 4 and b.branch_id.startswith(ref)]
        if len(hits) != 1:
            raise ZhibuError(f"找不到支部“{ref}”。请用 zhibu-cli committee branches 查看支部编号。" if not hits else
                             f"“{ref}”对应多个支部，请输入更长的支部编号。")
        return hits[0]

    def records(self, branch_id: str, ids: tuple[int, ...] | None = None,
                record_type: str | None = None) -> list[HeldRecordRow]:
        with self.ws.session() as s:
            held = held_records(s, branch_id)
        out = [row_of(branch_id, h) for (t, rid), h in held.items()
               if (record_type is None or t == record_type) and (ids is None or rid in ids)]
        return sorted(out, key=lambda r: (r.day or date.min, r.seq))

    # ---- 诚信预警 -------------------------------------------------------------------------------------
    def alerts(self, *, silent_days: int | None = None, kind: str | None = None,
               branch_id: str | None = None) -> list[IntegrityAlert]:
        now = self.now()
        with self.ws.session() as s:
            rows = s.scalars(select(CommitteeBranch)).all()
            names = {b.branch_id: b.name for b in rows}
            days = silent_days or setting_int(s, alert_mod.SILENT_SETTING, alert_mod.DEFAULT_SILENT_DAYS)
            out = (alert_mod.stored(s, names) + alert_mod.evidence_alerts(s, names)
                   + alert_mod.silent(rows, now, days) + alert_mod.cross_branch(s, names, now))
        out = [a for a in out if (kind is None or a.kind == kind) and (branch_id is None or a.branch_id == branch_id)]
        return alert_mod.ordered(out)

    # ---- verify a printout ----------------------------------------------------------------------------
    def verify(self, short_hash: str) -> VerifyResult:
        """Is a record with this (short or full) hash held? Later corrected or voided? First seen when?"""
        q = "".join(ch for ch in short_hash.lower() if ch in "0123456789abcdef")
        if len(q) < 8:
            raise ZhibuError("请输入打印件上的纪实哈希（至少8位十六进制字符，如 3fa2c91b07de）。")
        t = CommitteeEntry.__table__
        with self.ws.session() as s:
            hits = s.execute(select(t.c.branch_id, t.c.seq, t.c.record_type, t.c.canonical)
                             .where(t.c.hash.like(q + "%"))).all()
            names = dict(s.execute(select(CommitteeBranch.branch_id, CommitteeBranch.name)).all())
            if not hits:
                return VerifyResult(q, "unknown", f"工委没有哈希为 {q} 的纪实。该打印件对应的记录尚未报送，"
                                                  "或打印件不是由支部纪实生成的，请向支部核实。")
            if len(hits) > 1:
                return VerifyResult(q, "ambiguous", f"有{len(hits)}条纪实的哈希以 {q} 开头，请输入更多位。",
                                    matches=len(hits))
            bid, seq, rtype, canonical = hits[0]
            env = json.loads(canonical)
            if rtype == "amendment":
                target = env.get("target") or {}
                rtype, rid = target.get("type"), target.get("id")
            else:
                rid = env.get("record_id")
            held = held_records(s, bid).get((rtype, rid))
        name = names.get(bid, "")
        if held is None:
            return VerifyResult(q, "held", f"工委保存有该纪实（支部“{name}”纪实第{seq}条）。", bid, name, matches=1)
        row = row_of(bid, held)
        seen = alert_mod.cn(held.first_seen_at)
        base = f"工委保存有支部“{name}”的“{row.title}”（纪实第{held.seq}条），{seen}首次收到"
        if held.voided:
            why = next(c.reason for c in held.changes if c.kind == AmendmentKind.VOID.value)
            return VerifyResult(q, "voided", f"{base}；该记录后来已作废（原因：{why}），打印件不再有效。", bid, name,
                                row, held.first_seen_at, 1)
        if held.corrected:
            return VerifyResult(q, "corrected", f"{base}；该记录后来有更正（{len(held.changes)}次修改），"
                                                f"打印件是更正前的版本，请以最新版本为准。", bid, name, row,
                                held.first_seen_at, 1)
        return VerifyResult(q, "held", f"{base}；之后没有更正或作废，打印件与工委保存的一致。", bid, name, row,
                            held.first_seen_at, 1)

    # ---- 审阅 -----------------------------------------------------------------------------------------
    @mutates("reviews")
    def review(self, ref: str, verdict: str, opinion: str = "") -> Review:
        """Mark a record (by the hash printed on it) or a branch's period ("支部名或编号:2026-Q1") 通过/退回.
        The result travels back in the branch's next receipt."""
        from desktop.committee import review as review_mod
        from desktop.rules.periods import parse_label
        from desktop.storage.models_committee import CommitteeReview

        opinion = review_mod.check_opinion(verdict, opinion)
        record_type, record_id, record_hash, period = "", None, "", ""
        if ":" in ref or "：" in ref:
            branch_ref, label = ref.replace("：", ":").rsplit(":", 1)
            try:
                period = parse_label(label).label
            except ValueError as exc:
                raise ZhibuError(str(exc)) from None
            branch = self.branch(branch_ref)
            title = f"{branch.name} {review_mod.period_label(period)}"
        else:
            found = self.verify(ref)
            if found.record is None:
                raise ZhibuError(f"找不到哈希为 {ref.strip()} 的记录，无法审阅。" if found.state != "ambiguous"
                                 else found.message)
            branch = self.branch(found.branch_id)
            record_type, record_id, record_hash = found.record.record_type, found.record.record_id, found.record.hash
            title = found.record.title
        now = self.now()
        with self.ws.session() as s:
            row = CommitteeReview(branch_id=branch.branch_id, record_type=record_type, record_id=record_id,
                                  record_hash=record_hash, period=period, verdict=verdict, opinion=opinion,
                                  reviewed_at=now)
            s.add(row)
            s.flush()
            self.ws.audit("committee.review", f"{branch.name} {title} {review_mod.VERDICTS[verdict]}：{opinion}",
                          session=s)
            return review_mod.from_wire(branch.branch_id, review_mod.to_wire(row), title)

    def reviews(self, branch_id: str | None = None) -> list[Review]:
        """Every review, newest first: delivered (carried by a receipt) and, for 退回, answered by a later
        更正/补充说明 the committee has received."""
        from desktop.committee import review as review_mod
        from desktop.storage.models_committee import CommitteeReview

        with self.ws.session() as s:
            q = select(CommitteeReview).order_by(CommitteeReview.id.desc())
            if branch_id:
                q = q.where(CommitteeReview.branch_id == branch_id)
            rows = s.scalars(q).all()
            held = {bid: held_records(s, bid) for bid in {r.branch_id for r in rows if r.record_type}}
        out = []
        for r in rows:
            h = held.get(r.branch_id, {}).get((r.record_type, r.record_id)) if r.record_type else None
            answer = next((c for c in (h.changes if h else []) if c.first_seen_at >= r.reviewed_at
                           and c.kind in ("correction", "supplement")), None)
            x = review_mod.to_wire(r)
            base = review_mod.from_wire(r.branch_id, x, h.title if h else review_mod.period_label(r.period),
                                        answer is not None,
                                        f"{AmendmentKind(answer.kind).label}：{answer.reason or answer.note}"
                                        if answer else "")
            out.append(dataclasses.replace(base, delivered=r.sent_in_seq is not None))
        return out
