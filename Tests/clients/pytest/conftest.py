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


def expected_files() -> list[pathlib.Path]:
    if os.environ.get("TW_EXPECTED"):
        return [pathlib.Path(os.environ["TW_EXPECTED"])]
    return sorted(FIXTURES.glob("*.expected.json"))


@pytest.fixture(params=expected_files(), ids=lambda p: p.name.removesuffix(".expected.json"))
def expected(request) -> dict:
    """One fixture set: a tool file, its findings (rule id, severity, range), hover, quick fix."""
    return json.loads(request.param.read_text())
