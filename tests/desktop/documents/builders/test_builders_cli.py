"""``zhibu-cli doc``: exit codes, --help listing every kind, both formats; and a minutes .docx as LibreOffice
(standing in for WPS/Word) reads it."""

from __future__ import annotations

import os
import shutil
import subprocess
from datetime import date, datetime

import pdfplumber
import pytest
from builder_support import AGENDA, LONG_ITEM, PASSPHRASE, flat, pdf_text

from desktop.cli.main import main
from desktop.services.documents import KINDS, render_bytes

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.fixture(scope="module")
def book(tmp_path_factory):
    """A small closed book with one finalized meeting (the CLI opens it itself)."""
    from desktop.domain.meeting_enums import AttendanceStatus, MeetingKind
    from desktop.domain.meeting_rules import MeetingInput
    from desktop.domain.member_rules import MemberInput
    from desktop.workspace import Workspace

    path = tmp_path_factory.mktemp("cli") / "cli.zhibu"
    with Workspace.create(path, PASSPHRASE, "命令行测试党支部") as ws:
        ids = [ws.members.add(MemberInput(name=n, gender="男", birth_date=date(1980, 1, 1 + i),
                                          joined_on=date(2005, 7, 1), full_on=date(2006, 7, 1))).id
               for i, n in enumerate(["朱镕基", "王堃", "李喆"])]
        ws.meetings.now = lambda: datetime(2026, 3, 6, 9)
        mid = ws.meetings.create(MeetingInput(
            kind=MeetingKind.GENERAL_ASSEMBLY, start=datetime(2026, 3, 5, 9), end=datetime(2026, 3, 5, 10),
            place="三楼会议室", chair_id=ids[0], recorder_id=ids[1], agenda=AGENDA, content="会议内容。",
            default_status=AttendanceStatus.PRESENT)).id
        ws.meetings.finalize(mid)
    return path, mid


@pytest.fixture
def cli(monkeypatch, capsys):
    monkeypatch.setenv("ZHIBU_PASSPHRASE", PASSPHRASE)

    def run(*args) -> tuple[int, str, str]:
        try:
            rc = main([str(a) for a in args])
        except SystemExit as exc:  # argparse: --help and usage errors
            rc = exc.code
        out = capsys.readouterr()
        return rc, out.out, out.err

    return run


def test_help_lists_every_kind_with_its_label(cli):
    rc, out, _ = cli("doc", "--help")
    assert rc == 0
    for k in KINDS:
        assert k.name in out and k.label in out


def test_minutes_to_pdf_and_docx(cli, book, tmp_path):
    path, mid = book
    for name in ("会议记录.pdf", "会议记录.DOCX"):
        rc, out, err = cli("doc", path, "minutes", mid, "-o", tmp_path / name)
        assert rc == 0, err
        assert (tmp_path / name).stat().st_size > 1000 and "已生成会议记录" in out
    text = flat(pdf_text((tmp_path / "会议记录.pdf").read_bytes()))
    assert "朱镕基" in text and flat(LONG_ITEM) in text


def test_exit_codes(cli, book, tmp_path):
    path, mid = book
    rc, _, err = cli("doc", path, "minutes", "-o", tmp_path / "x.pdf")
    assert rc == 2 and "需要记录编号" in err
    rc, _, err = cli("doc", path, "minutes", mid, "-o", tmp_path / "x.txt")
    assert rc == 1 and "不支持导出为“.txt”格式" in err
    rc, _, err = cli("doc", path, "roster", mid, "-o", tmp_path / "x.pdf")
    assert rc == 2 and "不需要记录编号" in err
    rc, _, err = cli("doc", path, "bogus", "-o", tmp_path / "x.pdf")
    assert rc == 2
    rc, _, err = cli("doc", path, "minutes", 9999, "-o", tmp_path / "x.pdf")
    assert rc == 1 and "找不到编号为9999" in err
    rc, _, err = cli("doc", path, "ballot", "--copies", 0, "-o", tmp_path / "x.pdf")
    assert rc == 1 and "份数" in err
    assert not [p for p in tmp_path.iterdir() if p.name.startswith((".x", "x"))]  # nothing written, no temp file


def test_roster_full_id_and_ballot_copies(cli, book, tmp_path):
    path, _ = book
    rc, _, err = cli("doc", path, "roster", "--full-id", "-o", tmp_path / "r.pdf")
    assert rc == 0, err
    rc, _, err = cli("doc", path, "ballot", "--copies", 3, "--year", 2026, "-o", tmp_path / "b.pdf")
    assert rc == 0, err
    with pdfplumber.open(tmp_path / "b.pdf") as pdf:
        assert len(pdf.pages) == 3


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_reads_a_minutes_docx(hand, tmp_path):
    from desktop.paths import resource_path

    source = tmp_path / "minutes.docx"
    source.write_bytes(render_bytes(hand.ws.documents.build("minutes", hand.meetings["assembly"]), "docx"))
    env = dict(os.environ, FONTCONFIG_FILE=str(resource_path("fonts", "fontconfig", "zhibu-fonts.conf")),
               XDG_CACHE_HOME=str(tmp_path / "cache"), HOME=str(tmp_path))
    result = subprocess.run(
        [SOFFICE, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless", "--norestore",
         "--convert-to", "pdf", "--outdir", str(tmp_path / "out"), str(source)],
        env=env, capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stderr
    with pdfplumber.open(tmp_path / "out" / "minutes.pdf") as pdf:
        text = flat("".join(page.extract_text() or "" for page in pdf.pages))
        fonts = {c["fontname"].split("+")[-1] for page in pdf.pages for c in page.chars}
    for fact in ("2026年3月支部党员大会记录", "朱镕基", "王堃", "李喆", flat(LONG_ITEM), "机关二楼会议室", "更正说明",
                 "主持人签字", "已更正", "第1页共"):
        assert fact in text, fact
    assert fonts <= {"ZhibuSerifSC-Regular", "ZhibuSansSC-Regular", "ZhibuSansSC-Bold", "ZhibuKaiSC-Regular",
                     "ZhibuFangSC-Regular"}, fonts
