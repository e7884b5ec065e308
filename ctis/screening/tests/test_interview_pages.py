"""The screening interview through its pages, as a screener would go through it."""

from __future__ import annotations

import pytest

from ctis.audit.models import AuditEvent
from ctis.screening.models import CaseRequest, ConsentRefusal, Screening

TOLD = {
    "told_purpose": "on",
    "told_uses": "on",
    "told_research": "on",
    "told_right_to_see": "on",
    "told_retention": "on",
    "told_withdrawal": "on",
}


@pytest.fixture
def amra(verified_client, screener):
    return verified_client(screener)


def _start(client, **extra) -> Screening:
    response = client.post("/screening/new/", {**TOLD, "start": "1", **extra})
    assert response.status_code == 302, response.content.decode()[:2000]
    return Screening.objects.latest("created_at")


def test_a_refusal_keeps_nothing_but_a_count(amra, screener):
    response = amra.post("/screening/new/", {"refuse": "1"})
    assert response.status_code == 302
    assert not Screening.objects.exists()
    refusal = ConsentRefusal.objects.get()
    assert refusal.count == 1
    assert refusal.organisation == screener.organisation


def test_the_interview_does_not_start_without_the_checklist(amra):
    response = amra.post("/screening/new/", {"consent_interview": "on", "start": "1"})
    assert response.status_code == 200
    assert "Tell the person this first." in response.content.decode()
    assert not Screening.objects.exists()


def test_a_child_needs_assent_and_a_guardian(amra):
    response = amra.post(
        "/screening/new/", {**TOLD, "is_child": "on", "child_assent": "on", "start": "1"}
    )
    assert "needs a guardian" in response.content.decode()
    screening = _start(amra, is_child="on", child_assent="on", guardian_consent="on")
    assert screening.is_child and screening.guardian_consent


def test_a_screening_is_anonymous_and_scoped_to_the_organisation(
    amra, screener, verified_client, caseworker
):
    screening = _start(amra, consent_interview="on")
    assert screening.organisation == screener.organisation
    assert screening.catalogue.ref == "ilo-ec-2009@2009.1-draft"
    field_names = {f.name for f in Screening._meta.get_fields()}
    assert not {"name", "first_name", "last_name", "phone", "date_of_birth"} & field_names
    outsider = verified_client(caseworker)  # another organisation, in Serbia
    assert outsider.get(f"/screening/{screening.public_id}/about/").status_code == 404
    assert outsider.get(f"/screening/{screening.public_id}/").status_code == 404


def _answer_everything(client, screening: Screening, answers: dict[str, str]) -> None:
    """Walk all stages, answering from ``answers`` where the page asks."""
    number = 1
    while True:
        page = client.get(f"/screening/{screening.public_id}/questions/{number}/")
        assert page.status_code == 200
        form = page.context["form"]
        data = {"revision": form.initial["revision"], "next": "1"}
        data.update({q: v for q, v in answers.items() if q in form.fields})
        response = client.post(f"/screening/{screening.public_id}/questions/{number}/", data)
        assert response.status_code == 302
        if response["Location"].endswith("/finish/"):
            return
        number += 1


def test_a_boy_forced_to_work_on_a_farm_gives_a_child_trafficking_pattern(amra):
    screening = _start(amra, is_child="on", child_assent="on", guardian_consent="on")
    response = amra.post(
        f"/screening/{screening.public_id}/about/",
        {
            "respondent_language": "ps",
            "interpreter": "on",
            "age": "16",
            "unaccompanied": "yes",  # asked with the age, on the first page
            "sex": "male",
            "nationality": "afg",
            "exploitation": "labour",
            "revision": screening.revision,
        },
    )
    assert response.status_code == 302
    screening.refresh_from_db()
    assert screening.typed_answers() == {"rf.unaccompanied_child": "yes"}
    # Promised work (deception), phone taken, worked without pay for excessive hours.
    _answer_everything(
        amra,
        screening,
        {
            "dr.nature_of_job": "yes",
            "act.recruited_or_moved": "yes",
            "ex.excessive_hours": "yes",
            "ex.low_no_salary": "yes",
            "cd.isolation": "yes",
            "rf.unaccompanied_child": "yes",
        },
    )
    screening.refresh_from_db()
    assert screening.nationality == "AFG"
    finish = amra.post(
        f"/screening/{screening.public_id}/finish/", {"revision": screening.revision}
    )
    assert finish.status_code == 302
    screening.refresh_from_db()
    assert screening.status == "completed"
    assert screening.result == "trafficking_pattern"
    assert screening.profile == "child_labour"
    page = amra.get(f"/screening/{screening.public_id}/").content.decode()
    assert "Trafficking pattern" in page
    assert "(child)" in page
    assert "Do this now" in page
    assert "notify the guardianship" in page
    assert "Refer for formal identification now" in page


