"""Encrypted model fields and blind indexes on a real database (SQLite and PostgreSQL).

The model below lives in an isolated app registry and its table is created and dropped around
each test, so no test model reaches a real app's migrations.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldError, ValidationError
from django.db import connection, models
from django.test.utils import isolate_apps

from ctis.core.encryption import DecryptionError, generate_key
from ctis.core.fields import (
    EncryptedDateField,
    EncryptedTextField,
    delete_blind_indexes,
    search,
    sync_blind_indexes,
)
from ctis.core.models import BlindIndex

with isolate_apps("ctis.core"):

    class Person(models.Model):
        code = models.CharField(max_length=12)
        name = EncryptedTextField(max_length=200, blind_index="person.name", normaliser="name")
        phone = EncryptedTextField(null=True, blind_index="person.phone", normaliser="alnum")
        birth_date = EncryptedDateField(null=True)
        note = EncryptedTextField(null=True)

        class Meta:
            app_label = "core"
            db_table = "core_test_person"

        def __str__(self) -> str:
            return self.code


# Fictional; distinctive so that a stray copy anywhere in the database is certain to be ours.
NAME = "Zorislava Đurđević-Krstanović"
NAME_PIECES = ["zorislav", "đurđev", "durdev", "djurdjev", "krstanov", "зорислав"]


@pytest.fixture
def person_table(transactional_db: None, settings: Any) -> Iterator[type[Person]]:
    """The Person table for one test; fresh data and index keys so nothing leaks between runs."""
    settings.CTIS_DATA_KEYS = f"1:{generate_key()}"
    settings.CTIS_BLIND_INDEX_KEY = generate_key()
    ContentType.objects.clear_cache()
    with connection.schema_editor() as editor:
        editor.create_model(Person)
    yield Person
    with connection.schema_editor() as editor:
        editor.delete_model(Person)
    ContentType.objects.clear_cache()


def create(**values: Any) -> Person:
    person = Person.objects.create(code=values.pop("code", "P-1"), **values)
    sync_blind_indexes(person)
    return person


def raw_row(pk: int) -> dict[str, Any]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name, phone, birth_date, note FROM core_test_person WHERE id = %s", [pk]
        )
        columns = [c[0] for c in cursor.description]
        return dict(zip(columns, cursor.fetchone(), strict=True))


def set_raw(pk: int, column: str, value: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE core_test_person SET {column} = %s WHERE id = %s", [value, pk])  # noqa: S608


def whole_database_text() -> str:
    """Every row of every table, as text: what someone with a copy of the database sees."""
    chunks: list[str] = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            chunks.extend(repr(row) for row in cursor.fetchall())
    return "\n".join(chunks).casefold()


def test_values_round_trip_through_the_database(person_table: type[Person]):
    person = create(
        name=NAME, phone="+381 60 000 0000", birth_date=datetime.date(1999, 2, 3), note=None
    )
    again = Person.objects.get(pk=person.pk)
    assert again.name == NAME
    assert again.phone == "+381 60 000 0000"
    assert again.birth_date == datetime.date(1999, 2, 3)
    assert again.note is None


def test_the_columns_hold_tokens_bound_to_their_place(person_table: type[Person]):
    person = create(name=NAME, birth_date=datetime.date(1999, 2, 3))
    row = raw_row(person.pk)
    assert row["name"].startswith("e1:1:")
    assert row["birth_date"].startswith("e1:1:") and "1999" not in row["birth_date"]
    assert row["note"] is None
    assert Person._meta.get_field("name").aad_label == "core_test_person.name"


def test_the_database_holds_no_name_in_clear_and_the_blind_index_finds_it(
    person_table: type[Person],
):
    person = create(name=NAME, phone="+381 60 123 4567", note=f"Mother of {NAME}")
    other = create(code="P-2", name="Marko Petrović")
    dump = whole_database_text()
    assert raw_row(person.pk)["name"].casefold() in dump  # the scan does see the table
    assert "marko" not in dump
    for piece in NAME_PIECES:
        assert piece not in dump
    assert "123 4567" not in dump and "1234567" not in dump
    # ... and yet the name is found by its Cyrillic and its diacritic-free spellings.
    for query in ["Зорислава Ђурђевић Крстановић", "Zorislava Djurdjevic Krstanovic",
                  "krstanović zorislava đurđević"]:  # fmt: skip
        assert list(search(Person.objects.all(), "name", query)) == [person]
    assert list(search(Person.objects.all(), "name", "Марко Петровић")) == [other]
    assert list(search(Person.objects.all(), "phone", "+381601234567")) == [person]
    assert not search(Person.objects.all(), "name", "Zorislava").exists()


def test_search_keeps_the_callers_scoping(person_table: type[Person]):
    create(code="BA-1", name="Mohammed Hassan")
    create(code="RS-1", name="Muhammad Hasan")
    scoped = Person.objects.filter(code__startswith="RS")
    assert [p.code for p in search(scoped, "name", "محمد حسن")] == ["RS-1"]


def test_equality_and_other_lookups_on_encrypted_fields_are_refused(person_table: type[Person]):
    for lookup in ["name", "name__exact", "name__iexact", "name__icontains", "name__in"]:
        with pytest.raises(FieldError, match="is encrypted"):
            Person.objects.filter(**{lookup: ["x"] if lookup.endswith("in") else "x"})
    with pytest.raises(FieldError, match="is encrypted"):
        Person.objects.filter(birth_date__year=1999)
    create(name=NAME, note=None)
    assert Person.objects.filter(note__isnull=True).count() == 1


def test_a_value_copied_into_another_column_does_not_decrypt(person_table: type[Person]):
    person = create(name=NAME, note="something")
    set_raw(person.pk, "note", raw_row(person.pk)["name"])
    with pytest.raises(DecryptionError, match=r"core_test_person\.note"):
        Person.objects.get(pk=person.pk)


def test_a_tampered_value_does_not_decrypt(person_table: type[Person]):
    person = create(name=NAME)
    token = raw_row(person.pk)["name"]
    set_raw(person.pk, "name", token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB"))
    with pytest.raises(DecryptionError):
        Person.objects.get(pk=person.pk)


def test_a_plain_value_written_behind_the_fields_back_raises(person_table: type[Person]):
    person = create(name=NAME)
    set_raw(person.pk, "name", "Jelena")
    with pytest.raises(DecryptionError, match="not an encrypted value"):
        Person.objects.get(pk=person.pk)


def test_a_wrong_key_raises_instead_of_returning_ciphertext(
    person_table: type[Person], settings: Any
):
    person = create(name=NAME)
    settings.CTIS_DATA_KEYS = f"1:{generate_key()}"
    with pytest.raises(DecryptionError, match="authentication failed"):
        Person.objects.get(pk=person.pk)


def test_blind_indexes_follow_changes_and_go_with_the_record(person_table: type[Person]):
    person = create(name="Đorđe Đurić")
    content_type = ContentType.objects.get_for_model(Person)
    rows = BlindIndex.objects.filter(content_type=content_type, object_id=str(person.pk))
    purposes = list(rows.values_list("purpose", flat=True))
    assert purposes.count("person.name") == 4
    # The rest is the forgiving index (per-token keys: ctis.core.fuzzy_names).
    assert set(purposes) == {"person.name", "person.name~fuzzy"}
    assert list(search(Person.objects.all(), "name", "Djordje Djuric")) == [person]
    person.name = "Jovan Jovanović"
    person.save()
    sync_blind_indexes(person)
    assert not search(Person.objects.all(), "name", "Djordje Djuric").exists()
    assert list(search(Person.objects.all(), "name", "Јован Јовановић")) == [person]
    fuzzy = rows.filter(purpose="person.name~fuzzy").count()
    assert fuzzy > 2
    assert delete_blind_indexes(person) == 2 + fuzzy
    assert not rows.exists()


def test_search_needs_a_field_with_a_blind_index(person_table: type[Person]):
    with pytest.raises(FieldError, match="no blind index"):
        search(Person.objects.all(), "note", "x")
    assert not search(Person.objects.all(), "name", "   ").exists()


def test_plaintext_length_is_validated_and_dates_are_parsed(person_table: type[Person]):
    with pytest.raises(ValidationError):
        Person(code="P", name="x" * 201).full_clean()
    person = create(name="Ana", birth_date="2001-12-31")
    assert Person.objects.get(pk=person.pk).birth_date == datetime.date(2001, 12, 31)
    with pytest.raises(ValidationError):
        Person._meta.get_field("birth_date").to_python("31/12/2001")


def test_field_declarations_survive_migrations_and_refuse_indexes():
    assert Person._meta.get_field("name").formfield().max_length == 200
    _name, path, _args, kwargs = Person._meta.get_field("name").deconstruct()
    assert path == "ctis.core.fields.EncryptedTextField"
    assert kwargs == {"max_length": 200, "blind_index": "person.name", "normaliser": "name"}
    with pytest.raises(ValueError, match="cannot be unique"):
        EncryptedTextField(unique=True)
    with pytest.raises(ValueError, match="unknown normaliser"):
        EncryptedTextField(normaliser="soundex")
