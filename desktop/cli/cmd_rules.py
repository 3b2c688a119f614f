"""``zhibu-cli rules show|load|reset|check``: which rule set and 考评细则 a book uses, and loading another file
(kept inside the book with its version and SHA-256)."""

from __future__ import annotations

from pathlib import Path

from desktop.cli.common import UsageError, open_book, print_json
from desktop.errors import ValidationError
from desktop.rules import rubric as rubric_mod
from desktop.rules import ruleset as ruleset_mod
from desktop.rules.filecheck import decode
from desktop.rules.rubric import fmt_points
from desktop.rules.periods import KIND_LABELS
from desktop.rules.service import file_kind

ORIGIN_LABELS = {"default": "内置默认", "file": "从文件导入", "committee": "上级党组织下发"}
SEVERITY = {"critical": "严重", "warning": "提醒", "info": "提示"}


def register(sub) -> None:
    p = sub.add_parser("rules", help="查看或更换组织生活制度规则、考评细则")
    p.set_defaults(func=_missing_subcommand)
    rules = p.add_subparsers(dest="rules_command", metavar="子命令", parser_class=type(p))

    q = rules.add_parser("show", help="显示本纪实本正在使用的规则和考评细则")
    q.add_argument("book")
    q.add_argument("--json", action="store_true", help="输出 JSON")
    q.set_defaults(func=cmd_show)

    q = rules.add_parser("load", help="导入规则文件（组织生活制度或考评细则，按文件中的 kind 区分），保存在纪实本中")
    q.add_argument("book")
    q.add_argument("file", help="规则文件 .toml")
    q.set_defaults(func=cmd_load)

    q = rules.add_parser("reset", help="恢复内置默认规则（加 --assessment 恢复示例考评细则）")
    q.add_argument("book")
    q.add_argument("--assessment", action="store_true", help="恢复考评细则而不是组织生活制度规则")
    q.set_defaults(func=cmd_reset)

    q = rules.add_parser("check", help="只检查规则文件是否有效，不需要纪实本")
    q.add_argument("file", help="规则文件 .toml")
    q.set_defaults(func=cmd_check)


def _missing_subcommand(args) -> int:
    raise UsageError("请指定子命令：rules show | load | reset | check（加 -h 查看帮助）")


def cmd_show(args) -> int:
    with open_book(args.book) as ws:
        active = ws.rules.active()
        ruleset = ws.rules.ruleset()
        rubric = ws.rules.rubric()
    if args.json:
        print_json({"ruleset": active["cadence"], "rules": [r.as_dict() for r in ruleset.rules],
                    "assessment": active["assessment"]})
        return 0
    c, a = active["cadence"], active["assessment"]
    print(f"组织生活制度规则：{c['title']}  版本 {c['version']}（{ORIGIN_LABELS[c['origin']]}：{c['name']}）")
    print(f"  SHA-256 {c['sha256']}" + (f"  导入于 {c['loaded_at']}" if c.get("loaded_at") else ""))
    for r in ruleset.rules:
        count = f"至少{r.minimum}次" if r.measure in ("count", "per_group") else (
            f"每人{r.hours}学时" if r.measure == "study_hours" else "全覆盖")
        local = "（地方规定）" if r.local else ""
        print(f"  {r.id:<18} {r.title}{local}：{KIND_LABELS[r.period]}{count}，{SEVERITY[r.severity]}；依据 {r.source}")
    print(f"\n考评细则：{a['title']}  版本 {a['version']}（{ORIGIN_LABELS[a['origin']]}：{a['name']}）")
    if a.get("notice"):
        print(f"  ※ {a['notice']}")
    print(f"  共{len(rubric.items)}项，满分{fmt_points(rubric.total)}分；SHA-256 {a['sha256']}")
    return 0


def cmd_load(args) -> int:
    with open_book(args.book) as ws:
        parsed = ws.rules.load_file(args.file)
    what = "考评细则" if isinstance(parsed, rubric_mod.Rubric) else "组织生活制度规则"
    count = len(parsed.items) if isinstance(parsed, rubric_mod.Rubric) else len(parsed.rules)
    print(f"已启用{what}“{parsed.title}”版本 {parsed.version}（{count}项，SHA-256 {parsed.sha256[:16]}…）。")
    return 0


def cmd_reset(args) -> int:
    kind = "assessment" if args.assessment else "cadence"
    with open_book(args.book) as ws:
        ws.rules.reset(kind)
    print("已恢复示例考评细则。" if args.assessment else "已恢复内置默认的组织生活制度规则。")
    return 0


def cmd_check(args) -> int:
    path = Path(args.file)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ValidationError(f"无法读取规则文件 {path}：{exc.strerror or exc}。请检查路径。", "rules") from None
    text = decode(data, path.name)
    if file_kind(text, path.name) == "assessment":
        parsed = rubric_mod.parse_rubric(text, path.name)
        print(f"考评细则“{parsed.title}”版本 {parsed.version}：有效，共{len(parsed.items)}项，满分{fmt_points(parsed.total)}分。")
    else:
        parsed = ruleset_mod.parse_ruleset(text, path.name)
        print(f"组织生活制度规则“{parsed.title}”版本 {parsed.version}：有效，共{len(parsed.rules)}条。")
    return 0
