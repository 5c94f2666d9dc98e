"""The engine's tests are plain pytest: they must never load Django (see docs/matching.md)."""

import sys

import pytest


def pytest_collection_finish(session: pytest.Session) -> None:
    assert "django" not in sys.modules, "belong.matching tests must not import Django"
