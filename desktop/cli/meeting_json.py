"""Reading the JSON files of ``meetings/talks/evaluations add|amend`` into service inputs.

Strict: UTF-8, no duplicate keys, no NaN/Infinity, a size cap, bounded integers and nesting, and every file is
checked against its schema (``json_schema``, pydantic) before it is converted: wrong types and unknown fields
are refused so that a typo never silently drops data. Members are given by name or id. Attachments are read
only from the JSON file's own folder. docs/meetings.md documents every field.
"""

from __future__ import annotations

import json
import os
import stat
from datetime import date, datetime
from pathlib import Path

from desktop.domain.evaluation_rules import EvaluationInput, MemberEvaluationInput, Tally
from desktop.domain.meeting_enums import AttendanceStatus, EvaluationGrade, MeetingKind, VoteMethod
from desktop.domain.meeting_records import Ref, Resolution
from desktop.domain.meeting_rules import (AttendanceInput, HeartTalkInput, MeetingInput, PersonNoteInput,
                                          RectificationInput)
from desktop.cli import json_input
from desktop.cli.json_input import JsonInputError
from desktop.errors import ZhibuError

MAX_JSON_BYTES = 5 * 1024 * 1024
MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024


def _no_duplicates(pairs):
    out = {}
    for k, v in pairs:
        if k in out:
            raise JsonInputError(f"JSON 中字段“{k}”重复出现，请只保留一个。")
        out[k] = v
    return out


def _bad_constant(name):
    raise JsonInputError(f"JSON 中不能使用 {name}，请改为数字或删除该值。")


def load(path) -> tuple[dict, Path]:
    path = Path(path)
    if not path.is_file():
        raise JsonInputError(f"找不到 JSON 文件：{path}。")
    if path.stat().st_size > MAX_JSON_BYTES:
        raise JsonInputError(f"JSON 文件超过 {MAX_JSON_BYTES // 1024 // 1024} MB，请检查文件。")
    try:
        obj = json.loads(path.read_bytes().decode("utf-8-sig"), object_pairs_hook=_no_duplicates,
                         parse_constant=_bad_constant, parse_int=json_input.parse_int)
    except RecursionError:
        raise JsonInputError(f"{path.name} 的嵌套层数过多，不是本软件的会议文件格式。") from None
    except UnicodeDecodeError:
        raise JsonInputError(f"{path.name} 不是 UTF-8 编码的文本，请用 UTF-8 保存后重试。") from None
    except json.JSONDecodeError as exc:
        raise JsonInputError(f"{path.name} 不是有效的 JSON（第{exc.lineno}行第{exc.colno}列：{exc.msg}）。") from None
    if not isinstance(obj, dict):
        raise JsonInputError(f"{path.name} 的最外层应是一个对象 {{…}}。")
    json_input.check_shape(obj, path.name)
    return obj, path.parent


def _check_keys(obj: dict, allowed: set[str], where: str) -> None:
    unknown = sorted(set(obj) - allowed)
    if unknown:
        raise JsonInputError(f"{where}中有无法识别的字段：{'、'.join(unknown)}。可用字段：{'、'.join(sorted(allowed))}。")


def _text(value, field: str) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise JsonInputError(f"字段“{field}”应为文本。")
    return value


def _texts(value, field: str) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise JsonInputError(f"字段“{field}”应为文本列表，如 [\"…\", \"…\"]。")
    return list(value)


def _int(value, field: str, *, optional: bool = True):
    if value is None and optional:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise JsonInputError(f"字段“{field}”应为整数。")
    return value


def parse_datetime(value, field: str) -> datetime:
    try:
        parsed = datetime.fromisoformat(str(value).strip())
    except ValueError:
        raise JsonInputError(f"字段“{field}”的时间格式应为 YYYY-MM-DDTHH:MM，如 2026-03-05T09:00。") from None
    if parsed.tzinfo is not None:
        raise JsonInputError(f"字段“{field}”的时间不能带时区（如 +08:00 或 Z）：请写本地时间，如 2026-03-05T09:00。")
    return parsed


def parse_day(value, field: str) -> date | None:
    if value in (None, ""):
        return None
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise JsonInputError(f"字段“{field}”的日期格式应为 YYYY-MM-DD。") from None


