"""Shared settings for the pytest-lsp client tests (see ../README.md)."""
import json
import os
import pathlib

import pytest

CLIENTS = pathlib.Path(__file__).resolve().parent.parent
FIXTURES = CLIENTS / "fixtures"


def server_command() -> list[str]:
    """TOOLWRIGHT_BIN (default: the repo's debug build) with `lsp`."""
    repo = CLIENTS.parent.parent
    binary = os.environ.get("TOOLWRIGHT_BIN", str(repo / ".build" / "debug" / "toolwright"))
    return [binary, "lsp"]


@pytest.fixture
def expected() -> dict:
    return json.loads(pathlib.Path(os.environ.get("TW_EXPECTED", FIXTURES / "expected.json")).read_text())
