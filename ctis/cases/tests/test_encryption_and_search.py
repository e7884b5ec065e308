"""Personal data is encrypted at rest, and yet found by name in any script."""

from __future__ import annotations

import datetime

from django.db import connection

from ctis.audit.context import Actor
from ctis.cases import actions, queries
from ctis.cases.models import Case
from ctis.cases.tests.conftest import decision, open_case

PIECES = ["zorislav", "đurđev", "durdev", "djurdjev", "зорислав", "ђурђев", "123 4567",
          "1234567", "1997-08-09", "sunflower street", "ab123456",
          "interpreter for dari"]  # fmt: skip


def whole_database_text() -> str:
    """Every row of every table, as text: what someone with a copy of the database sees."""
    chunks: list[str] = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            chunks.extend(repr(row) for row in cursor.fetchall())
    return "\n".join(chunks).casefold()


def test_the_database_holds_no_personal_value_in_clear(caseworker):
    case = open_case(
        caseworker,
        person={
            "birth_date": datetime.date(1997, 8, 9),
            "address": "Sunflower Street 7",
            "document_numbers": "AB123456",
        },
    )
    actions.add_note(actor=Actor(user=caseworker), case=case, text="Interpreter for Dari needed")
    actions.change_status(
        actor=Actor(user=caseworker), case=case, revision=case.revision, to="presumed",
        decision=decision(grounds="Zorislava described debt bondage."),
    )  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute("SELECT name, name_latin, phone FROM cases_person")
        name, latin, phone = cursor.fetchone()
    assert name.startswith("e2:") and latin.startswith("e2:") and phone.startswith("e2:")
    dump = whole_database_text()
    assert case.code.casefold() in dump  # the scan does see our tables
    for piece in PIECES:
        assert piece not in dump, piece
    # ... while the application reads them back.
    person = Case.objects.get(pk=case.pk).person
    assert person.name == "Зорислава Ђурђевић" and person.document_numbers == "AB123456"


def test_a_name_is_found_in_any_script_and_spelling(caseworker):
    marko = open_case(caseworker, name="Marko Petrović", latin="Marko Petrovic")
    arabic = open_case(caseworker, name="محمد حسن", latin="Mohammed Hassan")
    open_case(caseworker, name="Ana Jovanović", latin="Ana Jovanovic")
    visible = queries.cases_visible_to(caseworker)
    for query in ("Марко Петровић", "marko petrovic", "Petrović Marko", "MARKO PETROVICH"):
        assert list(queries.search_cases(visible, name=query)) == [marko], query
    for query in ("Muhammad Hasan", "محمد حسن", "Mohamed Hassan"):
        assert list(queries.search_cases(visible, name=query)) == [arabic], query
    assert not queries.search_cases(visible, name="Marko").exists()
    assert list(queries.search_cases(visible, code=arabic.code.lower())) == [arabic]


def test_search_follows_a_changed_name(caseworker):
    case = open_case(caseworker, name="Jovan Jovanović", latin="Jovan Jovanovic")
    actions.update_person(actor=Actor(user=caseworker), case=case, revision=case.revision,
                          data={"name": "Đorđe Đurić", "name_latin": "Djordje Djuric"})  # fmt: skip
    visible = queries.cases_visible_to(caseworker)
    assert not queries.search_cases(visible, name="Jovan Jovanovic").exists()
    assert list(queries.search_cases(visible, name="Ђорђе Ђурић")) == [case]


def test_search_keeps_to_the_users_organisation(caseworker, outsider_same_country):
    open_case(caseworker, name="Marko Petrović", latin="Marko Petrovic")
    theirs = queries.cases_visible_to(outsider_same_country)
    assert not queries.search_cases(theirs, name="Marko Petrovic").exists()


def test_key_rotation_re_encrypts_case_data_with_nothing_lost(caseworker, settings):
    import io

    from django.core.management import call_command

    from ctis.core.encryption import generate_key

    case = open_case(caseworker, person={"address": "Sunflower Street 7"})
    actions.add_note(actor=Actor(user=caseworker), case=case, text="Interpreter for Dari needed")
    new_key = generate_key()
    settings.CTIS_DATA_KEYS = f"{settings.CTIS_DATA_KEYS},9:{new_key}"
    call_command("keys", "rotate", stdout=io.StringIO())
    settings.CTIS_DATA_KEYS = f"9:{new_key}"
    with connection.cursor() as cursor:
        cursor.execute("SELECT name, address FROM cases_person")
        assert all(value.startswith("e2:9:") for value in cursor.fetchone())
    again = Case.objects.get(pk=case.pk)
    assert again.person.name == "Зорислава Ђурђевић"
    assert again.person.address == "Sunflower Street 7"
    assert again.notes.get().text == "Interpreter for Dari needed"
    assert list(
        queries.search_cases(queries.cases_visible_to(caseworker), name="Zorislava Djurdjevic")
    ) == [again]
