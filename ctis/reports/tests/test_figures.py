"""The programme report's figures, each from one query per concept, checked against counts
this test makes itself from the rows it entered (through the pages where a user would)."""

from __future__ import annotations

import datetime
from collections import Counter

import pytest
from django.utils import timezone

from conftest import SYSTEM, _country, _org
from ctis.accounts.models import Organisation
from ctis.cases.models import Case, StatusDecision
from ctis.cases.tests.conftest import completed_screening
from ctis.core.period import quarter_of

DAY = datetime.timedelta(days=1)


@pytest.fixture
def exact(settings):  # type: ignore[no-untyped-def]
    """No suppression, so that every figure can be compared with the count made here."""
    settings.CTIS_SMALL_CELL_THRESHOLD = 1


def last_quarter() -> tuple[datetime.date, datetime.date]:
    this = quarter_of(timezone.localdate())
    last = quarter_of(this.start - DAY)
    return last.start, last.end


def _open(client, screening, *, status: str = "potential", decided_on=None) -> Case:  # type: ignore[no-untyped-def]
    data = {
        "name": "Test Person",
        "name_script": "Latn",
        "name_latin": "Test Person",
        "sex": "male",
        "status": status,
    }
    if decided_on is not None:
        data |= _decision(decided_on)
    response = client.post(f"/cases/open/{screening.public_id}/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return Case.objects.get(screening=screening)


def _decision(day: datetime.date) -> dict[str, str]:
    return {
        "deciding_org_type": "other_governmental",
        "deciding_body": "Test Identification Team",
        "decided_on": day.isoformat(),
        "grounds": "Test grounds.",
    }


def _decide(client, case: Case, to: str, day: datetime.date) -> None:  # type: ignore[no-untyped-def]
    case.refresh_from_db()
    response = client.post(
        f"/cases/{case.code}/status/", {"to": to, "revision": case.revision, **_decision(day)}
    )
    assert response.status_code == 302, response.content.decode()[:2000]


def _report(client, start, end, country: str):  # type: ignore[no-untyped-def]
    response = client.get(
        "/reports/", {"start": start.isoformat(), "end": end.isoformat(), "country": country}
    )
    assert response.status_code == 200
    return {s.key: s for s in response.context["report"].sections}


def test_back_dated_decisions_count_on_their_date_in_the_report(
    verified_client, caseworker, analyst, exact
):
    """Acceptance (issue 19): the report's identification figures equal an independent count
    with back-dated decisions entered through the page."""
    start, end = last_quarter()
    today = timezone.localdate()
    client = verified_client(caseworker)
    # Opened today as presumed, on a decision taken last quarter (the opening record says today).
    a = _open(
        client, completed_screening(caseworker), status="presumed", decided_on=start + 9 * DAY
    )
    # Opened today, then presumed and identified on dates of last quarter.
    b = _open(client, completed_screening(caseworker))
    _decide(client, b, "presumed", start + 4 * DAY)
    _decide(client, b, "identified", start + 20 * DAY)
    # Opened today and presumed today: nothing in last quarter.
    c = _open(client, completed_screening(caseworker))
    _decide(client, c, "presumed", today)
    # Presumed last quarter, identified this quarter: presumed at the end of last quarter.
    d = _open(client, completed_screening(caseworker))
    _decide(client, d, "presumed", start + 2 * DAY)
    _decide(client, d, "identified", today)

    # The count made here: each case at the last decision recorded among those dated by the
    # end of the period; counted when one of them is dated within it.
    def count(first: datetime.date, last: datetime.date) -> dict[int, str]:
        found: dict[int, str] = {}
        for case in (a, b, c, d):
            rows = StatusDecision.objects.filter(case=case).order_by("recorded_at", "pk")
            dated = [(r.decided_on, r.to_status) for r in rows if r.decided_on <= last]
            if any(first <= day for day, _status in dated):
                found[case.pk] = dated[-1][1]
        return found

    assert count(start, end) == {a.pk: "presumed", b.pk: "identified", d.pk: "presumed"}
    # Up to today, the opening records (dated today) are in the period too: the back-dated
    # decision recorded after them must still win.
    assert count(start, today) == {
        a.pk: "presumed", b.pk: "identified", c.pk: "presumed", d.pk: "identified"
    }  # fmt: skip
    labels = dict(Case.Status.choices)
    for first, last in ((start, end), (start, today)):
        expected = count(first, last)
        counted = Counter(expected.values())
        sections = _report(verified_client(analyst), first, last, "RS")
        identified = sections["identified"]
        headline = dict(identified.figures)["People with a status decision in the period"]
        assert headline == len(expected)
        table = {row[0]: row[1] for row in identified.tables[0].rows}
        assert table == {str(labels[s]): counted.get(s, 0) for s in labels}
        assert "Screened" in table and sum(table.values()) == headline  # adds up

    # The coordinators' page counts from the same query.
    page = verified_client(analyst).get(
        "/cases/statistics/", {"start": start.isoformat(), "end": end.isoformat()}
    )
    assert page.context["total"] == 3
    assert page.context["victims"]["grand_total"] == 3


def test_people_trained_are_those_the_certificates_name(
    verified_client, analyst, organisations, exact
):
    from ctis.training import actions, queries
    from ctis.training.models import Module

    actions.ensure_standard_modules(actor=SYSTEM)
    first = timezone.localdate() - 10 * DAY
    session = actions.create_session(
        actor=SYSTEM,
        title="Test two-day screening",
        country=_country("AL"),
        place="Test Hall",
        start_date=first,
        end_date=first + DAY,
        organiser=_org("AL", "Test Border Police Tirana", Organisation.Kind.INTERIOR_POLICE),
        modules=list(Module.objects.all()[:1]),
    )
    people = [
        actions.add_participant(
            actor=SYSTEM,
            session=session,
            data={
                "name": f"Test Officer {n}",
                "organisation_name": "Test Border Police",
                "agency_type": "interior_police",
                "role": "Officer",
                "sex": sex,
                "country": _country("AL"),
            },
        )
        for n, sex in enumerate(("female", "male", "male"))
    ]
    both, one_day = [first, first + DAY], [first]
    actions.record_attendance(
        actor=SYSTEM,
        session=session,
        present={
            people[0].public_id: both,
            people[1].public_id: both,
            people[2].public_id: one_day,
        },
    )
    independent = [p for p in people if {a.day for a in p.attendance.all()} >= set(session.days)]
    certified = queries.certificate_eligible(session, queries.participants_of(session))

    sections = _report(verified_client(analyst), first, timezone.localdate(), "AL")
    assert dict(sections["training"].figures)["People trained"] == len(independent) == 2
    assert {p.pk for p in certified} == {p.pk for p in independent}
    by_sex = {row[0]: row[1] for row in sections["training"].tables[0].rows}
    assert by_sex == {"Women": 1, "Men": 1}


def test_a_regional_meeting_counts_in_the_report_of_every_country_that_attended(
    verified_client, analyst, organisations, exact
):
    from ctis.coordination.tests.conftest import make_meeting

    albanian = _org("AL", "Test NGO Tirana", Organisation.Kind.NGO)
    make_meeting("Test regional Podgorica", "regional", "ME", [albanian])
    make_meeting("Test national Belgrade", "national", "RS")
    client = verified_client(analyst)
    start, end = timezone.localdate() - 60 * DAY, timezone.localdate()
    for country, held in (("AL", 1), ("ME", 1), ("RS", 1), ("MK", 0)):
        section = _report(client, start, end, country)["coordination"]
        assert dict(section.figures).get("Meetings held", 0) == held, country
    region = _report(client, start, end, "")["coordination"]
    assert dict(region.figures)["Meetings held"] == 2
