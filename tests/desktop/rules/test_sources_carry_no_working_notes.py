"""Rule sources are shown to users (alerts, the 发展党员 panel, the dues dialog, documents): a working note such
as "（check）" or "（待核）" must never reach the screen or paper."""

from __future__ import annotations

import re
import tomllib

from desktop.paths import resource_path

MARKER = re.compile(r"[（(]\s*(check|待核)\s*[)）]|待核", re.IGNORECASE)


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)


def test_no_rule_file_value_carries_a_working_marker():
    files = sorted(resource_path("rules").glob("*.toml"))
    assert len(files) >= 4
    found = [(f.name, s) for f in files for s in _strings(tomllib.loads(f.read_text(encoding="utf-8")))
             if MARKER.search(s)]
    assert found == []

