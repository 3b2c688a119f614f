"""Strict schemas (pydantic v2) for the JSON files of ``meetings/talks/evaluations add|amend``.

Why pydantic: one declaration gives strict types (``"false"`` is not a boolean, ``5`` is not a list, ``true`` is
not a number), unknown fields refused, bounded integers and strings, and errors that carry the field's path, from
which the Chinese message is made. jsonschema would need the same schema written twice (schema + conversion)
and its errors are harder to name per field. Before the schema, ``load`` refuses what JSON itself allows but no
one means: huge integers (Python refuses to parse >4,300 digits, with a traceback), deep nesting, lone
surrogates. Every field is optional here: an amendment lists only what changes; required fields of a new record
are checked by the converters in ``meeting_json``.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError

# What JSON allows but nobody means is refused before the schema, without pydantic (json_input.py).
from desktop.cli.json_input import (MAX_DEPTH, MAX_INT_DIGITS, MAX_ITEMS, MAX_TEXT,  # noqa: F401  (re-exported)
                                    JsonInputError, check_shape, parse_int)


def _naive_datetime(value: str) -> str:
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError:
        raise ValueError("时间格式应为 YYYY-MM-DDTHH:MM，如 2026-03-05T09:00") from None
    if parsed.tzinfo is not None:
        raise ValueError("时间不能带时区（如 +08:00 或 Z）：请写本地时间，如 2026-03-05T09:00")
    return value


def _day(value: str) -> str:
    if value.strip():
        try:
            date.fromisoformat(value.strip())
        except ValueError:
            raise ValueError("日期格式应为 YYYY-MM-DD，如 2026-06-30") from None
    return value


Text = Annotated[str, Field(max_length=MAX_TEXT)]
Texts = Annotated[list[Text], Field(max_length=MAX_ITEMS)]
Count = Annotated[int, Field(ge=0, le=1_000_000)]
Id = Annotated[int, Field(ge=1, le=2**31)]
Ref = Id | Annotated[str, Field(max_length=200)]  # a member by id or by name
When = Annotated[str, AfterValidator(_naive_datetime)]
Day = Annotated[str, AfterValidator(_day)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class Preparation(_Strict):
    study: Text | None = None
    talks: Text | None = None
    opinions: Text | None = None


class Attendance(_Strict):
    member: Ref
    status: Text | None = None
    reason: Text | None = None


class ResolutionIn(_Strict):
    text: Text | None = None
    method: Text | None = None
    for_: Count | None = Field(None, alias="for")
    against: Count | None = None
    abstain: Count | None = None
    issued: Count | None = None
    returned: Count | None = None
    scrutineers: Annotated[list[Ref], Field(max_length=MAX_ITEMS)] | None = None
    tellers: Annotated[list[Ref], Field(max_length=MAX_ITEMS)] | None = None


class Note(_Strict):
    member: Ref
    problems: Text | None = None
    criticism: Text | None = None


class RectificationIn(_Strict):
    item: Text | None = None
    measure: Text | None = None
    owner: Ref | None = None
    due_on: Day | None = None


class Meeting(_Strict):
    type: Text | None = None
    title: Text | None = None
    start: When | None = None
    end: When | None = None
    place: Text | None = None
    group: Id | Annotated[str, Field(max_length=200)] | None = None
    chair: Ref | None = None
    recorder: Ref | None = None
    lecturer: Ref | None = None
    topic: Text | None = None
    theme: Text | None = None
    study_minutes: Annotated[int, Field(ge=0, le=100_000)] | None = None
    observers: Texts | None = None
    upper_attendees: Texts | None = None
    agenda: Texts | None = None
    content: Text | None = None
    preparation: Preparation | None = None
    attendance: Annotated[list[Attendance], Field(max_length=MAX_ITEMS)] | None = None
    others_present: bool | None = None
    resolutions: Annotated[list[ResolutionIn], Field(max_length=MAX_ITEMS)] | None = None
    notes: Annotated[list[Note], Field(max_length=MAX_ITEMS)] | None = None
    rectifications: Annotated[list[RectificationIn], Field(max_length=MAX_ITEMS)] | None = None
    attachments: Annotated[list[Annotated[str, Field(max_length=1000)]], Field(max_length=200)] | None = None
    note: Text | None = None


class Talk(_Strict):
    held_at: When | None = None
    place: Text | None = None
    participants: Annotated[list[Ref], Field(max_length=MAX_ITEMS)] | None = None
    others: Texts | None = None
    topics: Text | None = None
    content: Text | None = None
    follow_up: Text | None = None
    interviewers: Annotated[list[Ref], Field(max_length=MAX_ITEMS)] | None = None
    recorder: Ref | None = None
    attachments: Annotated[list[Annotated[str, Field(max_length=1000)]], Field(max_length=200)] | None = None
    note: Text | None = None


class MemberEvaluation(_Strict):
    member: Ref
    self_assessment: Text | None = None
    self_analysis: Text | None = None
    votes: Annotated[dict[Annotated[str, Field(max_length=20)], Count], Field(max_length=8)] | None = None
    proposed: Text | None = None
    grade: Text | None = None
    follow_up: Text | None = None


class Evaluation(_Strict):
    year: Annotated[int, Field(ge=1921, le=2200)] | None = None
    held_on: Day | None = None
    meeting: Id | None = None
    ballots_issued: Count | None = None
    ballots_returned: Count | None = None
    notes: Text | None = None
    members: Annotated[list[MemberEvaluation], Field(max_length=MAX_ITEMS)] | None = None
    note: Text | None = None


_TYPE_WORDS = {
    "bool_type": "应为 true 或 false（不加引号）",
    "int_type": "应为整数（不加引号）", "int_from_float": "应为整数",
    "string_type": "应为文本（加引号）",
    "list_type": "应为列表，如 [\"…\", \"…\"]",
    "model_type": "应为对象 {…}", "dict_type": "应为对象 {…}", "model_attributes_type": "应为对象 {…}",
    "missing": "缺少该字段（必填）",
    "extra_forbidden": "无法识别，请检查拼写（可用字段见 docs/meetings.md）",
    "string_too_long": "太长", "too_long": "条目太多",
    "greater_than_equal": "超出允许的范围", "less_than_equal": "超出允许的范围",
}
_UNION_TAGS = {"int", "str", "bool", "list", "dict", "none", "constrained-int", "constrained-str"}


def _path(loc) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif part in _UNION_TAGS or "[" in str(part) or str(part).startswith(("function-", "constrained")):
            continue
        else:
            out += ("." if out else "") + ("for" if part == "for_" else str(part))
    return out


def _message(exc: ValidationError, where: str) -> str:
    by_path: dict[str, list[dict]] = {}
    for err in exc.errors():
        by_path.setdefault(_path(err["loc"]), []).append(err)
    lines = []
    for path, errs in list(by_path.items())[:5]:
        kinds = {e["type"] for e in errs}
        if kinds <= {"int_type", "string_type"} and len(kinds) == 2:
            what = "应为姓名（文本）或编号（整数）"
        elif errs[0]["type"] == "value_error":
            what = str(errs[0].get("ctx", {}).get("error", errs[0]["msg"]))
        else:
            what = _TYPE_WORDS.get(errs[0]["type"], "的值不符合要求")
        lines.append(f"字段“{path}”{what}")
    more = f"（另有 {len(by_path) - 5} 处）" if len(by_path) > 5 else ""
    return f"{where}有误：" + "；".join(lines) + more + "。请修改后重试。"


def check(model: type[_Strict], obj: dict, where: str) -> None:
    """Validate ``obj`` (already loaded by ``load``) against ``model``; JsonInputError names every bad field."""
    try:
        model.model_validate(obj)
    except ValidationError as exc:
        raise JsonInputError(_message(exc, where)) from None
