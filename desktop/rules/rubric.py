"""The 考评细则 rubric as data: items with their maximum points, scored automatically from the engine's results
(deductions per missed period, per member short of study hours, per talk not held, late 换届, overdue
rectifications, dues arrears) or manually by the secretary with evidence from the records.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from desktop import paths
from desktop.rules.filecheck import Checker, decode, parse_toml, sha256_text

EXAMPLE_FILE = ("rules", "assessment-example.toml")
PER = ("period", "once", "member", "gap")
CHECKS = ("re_election", "rectifications", "dues_arrears")


def points(value) -> Decimal:
    """Points to two decimals (scores are stored in hundredths)."""
    return Decimal(str(value)).quantize(Decimal("0.01"))


def fmt_points(value: Decimal) -> str:
    """8.00 → "8", 7.50 → "7.5", 100.00 → "100"."""
    return f"{value.normalize():f}"


@dataclass(frozen=True)
class RubricItem:
    id: str
    section: str
    title: str
    max_points: Decimal
    scoring: str  # auto | manual
    rule: str | None = None  # auto: a cadence rule id …
    check: str | None = None  # … or a branch check: re_election | rectifications | dues_arrears
    per: str = "period"  # auto with a rule: deduct per overdue period | once | per member short | per talk gap
    deduct: Decimal = Decimal("0")
    guidance: str = ""  # what the item asks for / what evidence to attach
    basis: str = ""  # where the item comes from


@dataclass(frozen=True)
class Rubric:
    version: str
    title: str
    notice: str  # e.g. "示例，请以本级机关工委印发的考评细则为准"
    issuer: str
    total: Decimal
    items: tuple[RubricItem, ...]
    sha256: str
    origin: str = "default"
    name: str = "assessment-example.toml"
    example: bool = False

    def item(self, item_id: str) -> RubricItem:
        for i in self.items:
            if i.id == item_id:
                return i
        raise KeyError(item_id)

    def info(self) -> dict:
        return {"version": self.version, "title": self.title, "notice": self.notice, "issuer": self.issuer,
                "total": str(self.total), "sha256": self.sha256, "origin": self.origin, "name": self.name,
                "example": self.example}


def _item(c: Checker, t: dict, i: int) -> RubricItem:
    iid = t.get("id")
    where = f"第{i}项（{iid}）" if isinstance(iid, str) else f"第{i}项"
    c.unknown(t, ("id", "section", "title", "max", "scoring", "rule", "check", "per", "deduct", "guidance", "basis"),
              where)
    if not isinstance(iid, str) or not re.fullmatch(r"[a-z][a-z0-9_]{1,59}", iid):
        c.fail(where, "id 应为小写英文字母、数字和下划线组成的代号（如 committee_meetings）。")
    scoring = c.choice(t, "scoring", where, ("auto", "manual"), default="manual")
    rule, check = t.get("rule"), t.get("check")
    per, deduct = "period", Decimal("0")
    if scoring == "auto":
        if (rule is None) == (check is None):
            c.fail(where, "自动计分项应填写 rule（组织生活规则代号）或 check（re_election、rectifications、dues_arrears）"
                          "二者之一。")
        if rule is not None and not isinstance(rule, str):
            c.fail(where, f"rule 应为规则代号文字，现在是 {rule!r}。")
        if check is not None:
            c.choice(t, "check", where, CHECKS)
        per = c.choice(t, "per", where, PER, required=False, default="period") if rule is not None else "once"
        deduct = points(c.number(t, "deduct", where, low=0))
    elif rule is not None or check is not None or "deduct" in t:
        c.fail(where, "人工评分项（scoring = \"manual\"）不填写 rule、check 或 deduct。")
    return RubricItem(iid if isinstance(iid, str) else "", c.text(t, "section", where, limit=40),
                      c.text(t, "title", where, limit=200), points(c.number(t, "max", where, low=0)), scoring,
                      rule if isinstance(rule, str) else None, check if check in CHECKS else None, per, deduct,
                      c.text(t, "guidance", where, required=False, limit=1000),
                      c.text(t, "basis", where, required=False))


def parse_rubric(text: str, name: str, origin: str = "file") -> Rubric:
    data = parse_toml(text, name)
    c = Checker(name)
    if data.get("kind") != "assessment":
        c.fail("", "不是考评细则文件：文件开头应有 kind = \"assessment\"。")
        c.done()
    c.unknown(data, ("kind", "version", "title", "notice", "issuer", "total", "example", "items"), "文件开头")
    tables = data.get("items")
    if not isinstance(tables, list) or not tables or not all(isinstance(t, dict) for t in tables):
        c.fail("", "没有任何考评项目：每项以 [[items]] 开头。")
        tables = []
    items = [_item(c, t, i) for i, t in enumerate(tables, 1)]
    ids = [i.id for i in items]
    for dup in sorted({i for i in ids if ids.count(i) > 1}):
        c.fail("", f"考评项目代号 {dup} 重复出现，每项的 id 应不同。")
    total = points(c.number(data, "total", "文件开头", low=0))
    if items and not c.problems and sum(i.max_points for i in items) != total:
        c.fail("文件开头", f"total = {total}，但各项满分合计为{sum(i.max_points for i in items)}，请核对。")
    rubric = Rubric(c.text(data, "version", "文件开头", limit=40), c.text(data, "title", "文件开头", limit=100),
                    c.text(data, "notice", "文件开头", required=False), c.text(data, "issuer", "文件开头", required=False),
                    total, tuple(items), sha256_text(text), origin, name, c.flag(data, "example", "文件开头"))
    c.done()
    return rubric


def load_bytes(data: bytes, name: str, origin: str = "file") -> Rubric:
    return parse_rubric(decode(data, name), name, origin)


def example_text() -> str:
    return paths.resource_path(*EXAMPLE_FILE).read_text("utf-8")


def example_rubric() -> Rubric:
    return parse_rubric(example_text(), EXAMPLE_FILE[-1], "default")
