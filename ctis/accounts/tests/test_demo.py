from __future__ import annotations

import pytest

from ctis.accounts import demo
from ctis.accounts.models import Organisation, User
from ctis.audit import actions as audit


def test_demo_accounts_cover_every_role_and_country(db, monkeypatch, development_mode):
    monkeypatch.setenv("CTIS_DEMO_PASSWORD", "demo-password-for-tests")
    demo.load()
    expected = {"admin", "dpo", "analyst"} | {
        f"{role}.{cc}"
        for role in ("screener", "caseworker", "supervisor", "coordinator")
        for cc in ("al", "ba", "xk", "me", "mk", "rs")
    }
    assert set(User.objects.values_list("username", flat=True)) == expected
    caseworker = User.objects.get(username="caseworker.rs")
    assert caseworker.is_demo
    assert caseworker.check_password("demo-password-for-tests")
    assert caseworker.organisation.country.code == "RS"
    assert User.objects.get(username="analyst").organisation.is_regional
    assert all("(demo)" in name for name in Organisation.objects.values_list("name", flat=True))


def test_loading_twice_changes_nothing(db, monkeypatch, development_mode):
    monkeypatch.setenv("CTIS_DEMO_PASSWORD", "demo-password-for-tests")
    demo.load()
    counts = (User.objects.count(), Organisation.objects.count())
    demo.load()
    assert (User.objects.count(), Organisation.objects.count()) == counts
    assert audit.verify() is None


def test_demo_data_refuses_production(db, settings):
    settings.PRODUCTION = True
    with pytest.raises(RuntimeError):
        demo.load()
    assert not User.objects.exists()
