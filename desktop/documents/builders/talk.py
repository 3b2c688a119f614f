"""谈心谈话记录: date, place, 谈话人 and 谈话对象 (or the participants, when no 谈话人 is marked), 记录人, topics,
what was said and the follow-up, in the recorder's words."""

from __future__ import annotations

from dataclasses import dataclass

from desktop.documents.builders.common import (Context, RecordState, Sections, amendment_blocks, attachment_lines,
                                               cn_datetime, join_names, signatures, text_block)
from desktop.documents.model import Block, Document

FIELD_LABELS = {"held_at": "谈话时间", "place": "谈话地点", "participants": "谈话人员", "others": "其他参加人员",
                "topics": "谈话主题", "content": "谈话内容", "follow_up": "后续跟进", "attachments": "附件",
                "interviewers": "谈话人", "recorder": "记录人"}


@dataclass(frozen=True)
class TalkPart:
    title: str
    meta: list[tuple[str, str]]
    blocks: list[Block]
    state: RecordState


def part(ctx: Context, view) -> TalkPart:
    """Participants stay in the order recorded: who talked with whom is the recorder's to state."""
    r = view.record
    state = RecordState.of(view)
    meta = [("谈话时间", cn_datetime(r.held_at)), ("谈话地点", r.place or "")]
    if r.interviewers:
        meta += [("谈话人", join_names([p.name for p in r.interviewers])), ("谈话对象", join_names(r.interviewees))]
    else:  # recorded before 谈话人 were marked, or not marked: everyone as a participant
        meta.append(("谈话人员", join_names([p.name for p in r.participants])))
        if r.others:
            meta.append(("其他参加\n人员", join_names(list(r.others))))
    if r.recorder:
        meta.append(("记录人", r.recorder.name))
    meta.append(("纪实信息", state.ledger_text("谈话")))
    s = Sections()
    blocks: list[Block] = [s.h1("谈话主题"), text_block(r.topics), s.h1("谈话内容"), text_block(r.content),
                           s.h1("后续跟进"), text_block(r.follow_up)]
    files = getattr(view, "attachments", ()) or ()
    if files:
        blocks += [s.h1("附件"), *attachment_lines(files)]
    blocks += amendment_blocks(state, view.original, FIELD_LABELS, s)
    names = "、".join(p.name for p in r.participants[:2])
    return TalkPart(f"谈心谈话记录（{names}）" if names else "谈心谈话记录", meta, blocks, state)


def build(ctx: Context, talk_id: int) -> Document:
    view = ctx.ws.talks.get(talk_id)
    p = part(ctx, view)
    r = view.record
    if r.interviewers:
        labels = ["谈话人签字", "谈话对象签字"] + (["记录人签字"] if r.recorder else [])
    else:
        labels = [f"{x.name}签字" for x in r.participants] or ["谈话人签字", "谈话对象签字"]
    return Document(title=f"{ctx.branch}\n谈心谈话记录", style="form", meta=p.meta,
                    blocks=[*p.blocks, signatures(labels)],
                    footer=p.state.footer(ctx.branch), watermark=p.state.watermark)
