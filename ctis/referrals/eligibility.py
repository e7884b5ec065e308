"""Whether a person fits a directory service's eligibility (sex, age range, languages).

A mismatch never blocks a referral: the sender is warned before sending and may override,
and the override is recorded on the referral and audited. Unknown values do not mismatch.
"""

from __future__ import annotations

import datetime

from ctis.cases import status as case_status
from ctis.cases.models import Person
from ctis.directory.models import Service


def _age_mismatch(service: Service, person: Person, today: datetime.date) -> bool:
    if service.min_age is None and service.max_age is None:
        return False
    low_limit = service.min_age if service.min_age is not None else 0
    high_limit = service.max_age if service.max_age is not None else 200
    if person.birth_date is not None:
        age = case_status.age_on(person.birth_date, today)
        return not low_limit <= age <= high_limit
    # Only the age group is known: a mismatch only if the whole group is outside the range.
    for name, low, high in case_status.AGE_GROUPS:
        if name == person.age_group:
            return high < low_limit or low > high_limit
    return False


def mismatches(service: Service, person: Person, today: datetime.date) -> list[str]:
    """The eligibility rules (``models.ELIGIBILITY`` keys) the person does not meet."""
    found: list[str] = []
    if not service.serves(sex=person.sex):
        found.append("sex")
    if _age_mismatch(service, person, today):
        found.append("age")
    spoken = set(service.language_codes)
    if spoken and person.language_codes and not spoken & set(person.language_codes):
        found.append("language")
    return found
