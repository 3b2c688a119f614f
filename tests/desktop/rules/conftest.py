import pytest

from desktop import paths


@pytest.fixture(scope="module")
def module_dir(tmp_path_factory, request):
    """A folder for a book built once per module (the autouse ``data_dir`` fixture is per test)."""
    folder = tmp_path_factory.mktemp(request.module.__name__.rsplit(".", 1)[-1])
    yield folder
    paths.set_data_dir(None)
