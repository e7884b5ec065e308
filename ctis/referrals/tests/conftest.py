"""Fixtures of the referral tests.

Marko (caseworker, NGO in Belgrade) holds a case; receivers are a shelter in Bosnia and
Herzegovina (another country) and a shelter in Serbia (same country); Omar (NGO in Bihać) is an
outsider to everything.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from ctis.accounts.models import User
from ctis.accounts.roles import Role
from ctis.audit.context import Actor
from ctis.cases import actions as case_actions
from ctis.cases.models import Case
from ctis.cases.tests.conftest import open_case
from ctis.referrals import actions
from ctis.referrals.models import Referral

ALL_PURPOSES = ("services", "disclosure", "cross_border")


@pytest.fixture
def receiver_abroad(make_user: Callable[..., User]) -> User:
    """A caseworker of a shelter in another country (BA)."""
    return make_user("selma", Role.CASEWORKER, "shelter_ba")


@pytest.fixture
def receiver_home(make_user: Callable[..., User]) -> User:
    """A caseworker of a shelter in the same country (RS)."""
    return make_user("jovana", Role.CASEWORKER, "shelter_rs")


def consent(user: User, case: Case, *purposes: str, given: bool = True) -> None:
    for purpose in purposes:
        case_actions.record_consent(actor=Actor(user=user), case=case, purpose=purpose, given=given)


@pytest.fixture
def case(caseworker: User) -> Case:
    """An open case of Marko's NGO with every consent a referral may need."""
    opened = open_case(
        caseworker,
        person={
            "nationality": "SRB",
            "languages": "sr en",
            "address": "Ulica Primera 1, Beograd",
            "birth_date": __import__("datetime").date(1998, 4, 2),
            "document_numbers": "P1234567",
        },
    )
    consent(caseworker, opened, *ALL_PURPOSES)
    return opened


def refer(user: User, case: Case, to: User, **kwargs: Any) -> Referral:
    kwargs.setdefault("sharing_level", "minimal")
    return actions.refer(
        actor=Actor(user=user), case=case, to_organisation=to.organisation, **kwargs
    )


def move(user: User, referral: Referral, to: str, reason: str = "") -> Referral:
    actions.change_status(actor=Actor(user=user), referral=referral, to=to, reason=reason)
    return Referral.objects.get(pk=referral.pk)
