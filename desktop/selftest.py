"""``zhibu --self-test``: prove on the user's PC (frozen or not) that the core works end to end, offline.

No display and no Qt: a temporary encrypted book in a temporary data folder goes through migration, one
meeting, finalization, the ledger check, a .docx and a PDF with the bundled font, a verified backup and the
integrity check; then everything is deleted. One report line per step; the exit status is 0 only when every
step passed, otherwise 1 and the last line names the failed steps. Network use during the run is blocked and
counted (an audit hook), and reported as its own step.
"""

from __future__ import annotations

import json
import platform
import re
import shutil
import sys
import tempfile
import time
import traceback
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Callable

PASSPHRASE = "自检口令-SelfTest-2026"
BRANCH = "自检第一党支部"
MEETING_TITLE = "自检支部党员大会"
MEETING_TOPIC = "自检议题：学习党章第二章"
# Characters every document font must have: common document words, punctuation, and rare name characters
# that a GB2312-only subset loses (镕 堃 喆 …).
FONT_SAMPLE = (
    "支部纪实自检第一党支部委员会党员大会三会一课主题党日组织生活会民主评议谈心谈话党费"
    "会议记录时间地点主持人记录人应到实到缺席列席议题决议表决同意反对弃权签字定稿更正说明"
    "年月日一二三四五六七八九十零〇０１２３４５６７８９"
    "，。、；：？！“”‘’（）《》【】—…·"
    "镕堃喆犇淼垚翀昇琤珺婍玥祎"
    "0123456789ABCDEFabcdef%-/.:"
)
REQUIRED_FONTS = ("ZhibuSerifSC-Regular.ttf", "ZhibuSansSC-Regular.ttf")
_NET_EVENTS = frozenset({
    "socket.__new__", "socket.bind", "socket.connect", "socket.getaddrinfo", "socket.gethostbyname",
    "socket.gethostbyaddr", "socket.getnameinfo", "socket.sendto", "socket.sendmsg", "urllib.Request",
    "http.client.connect", "ftplib.connect", "smtplib.connect", "webbrowser.open",
})


class StepSkipped(Exception):
    """A step that cannot run because an earlier step it depends on failed."""


@dataclass
class Context:
    tmp: Path
    book: Path
    out: Path
    ws: object = None
    meeting: object = None
    docx: Path | None = None
    pdf: Path | None = None
    notes: dict = field(default_factory=dict)
    preloaded: frozenset = frozenset()  # modules loaded before the self-test started (e.g. by a host process)

    def need(self, attr: str, what: str):
        value = getattr(self, attr)
        if value is None:
            raise StepSkipped(f"前一步未完成（{what}）")
        return value

    def need_note(self, key: str, what: str):
        if key not in self.notes:
            raise StepSkipped(f"前一步未完成（{what}）")
        return self.notes[key]


# ---- the network guard ------------------------------------------------------------------------------
_guard = {"on": False, "attempts": []}
_hook_installed = False


def _audit(event: str, args) -> None:
    if _guard["on"] and event in _NET_EVENTS:
        _guard["attempts"].append(event)
        raise OSError(f"自检期间不允许网络访问（{event}）")


def _install_guard() -> None:
    global _hook_installed
    if not _hook_installed:
        sys.addaudithook(_audit)  # cannot be removed; it is inert while _guard["on"] is False
        _hook_installed = True
    _guard["attempts"] = []
    _guard["on"] = True


# ---- steps ------------------------------------------------------------------------------------------
def step_environment(ctx: Context) -> str:
    from desktop import paths

    missing = [name for name in REQUIRED_FONTS if not paths.resource_path("fonts", name).is_file()]
    if missing:
        raise FileNotFoundError(f"缺少内置字体 {', '.join(missing)}（{paths.resource_path('fonts')}）")
    # (A frozen build's PyInstaller runtime hook loads PySide6.QtCore for its qt.conf; that needs no display.)
    gui = [m for m in ("PySide6.QtGui", "PySide6.QtWidgets", "ui") if m in sys.modules and m not in ctx.preloaded]
    if gui:
        raise RuntimeError(f"自检不应加载图形界面模块：{', '.join(gui)}")
    return f"资源目录 {paths.resource_path()}"


