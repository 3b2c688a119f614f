"""From editor input to a meeting record (names, member status and the expected list derived), and to rows.

``record_from_input`` is used for drafts, previews and corrections alike, so a correction is checked by the
same rules as a draft. Names already in a record are kept (a later rename does not rewrite history).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, insert
from sqlalchemy.orm import Session

from desktop.domain.meeting_enums import AttendanceStatus, MeetingKind, RectificationStatus
from desktop.domain.meeting_records import (Attendee, MeetingRecord, PersonNote, Preparation, RectificationItem,
                                            Ref, Resolution)
from desktop.domain.meeting_rules import MeetingInput, clean_text, default_title
from desktop.errors import ValidationError
from desktop.ledger.meeting_documents import ref_pairs
from desktop.services.meeting_roster import (belonging, expected_members, get_members, not_belonging_message,
                                             status_on)
from desktop.storage.models import PartyGroup
from desktop.storage.models_meetings import (Meeting, MeetingAttendance, MeetingPersonNote, MeetingResolution,
                                             Rectification)


def _lines(items) -> tuple[str, ...]:
    return tuple(t for t in (clean_text(i).strip() for i in items or ()) if t)


def _attendance(session: Session, data: MeetingInput, previous: MeetingRecord | None) -> tuple[Attendee, ...]:
    day = data.start.date()
    expected = expected_members(session, data.kind, day, data.group_id)
    expected_ids = {m.id for m in expected}
    given = {}
    for a in data.attendance:
        if a.member_id in given:
            raise ValidationError(f"出勤名单中编号为{a.member_id}的党员重复出现，请删除重复项。", "attendance")
        given[a.member_id] = a
    strangers = [i for i in given if i not in expected_ids]
    if strangers:
        members = get_members(session, strangers)
        here = belonging(session, day)
        why = []
        for mid in strangers:
            m = members[mid]
            if mid not in here:
                why.append(not_belonging_message(m, day, "出席人员"))
            else:
                scope = "该党小组成员" if data.kind == MeetingKind.GROUP_MEETING else "当时的支委会委员"
                why.append(f"{m.name}不是{scope}，不在应到名单中；如列席，请填写在列席人员中。")
        raise ValidationError("".join(why), "attendance")
    old = {a.member_id: a for a in previous.attendance} if previous else {}
    rows = []
    for m in expected:
        a = given.get(m.id)
        status = a.status if a else data.default_status
        reason = clean_text(a.reason).strip() if a else ""
        if status == AttendanceStatus.PRESENT:
            reason = ""
        name = old[m.id].name if m.id in old else m.name
        rows.append(Attendee(m.id, name, status_on(m, day), AttendanceStatus(status), reason))
    return tuple(rows)


def record_from_input(session: Session, data: MeetingInput, previous: MeetingRecord | None = None) -> MeetingRecord:
    """The record this input describes on its day. Unknown members or groups raise ValidationError."""
    if not isinstance(data.start, datetime):
        raise ValidationError("请填写会议开始时间。", "start")
    kind = MeetingKind(data.kind)
    start = data.start.replace(microsecond=0)
    end = data.end.replace(microsecond=0) if data.end else None
    data.kind, data.start, data.end = kind, start, end
    group = None
    if data.group_id is not None:
        g = session.get(PartyGroup, data.group_id)
        if g is None:
            raise ValidationError(f"找不到编号为{data.group_id}的党小组。", "group")
        group = Ref(g.id, g.name)
    people = [data.chair_id, data.recorder_id, data.lecturer_id] + [n.member_id for n in data.notes] + [
        r.owner_id for r in data.rectifications] + [p.id for r in data.resolutions
                                                    for p in (*r.scrutineers, *r.tellers)]
    members = get_members(session, people)
    known = {}
    if previous:
        for r in (previous.chair, previous.recorder, previous.lecturer):
            if r and r.id is not None:
                known[r.id] = r.name
        known.update({a.member_id: a.name for a in previous.attendance})
        known.update({p.id: p.name for r in previous.resolutions for p in (*r.scrutineers, *r.tellers)
                      if p.id is not None})

    def person(mid):
        return Ref(mid, known.get(mid, members[mid].name)) if mid is not None else None

    def people_of(refs) -> tuple[Ref, ...]:
        """监票人 / 计票人: members by id (their name then), others by name; blanks and repeats dropped."""
        out = []
        for p in refs:
            r = person(p.id) if p.id is not None else Ref(None, clean_text(p.name).strip())
            if r.name and r not in out:
                out.append(r)
        return tuple(out)

    lecturer = person(data.lecturer_id) if data.lecturer_id is not None else (
        Ref(None, clean_text(data.lecturer_name).strip()) if data.lecturer_name.strip() else None)
    if data.study_minutes is not None and not isinstance(data.study_minutes, int):
        raise ValidationError("学习时长请填写整数分钟。", "study_minutes")
    title = clean_text(data.title).strip() or default_title(kind, start, group.name if group else "")
    return MeetingRecord(
        kind=kind, title=title, start=start, end=end, place=clean_text(data.place).strip(), group=group,
        chair=person(data.chair_id), recorder=person(data.recorder_id), lecturer=lecturer,
        topic=clean_text(data.topic).strip(), theme=clean_text(data.theme).strip(), study_minutes=data.study_minutes,
        observers=_lines(data.observers), upper_attendees=_lines(data.upper_attendees), agenda=_lines(data.agenda),
        content=clean_text(data.content),
        preparation=Preparation(clean_text(data.prep_study), clean_text(data.prep_talks),
                                clean_text(data.prep_opinions)),
        attendance=_attendance(session, data, previous),
        resolutions=tuple(Resolution(clean_text(r.text).strip(), r.method, r.votes_for, r.votes_against,
                                     r.votes_abstain, r.ballots_issued, r.ballots_returned,
                                     people_of(r.scrutineers), people_of(r.tellers))
                          for r in data.resolutions),
        notes=tuple(PersonNote(n.member_id, known.get(n.member_id, members[n.member_id].name),
                               clean_text(n.problems), clean_text(n.criticism)) for n in data.notes),
        rectifications=tuple(RectificationItem(clean_text(r.item).strip(), clean_text(r.measure).strip(),
                                               person(r.owner_id), r.due_on) for r in data.rectifications),
        attachments=previous.attachments if previous else (),
    )


def input_from_record(record: MeetingRecord) -> MeetingInput:
    """Editor input showing a record (to reopen a draft, or to start a correction from the current text)."""
    from desktop.domain.meeting_rules import AttendanceInput, PersonNoteInput, RectificationInput

    return MeetingInput(
        kind=record.kind, start=record.start, end=record.end, title=record.title, place=record.place,
        group_id=record.group.id if record.group else None, chair_id=record.chair.id if record.chair else None,
        recorder_id=record.recorder.id if record.recorder else None,
        lecturer_id=record.lecturer.id if record.lecturer else None,
        lecturer_name=record.lecturer.name if record.lecturer and record.lecturer.id is None else "",
        topic=record.topic, theme=record.theme, study_minutes=record.study_minutes,
        observers=list(record.observers), upper_attendees=list(record.upper_attendees), agenda=list(record.agenda),
        content=record.content, prep_study=record.preparation.study, prep_talks=record.preparation.talks,
        prep_opinions=record.preparation.opinions,
        attendance=[AttendanceInput(a.member_id, a.status, a.reason) for a in record.attendance],
        resolutions=list(record.resolutions),
        notes=[PersonNoteInput(n.member_id, n.problems, n.criticism) for n in record.notes],
        rectifications=[RectificationInput(r.item, r.measure, r.owner.id if r.owner else None, r.due_on)
                        for r in record.rectifications],
    )


def replace_children(session: Session, model, fk: str, parent_id: int, rows: list[dict]) -> None:
    """Replace a draft's child rows with Core statements (the parent's status guards them in the database)."""
    t = model.__table__
    session.execute(delete(t).where(t.c[fk] == parent_id))
    if rows:
        session.execute(insert(t), [{fk: parent_id, "position": i, **r} for i, r in enumerate(rows)])


def write_rows(session: Session, row: Meeting, record: MeetingRecord, now: datetime) -> None:
    """Store a draft's record in its rows (children replaced)."""
    r = record
    row.kind, row.title, row.start, row.end, row.place = r.kind, r.title, r.start, r.end, r.place
    row.group_id, row.group_name = (r.group.id, r.group.name) if r.group else (None, "")
    for attr in ("chair", "recorder", "lecturer"):
        ref = getattr(r, attr)
        setattr(row, f"{attr}_id", ref.id if ref else None)
        setattr(row, f"{attr}_name", ref.name if ref else "")
    row.topic, row.theme, row.study_minutes = r.topic, r.theme, r.study_minutes
    row.observers, row.upper_attendees, row.agenda = list(r.observers), list(r.upper_attendees), list(r.agenda)
    row.content = r.content
    row.prep_study, row.prep_talks, row.prep_opinions = r.preparation.study, r.preparation.talks, r.preparation.opinions
    row.updated_at = now
    if row.id is None:
        row.created_at = now
        session.add(row)
    session.flush()
    replace_children(session, MeetingAttendance, "meeting_id", row.id, [
        {"member_id": a.member_id, "name": a.name, "member_status": a.member_status, "status": a.status,
         "reason": a.reason} for a in r.attendance])
    replace_children(session, MeetingResolution, "meeting_id", row.id, [
        {"text": x.text, "method": x.method, "votes_for": x.votes_for, "votes_against": x.votes_against,
         "votes_abstain": x.votes_abstain, "ballots_issued": x.ballots_issued, "ballots_returned": x.ballots_returned,
         "scrutineers": ref_pairs(x.scrutineers), "tellers": ref_pairs(x.tellers)}
        for x in r.resolutions])
    replace_children(session, MeetingPersonNote, "meeting_id", row.id, [
        {"member_id": n.member_id, "name": n.name, "problems": n.problems, "criticism": n.criticism} for n in r.notes])
    t = Rectification.__table__
    session.execute(delete(t).where(t.c.meeting_id == row.id, t.c.ledger_seq.is_(None)))
    if r.rectifications:
        session.execute(insert(t), [
            {"meeting_id": row.id, "position": i, "item": x.item, "measure": x.measure,
             "owner_id": x.owner.id if x.owner else None, "owner_name": x.owner.name if x.owner else "",
             "due_on": x.due_on, "source": "", "status": RectificationStatus.OPEN, "created_at": now}
            for i, x in enumerate(r.rectifications)])