def _enum(cls, value, field: str):
    try:
        return cls.from_label(str(value).strip())
    except ValueError:
        choices = "、".join(f"{e.value}（{e.label}）" for e in cls)
        raise JsonInputError(f"字段“{field}”的值“{value}”无法识别，可用：{choices}。") from None


MEETING_FIELDS = {"type", "title", "start", "end", "place", "group", "chair", "recorder", "lecturer", "topic",
                  "theme", "study_minutes", "observers", "upper_attendees", "agenda", "content", "preparation",
                  "attendance", "others_present", "resolutions", "notes", "rectifications", "attachments"}


def meeting_input(obj: dict, resolve, groups: dict[str, int], base: MeetingInput | None = None) -> MeetingInput:
    """``resolve(ref, day) -> member id``; ``groups`` maps group names to ids. With ``base`` (an amendment),
    only the fields present in ``obj`` change."""
    _check_keys(obj, MEETING_FIELDS | ({"note"} if base else set()), "会议 JSON ")
    from desktop.cli import json_schema  # pydantic: only when a file is checked

    json_schema.check(json_schema.Meeting, obj, "会议 JSON ")
    if base is None:
        for key in ("type", "start"):
            if key not in obj:
                raise JsonInputError(f"会议 JSON 缺少必填字段“{key}”。")
        data = MeetingInput(kind=_enum(MeetingKind, obj["type"], "type"), start=parse_datetime(obj["start"], "start"))
    else:
        data = base
        if "type" in obj:
            data.kind = _enum(MeetingKind, obj["type"], "type")
        if "start" in obj:
            data.start = parse_datetime(obj["start"], "start")
    day = data.start.date()

    def member(ref, field):
        return None if ref in (None, "") else resolve(ref, day)

    if "end" in obj:
        data.end = parse_datetime(obj["end"], "end") if obj["end"] else None
    for key in ("title", "place", "topic", "theme", "content"):
        if key in obj:
            setattr(data, key, _text(obj[key], key))
    for key in ("observers", "upper_attendees", "agenda"):
        if key in obj:
            setattr(data, key, _texts(obj[key], key))
    if "study_minutes" in obj:
        data.study_minutes = _int(obj["study_minutes"], "study_minutes")
    if "group" in obj:
        g = obj["group"]
        if g in (None, ""):
            data.group_id = None
        elif isinstance(g, int) and not isinstance(g, bool):
            data.group_id = g
        elif g in groups:
            data.group_id = groups[g]
        else:
            raise JsonInputError(f"找不到党小组“{g}”。现有党小组：{'、'.join(groups) or '（无）'}。")
    for key in ("chair", "recorder"):
        if key in obj:
            setattr(data, f"{key}_id", member(obj[key], key))
    if "lecturer" in obj:
        ref = obj["lecturer"]
        data.lecturer_id, data.lecturer_name = None, ""
        try:
            data.lecturer_id = member(ref, "lecturer")
        except ZhibuError:
            if isinstance(ref, int):
                raise
            data.lecturer_name = _text(ref, "lecturer")  # someone from outside the branch
    if "preparation" in obj:
        prep = obj["preparation"] or {}
        _check_keys(prep, {"study", "talks", "opinions"}, "preparation ")
        data.prep_study = _text(prep.get("study"), "preparation.study")
        data.prep_talks = _text(prep.get("talks"), "preparation.talks")
        data.prep_opinions = _text(prep.get("opinions"), "preparation.opinions")
    if "others_present" in obj:
        data.default_status = AttendanceStatus.PRESENT if obj["others_present"] else AttendanceStatus.UNMARKED
    if "attendance" in obj:
        rows = []
        for a in obj["attendance"] or []:
            _check_keys(a, {"member", "status", "reason"}, "attendance 条目")
            rows.append(AttendanceInput(member(a.get("member"), "attendance.member"),
                                        _enum(AttendanceStatus, a.get("status", "present"), "attendance.status"),
                                        _text(a.get("reason"), "attendance.reason")))
        if base is not None:  # an amendment lists only the members whose attendance changes
            changed = {r.member_id for r in rows}
            rows = [r for r in data.attendance if r.member_id not in changed] + rows
        data.attendance = rows
    if "resolutions" in obj:
        data.resolutions = []
        for r in obj["resolutions"] or []:
            _check_keys(r, {"text", "method", "for", "against", "abstain", "issued", "returned", "scrutineers",
                            "tellers"}, "resolutions 条目")
            data.resolutions.append(Resolution(
                _text(r.get("text"), "resolutions.text"), _enum(VoteMethod, r.get("method", "show_of_hands"), "method"),
                _int(r.get("for"), "for"), _int(r.get("against"), "against"), _int(r.get("abstain"), "abstain"),
                _int(r.get("issued"), "issued"), _int(r.get("returned"), "returned"),
                tuple(person_ref(x, member, "scrutineers") for x in r.get("scrutineers") or ()),
                tuple(person_ref(x, member, "tellers") for x in r.get("tellers") or ())))
    if "notes" in obj:
        data.notes = []
        for n in obj["notes"] or []:
            _check_keys(n, {"member", "problems", "criticism"}, "notes 条目")
            data.notes.append(PersonNoteInput(member(n.get("member"), "notes.member"),
                                              _text(n.get("problems"), "problems"), _text(n.get("criticism"), "criticism")))
    if "rectifications" in obj:
        data.rectifications = [rectification_input(r, lambda ref: member(ref, "owner"))
                               for r in obj["rectifications"] or []]
    return data