def step_create_book(ctx: Context) -> str:
    from desktop.storage import migrate
    from desktop.workspace import Workspace

    ctx.ws = Workspace.create(ctx.book, PASSPHRASE, BRANCH)
    current = migrate.current_revision(ctx.ws.engine)
    head = migrate.head_revision()
    if current != head:
        raise RuntimeError(f"数据库迁移未完成：当前 {current}，应为 {head}")
    return f"迁移到 {head}"


def step_encrypted(ctx: Context) -> str:
    ctx.need("ws", "新建纪实本")
    with open(ctx.book, "rb") as fh:
        head = fh.read(16)
    if head.startswith(b"SQLite format 3"):
        raise RuntimeError("纪实本文件未加密（明文 SQLite 文件头）")
    canary = BRANCH.encode("utf-8")
    for path in (ctx.book, Path(str(ctx.book) + "-wal")):
        if path.exists() and canary in path.read_bytes():
            raise RuntimeError(f"{path.name} 中出现明文内容")
    return "文件头与内容均为密文"


SELFTEST_MEMBERS = ("自检书记", "自检委员", "自检党员")


def step_meeting(ctx: Context) -> str:
    ws = ctx.need("ws", "新建纪实本")
    from desktop.domain.meeting_enums import AttendanceStatus, MeetingKind
    from desktop.domain.meeting_rules import MeetingInput
    from desktop.domain.member_rules import MemberInput

    ids = [ws.members.add(MemberInput(name=name, gender="女" if i % 2 else "男", birth_date=date(1980, 1, 1 + i),
                                      joined_on=date(2005, 7, 1), full_on=date(2006, 7, 1))).id
           for i, name in enumerate(SELFTEST_MEMBERS)]
    yesterday = datetime.combine(date.today() - timedelta(days=1), datetime.min.time())
    view = ws.meetings.create(MeetingInput(
        kind=MeetingKind.GENERAL_ASSEMBLY, start=yesterday.replace(hour=9), end=yesterday.replace(hour=10),
        title=MEETING_TITLE, place="自检会议室", chair_id=ids[0], recorder_id=ids[1], topic=MEETING_TOPIC,
        agenda=[MEETING_TOPIC], content="（自检）会议内容：镕堃喆。", default_status=AttendanceStatus.PRESENT))
    ctx.meeting = view.id
    return f"会议 #{view.id}，应到 {view.check.counts.expected} 人，实到 {view.check.counts.present} 人"


def step_finalize(ctx: Context) -> str:
    ws = ctx.need("ws", "新建纪实本")
    meeting_id = ctx.need("meeting", "录入会议")
    view = ws.meetings.finalize(meeting_id)
    if view.entry is None:
        raise RuntimeError("定稿后没有纪实链条目")
    ctx.notes["entry"] = view.entry
    return f"纪实链第 {view.entry.seq} 条，{view.entry.hash[:16]}…"


def _ledger_service(ws):
    ledger = getattr(ws, "ledger", None)
    if ledger is None:
        from desktop.ledger.service import LedgerService

        ledger = ws.service("ledger", LedgerService)
    return ledger


def step_ledger(ctx: Context) -> str:
    ws = ctx.need("ws", "新建纪实本")
    entry = ctx.need_note("entry", "会议定稿")
    report = _ledger_service(ws).verify(deep=True)
    if not report.ok:
        raise RuntimeError(f"纪实链校验失败：第 {report.first_bad_seq} 条起，{report.problems[:3]}")
    if report.head != entry.hash or report.length < 1:
        raise RuntimeError(f"纪实链头 {report.head} 与定稿条目 {entry.hash} 不一致")
    return f"{report.length} 条，链头一致"


def step_fonts(ctx: Context) -> str:
    from reportlab.pdfbase.ttfonts import TTFont

    from desktop import paths

    found = []
    for name in REQUIRED_FONTS:
        font = TTFont(f"SelfTest-{Path(name).stem}", str(paths.resource_path("fonts", name)))  # rejects CFF
        cmap = font.face.charToGlyph
        lacking = sorted({ch for ch in FONT_SAMPLE if ord(ch) not in cmap})
        if lacking:
            raise RuntimeError(f"{name} 缺少字形：{''.join(lacking)}")
        found.append(f"{font.face.name.decode('latin-1') if isinstance(font.face.name, bytes) else font.face.name}")
    return f"{len(FONT_SAMPLE)} 个样字齐全：{', '.join(found)}"


