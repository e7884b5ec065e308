"""Administrators edit accounts and organisations through the pages; every change is audited
by field name, a change of role or organisation ends API tokens, and ending an organisation's
partnership keeps every case it holds."""

from __future__ import annotations

from django.test import Client
from knox.models import AuthToken

from ctis.accounts.models import Organisation, User
from ctis.audit.models import AuditEvent
from ctis.cases.models import Case
from ctis.cases.tests.conftest import open_case


def _edit(client: Client, account: User, organisation: Organisation, roles: list[str], **extra):  # type: ignore[no-untyped-def]
    data = {
        "first_name": account.first_name,
        "last_name": account.last_name,
        "email": account.email,
        "organisation": organisation.public_id,
        "roles": roles,
        **extra,
    }
    return client.post(f"/accounts/users/{account.public_id}/edit/", data)


def _logs_in(username: str) -> bool:
    answer = Client().post(
        "/accounts/login/", {"username": username, "password": "correct horse battery staple 42"}
    )
    return answer.status_code == 302


def _api(token: str) -> int:
    return Client().get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {token}").status_code


def test_a_role_change_is_saved_audited_and_ends_the_api_tokens(
    verified_client, admin_user, caseworker, organisations
):
    _instance, token = AuthToken.objects.create(caseworker)
    assert _api(token) == 200
    admin = verified_client(admin_user)
    form = admin.get(f"/accounts/users/{caseworker.public_id}/edit/")
    assert form.status_code == 200
    assert form.context["form"].initial["roles"] == ["caseworker"]

    response = _edit(admin, caseworker, organisations["ngo_rs"], ["supervisor"])
    assert response.status_code == 302
    assert User.objects.get(pk=caseworker.pk).roles == {"supervisor"}
    assert _api(token) == 401
    assert not AuthToken.objects.filter(user=caseworker).exists()
    change = AuditEvent.objects.filter(
        action=AuditEvent.Action.UPDATE, object_id=str(caseworker.public_id)
    ).get()
    assert (change.actor_username, change.changed_fields) == ("sysadmin", ["roles"])
    revoked = AuditEvent.objects.filter(
        action=AuditEvent.Action.DELETE, object_id=str(caseworker.public_id)
    ).get()
    assert (revoked.changed_fields, revoked.detail) == (
        ["api_tokens"],
        "api_tokens_revoked:role_changed:1",
    )


def test_moving_an_account_to_another_country_changes_its_organisation_and_country(
    verified_client, admin_user, caseworker, organisations
):
    _instance, token = AuthToken.objects.create(caseworker)
    response = _edit(
        verified_client(admin_user), caseworker, organisations["ngo_ba"], ["caseworker"]
    )
    assert response.status_code == 302
    moved = User.objects.get(pk=caseworker.pk)
    assert moved.organisation == organisations["ngo_ba"]
    assert moved.organisation.country.code == "BA"
    assert _api(token) == 401


def test_a_name_change_keeps_the_tokens_and_audits_field_names_not_values(
    verified_client, admin_user, caseworker, organisations
):
    _instance, token = AuthToken.objects.create(caseworker)
    _edit(
        verified_client(admin_user),
        caseworker,
        organisations["ngo_rs"],
        ["caseworker"],
        last_name="Renamed-Fictional",
    )
    assert _api(token) == 200
    change = AuditEvent.objects.filter(
        action=AuditEvent.Action.UPDATE, object_id=str(caseworker.public_id)
    ).get()
    assert change.changed_fields == ["last_name"]
    assert "Renamed" not in (change.detail + " ".join(change.changed_fields))


def test_a_country_administrator_cannot_move_an_account_out_of_their_country(
    verified_client, country_admin, screener, organisations
):
    response = _edit(
        verified_client(country_admin), screener, organisations["ngo_rs"], ["screener"]
    )
    assert response.status_code == 200
    assert "organisation" in response.context["form"].errors
    assert User.objects.get(pk=screener.pk).organisation == organisations["ngo_ba"]


