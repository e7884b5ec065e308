"""Fixtures of the case tests: a completed screening with a case request, and open cases."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from ctis.accounts.models import User
from ctis.audit.context import Actor
from ctis.cases import actions
from ctis.cases.actions import Decision
from ctis.cases.models import Case
from ctis.screening import actions as screening_actions
from ctis.screening.models import Screening

CONSENT = dict.fromkeys(
    ("consent_interview", "told_purpose", "told_uses", "told_research", "told_right_to_see",
     "told_retention", "told_withdrawal"),
    True,
)  # fmt: skip
PATTERN = ("dr.nature_of_job", "dr.wages", "ex.excessive_hours", "ex.low_no_salary",
           "cd.isolation", "cd.document_confiscation")  # fmt: skip

# Fictional names; distinctive, so a stray copy anywhere in the database would be ours.
NAME_CYRILLIC = "Зорислава Ђурђевић"
NAME_LATIN = "Zorislava Đurđević"


def completed_screening(user: User, *, age: int = 24, request: bool = True) -> Screening:
    actor = Actor(user=user)
    screening = screening_actions.start_screening(actor=actor, consent=CONSENT)
    screening_actions.save_profile(
        actor=actor,
        screening=screening,
        revision=screening.revision,
        data={"age": age, "sex": "female", "nationality": "SRB", "exploitation": "labour"},
    )
    screening_actions.save_answers(
        actor=actor,
        screening=screening,
        revision=screening.revision,
        answers=dict.fromkeys(PATTERN, "yes"),
    )
    screening_actions.complete_screening(
        actor=actor, screening=screening, revision=screening.revision
    )
    if request:
        screening_actions.request_case(
            actor=actor,
            screening=screening,
            consent={"consent_services": True, "consent_disclosure": True},
        )
    return Screening.objects.get(pk=screening.pk)


def decision(on: datetime.date | None = None, **overrides: Any) -> Decision:
    values: dict[str, Any] = {
        "deciding_org_type": "other_governmental",
        "deciding_body": "Centre for Protection of Trafficking Victims",
        "decided_on": on or datetime.date.today(),
        "grounds": "Interview of the identification team.",
    }
    values.update(overrides)
    return Decision(**values)


def open_case(user: User, *, name: str = NAME_CYRILLIC, latin: str = NAME_LATIN,
              **kwargs: Any) -> Case:  # fmt: skip
    return actions.open_case(
        actor=Actor(user=user),
        person={"name": name, "name_script": "Cyrl", "name_latin": latin, "sex": "female",
                "phone": "+000 60 123 4567", **kwargs.pop("person", {})},
        **kwargs,
    )  # fmt: skip


@pytest.fixture
def case(caseworker: User) -> Case:
    return open_case(caseworker)


def fresh(case: Case) -> Case:
    return Case.objects.select_related("person", "organisation", "country").get(pk=case.pk)
