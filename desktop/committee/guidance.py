"""工作提示: signed, versioned guidance files from the committee to its branches.

A guidance file carries a notice (title, text, deadline, attached files) and optionally a rule set
(组织生活制度) or 考评 rubric. The committee signs it with its Ed25519 key; ``version`` is the committee's
running number for its guidance, ``expires_on`` the last day it may be imported. The branch imports it with
``zhibu-cli guidance BOOK FILE`` and refuses: a file that is not signed by the committee it trusts, a version
not newer than the one it holds, an expired file. A rule set or rubric it carries replaces the example one
and is marked as the committee's (``origin = "committee"``).
"""

from __future__ import annotations

import base64
import hashlib
import json
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from desktop.changes import mutates
from desktop.errors import ZhibuError
from desktop.storage import atomic
from desktop.storage.models import BookSetting
from desktop.storage.models_sync import SyncIdentity
from desktop.sync import keys, strictjson

FORMAT, VERSION = "zhibu-guidance", 1
SIG_DOMAIN = b"zhibu/guidance/v1\x00"
SUFFIX = ".zhibu-guidance"
MAX_FILE = 32 * 1024 * 1024
SERIAL_SETTING = "committee.guidance_version"  # committee book: the last version issued
ISSUED_SETTING = "committee.guidance_issued"  # committee book: what was issued (JSON list, oldest first)
HELD_SETTING = "guidance.received"  # branch book: the notices received (JSON list, newest last)


@dataclass(frozen=True)
class Notice:
    version: int
    committee_name: str
    committee_fingerprint: str
    issued_at: datetime
    expires_on: date
    title: str
    text: str
    deadline: date | None
    files: tuple[tuple[str, int], ...]  # (name, size)
    rules: str  # the rule file's name, "" when none
    rubric: str


def _notice(body: dict) -> Notice:
    return Notice(body["version"], body["committee_name"], body["committee_fingerprint"],
                  datetime.fromisoformat(body["issued_at"]), date.fromisoformat(body["expires_on"]), body["title"],
                  body["text"], date.fromisoformat(body["deadline"]) if body["deadline"] else None,
                  tuple((f["name"], f["size"]) for f in body["files"]),
                  body["rules"]["name"] if body["rules"] else "", body["rubric"]["name"] if body["rubric"] else "")


def _rule_file(path: Path | None) -> dict | None:
    if path is None:
        return None
    from desktop.rules.filecheck import decode

    data = Path(path).read_bytes()
    return {"name": Path(path).name, "text": decode(data, Path(path).name)}


# ---- committee side ----------------------------------------------------------------------------------------
@mutates("sync")
def issue(cw, *, title: str, text: str, out: Path, deadline: date | None = None, files=(),
          expires_on: date | None = None, rules: Path | None = None, rubric: Path | None = None) -> Notice:
    """Write a signed guidance file (atomically) and return what it says."""
    title, text = (title or "").strip(), (text or "").strip()
    if not title:
        raise ZhibuError("请填写工作提示的标题。")
    now = cw.ledger.now().replace(microsecond=0)
    expires_on = expires_on or date(now.year + 1, now.month, min(now.day, 28))
    if expires_on < now.date():
        raise ZhibuError("有效期不能早于今天。")
    try:
        attached = [{"name": Path(f).name, "size": Path(f).stat().st_size,
                     "data": base64.b64encode(Path(f).read_bytes()).decode("ascii")} for f in files]
        rule_doc, rubric_doc = _rule_file(rules), _rule_file(rubric)
    except OSError as exc:
        raise ZhibuError(f"无法读取附件：{exc.filename}。请检查路径。") from None
    for f in attached:
        f["sha256"] = hashlib.sha256(base64.b64decode(f["data"])).hexdigest()
    if rule_doc:  # checked now, so a branch never receives a rule file it cannot load
        from desktop.rules.ruleset import parse_ruleset

        parse_ruleset(rule_doc["text"], rule_doc["name"], "committee")
    key = cw.committee.info()
    with cw.session() as s:
        ident = s.get(SyncIdentity, "committee")
        row = s.get(BookSetting, SERIAL_SETTING)
        version = (json.loads(row.value) if row else 0) + 1
        body = {"version": version, "committee_name": key.name, "committee_fingerprint": key.fingerprint,
                "issued_at": now.isoformat(), "expires_on": expires_on.isoformat(), "title": title, "text": text,
                "deadline": deadline.isoformat() if deadline else None, "files": attached, "rules": rule_doc,
                "rubric": rubric_doc}
        signature = keys.sign(ident.sign_private, SIG_DOMAIN + strictjson.dumps(body))
        data = strictjson.dumps({"format": FORMAT, "format_version": VERSION, "guidance": body,
                                 "signature": signature.hex()})
        if len(data) > MAX_FILE:
            raise ZhibuError("附件太大：工作提示文件不能超过 32 MB。")
        s.merge(BookSetting(key=SERIAL_SETTING, value=json.dumps(version)))
        out = Path(out)
        if out.is_dir():
            out = out / f"工作提示-{version:03d}{SUFFIX}"
        atomic.write_bytes(out, data)
        row = s.get(BookSetting, ISSUED_SETTING)
        log = json.loads(row.value) if row else []
        log.append({"version": version, "title": title, "issued_at": body["issued_at"],
                    "deadline": body["deadline"], "expires_on": body["expires_on"], "file": str(out),
                    "files": [f["name"] for f in attached], "rules": rule_doc["name"] if rule_doc else "",
                    "rubric": rubric_doc["name"] if rubric_doc else ""})
        s.merge(BookSetting(key=ISSUED_SETTING, value=json.dumps(log, ensure_ascii=False)))
        cw.audit("committee.guidance", f"第{version}号 {title} → {out.name}", session=s)
    return _notice(body)


