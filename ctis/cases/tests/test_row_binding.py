"""Encrypted values are bound to their row: someone with write access to the database who
swaps two people's ciphertexts gets loud failures, not each other's names. Values written
before the binding existed (format e1) stay readable until ``ctis keys rotate`` upgrades them,
in resumable batches."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.exceptions import FieldError
from django.core.management import call_command
from django.db import connection, transaction

from ctis.cases.models import Person
from ctis.cases.tests.conftest import open_case
from ctis.core.encryption import DecryptionError
from ctis.core.fields import data_keyring
from ctis.core.management.commands import keys

FIRST = ("Зорислава Ђурђевић", "Zorislava Đurđević")
SECOND = ("Милена Фиктивић", "Milena Fiktivić")


def _raw(pk: int, column: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM cases_person WHERE id = %s", [pk])  # noqa: S608
        return str(cursor.fetchone()[0])


def _set_raw(pk: int, column: str, token: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE cases_person SET {column} = %s WHERE id = %s", [token, pk])  # noqa: S608


def _two_people(caseworker: Any) -> tuple[Person, Person]:
    first = open_case(caseworker, name=FIRST[0], latin=FIRST[1]).person
    second = open_case(caseworker, name=SECOND[0], latin=SECOND[1]).person
    return first, second


def test_swapping_two_peoples_ciphertexts_makes_reading_fail(caseworker):
    first, second = _two_people(caseworker)
    token_first, token_second = _raw(first.pk, "name"), _raw(second.pk, "name")
    assert token_first.startswith("e2:") and token_second.startswith("e2:")

    _set_raw(first.pk, "name", token_second)
    _set_raw(second.pk, "name", token_first)

    for pk in (first.pk, second.pk):
        person = Person.objects.get(pk=pk)
        with pytest.raises(DecryptionError, match="another column or row"):
            _ = person.name
        assert person.name_latin in (FIRST[1], SECOND[1])  # the untouched column still reads
    # Put back, they read again: the binding is to the row, not to a moment.
    _set_raw(first.pk, "name", token_first)
    _set_raw(second.pk, "name", token_second)
    assert Person.objects.get(pk=first.pk).name == FIRST[0]


def test_a_bulk_update_cannot_write_an_unbound_value(caseworker):
    first, _second = _two_people(caseworker)
    with pytest.raises(FieldError, match="bound to its row"), transaction.atomic():
        Person.objects.filter(pk=first.pk).update(name="Someone Else")
    assert Person.objects.get(pk=first.pk).name == FIRST[0]


def test_keys_rotate_upgrades_old_values_in_resumable_batches(caseworker, monkeypatch):
    people = [
        open_case(caseworker, name=f"Фиктивна Особа {i}", latin=f"Fiktivna Osoba {i}").person
        for i in range(4)
    ]
    ring = data_keyring()
    # As written before the binding existed: format e1, bound to the column only.
    for person in people:
        for column, value in (("name", person.name), ("name_latin", person.name_latin)):
            _set_raw(person.pk, column, ring.encrypt(value, aad=f"cases_person.{column}"))
    assert all(_raw(p.pk, "name").startswith("e1:") for p in people)
    assert [Person.objects.get(pk=p.pk).name for p in people] == [p.name for p in people]

    # A run that stops after its first batch (of 2 rows) ...
    calls = {"n": 0}
    real_write = keys._write_tokens

    def write_then_stop(*args: Any) -> None:
        calls["n"] += 1
        if calls["n"] > 1:
            raise RuntimeError("power cut")
        real_write(*args)

    monkeypatch.setattr(keys, "_write_tokens", write_then_stop)
    with pytest.raises(RuntimeError):
        call_command("keys", "rotate", "--batch-size", "2", stdout=io.StringIO())
    monkeypatch.setattr(keys, "_write_tokens", real_write)
    formats = [_raw(p.pk, "name")[:2] for p in people]
    assert formats == ["e2", "e2", "e1", "e1"]

    # ... is resumed by the next run, which does only what is left.
    out = io.StringIO()
    call_command("keys", "rotate", "--batch-size", "2", stdout=out)
    assert "cases.Person: " in out.getvalue()
    person_line = next(line for line in out.getvalue().splitlines() if "cases.Person:" in line)
    assert "4 re-encrypted" in person_line  # two rows, two columns each
    assert all(_raw(p.pk, "name").startswith("e2:") for p in people)
    assert [Person.objects.get(pk=p.pk).name for p in people] == [p.name for p in people]
    check = io.StringIO()
    call_command("keys", "check", stdout=check)
    assert "0 not yet bound to their row" in check.getvalue()
    again = io.StringIO()
    call_command("keys", "rotate", stdout=again)
    line = next(line for line in again.getvalue().splitlines() if "cases.Person:" in line)
    assert "0 re-encrypted" in line
