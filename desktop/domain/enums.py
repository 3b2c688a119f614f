"""Enumerations named as in the glossary; ``.label`` is the Chinese word shown to users."""

from __future__ import annotations

import enum


class LabelledEnum(str, enum.Enum):
    def __new__(cls, value: str, label: str):
        obj = str.__new__(cls, value)
        obj._value_ = value
        obj.label = label
        return obj

    @classmethod
    def from_label(cls, label: str):
        for item in cls:
            if item.label == label or item.value == label or item.name == label:
                return item
        raise ValueError(label)


class MemberStatus(LabelledEnum):
    FULL = ("full", "正式党员")
    PROBATIONARY = ("probationary", "预备党员")


class CommitteeRole(LabelledEnum):
    SECRETARY = ("secretary", "书记")
    DEPUTY = ("deputy", "副书记")
    ORGANIZATION = ("organization", "组织委员")
    PROPAGANDA = ("propaganda", "宣传委员")
    DISCIPLINE = ("discipline", "纪检委员")
    MEMBER = ("member", "委员")


class MembershipEventKind(LabelledEnum):
    JOINED = ("joined", "入党")
    TRANSFER_IN = ("transfer_in", "组织关系转入")
    FULL = ("full", "预备党员转正")
    PROBATION_EXTENDED = ("probation_extended", "延长预备期")
    GROUP_CHANGED = ("group_changed", "调整党小组")
    TRANSFER_OUT = ("transfer_out", "组织关系转出")
    DIED = ("died", "去世")
    LEFT = ("left", "出党")

    @property
    def enters(self) -> bool:
        return self in (MembershipEventKind.JOINED, MembershipEventKind.TRANSFER_IN)

    @property
    def leaves(self) -> bool:
        return self in (MembershipEventKind.TRANSFER_OUT, MembershipEventKind.DIED, MembershipEventKind.LEFT)


GENDERS = ("男", "女")
EDUCATION_LEVELS = ("研究生", "大学本科", "大学专科", "中专", "高中", "初中及以下")
