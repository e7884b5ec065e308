from __future__ import annotations

from datetime import date

import pytest

from conftest import SYSTEM, _country
from ctis.training import actions
from ctis.training.models import Module, Session


@pytest.fixture
def modules(db):
    actions.ensure_standard_modules(actor=SYSTEM)
    return {m.code: m for m in Module.objects.all()}


def make_session(country: str, organiser, modules, *, title: str, days: int = 2) -> Session:
    start = date(2026, 10, 13)
    return actions.create_session(
        actor=SYSTEM,
        title=title,
        country=_country(country),
        place="Test Hall",
        start_date=start,
        end_date=date(2026, 10, 12 + days),
        organiser=organiser,
        modules=[modules["screening-identification"], modules["referral"]],
        trainers="Test Trainer",
    )


@pytest.fixture
def session_mk(organisations, modules):
    """A two-day session in North Macedonia (the coordinator's country)."""
    return make_session("MK", organisations["office_mk"], modules, title="Test Skopje screening")


@pytest.fixture
def session_rs(organisations, modules):
    """A two-day session in Serbia (the supervisor's country)."""
    return make_session("RS", organisations["ngo_rs"], modules, title="Test Belgrade screening")


def add(session: Session, name: str, *, sex: str = "female", pre=None, post=None, country="MK"):
    return actions.add_participant(
        actor=SYSTEM,
        session=session,
        data={
            "name": name,
            "organisation_name": "Test Border Police",
            "agency_type": "interior_police",
            "role": "Officer",
            "sex": sex,
            "country": _country(country),
            "pre_score": pre,
            "post_score": post,
        },
    )
