import pytest

from meetings.branch import build_branch


@pytest.fixture
def br(ws):
    return build_branch(ws)
