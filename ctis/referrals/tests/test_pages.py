"""The pages and API: outsiders 404, read-only roles 403 on writes, wrong method 405; the form
that refers, with consent gating; the answers; statistics without names."""

from __future__ import annotations

import datetime

import pytest

from ctis.audit.models import AuditEvent
from ctis.cases.tests.conftest import NAME_LATIN, open_case
from ctis.referrals.models import Referral
from ctis.referrals.tests.conftest import consent, move, refer

pytestmark = pytest.mark.django_db


def test_an_outsider_gets_404_on_every_referral_page_and_the_api(
    verified_client, caseworker, case, receiver_abroad, outsider_other_country, receiver_home
):
    referral = refer(caseworker, case, receiver_abroad, sharing_level="full")
    # receiver_home works in the sender's country but for another organisation.
    for user in (outsider_other_country, receiver_home):
        client = verified_client(user)
        assert client.get(f"/referrals/{referral.code}/").status_code == 404
        assert (
            client.post(f"/referrals/{referral.code}/status/", {"to": "accepted"}).status_code
            == 404
        )
        assert client.get(f"/referrals/new/{case.code}/").status_code == 404
        assert client.get(f"/api/v1/referrals/{referral.public_id}/").status_code == 404
        assert client.get("/api/v1/referrals/").json()["results"] == []
        assert referral.code not in client.get("/referrals/").content.decode()
    assert Referral.objects.get(pk=referral.pk).status == "pending"


def test_roles_without_case_access_are_refused(
    verified_client, caseworker, case, receiver_abroad, coordinator, dpo
):
    referral = refer(caseworker, case, receiver_abroad)
    for user in (coordinator, dpo):
        client = verified_client(user)
        assert client.get("/referrals/").status_code == 403
        assert client.get(f"/referrals/{referral.code}/").status_code == 403
        assert client.get(f"/referrals/new/{case.code}/").status_code == 403
        assert client.get("/api/v1/referrals/").status_code == 403


def test_wrong_methods_get_405(verified_client, caseworker, case, receiver_abroad):
    referral = refer(caseworker, case, receiver_abroad)
    client = verified_client(caseworker)
    assert client.get(f"/referrals/{referral.code}/status/").status_code == 405
    assert client.post(f"/referrals/{referral.code}/").status_code == 405
    assert client.post("/referrals/").status_code == 405


def _form(to, **extra):  # type: ignore[no-untyped-def]
    data = {
        "kind": "referral",
        "to_organisation": str(to.organisation.public_id),
        "sharing": "minimal",
        "needs": ["shelter"],
        "due_on": (datetime.date.today() + datetime.timedelta(days=3)).isoformat(),
    }
    data.update(extra)
    return data


def test_the_form_refers_and_the_receiver_answers(
    verified_client, caseworker, case, receiver_abroad
):
    response = verified_client(caseworker).post(
        f"/referrals/new/{case.code}/", _form(receiver_abroad)
    )
    referral = Referral.objects.get()
    assert response.status_code == 302 and response.url == f"/referrals/{referral.code}/"
    assert referral.to_organisation == receiver_abroad.organisation
    assert referral.need_codes == ["shelter"]
    client = verified_client(receiver_abroad)
    listing = client.get("/referrals/").content.decode()
    assert referral.code in listing and NAME_LATIN not in listing
    client.post(f"/referrals/{referral.code}/status/", {"to": "declined"})
    assert Referral.objects.get().status == "pending"  # a decline needs a reason
    client.post(f"/referrals/{referral.code}/status/", {"to": "declined", "reason": "Full."})
    assert Referral.objects.get().status == "declined"


def test_the_form_asks_for_a_reason_when_consent_is_missing(
    verified_client, caseworker, receiver_abroad
):
    case = open_case(caseworker)
    consent(caseworker, case, "services", "disclosure")
    client = verified_client(caseworker)
    page = client.get(f"/referrals/new/{case.code}/").content.decode()
    assert "Telling an organisation in another country: <strong>not given</strong>" in page
    response = client.post(f"/referrals/new/{case.code}/", _form(receiver_abroad))
    assert response.status_code == 200
    assert "Consent is missing for: Telling an organisation in another country" in (
        response.content.decode()
    )
    assert not Referral.objects.exists()
    client.post(
        f"/referrals/new/{case.code}/",
        _form(receiver_abroad, override_reason="He leaves tonight; consent by phone tomorrow."),
    )
    assert Referral.objects.get().consent_overridden == "cross_border"
    assert AuditEvent.objects.filter(object_type="consent_override").count() == 1


def test_a_transfer_through_the_pages_gives_the_case_away(
    verified_client, caseworker, case, receiver_abroad
):
    verified_client(caseworker).post(
        f"/referrals/new/{case.code}/", _form(receiver_abroad, kind="transfer", sharing="full")
    )
    transfer = Referral.objects.get(kind="transfer")
    client = verified_client(receiver_abroad)
    assert "Accept the case" in client.get(f"/referrals/{transfer.code}/").content.decode()
    client.post(f"/referrals/{transfer.code}/status/", {"to": "accepted"})
    assert client.get(f"/cases/{case.code}/").status_code == 200
    sender = verified_client(caseworker)
    assert sender.get(f"/cases/{case.code}/").status_code == 404
    page = sender.get(f"/referrals/{transfer.code}/").content.decode()
    assert case.code not in page  # no link to a case they no longer hold


def test_the_api_lists_without_names_and_flags_overdue(
    verified_client, caseworker, case, receiver_abroad
):
    referral = refer(caseworker, case, receiver_abroad, due_on=datetime.date.today())
    client = verified_client(caseworker)
    [item] = client.get("/api/v1/referrals/").json()["results"]
    assert item["code"] == referral.code and item["id"] == str(referral.public_id)
    assert item["to_country"] == "BA" and item["cross_border"] is True
    assert item["overdue"] is False
    detail = client.get(f"/api/v1/referrals/{referral.public_id}/").json()
    assert detail["case"] == case.code and detail["shared"] is None
    assert NAME_LATIN not in str(detail)


def test_coordinators_see_counts_of_their_country_never_names(
    verified_client, caseworker, case, receiver_abroad, make_user, analyst
):
    from ctis.accounts.roles import Role

    move(receiver_abroad, refer(caseworker, case, receiver_abroad), "accepted")
    serbian = make_user("ana", Role.COORDINATOR, "shelter_rs")
    for user, total in ((serbian, "&lt;10"), (analyst, "&lt;10")):
        page = verified_client(user).get("/referrals/statistics/").content.decode()
        assert f": {total}" in page
        assert "Median days to acceptance" in page
        assert referral_free(page, case)
    macedonian = make_user("goran", Role.COORDINATOR, "office_mk")
    page = verified_client(macedonian).get("/referrals/statistics/").content.decode()
    assert ": 0" in page
    assert verified_client(caseworker).get("/referrals/statistics/").status_code == 403


def referral_free(page: str, case) -> bool:  # type: ignore[no-untyped-def]
    return NAME_LATIN not in page and case.code not in page and "R-" not in page


def test_the_list_costs_the_same_queries_for_one_referral_or_many(
    verified_client, caseworker, case, receiver_abroad
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = verified_client(receiver_abroad)
    refer(caseworker, case, receiver_abroad)
    with CaptureQueriesContext(connection) as one:
        assert client.get("/referrals/").status_code == 200
    for _ in range(4):
        refer(caseworker, case, receiver_abroad)
    with CaptureQueriesContext(connection) as five:
        client.get("/referrals/")
    assert len(five) == len(one)
