"""``ctis keys generate | check | rotate`` on a real database."""

from __future__ import annotations

import contextlib
import io
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from ctis.audit.models import AuditEvent
from ctis.core.encryption import KeyRing, generate_key
from ctis.core.fields import search
from ctis.core.management.commands import keys
from ctis.core.tests.test_encrypted_fields import (  # noqa: F401 - person_table is a fixture
    NAME,
    Person,
    create,
    person_table,
    raw_row,
    set_raw,
)

pytestmark = pytest.mark.usefixtures("person_table")

NAMES = ["Jelena Đurić", "Марко Петровић", "محمد حسن", "Drita Berisha", "Ana Kovač"]


@pytest.fixture(autouse=True)
def _only_the_test_model(monkeypatch: pytest.MonkeyPatch) -> None:
    # The isolated test model is not in the global app registry the command walks.
    monkeypatch.setattr(keys, "encrypted_models", lambda: [Person])


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("keys", *args, stdout=out)
    return out.getvalue()


def test_generate_prints_a_usable_key():
    key = run("generate").strip()
    assert len(key) == 44
    assert KeyRing.parse(f"1:{key}").current_version == 1


def test_rotate_re_encrypts_everything_under_the_new_key(settings: Any):
    old = settings.CTIS_DATA_KEYS
    people = [create(code=f"P-{i}", name=name, note=f"note {i}") for i, name in enumerate(NAMES)]
    new_key = generate_key()
    settings.CTIS_DATA_KEYS = f"{old},2:{new_key}"
    output = run("rotate", "--batch-size", "2")
    assert "core.Person: 10 values, 10 re-encrypted under key 2, 0 failed" in output
    for person in people:
        row = raw_row(person.pk)
        assert row["name"].startswith("e1:2:") and row["note"].startswith("e1:2:")
    # The old key can go: with only the new one, every row reads back as it was.
    settings.CTIS_DATA_KEYS = f"2:{new_key}"
    assert [p.name for p in Person.objects.order_by("pk")] == NAMES
    assert [p.note for p in Person.objects.order_by("pk")] == [f"note {i}" for i in range(5)]
    assert list(search(Person.objects.all(), "name", "Marko Petrovic")) == [people[1]]
    event = AuditEvent.objects.filter(object_type="core.Person").get()
    assert event.action == "update" and event.actor_username == "keys rotate"
    assert event.detail == ("keys rotate to key 2: values=10 reencrypted=10 failed=0 reindexed=0")
    for name in ["Jelena", "Марко", "محمد", "Drita"]:
        assert name not in output and name not in event.detail


def test_rotate_is_idempotent_and_resumes_where_it_stopped(settings: Any):
    old = settings.CTIS_DATA_KEYS
    first = create(code="P-1", name="Jelena Đurić")
    settings.CTIS_DATA_KEYS = f"{old},2:{generate_key()}"
    # As if a run had stopped after this row: it is already under key 2.
    already = create(code="P-2", name="Ana Kovač")
    token_before = raw_row(already.pk)["name"]
    assert "1 re-encrypted under key 2" in run("rotate")
    assert raw_row(already.pk)["name"] == token_before
    assert raw_row(first.pk)["name"].startswith("e1:2:")
    assert "0 re-encrypted under key 2" in run("rotate")
    assert AuditEvent.objects.filter(object_type="core.Person").count() == 2


def test_a_value_that_does_not_decrypt_is_reported_and_left_alone(settings: Any):
    old = settings.CTIS_DATA_KEYS
    good = create(code="P-1", name="Jelena Đurić")
    bad = create(code="P-2", name="Ana Kovač")
    set_raw(bad.pk, "name", raw_row(good.pk)["name"][:-4] + "AAAA")
    broken = raw_row(bad.pk)["name"]
    settings.CTIS_DATA_KEYS = f"{old},2:{generate_key()}"
    out = io.StringIO()
    with pytest.raises(CommandError, match="1 values did not decrypt"):
        call_command("keys", "rotate", stdout=out)
    assert f"does not decrypt: name pk={bad.pk}" in out.getvalue()
    assert raw_row(bad.pk)["name"] == broken
    assert raw_row(good.pk)["name"].startswith("e1:2:")
    assert "Jelena" not in out.getvalue()


def test_check_passes_on_a_healthy_database_and_is_audited(settings: Any):
    create(name=NAME, phone="060 000 000")
    output = run("check")
    assert (
        "core.Person: 1 rows, 2 values, 0 under an older key, 0 not yet bound to their row, "
        "0 do not decrypt" in output
    )
    assert "every value decrypts" in output
    assert AuditEvent.objects.filter(actor_username="keys check", action="view").count() == 1


def test_check_fails_on_a_value_that_does_not_decrypt_without_printing_it(settings: Any):
    person = create(name=NAME)
    set_raw(person.pk, "name", "Zorislava")
    out = io.StringIO()
    with pytest.raises(CommandError, match="1 problems found"):
        call_command("keys", "check", stdout=out)
    assert f"name pk={person.pk}: does not decrypt" in out.getvalue()
    assert "Zorislava" not in out.getvalue()


def test_a_new_index_key_makes_indexes_stale_until_rotate_rebuilds_them(settings: Any):
    person = create(name="Đorđe Đurić", phone="+381 11 000")
    settings.CTIS_BLIND_INDEX_KEY = generate_key()
    assert not search(Person.objects.all(), "name", "Djordje Djuric").exists()
    out = io.StringIO()
    with pytest.raises(CommandError, match="2 problems found"):
        call_command("keys", "check", stdout=out)
    assert "2 blind indexes missing or stale" in out.getvalue()
    assert "1 re-indexed" in run("rotate")
    assert list(search(Person.objects.all(), "name", "Djordje Djuric")) == [person]
    assert list(search(Person.objects.all(), "phone", "+38111000")) == [person]
    assert "0 blind indexes missing or stale" in run("check")


def test_reindex_rebuilds_missing_indexes_and_drops_orphans(settings: Any):
    person = Person.objects.create(code="P-1", name="Jelena Đurić")  # no sync: no index rows
    gone = create(code="P-2", name="Ana Kovač")
    Person.objects.filter(pk=gone.pk).delete()  # rows left behind without delete_blind_indexes
    assert "1 orphaned index owners" in _check_output()
    run("rotate", "--reindex")
    assert list(search(Person.objects.all(), "name", "Jelena Djuric")) == [person]
    assert "0 orphaned index owners" in run("check")


def _check_output() -> str:
    out = io.StringIO()
    with contextlib.suppress(CommandError):
        call_command("keys", "check", stdout=out)
    return out.getvalue()


def test_bad_key_settings_are_reported_without_the_key(settings: Any):
    settings.CTIS_DATA_KEYS = "1:tooshort"
    with pytest.raises(CommandError, match="must decode to 32 bytes") as info:
        run("rotate")
    assert "tooshort" not in str(info.value)
