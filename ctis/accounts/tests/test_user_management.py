from __future__ import annotations

from ctis.accounts.models import User
from ctis.audit.models import AuditEvent


def test_a_country_administrator_sees_only_their_countrys_accounts(
    verified_client, country_admin, screener, caseworker
):
    response = verified_client(country_admin).get("/accounts/users/")
    assert response.status_code == 200
    names = {user.username for user in response.context["users"]}
    assert "amra" in names  # Bosnia and Herzegovina, like the administrator
    assert "marko" not in names  # Serbia


def test_an_account_in_another_country_is_not_found(verified_client, country_admin, caseworker):
    response = verified_client(country_admin).get(f"/accounts/users/{caseworker.public_id}/")
    assert response.status_code == 404


def test_opening_an_account_is_audited(verified_client, country_admin, screener):
    response = verified_client(country_admin).get(f"/accounts/users/{screener.public_id}/")
    assert response.status_code == 200
    event = AuditEvent.objects.filter(action=AuditEvent.Action.VIEW).latest("seq")
    assert (event.object_type, event.object_id, event.actor_username) == (
        "user",
        str(screener.public_id),
        "adnan",
    )


def test_a_caseworker_may_not_manage_accounts(verified_client, caseworker, screener):
    client = verified_client(caseworker)
    assert client.get("/accounts/users/").status_code == 403
    assert client.post(f"/accounts/users/{screener.public_id}/deactivate/").status_code == 403
    assert User.objects.get(pk=screener.pk).is_active


def test_deactivation_needs_a_post(verified_client, country_admin, screener):
    assert (
        verified_client(country_admin)
        .get(f"/accounts/users/{screener.public_id}/deactivate/")
        .status_code
        == 405
    )


def test_a_country_administrator_creates_a_screener_in_their_country(
    verified_client, country_admin, organisations
):
    client = verified_client(country_admin)
    response = client.post(
        "/accounts/users/new/",
        {
            "username": "new.screener",
            "first_name": "Nova",
            "last_name": "Test",
            "email": "nova@example.invalid",
            "organisation": organisations["ngo_ba"].public_id,
            "roles": ["screener"],
        },
    )
    assert response.status_code == 302
    created = User.objects.get(username="new.screener")
    assert created.roles == {"screener"}
    assert not created.has_usable_password()


def test_a_country_administrator_cannot_create_accounts_elsewhere(
    verified_client, country_admin, organisations
):
    response = verified_client(country_admin).post(
        "/accounts/users/new/",
        {
            "username": "x",
            "email": "x@example.invalid",
            "organisation": organisations["ngo_rs"].public_id,
            "roles": ["screener"],
        },
    )
    assert response.status_code == 200
    assert "organisation" in response.context["form"].errors
    assert not User.objects.filter(username="x").exists()


def test_a_failed_create_keeps_what_was_typed(verified_client, country_admin, organisations):
    response = verified_client(country_admin).post(
        "/accounts/users/new/",
        {
            "username": "kept.name",
            "first_name": "Kept",
            "email": "not-an-email",
            "organisation": organisations["ngo_ba"].public_id,
        },
    )
    html = response.content.decode()
    assert 'value="kept.name"' in html
    assert 'value="Kept"' in html
    assert 'aria-invalid="true"' in html


def test_deactivation_blocks_login_and_is_audited(verified_client, country_admin, screener, client):
    verified_client(country_admin).post(f"/accounts/users/{screener.public_id}/deactivate/")
    screener.refresh_from_db()
    assert not screener.is_active
    event = AuditEvent.objects.filter(
        object_id=str(screener.public_id), action=AuditEvent.Action.UPDATE
    ).get()
    assert event.changed_fields == ["is_active"]


def test_a_country_administrator_adds_an_organisation_in_their_country_only(
    verified_client, country_admin
):
    from ctis.accounts.models import Organisation

    client = verified_client(country_admin)
    page = client.get("/accounts/organisations/")
    assert page.status_code == 200
    choices = [code for code, _label in page.context["form"].fields["country"].choices]
    assert choices == ["", "BA"]  # no regional level, nothing chosen in advance
    added = client.post(
        "/accounts/organisations/",
        {
            "name": "Test Legal Aid Tuzla",
            "kind": "legal_aid",
            "country": "BA",
        },
    )
    assert added.status_code == 302
    assert Organisation.objects.get(name="Test Legal Aid Tuzla").country.code == "BA"
    refused = client.post(
        "/accounts/organisations/",
        {
            "name": "Test Legal Aid Niš",
            "kind": "legal_aid",
            "country": "RS",
        },
    )
    assert "country" in refused.context["form"].errors
    regional = client.post(
        "/accounts/organisations/", {"name": "Test Regional", "kind": "ngo", "country": ""}
    )
    assert "country" in regional.context["form"].errors
    assert not Organisation.objects.filter(
        name__in=["Test Legal Aid Niš", "Test Regional"]
    ).exists()
