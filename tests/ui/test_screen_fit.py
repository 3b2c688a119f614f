"""Every window and dialog fits the available screen, with its action buttons visible, at 1280×720 and at
1.5× scale (QT_SCALE_FACTOR=1.5 on a 1366×768 screen: 910×512 logical pixels), and with the 字号 setting
at 150% on 1280×720. Screen size and scale are
fixed when Qt starts, so each runs ``screen_fit_cases.py`` in its own process (offscreen, fixed screen)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).parent
SCREENS = {"1280x720": (1280, 720, "1", ""), "1366x768@1.5": (1366, 768, "1.5", ""),
           "1280x720-font150": (1280, 720, "1", "150")}


@pytest.mark.parametrize("case", sorted(SCREENS))
def test_windows_and_dialogs_fit_the_screen(case, tmp_path):
    width, height, scale, font_scale = SCREENS[case]
    config = tmp_path / "screen.json"
    config.write_text(json.dumps({"screens": [{"name": "s", "x": 0, "y": 0, "width": width, "height": height,
                                               "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}))
    env = dict(os.environ, QT_QPA_PLATFORM=f"offscreen:configfile={config}", QT_SCALE_FACTOR=scale,
               ZHIBU_SCREEN_CASE=case.replace("@", "_at_"), ZHIBU_FONT_SCALE=font_scale)
    result = subprocess.run([sys.executable, "-m", "pytest", str(HERE / "screen_fit_cases.py"), "-q", "-x",
                             "-p", "no:cacheprovider", f"--basetemp={tmp_path / 'run'}"],
                            env=env, capture_output=True, text=True, timeout=300, cwd=HERE.parents[1])
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
