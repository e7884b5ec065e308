"""Interviews for the dashboard tests: 40 in Serbia (10 yes to unpaid work), 6 in North
Macedonia (3 yes). Expected figures in the tests are worked out by hand from these rows."""

from __future__ import annotations

import pytest

from conftest import SYSTEM, _country
from ctis.surveys import actions as survey_actions
from ctis.surveys.demo import as_csv


def _rows() -> list[dict[str, str]]:
    """40 interviews in Serbia (10 yes to unpaid work) and 6 in North Macedonia (3 yes)."""
    rows = []
    for number in range(46):
        country = "RS" if number < 40 else "MK"
        positive = number < 10 or 40 <= number < 43
        row = {
            "submission_id": f"t-{number}",
            "instrument_version": "fms-ct-2017",
            "survey_date": f"2017-0{1 + number % 3}-15",
            "country_of_interview": country,
            "sex": "female" if number % 2 else "male",
            "age": str(20 + number % 30),
            "travelling_with": "alone",
        }
        for item in (
            "unpaid_work",
            "forced_work",
            "job_offer",
            "marriage_offer",
            "held_against_will",
        ):
            row[f"ht_{item}"] = "yes" if positive and item == "unpaid_work" else "no"
        if positive:
            row["ht_unpaid_work_country"] = "TR"
        rows.append(row)
    return rows


@pytest.fixture
def interviews(organisations):
    survey = survey_actions.create_survey(
        actor=SYSTEM, name="test-fms", title="Test FMS", organisation=organisations["regional"]
    )
    batch = survey_actions.import_file(
        actor=SYSTEM, survey=survey, data=as_csv(_rows()), file_name="t.csv"
    )
    assert batch.status == "imported", batch.problem_list[:3]
    _country("MK")
    return survey
