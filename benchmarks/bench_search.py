"""Forgiving person search at 10,000 people (``python -m benchmarks search``).

In a child process on a fresh SQLite file: 10,000 people with synthetic names (Latin,
Serbian Cyrillic, Arabic script), their blind indexes written as the actions write them
(``sync_blind_indexes``); then queries with typos, one name alone, swapped order and another
script, through ``ctis.cases.queries.find_cases`` over every case (the widest scope). Prints
index rows per person, indexing rate, and query time (median and worst) with the number of
candidates decrypted. ``CTIS_BENCH_SEARCH_PEOPLE`` changes the count.
"""

from __future__ import annotations

import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PEOPLE = int(os.environ.get("CTIS_BENCH_SEARCH_PEOPLE", "10000"))
SEED = 20261207
GIVEN = ["Jelena", "Марко", "Đorđe", "Mohammed", "حمید", "Drita", "Ana", "Fatima", "Yusuf",
         "Ivan", "Milica", "Nikola", "Аleksandar", "Zainab", "Besnik", "Vesna", "Goran", "Ajla",
         "Emina", "Tijana", "Stefan", "Хамид", "Karim", "Dragana", "Arben", "Selma"]  # fmt: skip
FAMILY = ["Petrović", "Ђурић", "Hasan", "Berisha", "Kovač", "حسين", "Popovski", "Al-Hassan",
          "Jovanović", "Nikolić", "Marković", "احمدی", "Krasniqi", "Hodžić", "Stojanovski",
          "Ilić", "Babić", "Rahimi", "Mehmedović", "Šarić", "Karimi", "Kovačević", "Gashi",
          "Tasevski", "Lukić", "Nazari", "Begović", "Pavlović", "Stanković", "Osmani"]  # fmt: skip
QUERIES = ["Petrovik", "Jelna Markovic", "Petrović Marko", "Hodzic", "Ахмади", "Ahmadi Hamid",
           "Krasniki", "Stankovik Goran", "Ђурић", "Selma"]  # fmt: skip


def main() -> None:
    from ctis.core.encryption import generate_key

    with tempfile.TemporaryDirectory() as tmp:
        env = {
            **os.environ,
            "CTIS_ENV": "development",
            "CTIS_VAR_DIR": tmp,
            "DATABASE_URL": f"sqlite:///{Path(tmp) / 'bench.sqlite3'}",
            "DJANGO_SETTINGS_MODULE": "ctis.settings",
            "CTIS_DATA_KEYS": f"1:{generate_key()}",
            "CTIS_BLIND_INDEX_KEY": generate_key(),
        }
        subprocess.run(
            [sys.executable, "-m", "benchmarks.bench_search", "--child"], env=env, check=True
        )


def _child() -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import transaction
    from django.utils import timezone

    from ctis.accounts.models import Country, Organisation, User
    from ctis.cases import queries
    from ctis.cases.models import Case, Person
    from ctis.core.fields import sync_blind_indexes
    from ctis.core.models import BlindIndex

    call_command("migrate", verbosity=0)
    rng = random.Random(SEED)
    country, _ = Country.objects.get_or_create(code="RS", defaults={"name": "Serbia"})
    organisation = Organisation.objects.create(name="Bench NGO", kind="ngo", country=country)
    now = timezone.now()
    user = User.objects.create_user(username="bench", password=None)
    names = [f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}" for _ in range(PEOPLE)]
    started = time.perf_counter()
    with transaction.atomic():
        people = Person.objects.bulk_create(
            Person(code=f"P{i:07d}", name=name, name_latin=name) for i, name in enumerate(names)
        )
        Case.objects.bulk_create(
            Case(
                code=f"C{i:07d}",
                person=person,
                organisation=organisation,
                country=country,
                status_changed_at=now,
                opened_at=now,
                opened_by=user,
            )
            for i, person in enumerate(people)
        )
    created = time.perf_counter() - started
    started = time.perf_counter()
    with transaction.atomic():
        for person in people:
            sync_blind_indexes(person)
    indexing = time.perf_counter() - started
    rows = BlindIndex.objects.count()
    print(f"{'people (and cases), created':<44} {PEOPLE:>12,}   ({created:.1f} s)")
    print(f"{'blind-index rows per person (all families)':<44} {rows / PEOPLE:>12.1f}")
    print(
        f"{'indexing (sync_blind_indexes), SQLite':<44} {PEOPLE / indexing:>12,.0f} people/s"
        f"   ({indexing:.1f} s)"
    )
    scope = Case.objects.select_related("person")
    timings: list[float] = []
    for query in QUERIES:
        started = time.perf_counter()
        found = queries.find_cases(scope, name=query)
        seconds = time.perf_counter() - started
        timings.append(seconds)
        close = sum(not item.exact for item in found)
        print(
            f"  query {query!r:<24} {seconds * 1000:>8.0f} ms   {len(found):>3} found "
            f"({close} close)"
        )
    print(
        f"{'find_cases at ' + format(PEOPLE, ',') + ' people, median':<44} "
        f"{statistics.median(timings) * 1000:>12.0f} ms   (worst {max(timings) * 1000:.0f} ms, "
        f"at most {queries.FUZZY_CANDIDATES} candidates decrypted)"
    )


if __name__ == "__main__":
    if sys.argv[1:] == ["--child"]:
        _child()
    else:
        main()
