"""Shared by the packaging tests (imported by name: tests/packaging has no __init__, so that it never
becomes a package called ``packaging`` and shadows the PyPI one)."""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FROZEN_APP = ROOT / "dist" / "zhibu" / ("zhibu.exe" if os.name == "nt" else "zhibu")
FROZEN_DIR = FROZEN_APP.parent


def load_spec_config():
    """packaging/spec_config.py by path: the folder has no __init__ so it never shadows PyPI ``packaging``."""
    spec = importlib.util.spec_from_file_location("zhibu_spec_config", ROOT / "packaging" / "spec_config.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module



def no_network_prefix() -> list[str] | None:
    """A command prefix that runs a program without any network interface, or None if not possible here."""
    tool = shutil.which("unshare")
    if not tool or not sys.platform.startswith("linux"):
        return None
    for prefix in ([tool, "-n"], [tool, "-rn"]):  # root, else an unprivileged user namespace
        try:
            if subprocess.run([*prefix, "true"], capture_output=True, timeout=10).returncode == 0:
                return prefix
        except (OSError, subprocess.TimeoutExpired):
            continue
    return None


def frozen_wanted() -> bool:
    return os.environ.get("ZHIBU_TEST_FROZEN") == "1" or FROZEN_APP.exists()

