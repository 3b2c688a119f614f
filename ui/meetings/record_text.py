"""A record as plain text for the history view: the recorded fields under their labels, nothing added."""

from __future__ import annotations

from desktop.domain.meeting_enums import AttendanceStatus
from desktop.domain.meeting_rules import attendance_counts
from ui.display import fmt_date, fmt_datetime


def _names(refs) -> str:
    return "、".join(r.name for r in refs)


def meeting_text(r, supplements=()) -> str:
    c = attendance_counts(r)
    lines = [r.title, f"类型：{r.kind.label}",
             f"时间：{fmt_datetime(r.start)}" + (f"–{r.end:%H:%M}" if r.end else ""), f"地点：{r.place}"]
    for label, ref in (("党小组", r.group), ("主持人", r.chair), ("记录人", r.recorder), ("讲课人", r.lecturer)):
        if ref:
            lines.append(f"{label}：{ref.name}")
    for label, text in (("党课题目", r.topic), ("主题", r.theme)):
        if text:
            lines.append(f"{label}：{text}")
    if r.study_minutes is not None:
        lines.append(f"计入学时：{r.study_minutes} 分钟")
    lines.append(f"应到 {c.expected} 人，实到 {c.present} 人（正式党员 {c.present_full} 人，预备党员 "
                 f"{c.present_probationary} 人），请假 {c.on_leave} 人，缺席 {c.absent} 人")
    away = [a for a in r.attendance if a.status != AttendanceStatus.PRESENT]
    if away:
        lines.append("缺席人员及原因：" + "；".join(f"{a.name}（{a.status.label}{'，' + a.reason if a.reason else ''}）"
                                            for a in away))
    for label, items in (("列席人员", r.observers), ("上级参加人员", r.upper_attendees)):
        if items:
            lines.append(f"{label}：{'、'.join(items)}")
    if r.agenda:
        lines.append("议题：")
        lines += [f"  {i}. {t}" for i, t in enumerate(r.agenda, 1)]
    p = r.preparation
    for label, text in (("会前学习研讨", p.study), ("会前谈心谈话", p.talks), ("征求意见", p.opinions)):
        if text.strip():
            lines += [f"{label}：", text]
    lines += ["", "会议内容：", r.content or "（空）", ""]
    for n in r.notes:
        lines.append(f"{n.name}：")
        if n.problems.strip():
            lines += ["  查摆的问题：", n.problems]
        if n.criticism.strip():
            lines += ["  批评和自我批评：", n.criticism]
    for i, res in enumerate(r.resolutions, 1):
        votes = f"赞成 {res.votes_for if res.votes_for is not None else '—'}，反对 " \
                f"{res.votes_against if res.votes_against is not None else '—'}，弃权 " \
                f"{res.votes_abstain if res.votes_abstain is not None else '—'}"
        if res.ballots_issued is not None or res.ballots_returned is not None:
            votes = f"发出 {res.ballots_issued}，收回 {res.ballots_returned}，" + votes.replace("赞成", "同意")
        lines.append(f"决议{i}：{res.text}（{res.method.label}：{votes}）")
    for i, x in enumerate(r.rectifications, 1):
        lines.append(f"整改{i}：{x.item}；措施：{x.measure}；责任人：{x.owner.name if x.owner else '—'}；"
                     f"时限：{fmt_date(x.due_on, '—')}")
    if r.attachments:
        lines.append("附件：" + "、".join(a.name for a in r.attachments))
    for s in supplements:
        lines += ["", "补充说明：", s]
    return "\n".join(lines)


def talk_text(r, supplements=()) -> str:
    lines = [f"谈话时间：{fmt_datetime(r.held_at)}", f"地点：{r.place}",
             f"谈话人：{_names(r.participants)}" + (f"、{'、'.join(r.others)}" if r.others else ""),
             "", "谈话主题：", r.topics, "", "谈话内容：", r.content or "（空）", "", "后续跟进：", r.follow_up]
    if r.attachments:
        lines.append("附件：" + "、".join(a.name for a in r.attachments))
    for s in supplements:
        lines += ["", "补充说明：", s]
    return "\n".join(lines)


def evaluation_text(r, supplements=()) -> str:
    lines = [f"{r.year}年度民主评议党员", f"评议日期：{fmt_date(r.held_on)}",
             f"发出测评票：{r.ballots_issued if r.ballots_issued is not None else '—'}，"
             f"收回：{r.ballots_returned if r.ballots_returned is not None else '—'}",
             f"优秀比例上限：{r.excellent_cap}", ""]
    for m in r.members:
        v = m.votes
        lines.append(f"{m.name}：优秀 {v.excellent}，合格 {v.qualified}，基本合格 {v.basically_qualified}，"
                     f"不合格 {v.unqualified}；支委会意见：{m.proposed_grade.label if m.proposed_grade else '—'}；"
                     f"评定等次：{m.final_grade.label if m.final_grade else '—'}"
                     + (f"；帮助措施：{m.follow_up}" if m.follow_up.strip() else ""))
    if r.notes.strip():
        lines += ["", "说明：", r.notes]
    for s in supplements:
        lines += ["", "补充说明：", s]
    return "\n".join(lines)
