"""Fictional flow-monitoring interviews in every country, imported through the real import.

3,800 synthetic interviews, deterministic (fixed seed), with about 7% answering yes to at
least one indicator, more among people who travel alone or young men, and more in some months.
Loading again imports nothing new (imports are idempotent on submission_id).
"""

from __future__ import annotations

import csv
import io
import random
from datetime import date, timedelta

from ctis.accounts.models import Organisation
from ctis.audit.context import Actor
from ctis.surveys import actions
from ctis.surveys.models import Survey

ACTOR = Actor.system("demo loader")
NAME = "fms-demo-2017"
INTERVIEWS = 3800
ITEMS = ("unpaid_work", "forced_work", "job_offer", "marriage_offer", "held_against_will")
COUNTRIES = {"RS": 0.30, "BA": 0.22, "MK": 0.18, "AL": 0.12, "ME": 0.10, "XK": 0.08}
NATIONALITIES = {
    "AFG": 0.34,
    "SYR": 0.22,
    "PAK": 0.16,
    "IRQ": 0.12,
    "MAR": 0.06,
    "BGD": 0.05,
    "IRN": 0.05,
}
ROUTE = {
    "AFG": "IR TR BG",
    "SYR": "TR GR",
    "PAK": "IR TR GR",
    "IRQ": "TR GR",
    "MAR": "TR GR",
    "BGD": "TR GR",
    "IRN": "TR BG",
}


def _pick(rng: random.Random, weights: dict[str, float]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def rows(seed: int = 1042) -> list[dict[str, str]]:
    rng = random.Random(seed)  # noqa: S311 - synthetic demo data
    start = date(2017, 1, 9)
    out = []
    for number in range(1, INTERVIEWS + 1):
        sex = "male" if rng.random() < 0.82 else "female"
        age = max(9, min(70, int(rng.gauss(26, 9))))
        nationality = _pick(rng, NATIONALITIES)
        travelling = rng.choices(["alone", "family", "group_non_family"], [0.45, 0.35, 0.20])[0]
        country = _pick(rng, COUNTRIES)
        day = start + timedelta(days=rng.randrange(0, 330))
        risk = (
            0.035
            + (0.04 if travelling == "alone" else 0)
            + (0.02 if 14 <= age <= 24 and sex == "male" else 0)
        )
        risk *= 1.4 if day.month in (6, 7, 8) else 1.0
        row = {
            "submission_id": f"demo-{number:05d}",
            "instrument_version": "fms-ct-2017",
            "survey_date": day.isoformat(),
            "country_of_interview": country,
            "location": f"Demo point {country}-{rng.randint(1, 3)}",
            "enumerator_id": f"DEMO-ENUM-{rng.randint(1, 12):02d}",
            "sex": sex,
            "age": str(age),
            "nationality": nationality,
            "country_of_departure": nationality,
            "travelling_with": travelling,
            "journey_days": str(rng.randint(5, 400)),
            "countries_transited": ROUTE[nationality],
            "intended_destination": rng.choice(["DEU", "AUT", "FRA", "ITA", "SWE"]),
        }
        positive = rng.random() < risk
        hits = set(rng.sample(ITEMS, rng.choice([1, 1, 1, 2, 3]))) if positive else set()
        for item in ITEMS:
            roll = rng.random()
            row[f"ht_{item}"] = (
                "yes"
                if item in hits
                else ("dont_know" if roll < 0.01 else "refused" if roll < 0.015 else "no")
            )
            if item in hits:
                row[f"ht_{item}_country"] = rng.choice(["TR", "BG", "GR", "RS"])
            if travelling == "family":
                row[f"htf_{item}"] = "yes" if rng.random() < 0.01 else "no"
        row["ht_organ_offer"] = "yes" if rng.random() < 0.004 else "no"
        row["ht_physical_violence"] = "yes" if rng.random() < 0.06 else "no"
        out.append(row)
    return out


def as_csv(data: list[dict[str, str]]) -> bytes:
    columns: dict[str, None] = {}
    for row in data:
        columns.update(dict.fromkeys(row))
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(columns), lineterminator="\n")
    writer.writeheader()
    writer.writerows(data)
    return buffer.getvalue().encode()


def load() -> None:
    survey = Survey.objects.filter(name=NAME).first()
    if survey is None:
        organisation = Organisation.objects.get(
            name="Regional Programme Office (demo)", country__isnull=True
        )
        survey = actions.create_survey(
            actor=ACTOR,
            name=NAME,
            title="Flow monitoring 2017, Western Balkans (demo)",
            organisation=organisation,
        )
    if survey.submissions.exists():
        return
    batch = actions.import_file(
        actor=ACTOR, survey=survey, data=as_csv(rows()), file_name="fms-demo-2017.csv"
    )
    if batch.status != "imported":
        raise RuntimeError(f"demo survey import failed: {batch.problem_list[:3]}")