def test_answers_from_a_stale_page_are_kept_and_not_lost(amra):
    screening = _start(amra, consent_interview="on")
    page = amra.get(f"/screening/{screening.public_id}/questions/1/")
    first_question = next(name for name in page.context["form"].fields if name != "revision")
    old_revision = page.context["form"].initial["revision"]
    # Another tab saves first.
    amra.post(
        f"/screening/{screening.public_id}/questions/1/",
        {"revision": old_revision, first_question: "no", "stay": "1"},
    )
    response = amra.post(
        f"/screening/{screening.public_id}/questions/1/",
        {"revision": old_revision, first_question: "yes", "next": "1"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Someone else saved this screening meanwhile" in html
    assert response.context["form"][first_question].value() == "yes"
    screening.refresh_from_db()
    assert screening.typed_answers()[first_question] == "no"
    # Saving again applies what this screener chose.
    retry = amra.post(
        f"/screening/{screening.public_id}/questions/1/",
        {"revision": screening.revision, first_question: "yes", "next": "1"},
    )
    assert retry.status_code == 302
    screening.refresh_from_db()
    assert screening.typed_answers()[first_question] == "yes"


def test_autosave_returns_the_new_revision(amra):
    screening = _start(amra, consent_interview="on")
    page = amra.get(f"/screening/{screening.public_id}/questions/1/")
    question = next(name for name in page.context["form"].fields if name != "revision")
    response = amra.post(
        f"/screening/{screening.public_id}/questions/1/",
        {"revision": screening.revision, question: "yes"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    screening.refresh_from_db()
    assert f'value="{screening.revision}"' in response.content.decode()
    assert screening.typed_answers() == {question: "yes"}
    assert AuditEvent.objects.filter(object_id=screening.code, changed_fields=["answers"]).exists()


def test_a_case_is_requested_only_with_consent(amra):
    screening = _start(amra, consent_interview="on")
    amra.post(f"/screening/{screening.public_id}/finish/", {"revision": screening.revision})
    amra.post(f"/screening/{screening.public_id}/case/", {})
    assert not CaseRequest.objects.exists()
    amra.post(
        f"/screening/{screening.public_id}/case/",
        {"consent_services": "on", "consent_cross_border": "on"},
    )
    request = CaseRequest.objects.get()
    assert (
        request.consent_services and request.consent_cross_border and not request.consent_disclosure
    )


def test_the_list_shows_only_the_organisations_screenings(amra, verified_client, make_user):
    mine = _start(amra, consent_interview="on")
    other_user = make_user("other.screener", "screener", "shelter_ba")
    other = _start(verified_client(other_user), consent_interview="on")
    codes = [
        s.code
        for s in verified_client(make_user("amra2", "screener", "ngo_ba"))
        .get("/screening/")
        .context["page"]
    ]
    assert mine.code in codes
    assert other.code not in codes


def test_coordinators_cannot_open_screenings(verified_client, coordinator, amra):
    screening = _start(amra, consent_interview="on")
    client = verified_client(coordinator)
    assert client.get("/screening/").status_code == 403
    assert client.get(f"/screening/{screening.public_id}/").status_code == 403
