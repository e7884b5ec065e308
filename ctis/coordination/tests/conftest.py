from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from conftest import SYSTEM, _country
from ctis.coordination import actions
from ctis.coordination.models import Meeting


def make_meeting(title: str, level: str, host: str, organisations=()):
    return actions.create_meeting(
        actor=SYSTEM,
        data={
            "title": title,
            "level": level,
            "date": timezone.localdate() - timedelta(days=30),
            "host_country": _country(host),
            "place": "Test Town",
            "agenda": "Test agenda",
            "decisions": "Test decision",
        },
        organisations=organisations,
    )


@pytest.fixture
def regional_me(organisations):
    """A regional meeting hosted in Montenegro: every programme manager sees it."""
    return make_meeting(
        "Test regional Podgorica",
        Meeting.Level.REGIONAL,
        "ME",
        [organisations["office_mk"], organisations["office_ba"]],
    )


@pytest.fixture
def national_rs(organisations):
    return make_meeting("Test national Belgrade", Meeting.Level.NATIONAL, "RS")


@pytest.fixture
def national_mk(organisations):
    return make_meeting("Test national Skopje", Meeting.Level.NATIONAL, "MK")


def item(meeting, owner, due_in: int, description: str = "Test item"):
    return actions.add_action_item(
        actor=SYSTEM,
        meeting=meeting,
        description=description,
        owner=owner,
        due_date=timezone.localdate() + timedelta(days=due_in),
    )
