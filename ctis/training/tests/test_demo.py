from __future__ import annotations

import pytest

from ctis.accounts.countries import REGION
from ctis.accounts.models import Country
from ctis.training import demo, queries
from ctis.training.models import Participant, Session

# Demo data is a development convenience; production mode refuses it.
pytestmark = pytest.mark.usefixtures("development_mode")


def _countries():
    for code, name in REGION.items():
        Country.objects.get_or_create(code=code, defaults={"name": name})


def test_the_demo_training_has_24_officers_and_loads_once(db):
    _countries()
    session = demo.load()
    demo.load()
    assert Session.objects.count() == 1
    assert Participant.objects.filter(session=session).count() == 24
    assert [d.isoformat() for d in session.days] == [
        session.start_date.isoformat(),
        session.end_date.isoformat(),
    ]
    # Trained: the rule of the certificates; the officer who missed day two is not.
    counts = queries.trained_counts(queries.participants_for_report())
    eligible = queries.certificate_eligible(session, queries.participants_of(session))
    assert counts["total"] == len(eligible) == 23
    assert counts["by_agency_type"]["interior_police"] == 23
    assert counts["by_sex"] == {"female": 11, "male": 12, "not_stated": 0}  # he is a man
    assert counts["by_country"] == {"AL": 17, "ME": 3, "XK": 3}


def test_demo_knowledge_gain_matches_a_hand_computation(db):
    _countries()
    session = demo.load()
    pairs = [
        (pre, post) for *_rest, pre, post in demo.OFFICERS if pre is not None and post is not None
    ]
    gain = queries.session_gain(session)
    assert gain.tested == len(pairs) == 22
    assert gain.mean_change == sum(post - pre for pre, post in pairs) / 22
    assert gain.improved == sum(1 for pre, post in pairs if post > pre) == 20


def test_the_officer_who_missed_day_two_gets_no_certificate(db):
    _countries()
    session = demo.load()
    eligible = queries.certificate_eligible(session, queries.participants_of(session))
    assert len(eligible) == 23
    assert demo.MISSED_DAY_TWO not in {p.name for p in eligible}