def person_ref(value, member, field: str) -> Ref:
    """A member (by id or name), or, for a name that is no member's, someone from outside the branch."""
    try:
        return Ref(member(value, field), "")
    except ZhibuError:
        if isinstance(value, int):
            raise
        return Ref(None, _text(value, field))


def rectification_input(r: dict, member) -> RectificationInput:
    _check_keys(r, {"item", "measure", "owner", "due_on"}, "rectifications 条目")
    return RectificationInput(_text(r.get("item"), "item"), _text(r.get("measure"), "measure"),
                              member(r.get("owner")), parse_day(r.get("due_on"), "due_on"))


def _refuse_attachment(name: str, why: str) -> JsonInputError:
    return JsonInputError(f"附件“{name}”{why}。附件只能是 JSON 文件所在文件夹（或其子文件夹）中的普通文件，"
                          "请把文件复制到那里，并写相对路径，如 \"签到表.pdf\"。")


def attachment_files(obj: dict, folder: Path) -> list[tuple[str, bytes]]:
    """(name, bytes) of each attachment the JSON lists, read before the book is opened. Only regular files
    inside ``folder`` (the JSON file's folder) are read: absolute paths, ``..`` and symbolic links anywhere on
    the way are refused, and the file is opened without following a link (no swap between check and read)."""
    out = []
    root = folder.resolve()
    for ref in _texts(obj.get("attachments"), "attachments"):
        rel = Path(ref)
        if not ref.strip() or rel.is_absolute() or rel.drive or rel.anchor:
            raise _refuse_attachment(ref, "是绝对路径")
        if ".." in rel.parts:
            raise _refuse_attachment(ref, "指向 JSON 文件所在文件夹之外")
        path = root
        for part in rel.parts:
            path = path / part
            if path.is_symlink():
                raise _refuse_attachment(ref, "是（或经过）一个符号链接")
        if not path.resolve().is_relative_to(root):
            raise _refuse_attachment(ref, "指向 JSON 文件所在文件夹之外")
        try:
            fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0))
        except FileNotFoundError:
            raise JsonInputError(f"找不到附件文件：{path}。") from None
        except OSError as exc:
            raise _refuse_attachment(ref, f"无法读取（{exc.strerror or exc}）") from None
        with os.fdopen(fd, "rb") as f:
            info = os.fstat(f.fileno())
            if not stat.S_ISREG(info.st_mode):
                raise _refuse_attachment(ref, "不是普通文件")
            if info.st_size > MAX_ATTACHMENT_BYTES:
                raise JsonInputError(f"附件“{ref}”超过 {MAX_ATTACHMENT_BYTES // 1024 // 1024} MB，请压缩图片或拆分文件后再添加。")
            out.append((path.name, f.read(MAX_ATTACHMENT_BYTES + 1)))
    return out


TALK_FIELDS = {"held_at", "place", "participants", "others", "topics", "content", "follow_up", "attachments",
               "interviewers", "recorder"}


