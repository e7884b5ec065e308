from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from ctis.accounts.models import User


def test_create_admin_makes_a_regional_system_administrator(db, monkeypatch):
    answers = iter(["a long admin passphrase 9", "a long admin passphrase 9"])
    monkeypatch.setattr("getpass.getpass", lambda prompt: next(answers))
    call_command("create_admin", username="root.admin", email="root@example.invalid")
    admin = User.objects.get(username="root.admin")
    assert admin.roles == {"system_admin"}
    assert admin.organisation.is_regional
    assert admin.check_password("a long admin passphrase 9")
    assert admin.requires_two_factor


def test_create_admin_refuses_a_weak_password(db, monkeypatch):
    monkeypatch.setattr("getpass.getpass", lambda prompt: "12345")
    with pytest.raises(CommandError, match="too short"):
        call_command("create_admin", username="root.admin", email="root@example.invalid")
    assert not User.objects.exists()
