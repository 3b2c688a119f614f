"""Pure rules: derived counts, quorum, vote outcomes and the record-only checks."""

from __future__ import annotations

from datetime import datetime, timedelta

from desktop.domain.enums import MemberStatus
from desktop.domain.meeting_enums import AttendanceStatus, MeetingKind, VoteMethod
from desktop.domain.meeting_records import Attendee, MeetingRecord, Ref, Resolution
from desktop.domain.meeting_rules import attendance_counts, check_record, errors, quorum, resolution_passed

NOW = datetime(2025, 1, 1, 12)
START = datetime(2024, 6, 1, 9)
F, P = MemberStatus.FULL, MemberStatus.PROBATIONARY
PRESENT, LEAVE, ABSENT, UNMARKED = (AttendanceStatus.PRESENT, AttendanceStatus.ON_LEAVE, AttendanceStatus.ABSENT,
                                    AttendanceStatus.UNMARKED)


def people(*rows):
    return tuple(Attendee(i, f"党员{i}", status, att, "出差" if att in (LEAVE, ABSENT) else "")
                 for i, (status, att) in enumerate(rows, 1))


def record(kind=MeetingKind.GENERAL_ASSEMBLY, attendance=(), **kw):
    base = dict(kind=kind, title="t", start=START, end=START + timedelta(hours=1), chair=Ref(1, "党员1"),
                recorder=Ref(2, "党员2"), content="内容", attendance=attendance)
    base.update(kw)
    return MeetingRecord(**base)


def codes(findings):
    return {f.code for f in findings}


def test_counts_are_derived_from_attendance():
    r = record(attendance=people((F, PRESENT), (F, PRESENT), (P, PRESENT), (F, LEAVE), (P, ABSENT), (F, UNMARKED)))
    c = attendance_counts(r)
    assert (c.expected, c.present, c.present_full, c.present_probationary) == (6, 3, 2, 1)
    assert (c.on_leave, c.absent, c.unmarked, c.expected_full) == (1, 1, 1, 4)


def test_assembly_quorum_counts_only_full_members():
    # 4 full members due; 2 full + 3 probationary present: not more than half of those with a vote
    r = record(attendance=people((F, PRESENT), (F, PRESENT), (F, LEAVE), (F, LEAVE), (P, PRESENT), (P, PRESENT),
                                 (P, PRESENT)))
    q = quorum(r)
    assert q.required and (q.basis, q.present, q.met) == (4, 2, False)
    assert "quorum" in codes(check_record(r, NOW))
    r = record(attendance=people((F, PRESENT), (F, PRESENT), (F, PRESENT), (F, LEAVE), (P, LEAVE)))
    assert quorum(r).met and "quorum" not in codes(check_record(r, NOW))


def test_committee_quorum_is_more_than_half_of_the_committee():
    r = record(MeetingKind.COMMITTEE_MEETING, people((F, PRESENT), (F, PRESENT), (F, LEAVE), (F, LEAVE)))
    assert not quorum(r).met
    r = record(MeetingKind.COMMITTEE_MEETING, people((F, PRESENT), (F, PRESENT), (F, LEAVE)))
    assert quorum(r).met


def test_other_meetings_have_no_quorum_rule():
    r = record(MeetingKind.THEME_DAY, people((F, PRESENT), (F, LEAVE), (F, LEAVE)), theme="主题")
    assert not quorum(r).required and "quorum" not in codes(check_record(r, NOW))


def test_resolution_needs_more_than_half_of_voting_members_due():
    att = people((F, PRESENT), (F, PRESENT), (F, PRESENT), (F, PRESENT), (F, LEAVE), (F, LEAVE), (P, PRESENT))
    passes = Resolution("同意", votes_for=4, votes_against=0, votes_abstain=0)
    fails = Resolution("同意", votes_for=3, votes_against=1, votes_abstain=0)  # 3 of 6 due: not more than half
    r = record(attendance=att, resolutions=(passes, fails))
    assert resolution_passed(r, passes) is True and resolution_passed(r, fails) is False
    assert resolution_passed(r, Resolution("未表决")) is None
    failed = [f for f in check_record(r, NOW) if f.code == "resolution_failed"]
    assert len(failed) == 1 and failed[0].level == "warning" and "第2项决议" in failed[0].message


def test_probationary_members_cannot_vote():
    att = people((F, PRESENT), (F, PRESENT), (F, PRESENT), (P, PRESENT), (P, PRESENT))
    r = record(attendance=att, resolutions=(Resolution("同意", votes_for=5, votes_against=0, votes_abstain=0),))
    assert "votes_exceed" in codes(errors(check_record(r, NOW)))


def test_ballot_counts_must_be_consistent():
    att = people(*[(F, PRESENT)] * 5)
    bad = [Resolution("发展", VoteMethod.BALLOT, 3, 0, 0, ballots_issued=6, ballots_returned=5),
           Resolution("发展", VoteMethod.BALLOT, 3, 0, 0, ballots_issued=4, ballots_returned=5),
           Resolution("发展", VoteMethod.BALLOT, 4, 1, 0, ballots_issued=5, ballots_returned=4),
           Resolution("发展", VoteMethod.BALLOT, -1, 0, 0)]
    for res in bad:
        assert errors(check_record(record(attendance=att, resolutions=(res,)), NOW)), res
    good = Resolution("发展", VoteMethod.BALLOT, 4, 1, 0, ballots_issued=5, ballots_returned=5)
    assert not errors(check_record(record(attendance=att, resolutions=(good,)), NOW))


def test_time_checks():
    att = people((F, PRESENT), (F, PRESENT))
    assert "end_before_start" in codes(check_record(record(attendance=att, end=START - timedelta(minutes=1)), NOW))
    assert "end_missing" in codes(check_record(record(attendance=att, end=None), NOW))
    future = record(attendance=att, start=NOW + timedelta(days=1), end=NOW + timedelta(days=1, hours=1))
    assert "future" in codes(errors(check_record(future, NOW)))


def test_required_fields_by_kind():
    att = people((F, PRESENT))
    found = codes(check_record(record(MeetingKind.PARTY_LECTURE, att, chair=None), NOW))
    assert {"chair_missing", "lecturer_missing", "topic_missing"} <= found
    assert "group_missing" in codes(check_record(record(MeetingKind.GROUP_MEETING, att), NOW))
    assert "theme_missing" in codes(check_record(record(MeetingKind.THEME_DAY, att), NOW))
    assert "no_expected" in codes(check_record(record(attendance=()), NOW))


def test_unmarked_attendance_blocks_and_missing_reason_warns():
    att = (Attendee(1, "甲", F, PRESENT), Attendee(2, "乙", F, UNMARKED), Attendee(3, "丙", F, LEAVE, ""))
    found = check_record(record(attendance=att), NOW)
    assert "unmarked" in codes(errors(found))
    reason = [f for f in found if f.code == "reason_missing"]
    assert reason and reason[0].level == "warning" and "丙" in reason[0].message


def test_study_minutes_default_to_duration_for_lectures():
    lecture = record(MeetingKind.PARTY_LECTURE, end=START + timedelta(minutes=150))
    assert lecture.credited_minutes == 150
    assert record(MeetingKind.THEME_DAY).credited_minutes == 0
    assert record(MeetingKind.THEME_DAY, study_minutes=60).credited_minutes == 60
