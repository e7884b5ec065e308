"""Person search forgives spelling: one name alone, either order, a letter or two off, another
script; and never reaches a person outside what the user may see."""

from __future__ import annotations

import io

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import CommandError, call_command
from django.urls import reverse

from ctis.cases import queries
from ctis.cases.models import Person
from ctis.cases.tests.conftest import open_case
from ctis.core.fields import sync_blind_indexes
from ctis.core.models import BlindIndex


def found(user, name: str) -> list[str]:  # type: ignore[no-untyped-def]
    return [
        item.case.code for item in queries.find_cases(queries.cases_visible_to(user), name=name)
    ]


def test_typos_one_name_either_order_and_other_scripts_are_found(caseworker):
    marko = open_case(caseworker, name="Марко Петровић", latin="Marko Petrović").code
    jelena = open_case(caseworker, name="Jelena Marković", latin="Jelena Marković").code
    hamid = open_case(caseworker, name="حمید احمدی", latin="Hamid Ahmadi").code
    open_case(caseworker, name="Ivana Nikolić", latin="Ivana Nikolic")
    cases = {
        "Petrovik": [marko],  # one wrong letter
        "Petrvoić Marko": [marko],  # two wrong letters (swapped), and surname first
        "Petrović": [marko],  # surname alone
        "Marko": [marko],  # given name alone
        "Петровић Марко": [marko],  # Cyrillic, swapped
        "Jelna": [jelena],  # a letter missing
        "Јелена": [jelena],  # Cyrillic query, Latin record
        "Markovic Jelena": [jelena],
        "Ahmadi": [hamid],  # Latin query, the name as written is in Arabic script
        "احمدی": [hamid],
        "Hamed Ahmadi": [hamid],  # variant spelling of Hamid
    }
    for query, expected in cases.items():
        assert found(caseworker, query) == expected, query


def test_exact_matches_come_before_close_ones(caseworker):
    close = open_case(caseworker, name="Marko Petrić", latin="Marko Petric").code
    exact = open_case(caseworker, name="Marko Petrović", latin="Marko Petrovic").code
    result = queries.find_cases(queries.cases_visible_to(caseworker), name="Marko Petrović")
    assert [item.case.code for item in result] == [exact, close]
    assert [item.exact for item in result] == [True, False]


def test_unrelated_and_too_distant_names_are_not_found(caseworker):
    open_case(caseworker, name="Ivana Petrović", latin="Ivana Petrovic")
    for query in ("Ana", "Jovanović", "Petrov Ilić", "Milena"):
        assert found(caseworker, query) == [], query


def test_a_person_outside_the_users_scope_is_never_found(caseworker, outsider_same_country):
    open_case(caseworker, name="Марко Петровић", latin="Marko Petrović")
    for query in ("Marko Petrović", "Petrovik", "Marko", "Петровић"):
        assert found(outsider_same_country, query) == [], query


def test_search_page_shows_close_matches_marked(caseworker, verified_client):
    case = open_case(caseworker, name="Jelena Marković", latin="Jelena Markovic")
    client = verified_client(caseworker)
    response = client.post(reverse("cases:search"), {"name": "Jelna", "code": ""})
    assert response.status_code == 200
    assert case.code in response.text
    assert "close spelling or part of the name" in response.text


def test_keys_reindex_backfills_the_forgiving_index_resumably(caseworker):
    marko = open_case(caseworker, name="Марко Петровић", latin="Marko Petrović").code
    jelena = open_case(caseworker, name="Jelena Marković", latin="Jelena Markovic").code
    content_type = ContentType.objects.get_for_model(Person)
    fuzzy = BlindIndex.objects.filter(content_type=content_type, purpose__endswith="~fuzzy")
    assert fuzzy.exists()
    # As before the upgrade: people have no forgiving index.
    fuzzy.delete()
    assert found(caseworker, "Petrovik") == []
    out = io.StringIO()
    with pytest.raises(CommandError, match="problems found"):
        call_command("keys", "check", stdout=out)
    assert "blind indexes missing or stale" in out.getvalue()
    # A first run interrupted after one person: the second run does only what is left.
    sync_blind_indexes(Person.objects.get(cases__code=jelena))
    out = io.StringIO()
    call_command("keys", "reindex", stdout=out)
    assert "1 re-indexed" in out.getvalue().split("cases.Person:")[1].splitlines()[0]
    assert found(caseworker, "Petrovik") == [marko]
    assert found(caseworker, "Jelna") == [jelena]
    out = io.StringIO()
    call_command("keys", "check", stdout=out)
    assert "blind indexes are current" in out.getvalue()
    out = io.StringIO()
    call_command("keys", "reindex", stdout=out)
    assert "cases.Person: 0 re-indexed" in out.getvalue()


def test_a_new_index_key_rebuilds_the_forgiving_index_with_the_rest(caseworker, settings):
    from ctis.core.encryption import generate_key

    marko = open_case(caseworker, name="Марко Петровић", latin="Marko Petrović").code
    settings.CTIS_BLIND_INDEX_KEY = generate_key()
    assert found(caseworker, "Petrovik") == []  # old digests no longer match
    call_command("keys", "rotate", stdout=io.StringIO())
    assert found(caseworker, "Petrovik") == [marko]
    assert found(caseworker, "Marko Petrović") == [marko]
