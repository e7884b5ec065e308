"""The programme report's figures, checked against the demo data counted independently here."""

from __future__ import annotations

import io
import math
from collections import Counter
from datetime import date

import pytest
from django.test import override_settings
from django.utils import timezone

from conftest import _country
from ctis.audit.models import AuditEvent
from ctis.reports.models import ReportRun

SET_2017 = ("unpaid_work", "forced_work", "marriage_offer", "held_against_will")


@pytest.fixture
def demo(db, monkeypatch, organisations):
    """The whole demo, loaded through the real loaders."""
    monkeypatch.setenv("CTIS_DEMO_PASSWORD", "demo-password-for-tests")
    for code in ("AL", "BA", "XK", "ME", "MK", "RS"):
        _country(code)
    from ctis.accounts import demo as accounts_demo
    from ctis.coordination import demo as coordination_demo
    from ctis.surveys import demo as surveys_demo
    from ctis.training import demo as training_demo

    # The demo is only the data set here; the tests themselves run in production mode.
    with override_settings(PRODUCTION=False):
        accounts_demo.load()
        surveys_demo.load()
        training_demo.load()
        coordination_demo.load()


def _query(**extra: str) -> dict[str, str]:
    return {"start": "2017-01-01", "end": timezone.localdate().isoformat(), **extra}


def _expected_headline() -> tuple[int, int]:
    """(respondents, positives) of 'at least one indicator', from the demo rows themselves."""
    from ctis.surveys.demo import rows

    n = positives = 0
    for row in rows():
        answers = [row.get(f"ht_{item}", "") for item in SET_2017]
        if "yes" in answers:
            n, positives = n + 1, positives + 1
        elif all(a == "no" for a in answers):
            n += 1
    return n, positives


def test_the_region_report_counts_what_the_programme_did(verified_client, analyst, demo):
    from ctis.training.models import Participant

    response = verified_client(analyst).get("/reports/", _query())
    assert response.status_code == 200
    report = response.context["report"]
    sections = {s.key: s for s in report.sections}

    # Trained: present on every day of their session (the rule of the certificates), counted
    # here from the attendance rows.
    trained = [
        p
        for p in Participant.objects.filter(session__end_date__lte=timezone.localdate())
        if set(p.session.days) <= {a.day for a in p.attendance.all()}
    ]
    figures = dict(sections["training"].figures)
    assert figures["People trained"] == len(trained) == 23  # one officer missed day two
    by_sex = {row[0]: row[1] for row in sections["training"].tables[0].rows}
    expected_sex = Counter(p.sex for p in trained)
    assert by_sex == {"Women": expected_sex["female"], "Men": expected_sex["male"]}

    n, positives = _expected_headline()
    flow = dict(sections["flow_monitoring"].figures)
    assert flow["Respondents in the estimate"] == n
    assert (
        flow["Share with at least one trafficking or exploitation indicator"]
        == f"{100 * positives / n:.1f}%"
    )
    z = 1.959963984540054
    p = positives / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    assert (
        flow["95% confidence interval"]
        == f"{100 * (centre - half):.1f}% – {100 * (centre + half):.1f}%"
    )

    coordination = dict(sections["coordination"].figures)
    assert coordination["Meetings held"] >= 1
    from ctis.coordination.models import ActionItem

    items = ActionItem.objects.all()
    assert coordination["Action items agreed"] == items.count()
    assert coordination["Action items completed"] == items.filter(status="done").count()

    assert sections["assisted"].empty  # the demo here records no assistance
    assert sections["assisted"].note == "No assistance recorded in this period."
    assert sections["referrals"].empty  # the demo here has no referrals
    assert sections["referrals"].note == "No referrals in this period."
    assert ReportRun.objects.filter(format="page", produced_by="lejla").count() == 1


def test_small_counts_are_shown_as_below_the_threshold(verified_client, analyst, demo):
    report = verified_client(analyst).get("/reports/", _query()).context["report"]
    training = next(s for s in report.sections if s.key == "training")
    by_country = {row[0]: row[1] for row in training.tables[2].rows}
    assert by_country["Albania"] == 17
    assert by_country["Montenegro"] == "<10"  # 3 people
    assert by_country["Kosovo*"] == "<10"


def test_a_coordinator_reports_on_their_country_only(verified_client, coordinator, demo):
    client = verified_client(coordinator)
    form = client.get("/reports/").context["form"]
    assert [code for code, _label in form.fields["country"].choices] == ["MK"]
    refused = client.get("/reports/", _query(country="RS"))
    assert refused.context["report"] is None
    assert "country" in refused.context["form"].errors


