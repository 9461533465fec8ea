"""Shared settings for the pytest-lsp client tests (see ../README.md)."""
import json
import os
import pathlib

import pytest

CLIENTS = pathlib.Path(__file__).resolve().parent.parent
FIXTURES = CLIENTS / "fixtures"


def server_command() -> list[str]:
    """TW_SERVER_CMD_JSON wins; otherwise TOOLWRIGHT_BIN (or the debug build) with `lsp`."""
    if os.environ.get("TW_SERVER_CMD_JSON"):
        return json.loads(os.environ["TW_SERVER_CMD_JSON"])
    repo = CLIENTS.parent.parent
    binary = os.environ.get("TOOLWRIGHT_BIN", str(repo / ".build" / "debug" / "toolwright"))
    return [binary, "lsp"]


@pytest.fixture
def expected() -> dict:
    return json.loads(pathlib.Path(os.environ.get("TW_EXPECTED", FIXTURES / "expected.json")).read_text())
