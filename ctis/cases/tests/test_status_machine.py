"""The identification status machine, edge by edge (no database)."""

from __future__ import annotations

import datetime

import pytest

from ctis.cases import status as machine
from ctis.cases.status import Status as S

# Written out by hand, not derived from ALLOWED_TRANSITIONS: a change to the map must change this.
ALLOWED = {
    ("screened", "potential"), ("screened", "not_a_victim"), ("screened", "withdrawn"),
    ("screened", "lost_contact"),
    ("potential", "presumed"), ("potential", "not_a_victim"), ("potential", "withdrawn"),
    ("potential", "lost_contact"),
    ("presumed", "identified"), ("presumed", "not_a_victim"), ("presumed", "withdrawn"),
    ("presumed", "lost_contact"),
    ("identified", "withdrawn"), ("identified", "lost_contact"),
    ("not_a_victim", "presumed"),
    ("withdrawn", "potential"), ("withdrawn", "presumed"), ("withdrawn", "identified"),
    ("lost_contact", "potential"), ("lost_contact", "presumed"), ("lost_contact", "identified"),
    ("lost_contact", "withdrawn"),
}  # fmt: skip
STATUSES = ["screened", "potential", "presumed", "identified", "not_a_victim", "withdrawn",
            "lost_contact"]  # fmt: skip


@pytest.mark.parametrize("current", STATUSES)
@pytest.mark.parametrize("new", STATUSES)
def test_every_transition_is_allowed_or_forbidden_as_written(current, new):
    assert machine.can_change(current, new) is ((current, new) in ALLOWED)


def test_formal_identification_needs_reasonable_grounds_first():
    assert not machine.can_change("potential", "identified")
    assert not machine.can_change("screened", "presumed")


def test_no_status_changes_to_itself_and_unknown_statuses_never_change():
    assert not any(machine.can_change(s, s) for s in STATUSES)
    assert not machine.can_change("potential", "rescued")
    assert not machine.can_change("unknown", "potential")


def test_next_statuses_follow_the_path_order():
    assert machine.next_statuses("presumed") == [
        S.IDENTIFIED,
        S.NOT_A_VICTIM,
        S.WITHDRAWN,
        S.LOST_CONTACT,
    ]


def test_the_case_model_uses_the_machines_statuses():
    from ctis.cases.models import Case

    assert set(Case.Status.values) == {s.value for s in S}


def test_the_reflection_period_counts_its_first_day():
    start = datetime.date(2026, 3, 1)
    end = machine.reflection_end(start, 30)
    assert end == datetime.date(2026, 3, 30)
    assert machine.days_left(end, start) == 30
    assert machine.days_left(end, end) == 1
    assert machine.days_left(end, end + datetime.timedelta(days=1)) == 0
    with pytest.raises(ValueError):
        machine.reflection_end(start, 0)


def test_age_groups():
    born = datetime.date(2010, 6, 15)
    assert machine.age_on(born, datetime.date(2026, 6, 14)) == 15
    assert machine.age_on(born, datetime.date(2026, 6, 15)) == 16
    # CTDC ageBroad bands
    assert machine.age_group(17) == "9-17" and machine.is_child_group("9-17")
    assert machine.age_group(18) == "18-20" and not machine.is_child_group("18-20")
    assert machine.age_group(None) == "unknown"
