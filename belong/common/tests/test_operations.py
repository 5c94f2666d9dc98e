from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


def test_healthz_reports_database_and_tasks(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "tasks": "ok"}


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    # Only what a shell would have: nothing from the test run (settings, async guards) leaks in.
    clean = {k: os.environ[k] for k in ("PATH", "HOME", "LANG") if k in os.environ}
    return subprocess.run(  # noqa: S603 - our own manage.py
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "config.settings", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_it_refuses_to_start_without_a_secret_key_when_debug_is_off():
    result = _manage("check", DEBUG="0")
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


def test_it_fails_loudly_on_a_bad_setting():
    result = _manage("check", DEBUG="perhaps")
    assert result.returncode != 0
    assert "DEBUG='perhaps'" in result.stderr


@pytest.mark.parametrize("extra", [{}])
def test_production_settings_pass_the_deploy_checks(extra):
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="0",
        SECRET_KEY="k" * 20 + "-production-grade-secret-0123456789-abcdefghijkl",
        ALLOWED_HOSTS="belong.example.com",
        **extra,
    )
    assert result.returncode == 0, result.stderr + result.stdout
