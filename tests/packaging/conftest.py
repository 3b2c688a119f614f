"""Fixtures of the packaging tests (helpers live in packaging_support.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from packaging_support import FROZEN_APP, frozen_wanted, load_spec_config


@pytest.fixture(scope="session")
def spec_config():
    return load_spec_config()


@pytest.fixture
def frozen_app() -> Path:
    if not frozen_wanted():
        pytest.skip("no frozen build (run `make dist`, or set ZHIBU_TEST_FROZEN=1 to require one)")
    if not FROZEN_APP.exists():
        pytest.fail(f"ZHIBU_TEST_FROZEN=1 but {FROZEN_APP} does not exist: run `make dist` first")
    return FROZEN_APP