def test_a_failed_edit_keeps_what_was_typed(verified_client, admin_user, caseworker, organisations):
    response = _edit(
        verified_client(admin_user),
        caseworker,
        organisations["regional"],
        ["caseworker", "analyst"],
        first_name="Typed",
        email="not-an-email",
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="Typed"' in html
    assert User.objects.get(pk=caseworker.pk).first_name == "Test"


def test_deactivation_ends_tokens_and_reactivation_lets_the_account_back(
    verified_client, country_admin, screener
):
    _instance, token = AuthToken.objects.create(screener)
    admin = verified_client(country_admin)
    admin.post(f"/accounts/users/{screener.public_id}/deactivate/")
    assert _api(token) == 401
    assert not User.objects.get(pk=screener.pk).is_active
    admin.post(f"/accounts/users/{screener.public_id}/reactivate/")
    assert User.objects.get(pk=screener.pk).is_active
    assert _logs_in("amra")


def test_an_administrator_cannot_deactivate_themself(verified_client, admin_user):
    verified_client(admin_user).post(f"/accounts/users/{admin_user.public_id}/deactivate/")
    assert User.objects.get(pk=admin_user.pk).is_active


def test_the_organisation_form_chooses_nothing_in_advance(verified_client, admin_user):
    page = verified_client(admin_user).get("/accounts/organisations/")
    form = page.context["form"]
    assert form["kind"].value() is None and form["country"].value() is None
    html = page.content.decode()
    assert '<option value="" selected>Choose a type</option>' in html
    assert '<option value="" selected>Choose a country</option>' in html
    refused = verified_client(admin_user).post(
        "/accounts/organisations/", {"name": "Test Unnamed Kind (fictional)"}
    )
    assert {"kind", "country"} <= set(refused.context["form"].errors)
    assert 'value="Test Unnamed Kind (fictional)"' in refused.content.decode()


def test_an_organisation_is_edited_and_the_change_audited(
    verified_client, admin_user, organisations
):
    shelter = organisations["shelter_ba"]
    response = verified_client(admin_user).post(
        f"/accounts/organisations/{shelter.public_id}/",
        {"name": "Test Shelter Sarajevo Renamed", "kind": "shelter", "country": "BA"},
    )
    assert response.status_code == 302
    shelter.refresh_from_db()
    assert shelter.name == "Test Shelter Sarajevo Renamed"
    event = AuditEvent.objects.filter(object_id=str(shelter.public_id)).latest("seq")
    assert (event.action, event.changed_fields) == (AuditEvent.Action.UPDATE, ["name"])


def test_deactivating_an_organisation_deactivates_its_accounts_and_keeps_its_cases(
    verified_client, country_admin, make_user, organisations
):
    worker = make_user("tarik", "caseworker", "ngo_ba")
    colleague = make_user("lana", "supervisor", "ngo_ba")
    cases = [open_case(worker), open_case(colleague, name="Друга Особа", latin="Druga Osoba")]
    _instance, token = AuthToken.objects.create(worker)
    ngo = organisations["ngo_ba"]
    admin = verified_client(country_admin)
    page = admin.get(f"/accounts/organisations/{ngo.public_id}/").content.decode()
    assert "deactivate its 2 active accounts" in page
    unconfirmed = admin.post(f"/accounts/organisations/{ngo.public_id}/deactivate/", follow=True)
    assert "Tick the box to confirm" in unconfirmed.content.decode()
    assert Organisation.objects.get(pk=ngo.pk).is_active
    response = admin.post(
        f"/accounts/organisations/{ngo.public_id}/deactivate/", {"confirm": "yes"}, follow=True
    )
    assert "is deactivated, with 2 accounts" in response.content.decode()
    ngo.refresh_from_db()
    assert not ngo.is_active
    assert not User.objects.filter(username__in=["tarik", "lana"], is_active=True).exists()
    assert _api(token) == 401
    assert not _logs_in("tarik")
    assert sorted(Case.objects.filter(organisation=ngo).values_list("pk", flat=True)) == sorted(
        case.pk for case in cases
    )
    # Reactivating the organisation leaves each account for the administrator to decide.
    admin.post(f"/accounts/organisations/{ngo.public_id}/reactivate/")
    ngo.refresh_from_db()
    assert ngo.is_active
    assert not User.objects.get(username="tarik").is_active


def test_an_organisation_in_another_country_is_not_found(
    verified_client, country_admin, organisations
):
    rs = organisations["ngo_rs"]
    client = verified_client(country_admin)
    assert client.get(f"/accounts/organisations/{rs.public_id}/").status_code == 404
    refused = client.post(f"/accounts/organisations/{rs.public_id}/deactivate/", {"confirm": "yes"})
    assert refused.status_code == 404
    assert Organisation.objects.get(pk=rs.pk).is_active


def test_non_administrators_are_refused(verified_client, caseworker, screener, organisations):
    client = verified_client(caseworker)
    ngo = organisations["ngo_ba"]
    assert client.get(f"/accounts/users/{screener.public_id}/edit/").status_code == 403
    assert _edit(client, screener, ngo, ["supervisor"]).status_code == 403
    assert client.post(f"/accounts/users/{screener.public_id}/reactivate/").status_code == 403
    assert client.get(f"/accounts/organisations/{ngo.public_id}/").status_code == 403
    refused = client.post(
        f"/accounts/organisations/{ngo.public_id}/deactivate/", {"confirm": "yes"}
    )
    assert refused.status_code == 403
    assert User.objects.get(pk=screener.pk).roles == {"screener"}
    assert Organisation.objects.get(pk=ngo.pk).is_active