def _meeting_document(ctx: Context):
    """The finalized meeting's 会议记录 as built by the document service."""
    ws = ctx.need("ws", "新建纪实本")
    return ws.documents.build("minutes", ctx.need("meeting", "录入会议"))


def _render(doc, out: Path) -> Path:
    from desktop.documents.render import render

    render(doc, out)
    if not out.is_file() or out.stat().st_size == 0:
        raise RuntimeError(f"没有生成 {out.name}")
    return out


def step_docx(ctx: Context) -> str:
    ctx.need("meeting", "录入会议")
    ctx.docx = _render(_meeting_document(ctx), ctx.out / "会议记录.docx")
    return check_docx(ctx.docx, MEETING_TOPIC)


def step_pdf(ctx: Context) -> str:
    ctx.need("meeting", "录入会议")
    ctx.pdf = _render(_meeting_document(ctx), ctx.out / "会议记录.pdf")
    return f"{ctx.pdf.stat().st_size // 1024} KB，嵌入字体 {check_pdf(ctx.pdf)}"


def pdf_fonts(data: bytes) -> tuple[list[str], list[str]]:
    """(embedded, not embedded) font names in a PDF whose objects are not compressed (as reportlab writes them)."""
    embedded, bare = [], []
    for match in re.finditer(rb"\d+\s+\d+\s+obj\b(.*?)\bendobj", data, re.S):
        body = match.group(1)
        if re.search(rb"/Type\s*/FontDescriptor\b", body):
            name = re.search(rb"/FontName\s*/([^\s/<>\[\]()]+)", body)
            label = name.group(1).decode("latin-1") if name else "?"
            (embedded if re.search(rb"/FontFile[23]?\s", body) else bare).append(label)
        elif re.search(rb"/Type\s*/Font\b", body) and re.search(rb"/Subtype\s*/(Type1|TrueType|MMType1)\b", body) \
                and not re.search(rb"/FontDescriptor\b", body):
            name = re.search(rb"/BaseFont\s*/([^\s/<>\[\]()]+)", body)
            bare.append(name.group(1).decode("latin-1") if name else "?")  # e.g. a standard-14 Helvetica
    return embedded, bare


def check_pdf(path: Path, family_prefix: str = "Zhibu") -> str:
    data = path.read_bytes()
    if not data.startswith(b"%PDF-"):
        raise RuntimeError(f"{path.name} 不是 PDF 文件")
    embedded, bare = pdf_fonts(data)
    ours = [f for f in embedded if family_prefix in f]
    if not ours:
        raise RuntimeError(f"PDF 未嵌入内置字体（已嵌入：{embedded or '无'}）")
    if bare:
        raise RuntimeError(f"PDF 有未嵌入的字体：{', '.join(bare)}")
    return ", ".join(sorted(set(ours)))


def check_docx(path: Path, must_contain: str) -> str:
    """The .docx opens as a Word package and its body text contains every line of ``must_contain``."""
    from xml.sax.saxutils import unescape

    with zipfile.ZipFile(path) as z:
        xml = z.read("word/document.xml").decode("utf-8")
    text = unescape("".join(re.findall(r"<w:t(?:\s[^>]*)?>([^<]*)</w:t>", xml)))
    missing = [line for line in must_contain.splitlines() if line.strip() and line.strip() not in text]
    if missing:
        raise RuntimeError(f"{path.name} 中找不到“{missing[0]}”")
    return f"{path.stat().st_size // 1024} KB"


def step_backup(ctx: Context) -> str:
    from desktop.storage import backup as backups
    from desktop.storage import engine as book_engine

    ws = ctx.need("ws", "新建纪实本")
    dest = ws.backup(ctx.out / "自检备份.zhibu", reason="manual")
    key = book_engine.derive_key(PASSPHRASE, book_engine.read_salt(dest))
    backups.verify_file(dest, key, canary=BRANCH)  # opens, both integrity checks, no plaintext
    return f"{dest.stat().st_size // 1024} KB，可用口令打开且无明文"


def step_check(ctx: Context) -> str:
    ws = ctx.need("ws", "新建纪实本")
    report = ws.check()
    if not report.get("ok"):
        raise RuntimeError(f"完整性检查未通过：{json.dumps(report, ensure_ascii=False, default=str)}")
    return "integrity_check ok，cipher_integrity_check 无错误"


def step_offline(ctx: Context) -> str:
    attempts = list(_guard["attempts"])
    if attempts:
        raise RuntimeError(f"自检期间尝试了网络访问：{', '.join(sorted(set(attempts)))}")
    return "未尝试任何网络连接"


