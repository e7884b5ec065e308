"""What the receiver sees at each sharing level, written out by hand; that they see nothing
else of the case (404 on its page and API); that every view of shared data is audited."""

from __future__ import annotations

import datetime

import pytest

from ctis.audit.models import AuditEvent
from ctis.cases.tests.conftest import NAME_CYRILLIC, NAME_LATIN
from ctis.referrals import queries
from ctis.referrals.tests.conftest import move, refer

pytestmark = pytest.mark.django_db

SUMMARY = "Arrived on foot; needs a lawyer."
MESSAGE = "Please call before Tuesday."
# The sender's one-line message goes at every level, minimal included.
MINIMAL = {
    "first_name": "Зорислава",
    "age_group": "27-29",  # CTDC ageBroad
    "needs": ["Legal aid", "Shelter"],
    "message": MESSAGE,
}
SUMMARY_LEVEL = {
    **MINIMAL,
    "sex": "Female",
    "identification_status": "Potential victim",
    "languages": "sr en",
    "nationality": "SRB",
    "summary": SUMMARY,
}
FULL = {
    **SUMMARY_LEVEL,
    "name": NAME_CYRILLIC,
    "name_latin": NAME_LATIN,
    "birth_date": datetime.date(1998, 4, 2),
    "phone": "+000 60 123 4567",
    "address": "Ulica Primera 1, Beograd",
}
NEVER = ("P1234567", "Ђурђевић", "Đurđević", "+000 60", "Ulica Primera", "1998")


@pytest.mark.parametrize(
    ("level", "expected"), [("minimal", MINIMAL), ("summary", SUMMARY_LEVEL), ("full", FULL)]
)
def test_the_shared_record_holds_exactly_the_fields_of_its_level(
    caseworker, case, receiver_abroad, level, expected
):
    referral = refer(
        caseworker, case, receiver_abroad, sharing_level=level, needs=["shelter", "legal_aid"],
        summary="" if level == "minimal" else SUMMARY, message=MESSAGE,
    )  # fmt: skip
    record = {item.name: item.value for item in queries.shared_record(referral)}
    assert record == expected


@pytest.mark.parametrize("level", ["minimal", "summary"])
def test_the_receiver_page_shows_the_level_and_nothing_more(
    verified_client, caseworker, case, receiver_abroad, level
):
    referral = refer(
        caseworker, case, receiver_abroad, sharing_level=level, needs=["shelter"],
        summary="" if level == "minimal" else SUMMARY,
    )  # fmt: skip
    page = verified_client(receiver_abroad).get(f"/referrals/{referral.code}/").content.decode()
    assert "Зорислава" in page
    for secret in NEVER:
        assert secret not in page, secret
    assert case.code not in page  # nothing of the case, not even a link to it
    assert (SUMMARY in page) == (level == "summary")
    assert ('<dd dir="auto">Serbia</dd>' in page) == (level == "summary")  # nationality SRB


def test_the_full_level_shows_contact_details_but_never_documents(
    verified_client, caseworker, case, receiver_abroad
):
    referral = refer(caseworker, case, receiver_abroad, sharing_level="full")
    page = verified_client(receiver_abroad).get(f"/referrals/{referral.code}/").content.decode()
    for shown in (NAME_CYRILLIC, NAME_LATIN, "+000 60 123 4567", "Ulica Primera 1", "1998-04-02"):
        assert shown in page, shown
    assert "P1234567" not in page


def test_the_receiver_gets_404_on_the_case_page_and_api_at_every_stage(
    verified_client, caseworker, case, receiver_abroad
):
    referral = refer(caseworker, case, receiver_abroad, sharing_level="full")
    client = verified_client(receiver_abroad)
    for step in (None, "accepted", "completed"):
        if step:
            referral = move(receiver_abroad, referral, step)
        for url in (
            f"/cases/{case.code}/",
            f"/cases/{case.code}/person/",
            f"/api/v1/cases/{case.public_id}/",
            f"/referrals/new/{case.code}/",
        ):
            assert client.get(url).status_code == 404, (step, url)
        assert client.get("/api/v1/cases/").json()["results"] == []


def test_viewing_shared_data_is_audited_on_the_page_and_the_api(
    verified_client, caseworker, case, receiver_abroad
):
    referral = refer(caseworker, case, receiver_abroad, sharing_level="summary", summary=SUMMARY)
    client = verified_client(receiver_abroad)
    client.get(f"/referrals/{referral.code}/")
    detail = client.get(f"/api/v1/referrals/{referral.public_id}/").json()
    assert detail["shared"]["first_name"] == "Зорислава"
    assert detail["shared"]["summary"] == SUMMARY
    assert "name" not in detail["shared"] and "phone" not in detail["shared"]
    assert detail["case"] is None
    views = AuditEvent.objects.filter(action="view", object_id=case.person.code)
    assert [e.detail for e in views.order_by("seq")] == [
        f"referral:{referral.code}:summary:page",
        f"referral:{referral.code}:summary:api",
    ]
    assert {e.actor_username for e in views} == {receiver_abroad.username}


def test_the_sender_sees_which_fields_are_shared_not_their_values_and_is_not_audited(
    verified_client, caseworker, case, receiver_abroad
):
    referral = refer(caseworker, case, receiver_abroad, sharing_level="minimal")
    page = verified_client(caseworker).get(f"/referrals/{referral.code}/").content.decode()
    assert "First name, Age group, Needs" in page
    assert "Зорислава" not in page
    assert not AuditEvent.objects.filter(action="view").exists()


@pytest.mark.parametrize("end", ["declined", "withdrawn"])
def test_after_a_decline_or_withdrawal_the_receiver_sees_nothing_of_the_person(
    verified_client, caseworker, case, receiver_abroad, end
):
    referral = refer(caseworker, case, receiver_abroad, sharing_level="full")
    move(caseworker if end == "withdrawn" else receiver_abroad, referral, end, reason="Full.")
    client = verified_client(receiver_abroad)
    page = client.get(f"/referrals/{referral.code}/").content.decode()
    assert "Зорислава" not in page and NAME_LATIN not in page
    assert client.get(f"/api/v1/referrals/{referral.public_id}/").json()["shared"] is None
    assert not AuditEvent.objects.filter(action="view").exists()
