"""工作提示: signed, versioned guidance files; the branch refuses unsigned/other-committee, older and expired ones;
a rule set or rubric from the committee replaces the example one and is marked as the committee's."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from desktop.committee import guidance
from desktop.errors import ZhibuError
from desktop.workspace import Workspace

from tests.conftest import PASSPHRASE

RULES = Path(__file__).resolve().parents[3] / "resources" / "rules"


def committee_rules(tmp_path: Path) -> Path:
    text = (RULES / "cadence.toml").read_text("utf-8")
    text = text.replace('version = "2026.1"', 'version = "2026.9"').replace(
        "党支部组织生活制度执行规则（默认）", "市直机关工委组织生活制度")
    path = tmp_path / "工委规则.toml"
    path.write_text(text, "utf-8")
    return path


def test_notice_with_rules_is_taken_in_and_marked_as_the_committees(ws, br, cw, trusted, tmp_path):
    att = tmp_path / "通知.txt"
    att.write_text("请各支部于月底前完成。", "utf-8")
    n = guidance.issue(cw, title="关于开展主题党日的通知", text="各支部：……", out=tmp_path, deadline=date(2026, 3, 31),
                       files=[att], rules=committee_rules(tmp_path), rubric=RULES / "assessment-example.toml")
    assert n.version == 1
    got = guidance.import_file(ws, tmp_path / f"工作提示-001{guidance.SUFFIX}", today=date(2026, 3, 5))
    assert got.title == "关于开展主题党日的通知" and got.deadline == date(2026, 3, 31)
    active = ws.rules.active()
    assert active["cadence"]["origin"] == "committee" and active["cadence"]["version"] == "2026.9"
    assert active["assessment"]["origin"] == "committee" and "市直机关工委" in active["cadence"]["signer"]
    [held] = guidance.received(ws)
    assert held["files"][0]["name"] == "通知.txt"


def test_refusals(ws, br, cw, trusted, tmp_path):
    first = guidance.issue(cw, title="第一份", text="", out=tmp_path / "1.zhibu-guidance")
    second = guidance.issue(cw, title="第二份", text="", out=tmp_path / "2.zhibu-guidance",
                            expires_on=date(2026, 3, 10))
    assert (first.version, second.version) == (1, 2)
    # tampered: the signature no longer matches
    doc = json.loads((tmp_path / "2.zhibu-guidance").read_text("utf-8"))
    doc["guidance"]["title"] = "改过的标题"
    (tmp_path / "tampered.zhibu-guidance").write_text(json.dumps(doc, ensure_ascii=False), "utf-8")
    with pytest.raises(ZhibuError, match="签名无效"):
        guidance.import_file(ws, tmp_path / "tampered.zhibu-guidance", today=date(2026, 3, 5))
    # unsigned / not a guidance file
    del doc["signature"]
    (tmp_path / "unsigned.zhibu-guidance").write_text(json.dumps(doc, ensure_ascii=False), "utf-8")
    with pytest.raises(ZhibuError, match="不是工委签发的工作提示文件"):
        guidance.import_file(ws, tmp_path / "unsigned.zhibu-guidance", today=date(2026, 3, 5))
    # another committee
    other = Workspace.create_committee(tmp_path / "别的工委.zhibu", PASSPHRASE, "别的工委")
    try:
        guidance.issue(other, title="别处的通知", text="", out=tmp_path / "other.zhibu-guidance")
    finally:
        other.close()
    with pytest.raises(ZhibuError, match="不是本支部信任的"):
        guidance.import_file(ws, tmp_path / "other.zhibu-guidance", today=date(2026, 3, 5))
    # expired
    with pytest.raises(ZhibuError, match="已于2026年3月10日过期"):
        guidance.import_file(ws, tmp_path / "2.zhibu-guidance", today=date(2026, 3, 11))
    guidance.import_file(ws, tmp_path / "2.zhibu-guidance", today=date(2026, 3, 5))
    # older, and the same again
    with pytest.raises(ZhibuError, match="较早的版本"):
        guidance.import_file(ws, tmp_path / "1.zhibu-guidance", today=date(2026, 3, 5))
    with pytest.raises(ZhibuError, match="已导入过"):
        guidance.import_file(ws, tmp_path / "2.zhibu-guidance", today=date(2026, 3, 5))
    assert [n["title"] for n in guidance.received(ws)] == ["第二份"]
    assert ws.rules.active()["cadence"]["origin"] == "default"