def step_cleanup(ctx: Context) -> str:
    if ctx.ws is not None and ctx.ws.is_open:
        ctx.ws.close()
    shutil.rmtree(ctx.tmp)
    if ctx.tmp.exists():
        raise RuntimeError(f"无法删除临时目录 {ctx.tmp}")
    return "临时文件已删除"


STEPS: list[tuple[str, str, Callable[[Context], str]]] = [
    ("运行环境", "runtime and bundled resources", step_environment),
    ("新建加密纪实本并迁移", "create encrypted book, run migrations", step_create_book),
    ("文件加密", "book file is encrypted", step_encrypted),
    ("录入会议", "write one meeting", step_meeting),
    ("会议定稿", "finalize the meeting", step_finalize),
    ("纪实链校验", "verify the ledger", step_ledger),
    ("内置字体", "bundled font coverage", step_fonts),
    ("生成 Word 文档", "render .docx", step_docx),
    ("生成 PDF", "render PDF with embedded font", step_pdf),
    ("备份并校验", "verified backup", step_backup),
    ("完整性检查", "integrity check", step_check),
    ("离线运行", "no network access", step_offline),
    ("清理", "clean up", step_cleanup),
]


def version_line() -> str:
    """Name, version and (in a frozen build) the commit it was built from."""
    info = {}
    base = getattr(sys, "_MEIPASS", None)
    if base and (Path(base) / "build-info.json").is_file():
        info = json.loads((Path(base) / "build-info.json").read_text(encoding="utf-8"))
    else:
        try:
            from importlib.metadata import version

            info = {"version": version("zhibu")}
        except Exception:  # noqa: BLE001 - a source checkout that is not installed
            info = {}
    kind = "打包版 frozen" if getattr(sys, "frozen", False) else "源码 source"
    commit = f" {info['commit']}" if info.get("commit") else ""
    return (f"支部纪实 zhibu {info.get('version', '?')}{commit} 自检 self-test — {kind}, "
            f"Python {platform.python_version()}, {platform.system()} {platform.machine()}")


def run(report: Callable[[str], None] = print) -> int:
    """Run every step; report one line each. 0 when all passed, else 1 (the last line names the failures)."""
    from desktop import paths

    started = time.perf_counter()
    previous_override = getattr(paths, "_override", None)
    tmp = Path(tempfile.mkdtemp(prefix="zhibu-selftest-"))
    ctx = Context(tmp=tmp, book=tmp / "自检.zhibu", out=tmp / "out", preloaded=frozenset(sys.modules))
    ctx.out.mkdir()
    paths.set_data_dir(tmp / "data")
    report(version_line())
    failed: list[str] = []
    _install_guard()
    try:
        for number, (zh, en, func) in enumerate(STEPS, 1):
            t0 = time.perf_counter()
            label = f"{number:02d} {zh} ({en})"
            try:
                detail = func(ctx)
                report(f"[通过 OK  ] {label} — {detail} [{time.perf_counter() - t0:.2f} s]")
            except StepSkipped as exc:
                failed.append(f"{number:02d} {zh}")
                report(f"[跳过 SKIP] {label} — {exc}")
            except Exception as exc:  # noqa: BLE001 - every step reports its own failure
                failed.append(f"{number:02d} {zh}")
                where = traceback.extract_tb(exc.__traceback__)[-1]
                report(f"[失败 FAIL] {label} — {type(exc).__name__}: {exc} "
                       f"({Path(where.filename).name}:{where.lineno})")
    finally:
        _guard["on"] = False
        if ctx.ws is not None and ctx.ws.is_open:
            ctx.ws.close()
        shutil.rmtree(tmp, ignore_errors=True)
        paths.set_data_dir(previous_override)
    total = time.perf_counter() - started
    if failed:
        report(f"自检失败 self-test FAILED ({len(failed)}/{len(STEPS)}, {total:.1f} s): {'；'.join(failed)}")
        return 1
    report(f"自检通过 self-test passed ({len(STEPS)}/{len(STEPS)}, {total:.1f} s)")
    return 0


def main() -> int:
    for stream in (sys.stdout, sys.stderr):
        if stream is not None and hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    return run(lambda line: print(line, flush=True))


if __name__ == "__main__":
    raise SystemExit(main())
