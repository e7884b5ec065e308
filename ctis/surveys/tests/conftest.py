"""Fixtures of the survey tests: a survey, the recorded files, and the rows they must give.

EXPECTED is written by hand from the fixture files (three fictional interviews), never
computed by the code under test.
"""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from ctis.audit.context import Actor
from ctis.surveys import actions

FIXTURES = Path(__file__).parent / "fixtures"
SYSTEM = Actor.system("test setup")
D = datetime.date

_BLANK_FAMILY = {
    f"htf_{item}": None
    for item in (
        "unpaid_work",
        "forced_work",
        "job_offer",
        "marriage_offer",
        "held_against_will",
        "organ_offer",
        "physical_violence",
    )
}

EXPECTED: dict[str, dict[str, object]] = {
    "0f1e2d3c-0000-4000-8000-00000000a001": {
        "instrument_version": "fms-ct-2017",
        "survey_date": D(2017, 3, 14),
        "country_of_interview": "RS",
        "location": "Test point North (fictional)",
        "enumerator_id": "ENUM-TEST-01",
        "stratum": None,
        "cluster": None,
        "weight": None,
        "sex": "male",
        "age": 24,
        "nationality": "AFG",
        "country_of_departure": "AFG",
        "education": "primary",
        "employment_before": "unemployed_seeking",
        "marital_status": "single",
        "reasons_for_leaving": "conflict economic",
        "travelling_with": "alone",
        "journey_days": 45.0,
        "journey_cost_usd": 2500.0,
        "countries_transited": "IR TR BG",
        "intended_destination": "DEU",
        "ht_unpaid_work": "yes",
        "ht_forced_work": "no",
        "ht_job_offer": "yes",
        "ht_marriage_offer": "no",
        "ht_held_against_will": "no",
        "ht_organ_offer": "no",
        "ht_physical_violence": "dont_know",
        **_BLANK_FAMILY,
        "ht_unpaid_work_country": "TR",
        "ht_forced_work_country": None,
        "ht_job_offer_country": "BG",
        "ht_marriage_offer_country": None,
        "ht_held_against_will_country": None,
        "ht_organ_offer_country": None,
        "ht_physical_violence_country": None,
    },
    "0f1e2d3c-0000-4000-8000-00000000a002": {
        "instrument_version": "fms-ct-2017",
        "survey_date": D(2017, 3, 14),
        "country_of_interview": "RS",
        "location": "Test point North (fictional)",
        "enumerator_id": "ENUM-TEST-02",
        "stratum": None,
        "cluster": None,
        "weight": None,
        "sex": "female",
        "age": 31,
        "nationality": "SYR",
        "country_of_departure": "TUR",
        "education": "upper_secondary",
        "employment_before": "employed",
        "marital_status": "married",
        "reasons_for_leaving": "conflict family",
        "travelling_with": "family",
        "journey_days": 20.0,
        "journey_cost_usd": 1800.5,
        "countries_transited": "TR GR MK",
        "intended_destination": "DEU",
        "ht_unpaid_work": "no",
        "ht_forced_work": "no",
        "ht_job_offer": "no",
        "ht_marriage_offer": "no",
        "ht_held_against_will": "yes",
        "ht_organ_offer": "no",
        "ht_physical_violence": "refused",
        "htf_unpaid_work": "no",
        "htf_forced_work": "no",
        "htf_job_offer": "yes",
        "htf_marriage_offer": "no",
        "htf_held_against_will": "no",
        "htf_organ_offer": "no",
        "htf_physical_violence": "no",
        "ht_unpaid_work_country": None,
        "ht_forced_work_country": None,
        "ht_job_offer_country": None,
        "ht_marriage_offer_country": None,
        "ht_held_against_will_country": "MK",
        "ht_organ_offer_country": None,
        "ht_physical_violence_country": None,
    },
    "0f1e2d3c-0000-4000-8000-00000000a003": {
        "instrument_version": "fms-ct-2017",
        "survey_date": D(2017, 3, 15),
        "country_of_interview": "MK",
        "location": "Test point South (fictional)",
        "enumerator_id": "ENUM-TEST-03",
        "stratum": None,
        "cluster": None,
        "weight": None,
        "sex": "male",
        "age": 16,
        "nationality": "IRQ",
        "country_of_departure": "IRQ",
        "education": "lower_secondary",
        "employment_before": "student",
        "marital_status": "single",
        "reasons_for_leaving": "persecution",
        "travelling_with": "group_non_family",
        "journey_days": 60.0,
        "journey_cost_usd": 3000.0,
        "countries_transited": "TR GR",
        "intended_destination": "SWE",
        "ht_unpaid_work": "no",
        "ht_forced_work": "yes",
        "ht_job_offer": "no",
        "ht_marriage_offer": "no",
        "ht_held_against_will": "no",
        "ht_organ_offer": "no",
        "ht_physical_violence": "yes",
        **_BLANK_FAMILY,
        "ht_unpaid_work_country": None,
        "ht_forced_work_country": "GR",
        "ht_job_offer_country": None,
        "ht_marriage_offer_country": None,
        "ht_held_against_will_country": None,
        "ht_organ_offer_country": None,
        "ht_physical_violence_country": "GR",
    },
}


def fixture_bytes(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


@pytest.fixture
def survey(organisations):  # type: ignore[no-untyped-def]
    from ctis.accounts.models import Country

    return actions.create_survey(
        actor=SYSTEM,
        name="fms-test-2017",
        title="Test flow monitoring 2017 (fictional)",
        organisation=organisations["regional"],
        country=Country.objects.get(code="RS"),
    )