def issued(cw) -> list[dict]:
    """The notices this committee has issued, newest first (where each file was saved, what it carried)."""
    return list(reversed(cw.get_setting(ISSUED_SETTING, [])))


# ---- branch side -------------------------------------------------------------------------------------------
def _parse(data: bytes) -> tuple[dict, bytes, bytes]:
    bad = "工作提示文件无效："
    try:
        doc = strictjson.loads(data, max_bytes=MAX_FILE + 1, max_depth=6)
        assert isinstance(doc, dict) and doc.get("format") == FORMAT
        assert set(doc) == {"format", "format_version", "guidance", "signature"}
        assert doc["format_version"] == VERSION
        body, signature = doc["guidance"], bytes.fromhex(doc["signature"])
        _notice(body)
        for f in body["files"]:
            assert hashlib.sha256(base64.b64decode(f["data"])).hexdigest() == f["sha256"]
    except strictjson.StrictJSONError as exc:
        raise ZhibuError(f"{bad}{exc}。请向工委重新索取。") from None
    except (AssertionError, KeyError, TypeError, ValueError, AttributeError):
        raise ZhibuError(f"{bad}这不是工委签发的工作提示文件，或文件已损坏。") from None
    return body, SIG_DOMAIN + strictjson.dumps(body), signature


def received(ws) -> list[dict]:
    """The notices a branch has taken in, oldest first (attached files as base64 inside the book)."""
    return ws.get_setting(HELD_SETTING, [])


@mutates("settings", "sync")
def import_file(ws, path: Path, today: date | None = None) -> Notice:
    """Verify and take in a guidance file on a branch book (see the module docstring for the refusals)."""
    from desktop.sync.branch import trusted_row

    path = Path(path)
    try:
        if path.stat().st_size > MAX_FILE + 1024:
            raise ZhibuError("文件太大，不是工作提示文件。")
        data = path.read_bytes()
    except OSError:
        raise ZhibuError(f"无法读取文件：{path}。请检查路径。") from None
    body, signed, signature = _parse(data)
    notice = _notice(body)
    with ws.session() as s:
        trusted = trusted_row(s)
        if trusted is None:
            raise ZhibuError("本支部尚未信任任何工委公钥，无法核验工作提示。请先导入工委公钥文件。")
        if not keys.same_fingerprint(notice.committee_fingerprint, trusted.fingerprint):
            raise ZhibuError(f"这份工作提示来自“{notice.committee_name}”（指纹 {notice.committee_fingerprint}），"
                             f"不是本支部信任的“{trusted.name}”，未导入。")
        if not keys.verify(bytes.fromhex(trusted.sign_public), signature, signed):
            raise ZhibuError("工作提示的签名无效：文件被改动，或不是本支部信任的工委签发的。未导入。")
    today = today or ws.ledger.now().date()
    held = received(ws)
    newest = max((n["version"] for n in held), default=0)
    if notice.version <= newest:
        same = "已导入过这份工作提示" if any(n["version"] == notice.version for n in held) else "这是较早的版本"
        raise ZhibuError(f"{same}（第{notice.version}号），本支部已有第{newest}号。未导入。")
    if notice.expires_on < today:
        raise ZhibuError(f"这份工作提示已于{notice.expires_on.year}年{notice.expires_on.month}月{notice.expires_on.day}日"
                         "过期，未导入。请向工委索取最新的工作提示。")
    signer = f"{notice.committee_name}（{notice.committee_fingerprint}）"
    if body["rules"]:
        ws.rules.install_committee_file(body["rules"]["text"].encode("utf-8"), body["rules"]["name"], signer=signer)
    if body["rubric"]:
        ws.rules.install_committee_file(body["rubric"]["text"].encode("utf-8"), body["rubric"]["name"], signer=signer)
    held.append({k: body[k] for k in ("version", "committee_name", "committee_fingerprint", "issued_at",
                                      "expires_on", "title", "text", "deadline", "files")}
                | {"rules": notice.rules, "rubric": notice.rubric})
    ws.set_setting(HELD_SETTING, held)
    ws.audit("guidance", f"工委工作提示第{notice.version}号：{notice.title}")
    return notice