def talk_input(obj: dict, resolve, base: HeartTalkInput | None = None) -> HeartTalkInput:
    _check_keys(obj, TALK_FIELDS | ({"note"} if base else set()), "谈心谈话 JSON ")
    from desktop.cli import json_schema  # pydantic: only when a file is checked

    json_schema.check(json_schema.Talk, obj, "谈心谈话 JSON ")
    if base is None:
        if "held_at" not in obj:
            raise JsonInputError("谈心谈话 JSON 缺少必填字段“held_at”。")
        base = HeartTalkInput(parse_datetime(obj["held_at"], "held_at"))
    elif "held_at" in obj:
        base.held_at = parse_datetime(obj["held_at"], "held_at")
    day = base.held_at.date()
    if "participants" in obj:
        refs = obj["participants"]
        if not isinstance(refs, list):
            raise JsonInputError("字段“participants”应为列表，如 [\"王书记\", \"赵一\"]。")
        base.participant_ids = [resolve(r, day) for r in refs]
    if "others" in obj:
        base.others = _texts(obj["others"], "others")
    for key in ("place", "topics", "content", "follow_up"):
        if key in obj:
            setattr(base, key, _text(obj[key], key))
    if "interviewers" in obj:  # 谈话人: a name among "others" stays a name, anything else is a member
        others = set(base.others)
        base.interviewers = [r if isinstance(r, str) and r.strip() in others else resolve(r, day)
                             for r in obj["interviewers"] or []]
    if "recorder" in obj:
        base.recorder_id, base.recorder_name = None, ""
        if obj["recorder"] not in (None, ""):
            who = person_ref(obj["recorder"], lambda ref, _field: resolve(ref, day), "recorder")
            base.recorder_id, base.recorder_name = who.id, who.name
    return base


EVALUATION_FIELDS = {"year", "held_on", "meeting", "ballots_issued", "ballots_returned", "notes", "members"}
_VOTE_KEYS = {g.value: g for g in EvaluationGrade} | {g.label: g for g in EvaluationGrade}


def evaluation_input(obj: dict, resolve, base: EvaluationInput | None = None) -> EvaluationInput:
    _check_keys(obj, EVALUATION_FIELDS | ({"note"} if base else set()), "民主评议 JSON ")
    from desktop.cli import json_schema  # pydantic: only when a file is checked

    json_schema.check(json_schema.Evaluation, obj, "民主评议 JSON ")
    if base is None:
        for key in ("year", "held_on"):
            if key not in obj:
                raise JsonInputError(f"民主评议 JSON 缺少必填字段“{key}”。")
        base = EvaluationInput(_int(obj["year"], "year", optional=False), parse_day(obj["held_on"], "held_on"))
    else:
        if "year" in obj:
            base.year = _int(obj["year"], "year", optional=False)
        if "held_on" in obj:
            base.held_on = parse_day(obj["held_on"], "held_on")
    for key in ("meeting", "ballots_issued", "ballots_returned"):
        if key in obj:
            setattr(base, "meeting_id" if key == "meeting" else key, _int(obj[key], key))
    if "notes" in obj:
        base.notes = _text(obj["notes"], "notes")
    if "members" in obj:
        rows = {m.member_id: m for m in base.members}
        for m in obj["members"] or []:
            _check_keys(m, {"member", "self_assessment", "self_analysis", "votes", "proposed", "grade", "follow_up"},
                        "members 条目")
            mid = resolve(m.get("member"), base.held_on)
            row = rows.get(mid) or MemberEvaluationInput(mid)
            for key in ("self_assessment", "self_analysis", "follow_up"):
                if key in m:
                    setattr(row, key, _text(m[key], key))
            if "votes" in m:
                votes = m["votes"] or {}
                unknown = [k for k in votes if k not in _VOTE_KEYS]
                if unknown:
                    raise JsonInputError(f"votes 中有无法识别的等次：{'、'.join(unknown)}。可用：优秀、合格、基本合格、不合格。")
                tally = {_VOTE_KEYS[k].value: _int(v, f"votes.{k}", optional=False) for k, v in votes.items()}
                row.votes = Tally(**tally)
            if "proposed" in m:
                row.proposed_grade = _enum(EvaluationGrade, m["proposed"], "proposed") if m["proposed"] else None
            if "grade" in m:
                row.final_grade = _enum(EvaluationGrade, m["grade"], "grade") if m["grade"] else None
            rows[mid] = row
        base.members = list(rows.values())
    return base


def split_note(obj: dict) -> tuple[str, dict]:
    """An amendment file: its ``note`` (补充说明) and the fields it corrects."""
    return _text(obj.get("note"), "note"), {k: v for k, v in obj.items() if k != "note"}
