"""Elena's statistics: screened, identified and referred in a period (a quarter by default),
by sex and age band (one named banding per population), suppressed as one table."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from ctis.accounts.roles import Role
from ctis.audit.context import Actor
from ctis.cases import actions
from ctis.cases.tests.conftest import completed_screening, decision
from ctis.core.period import quarter_of, recent_quarters
from ctis.referrals.tests.conftest import consent, move, refer
from ctis.screening.models import Screening
from ctis.screening.tests.test_statistics import _screen

DAY = datetime.timedelta(days=1)


@pytest.fixture
def exact(settings):  # type: ignore[no-untyped-def]
    settings.CTIS_SMALL_CELL_THRESHOLD = 1


def _grid(context_grid) -> dict[tuple[str, str], object]:  # type: ignore[no-untyped-def]
    """{(row label, column label): shown value} of a ``core/_grid.html`` context."""
    out = {}
    for label, cells, _total in context_grid["grid_rows"]:
        for column, value in zip(context_grid["column_labels"], cells, strict=True):
            out[(str(label), str(column))] = value
    return out


def test_the_period_defaults_to_this_quarter_and_offers_the_last_ones(verified_client, analyst):
    today = timezone.localdate()
    page = verified_client(analyst).get("/screening/statistics/")
    assert page.context["period"] == quarter_of(today)
    shortcuts = [code for code, _p in recent_quarters(today)][:4]
    html = page.content.decode()
    for code in shortcuts:  # links a thumb can reach
        assert f'href="?quarter={code}"' in html
    assert f'href="?quarter={shortcuts[0]}" aria-current="true"' in html
    chosen = recent_quarters(today)[1]
    page = verified_client(analyst).get("/cases/statistics/", {"quarter": chosen[0]})
    assert page.context["period"] == chosen[1]
    odd = verified_client(analyst).get(
        "/referrals/statistics/", {"start": "2026-03-02", "end": "2026-03-01"}
    )
    assert "The period ends before it starts." in odd.content.decode()


def test_screened_people_by_age_and_sex_in_the_flow_monitoring_bands(
    verified_client, make_user, coordinator, exact
):
    screener = make_user("mk.screener", Role.SCREENER, "office_mk")
    _screen(screener, age=16, sex="male", answers={})
    _screen(screener, age=30, sex="female", answers={})
    old = _screen(screener, age=30, sex="female", answers={})
    earlier = quarter_of(timezone.localdate()).start - 5 * DAY
    Screening.objects.filter(pk=old.pk).update(
        completed_at=timezone.make_aware(datetime.datetime.combine(earlier, datetime.time(12)))
    )
    page = verified_client(coordinator).get("/screening/statistics/")
    grids = {g["key"]: g for g in page.context["grids"]}
    cells = _grid(grids["age_sex"])
    assert cells[("14-17", "Male")] == 1 and cells[("25-34", "Female")] == 1
    assert grids["age_sex"]["grand_total"] == 2
    last = verified_client(coordinator).get(
        "/screening/statistics/", {"start": earlier.isoformat(), "end": earlier.isoformat()}
    )
    assert _grid(last.context["grids"][0])[("25-34", "Female")] == 1
    assert last.context["grids"][0]["grand_total"] == 1


def test_identified_and_referred_people_by_sex_in_the_ctdc_age_bands(
    verified_client, caseworker, analyst, make_user, exact
):
    actor = Actor(user=caseworker)
    cases = []
    for age, sex in ((16, "male"), (19, "female"), (33, "male")):
        screening = completed_screening(caseworker, age=age)
        case = actions.open_case(
            actor=actor,
            person={"name": "Test Person", "name_latin": "Test Person", "sex": sex},
            screening=screening,
        )
        actions.change_status(
            actor=actor, case=case, revision=case.revision, to="presumed", decision=decision()
        )
        cases.append(case)
    page = verified_client(analyst).get("/cases/statistics/")
    cells = _grid(page.context["victims"])
    assert cells[("9-17", "Male")] == 1
    assert cells[("18-20", "Female")] == 1
    assert cells[("30-38", "Male")] == 1
    assert page.context["victims"]["grand_total"] == 3

    receiver = make_user("olga.ba", Role.CASEWORKER, "shelter_ba")
    for case in cases[1:]:  # the adults
        consent(caseworker, case, "services", "disclosure", "cross_border")
        move(receiver, refer(caseworker, case, receiver), "accepted")
    page = verified_client(analyst).get("/referrals/statistics/")
    cells = _grid(page.context["people"])
    assert cells == {
        ("18-20", label): value
        for label, value in (("Female", 1), ("Male", 0), ("Other", 0), ("Not said", 0))
    } | {
        ("30-38", label): value
        for label, value in (("Female", 0), ("Male", 1), ("Other", 0), ("Not said", 0))
    }
    assert page.context["median_days"] is not None  # two accepted, threshold 1


def test_small_figures_are_hidden_with_their_complements(
    verified_client, caseworker, analyst, make_user, settings
):
    settings.CTIS_SMALL_CELL_THRESHOLD = 10
    actor = Actor(user=caseworker)
    receiver = make_user("olga.ba", Role.CASEWORKER, "shelter_ba")
    for n in range(12):
        case = actions.open_case(
            actor=actor,
            person={"name": "Test", "name_latin": "Test", "sex": "male" if n < 2 else "female",
                    "birth_date": datetime.date(1990, 1, 1)},
        )  # fmt: skip
        actions.change_status(
            actor=actor, case=case, revision=case.revision, to="presumed", decision=decision()
        )
        if n == 0:
            consent(caseworker, case, "services", "disclosure", "cross_border")
            move(receiver, refer(caseworker, case, receiver), "accepted")
    page = verified_client(analyst).get("/cases/statistics/")
    victims = page.context["victims"]
    assert victims["grand_total"] == 12
    assert victims["column_totals"][:2] == ["x", "<10"]  # women 10 would give men 2 away
    html = page.content.decode()
    assert "<td>2</td>" not in html and "<td>10</td>" not in html
    referrals = verified_client(analyst).get("/referrals/statistics/")
    assert referrals.context["median_days"] is None  # one acceptance describes one person
    assert "are shown once at least 10 referrals were accepted" in referrals.content.decode()
