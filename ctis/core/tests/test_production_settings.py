"""Production mode fails loudly without secrets and passes Django's deployment checks."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def _ctis(args: list[str], env: dict[str, str], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("CTIS_", "SECRET_KEY", "DEBUG", "ALLOWED_HOSTS", "DJANGO_"))
    }
    clean.update(
        {"CTIS_VAR_DIR": str(tmp_path), "DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite3"}
    )
    clean.update(env)
    return subprocess.run(
        [sys.executable, "-m", "ctis.cli", *args],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
    )


PRODUCTION = {
    "CTIS_ENV": "production",
    "SECRET_KEY": "p" * 20 + "-a-long-random-production-secret-0123456789",
    "CTIS_AUDIT_KEY": "another-long-random-secret-for-the-audit-chain",
    "CTIS_DATA_KEYS": "1:" + "A" * 43 + "=",
    "CTIS_BLIND_INDEX_KEY": "B" * 43 + "=",
    "ALLOWED_HOSTS": "ctis.example.org",
    "CTIS_CACHE_URL": "redis://127.0.0.1:6379/0",
}


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    result = _ctis(
        ["check"], {"CTIS_ENV": "production", "ALLOWED_HOSTS": "ctis.example.org"}, tmp_path
    )
    assert result.returncode != 0
    assert "SECRET_KEY (or SECRET_KEY_FILE) must be set" in result.stderr


def test_production_is_the_default_mode(tmp_path):
    result = _ctis(["check"], {}, tmp_path)
    assert result.returncode != 0
    assert "CTIS_ENV=production" in result.stderr


def test_secrets_can_come_from_files(tmp_path):
    key_file = tmp_path / "secret_key"
    key_file.write_text(PRODUCTION["SECRET_KEY"])
    env = {**PRODUCTION, "SECRET_KEY_FILE": str(key_file)}
    env.pop("SECRET_KEY")
    assert _ctis(["check"], env, tmp_path).returncode == 0


def test_check_deploy_is_clean_in_production(tmp_path):
    result = _ctis(["check", "--deploy", "--fail-level", "WARNING"], PRODUCTION, tmp_path)
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_check_deploy_warns_when_rate_limits_have_no_shared_cache(tmp_path):
    env = {k: v for k, v in PRODUCTION.items() if k != "CTIS_CACHE_URL"}
    result = _ctis(["check", "--deploy", "--fail-level", "WARNING"], env, tmp_path)
    assert result.returncode != 0
    assert "ctis.W001" in result.stderr + result.stdout


def test_demo_data_refuses_to_load_in_production(tmp_path):
    _ctis(["migrate", "-v0"], PRODUCTION, tmp_path)
    result = _ctis(["demo", "load"], PRODUCTION, tmp_path)
    assert result.returncode != 0
    assert "never loaded" in result.stderr


def test_a_bad_boolean_is_an_error_not_a_guess(tmp_path):
    result = _ctis(["check"], {**PRODUCTION, "DEBUG": "maybe"}, tmp_path)
    assert result.returncode != 0
    assert "DEBUG must be true or false" in result.stderr
