"""``zhibu --self-test`` from source: it passes, names every step, needs no Qt and opens no socket."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from desktop import paths, selftest

from packaging_support import ROOT, no_network_prefix


def expect_pass(rc: int, output: str) -> None:
    """Exit 0 with every step passed: all core APIs have landed, so a 未实现 step is a failure like any other."""
    if rc != 0:
        pytest.fail(f"self-test failed (exit {rc}):\n{output}")
    assert "未实现" not in output, output


def test_selftest_reports_every_step_and_passes(tmp_path):
    lines: list[str] = []
    before = paths.data_dir()
    rc = selftest.run(lines.append)
    output = "\n".join(lines)
    assert lines[0].startswith("支部纪实 zhibu") and "self-test" in lines[0]
    for number, (zh, en, _func) in enumerate(selftest.STEPS, 1):
        step_lines = [line for line in lines if f"{number:02d} {zh} ({en})" in line]
        assert len(step_lines) == 1, f"step {number} {zh} not reported once:\n{output}"
    assert lines[-1].startswith("自检通过" if rc == 0 else "自检失败")
    assert paths.data_dir() == before, "the self-test must restore the data folder override"
    assert not list(before.rglob("*自检*")), "the self-test must leave nothing in the user's data folder"
    expect_pass(rc, output)


def test_failed_step_is_named_and_exit_is_nonzero(monkeypatch):
    def broken(ctx):
        raise RuntimeError("故意的错误")

    monkeypatch.setattr(selftest, "STEPS", [selftest.STEPS[0], ("故意失败", "deliberate failure", broken),
                                            selftest.STEPS[-1]])
    lines: list[str] = []
    assert selftest.run(lines.append) == 1
    assert any(line.startswith("[失败 FAIL] 02 故意失败") and "故意的错误" in line for line in lines)
    assert "02 故意失败" in lines[-1] and lines[-1].startswith("自检失败")


def test_pdf_font_check_sees_embedded_and_bare_fonts(tmp_path):
    from reportlab.pdfgen import canvas

    path = tmp_path / "helvetica.pdf"
    c = canvas.Canvas(str(path))
    c.drawString(72, 72, "Helvetica is not embedded")
    c.save()
    embedded, bare = selftest.pdf_fonts(path.read_bytes())
    assert embedded == [] and bare == ["Helvetica"]
    with pytest.raises(RuntimeError, match="未嵌入内置字体"):
        selftest.check_pdf(path)


_NO_SOCKET_WRAPPER = r"""
import json, socket, sys
attempts = []

def audit(event, args):
    if (event.startswith("socket.") and event != "socket.gethostname") or event in (
            "urllib.Request", "http.client.connect", "ftplib.connect", "smtplib.connect"):
        attempts.append(event)

sys.addaudithook(audit)

class NoSocket(socket.socket):
    def __init__(self, *args, **kwargs):
        attempts.append("socket.socket()")
        raise OSError("network disabled by the test")

def refuse(*args, **kwargs):
    attempts.append("resolve/connect")
    raise OSError("network disabled by the test")

socket.socket = NoSocket
socket.create_connection = socket.getaddrinfo = socket.gethostbyname = refuse

from desktop.selftest import run
lines = []
rc = run(lines.append)
print(json.dumps({"rc": rc, "attempts": attempts, "lines": lines}, ensure_ascii=False))
"""


def _run_wrapper(prefix: list[str], tmp_path) -> dict:
    env = dict(os.environ, ZHIBU_DATA_DIR=str(tmp_path / "data"), PYTHONPATH=str(ROOT))
    env.pop("QT_QPA_PLATFORM", None)
    env.pop("DISPLAY", None)
    env.pop("WAYLAND_DISPLAY", None)
    proc = subprocess.run([*prefix, sys.executable, "-c", _NO_SOCKET_WRAPPER], cwd=ROOT, env=env,
                          capture_output=True, text=True, encoding="utf-8", timeout=300)
    assert proc.stdout.strip(), proc.stderr
    return json.loads(proc.stdout.strip().splitlines()[-1])


def test_selftest_opens_no_socket_and_needs_no_display(tmp_path):
    result = _run_wrapper([], tmp_path)
    output = "\n".join(result["lines"])
    assert result["attempts"] == [], f"network use during the self-test: {result['attempts']}\n{output}"
    assert any(line.startswith("[通过 OK  ]") and "离线运行" in line for line in result["lines"]), output
    expect_pass(result["rc"], output)


def test_selftest_in_a_network_namespace(tmp_path):
    prefix = no_network_prefix()
    if prefix is None:
        pytest.skip("unshare -n is not available here")
    result = _run_wrapper(prefix, tmp_path)
    output = "\n".join(result["lines"])
    assert result["attempts"] == [], output
    expect_pass(result["rc"], output)
