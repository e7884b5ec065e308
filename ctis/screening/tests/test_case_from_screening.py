"""From screening to case, nothing forgotten: the child, unaccompanied, the action still to do,
the name the screener noted (encrypted), and the way back to the screening."""

from __future__ import annotations

import pytest
from django.db import connection

from ctis.accounts.roles import Role
from ctis.audit.context import Actor
from ctis.cases.assistance_models import PlanItem
from ctis.cases.models import Case
from ctis.screening import actions
from ctis.screening.models import CaseRequest, Screening

CHILD_CONSENT = dict.fromkeys(actions.CONSENT_FIELDS, True) | {"consent_interview": False}
NAME = "احمد کریمی"  # fictional
NAME_LATIN = "Ahmad Karimi"


@pytest.fixture
def completed(db, screener) -> Screening:
    """A 16-year-old boy, alone, forced to work on a farm: child trafficking pattern."""
    actor = Actor(user=screener)
    screening = actions.start_screening(actor=actor, consent=CHILD_CONSENT)
    actions.save_profile(
        actor=actor,
        screening=screening,
        revision=screening.revision,
        data={"respondent_language": "ps", "age": 16, "sex": "male", "exploitation": "labour"},
    )
    actions.save_answers(
        actor=actor,
        screening=screening,
        revision=screening.revision,
        answers={
            "rf.unaccompanied_child": "yes",
            "dr.nature_of_job": "yes",
            "act.recruited_or_moved": "yes",
            "ex.excessive_hours": "yes",
            "ex.low_no_salary": "yes",
            "cd.isolation": "yes",
        },
    )
    actions.complete_screening(actor=actor, screening=screening, revision=screening.revision)
    assert screening.result == "trafficking_pattern"
    return screening


@pytest.fixture
def colleague(make_user):
    """A caseworker of the screener's organisation."""
    return make_user("nermina", Role.CASEWORKER, "ngo_ba")


def _raw(table: str, column: str, pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE id = %s", [pk])  # noqa: S608
        return str(cursor.fetchone()[0])


def test_a_name_is_recorded_only_with_the_agreement_and_kept_on_the_page_when_refused(
    completed, screener, verified_client
):
    client = verified_client(screener)
    response = client.post(
        f"/screening/{completed.public_id}/case/",
        {"name": NAME, "name_script": "Arab", "name_latin": NAME_LATIN},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "A case is opened only if the person agrees to be referred." in page
    assert NAME_LATIN in page  # nothing typed is lost
    assert not CaseRequest.objects.exists()


def test_the_case_carries_the_child_the_action_and_the_name(
    completed, screener, colleague, verified_client, client
):
    screening_client = verified_client(screener)
    response = screening_client.post(
        f"/screening/{completed.public_id}/case/",
        {
            "consent_services": "on",
            "name": NAME,
            "name_script": "Arab",
            "name_latin": NAME_LATIN,
        },
    )
    assert response.status_code == 302
    request = CaseRequest.objects.get()
    assert (request.name, request.name_latin, request.name_script) == (NAME, NAME_LATIN, "Arab")
    assert NAME_LATIN not in _raw("screening_caserequest", "name_latin", request.pk)  # encrypted

    client.logout()
    caseworker = verified_client(colleague)
    form = caseworker.get(f"/cases/open/{completed.public_id}/")
    assert form.status_code == 200
    assert form.context["form"].initial["name"] == NAME
    assert form.context["form"].initial["name_latin"] == NAME_LATIN
    opened = caseworker.post(
        f"/cases/open/{completed.public_id}/",
        {
            "name": NAME,
            "name_script": "Arab",
            "name_latin": NAME_LATIN,
            "sex": "male",
            "languages": ["ps"],
            "status": "potential",
        },
    )
    assert opened.status_code == 302, opened.content.decode()[:2000]
    case = Case.objects.get()
    assert case.screening == completed
    assert case.unaccompanied
    assert case.person.is_child and case.person.age_group == "9-17"  # CTDC ageBroad
    item = PlanItem.objects.get(case=case)
    assert item.red_flag == "rf.unaccompanied_child" and item.status == "planned"
    request.refresh_from_db()
    assert (request.name, request.name_latin) == ("", "")  # the name now lives on the case only

    caseworker.cookies["ctis_language"] = "bs"
    page = caseworker.get(f"/cases/{case.code}/").content.decode()
    assert 'id="marker-child"' in page and 'id="marker-unaccompanied"' in page
    assert 'id="red-flag-actions"' in page
    assert "centar za socijalni rad" in page
    assert f'href="/screening/{completed.public_id}/"' in page
    assert "paštu" in page and ">ps<" not in page

    # Marked done, the action leaves the top of the page.
    PlanItem.objects.filter(pk=item.pk).update(status=PlanItem.Status.DONE)
    page = caseworker.get(f"/cases/{case.code}/").content.decode()
    assert 'id="red-flag-actions"' not in page


def test_the_link_to_the_screening_is_shown_only_within_scope(
    completed, screener, colleague, supervisor, verified_client
):
    """A case moved to another organisation keeps its screening, but the new owner cannot open
    it: screenings stay with the screener's organisation."""
    actions.request_case(
        actor=Actor(user=screener), screening=completed, consent={"consent_services": True}
    )
    from ctis.cases import actions as case_actions

    case = case_actions.open_case(
        actor=Actor(user=colleague),
        person={"name": NAME_LATIN, "name_latin": NAME_LATIN, "sex": "male"},
        screening=completed,
    )
    Case.objects.filter(pk=case.pk).update(organisation=supervisor.organisation)
    page = verified_client(supervisor).get(f"/cases/{case.code}/").content.decode()
    assert completed.code in page
    assert f'href="/screening/{completed.public_id}/"' not in page
