"""Ana, a caseworker, assesses a person's vulnerability twice and sees what changed, records
needs, plans assistance with a partner organisation and logs what was given."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ctis.accounts.models import Organisation, User
from ctis.audit.context import Actor
from ctis.audit.models import AuditEvent
from ctis.cases import assistance_actions as actions
from ctis.cases import assistance_queries, queries, vulnerability
from ctis.cases.assistance_forms import factor_field_name
from ctis.cases.assistance_models import AssistanceEntry, PlanItem, VulnerabilityAssessment
from ctis.cases.models import Case

TODAY = datetime.date.today()
DEBT = "individual.risk.debt"
FAMILY = "household.protective.supportive_family"
VIOLENCE = "household.risk.family_violence"


def test_the_factor_list_is_fixed_and_covers_both_levels_and_kinds() -> None:
    keys = vulnerability.FACTOR_KEYS
    assert len(keys) == len(set(keys))
    assert {(f.level, f.kind) for f in vulnerability.FACTORS} == {
        ("individual", "risk"),
        ("individual", "protective"),
        ("household", "risk"),
        ("household", "protective"),
    }
    assert all(k.startswith(f"{f.level}.{f.kind}.") for k, f in vulnerability.BY_KEY.items())


def test_assessments_are_dated_listed_newest_first_and_compared(
    caseworker: User, case: Case
) -> None:
    actor = Actor(user=caseworker)
    first = actions.add_assessment(
        actor=actor,
        case=case,
        assessed_on=TODAY - datetime.timedelta(days=30),
        factors={DEBT: "present", VIOLENCE: "present"},
        note="Owes the recruiter 2000 EUR.",
    )
    assert first.factors[FAMILY] == "unknown"  # every factor answered; missing = unknown
    assert len(first.factors) == len(vulnerability.FACTORS)
    second = actions.add_assessment(
        actor=actor,
        case=case,
        assessed_on=TODAY,
        factors={DEBT: "absent", VIOLENCE: "present", FAMILY: "present"},
    )
    views = assistance_queries.assessments(case)
    assert [v.assessment for v in views] == [second, first]  # newest first
    assert views[1].previous is None and views[1].changes == []
    assert views[0].previous == first
    assert [(c.factor.key, c.before, c.after) for c in views[0].changes] == [
        (DEBT, "present", "absent"),
        (FAMILY, "unknown", "present"),
    ]
    assert VulnerabilityAssessment.objects.get(pk=first.pk).note == "Owes the recruiter 2000 EUR."
    event = (
        AuditEvent.objects.filter(object_type="vulnerability_assessment").order_by("seq").first()
    )
    assert event is not None and "note" in event.changed_fields
    assert "2000" not in str(event.changed_fields) + event.detail
    kinds = [entry.kind for entry in queries.timeline(case)]
    assert kinds.count("assessment") == 2


def test_an_assessment_refuses_unknown_factors_answers_and_future_dates(
    caseworker: User, case: Case
) -> None:
    actor = Actor(user=caseworker)
    with pytest.raises(ValidationError):
        actions.add_assessment(actor=actor, case=case, assessed_on=TODAY, factors={"x": "present"})
    with pytest.raises(ValidationError):
        actions.add_assessment(actor=actor, case=case, assessed_on=TODAY, factors={DEBT: "maybe"})
    with pytest.raises(ValidationError):
        actions.add_assessment(
            actor=actor, case=case, assessed_on=TODAY + datetime.timedelta(days=1), factors={}
        )


def test_outsiders_cannot_write(outsider_same_country: User, case: Case) -> None:
    with pytest.raises(PermissionDenied):
        actions.add_assessment(
            actor=Actor(user=outsider_same_country), case=case, assessed_on=TODAY, factors={}
        )
    with pytest.raises(PermissionDenied):
        actions.add_need(actor=Actor(user=outsider_same_country), case=case, type="legal")


def test_plan_and_assistance_log(
    caseworker: User, case: Case, organisations: dict[str, Organisation]
) -> None:
    actor = Actor(user=caseworker)
    actions.add_need(actor=actor, case=case, type="health", note="Dental pain.")
    partner = organisations["shelter_rs"]
    with pytest.raises(ValidationError):  # nobody responsible
        actions.add_plan_item(actor=actor, case=case, type="health", description="Dentist")
    with pytest.raises(ValidationError):  # both an organisation and a name
        actions.add_plan_item(
            actor=actor,
            case=case,
            type="health",
            description="Dentist",
            responsible_organisation=partner,
            responsible_text="Dom zdravlja",
        )
    item = actions.add_plan_item(
        actor=actor,
        case=case,
        type="health",
        description="Dentist appointment at the health centre.",
        responsible_organisation=partner,
        target_date=TODAY + datetime.timedelta(days=7),
    )
    other = actions.add_plan_item(
        actor=actor,
        case=case,
        type="legal",
        description="Lawyer",
        responsible_text="Lawyer Petrović",
    )
    assert item.responsible == partner.name and other.responsible == "Lawyer Petrović"
    assert PlanItem.objects.get(pk=item.pk).description.startswith("Dentist appointment")

    actions.set_plan_item_status(actor=actor, item=item, revision=1, status="in_progress")
    with pytest.raises(actions.StalePlanItem):  # a second tab still at revision 1
        actions.set_plan_item_status(actor=actor, item=item, revision=1, status="cancelled")
    assert PlanItem.objects.get(pk=item.pk).status == "in_progress"

    entry = actions.log_assistance(
        actor=actor,
        case=case,
        type="health",
        given_on=TODAY,
        provided_by="Dom zdravlja Zemun",
        note="Tooth extracted.",
        plan_item=item,
    )
    actions.log_assistance(
        actor=actor, case=case, type="financial", given_on=TODAY, provided_by="Atina"
    )
    assert AssistanceEntry.objects.get(pk=entry.pk).note == "Tooth extracted."
    assert [e.plan_item for e in assistance_queries.assistance_log(case)].count(item) == 1
    assert [i.pk for i in assistance_queries.plan(case)] == [item.pk, other.pk]
    kinds = [e.kind for e in queries.timeline(case)]
    assert kinds.count("plan_item") == 2 and kinds.count("assistance") == 2 and "need" in kinds
    audited = AuditEvent.objects.filter(object_type="plan_item", object_id=case.code)
    assert audited.count() == 3  # two created, one status change (the stale one refused)
    assert all("Dentist" not in e.detail for e in audited)


def test_a_plan_item_of_another_case_cannot_be_logged_against(caseworker: User, case: Case) -> None:
    from ctis.cases.tests.conftest import open_case

    other_case = open_case(caseworker, name="Ana Test", latin="Ana Test")
    item = actions.add_plan_item(
        actor=Actor(user=caseworker), case=other_case, type="legal", description="x",
        responsible_text="y",
    )  # fmt: skip
    with pytest.raises(ValidationError):
        actions.log_assistance(
            actor=Actor(user=caseworker), case=case, type="legal", given_on=TODAY,
            provided_by="z", plan_item=item,
        )  # fmt: skip


def test_the_case_page_shows_the_sections_and_keeps_what_was_typed(
    verified_client, caseworker: User, case: Case
) -> None:  # type: ignore[no-untyped-def]
    client = verified_client(caseworker)
    page = client.get(f"/cases/{case.code}/").content.decode()
    for heading in ("Vulnerability assessments", "Needs and assistance plan", "Assistance log",
                    "Documents"):  # fmt: skip
        assert heading in page
    data = {
        "assessed_on": "",
        "note": "Sleeps at the bus station.",
        factor_field_name(DEBT): "present",
    }
    response = client.post(f"/cases/{case.code}/assessments/", data)
    assert response.status_code == 400
    text = response.content.decode()
    assert "Sleeps at the bus station." in text
    assert 'value="present" selected' in text
    assert not VulnerabilityAssessment.objects.filter(case=case).exists()

    data["assessed_on"] = TODAY.isoformat()
    response = client.post(f"/cases/{case.code}/assessments/", data)
    assert response.status_code == 302
    response = client.post(
        f"/cases/{case.code}/plan/",
        {"type": "legal", "description": "Residence permit application", "responsible_text": ""},
    )
    assert response.status_code == 400
    assert "Residence permit application" in response.content.decode()
    client.post(
        f"/cases/{case.code}/plan/",
        {
            "type": "legal",
            "description": "Residence permit application",
            "responsible_text": "ASTRA",
        },
    )
    item = PlanItem.objects.get(case=case)
    client.post(f"/cases/{case.code}/plan/{item.pk}/status/", {"status": "done", "revision": 1})
    assert PlanItem.objects.get(pk=item.pk).status == "done"
    client.post(
        f"/cases/{case.code}/assistance/",
        {"type": "legal", "given_on": TODAY.isoformat(), "provided_by": "ASTRA",
         "plan_item": item.pk, "note": ""},
    )  # fmt: skip
    page = client.get(f"/cases/{case.code}/").content.decode()
    assert "Residence permit application" in page and "Sleeps at the bus station." in page
    assert AssistanceEntry.objects.filter(case=case, plan_item=item).exists()


def test_outsiders_get_404_on_every_new_page(
    verified_client, caseworker: User, outsider_same_country: User, case: Case
) -> None:  # type: ignore[no-untyped-def]
    item = actions.add_plan_item(
        actor=Actor(user=caseworker), case=case, type="legal", description="x", responsible_text="y"
    )
    client = verified_client(outsider_same_country)
    for url in ("assessments/", "needs/", "plan/", f"plan/{item.pk}/status/", "assistance/"):
        assert client.post(f"/cases/{case.code}/{url}", {}).status_code == 404, url


@pytest.mark.browser
def test_browser_assessment_and_plan_item_on_a_phone(
    live_server, page, browser_login, caseworker, screenshot, transactional_db
) -> None:  # type: ignore[no-untyped-def]
    from conftest import PHONE
    from ctis.cases.tests.conftest import open_case

    case = open_case(caseworker)
    page.set_viewport_size(PHONE)
    browser_login(page, caseworker)
    page.goto(f"{live_server.url}/cases/{case.code}/")
    page.get_by_text("Add an assessment").click()
    page.get_by_label("Debt to a recruiter, employer or smuggler").select_option("present")
    page.get_by_label("Supportive family or home").select_option("absent")
    page.get_by_label("Assessment note").fill("Sleeps at the bus station.")
    screenshot(page, "cases-assessment-form-phone")
    page.get_by_role("button", name="Record the assessment").click()
    assert page.get_by_text("Assessment recorded.").is_visible()
    assessments = page.locator("section[aria-labelledby=assessments-heading]").inner_text()
    assert "Sleeps at the bus station." in assessments and "First assessment." in assessments

    page.get_by_text("Add to the plan").click()
    page.get_by_label("Type of support").select_option("legal")
    page.get_by_label("What is planned").fill("Residence permit application")
    page.get_by_label("Or responsible (name)").fill("ASTRA legal aid")
    page.get_by_label("Target date").fill((TODAY + datetime.timedelta(days=14)).isoformat())
    page.get_by_role("button", name="Add the plan item").click()
    assert page.get_by_text("Plan item added.").is_visible()
    plan = page.locator("section[aria-labelledby=plan-heading]")
    assert "Residence permit application" in plan.inner_text()
    assert "ASTRA legal aid" in plan.inner_text()
    timeline = page.locator("ol.timeline").inner_text()
    assert "Vulnerability assessment" in timeline and "Plan item added: Legal" in timeline
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], width  # nothing wider than the phone
    screenshot(page, "cases-assistance-phone")
    assert PlanItem.objects.get(case=case).responsible_text == "ASTRA legal aid"