def test_the_pdf_says_what_it_covers_and_holds_no_invented_figures(verified_client, analyst, demo):
    from pypdf import PdfReader

    response = verified_client(analyst).get("/reports/programme.pdf", _query(country="AL"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Programme report" in text
    assert "Albania" in text
    assert "People trained" in text
    assert "17" in text
    assert "No assistance recorded in this period." in text
    assert "produced" in text
    assert AuditEvent.objects.filter(
        action="export", object_type="programme_report", detail="pdf"
    ).exists()


def test_the_xlsx_records_its_filters(verified_client, analyst, demo):
    from openpyxl import load_workbook

    response = verified_client(analyst).get("/reports/programme.xlsx", _query(country="AL"))
    book = load_workbook(io.BytesIO(response.content))
    about = {
        row[0].value: row[1].value for row in book["About this report"].iter_rows() if len(row) > 1
    }
    assert about["Programme report"] == "Albania"
    assert about["Period"] == f"2017-01-01 – {timezone.localdate().isoformat()}"
    training = [[c.value for c in row] for row in book["Training"].iter_rows()]
    assert ["People trained", 17] in training  # present on both days


def test_an_empty_period_shows_notes_not_numbers(verified_client, analyst, demo):
    report = (
        verified_client(analyst)
        .get("/reports/", {"start": "2000-01-01", "end": "2000-12-31"})
        .context["report"]
    )
    assert all(section.empty for section in report.sections)
    assert all(section.note for section in report.sections)


def test_caseworkers_have_no_programme_report(verified_client, caseworker, db):
    assert verified_client(caseworker).get("/reports/").status_code == 403


def test_a_reversed_period_is_explained(verified_client, analyst, db):
    response = verified_client(analyst).get(
        "/reports/", {"start": "2026-05-02", "end": "2026-05-01"}
    )
    assert "The end date is before the start date." in response.content.decode()


def test_people_identified_are_counted_at_their_last_status_in_the_period(
    verified_client, analyst, demo
):
    from ctis.cases import demo as cases_demo
    from ctis.cases.models import Case, StatusDecision

    with override_settings(PRODUCTION=False):
        cases_demo.load()
    # Every demo decision lies in the period, so each case counts at the status of its last
    # decision in the order recorded (the dates of the decisions do not reorder them).
    rows = StatusDecision.objects.order_by("recorded_at", "pk").values_list("case_id", "to_status")
    last: dict[int, str] = dict(rows)
    expected = Counter(last.values())
    report = verified_client(analyst).get("/reports/", _query()).context["report"]
    identified = next(s for s in report.sections if s.key == "identified")
    shown = {row[0]: row[1] for row in identified.tables[0].rows}
    k = report.threshold
    labels = dict(Case.Status.choices)
    assert set(shown) == {str(label) for label in labels.values()}  # "Screened" included
    for status, label in labels.items():
        n = expected[status]
        assert shown[str(label)] == (f"<{k}" if 0 < n < k else n) or (
            n >= k and shown[str(label)] == "x"
        )
    assert dict(identified.figures)["People with a status decision in the period"] == (
        len(last) if len(last) >= k else f"<{k}"
    )


def test_referrals_are_counted_from_the_referrals_made_in_the_period(
    verified_client, analyst, demo
):
    from ctis.cases import demo as cases_demo
    from ctis.referrals import demo as referrals_demo
    from ctis.referrals.models import Referral

    with override_settings(PRODUCTION=False):
        cases_demo.load()
        referrals_demo.load()
    today = timezone.localdate()
    made = [
        r
        for r in Referral.objects.all()
        if date(2017, 1, 1) <= timezone.localdate(r.created_at) <= today
    ]
    k = 10
    report = verified_client(analyst).get("/reports/", _query()).context["report"]
    referrals = dict(next(s for s in report.sections if s.key == "referrals").figures)
    assert referrals["Referrals made"] == (len(made) if len(made) >= k else f"<{k}")
    crossing = sum(1 for r in made if r.cross_border)
    assert referrals["Across a border"] == (crossing if not 0 < crossing < k else f"<{k}")


def test_people_assisted_count_each_person_once(verified_client, analyst, caseworker, demo):
    from ctis.audit.context import Actor
    from ctis.cases import actions as case_actions
    from ctis.cases import assistance_actions

    actor = Actor(user=caseworker)
    cases = [
        case_actions.open_case(actor=actor, person={"name": name, "name_latin": name})
        for name in ("Ana Test", "Vera Test")
    ]
    for case, kinds in zip(cases, (["health", "legal"], ["health"]), strict=True):
        for kind in kinds:
            assistance_actions.log_assistance(
                actor=actor,
                case=case,
                type=kind,
                given_on=timezone.localdate(),
                provided_by="Test clinic",
            )
    report = verified_client(analyst).get("/reports/", _query()).context["report"]
    assisted = next(s for s in report.sections if s.key == "assisted")
    assert dict(assisted.figures)["People assisted"] == "<10"  # 2 people
    assert dict(assisted.figures)["Assistance given (entries)"] == "<10"  # 3 entries
    by_type = {row[0]: row[1] for row in assisted.tables[0].rows}
    assert set(by_type) == {"Health", "Legal"}
