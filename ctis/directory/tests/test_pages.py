from __future__ import annotations

from ctis.audit.models import AuditEvent
from ctis.directory.models import Service


def test_a_screener_searches_the_directory(verified_client, screener, services):
    response = verified_client(screener).get(
        "/services/", {"kind": "shelter", "age": "16", "sex": "male", "language": "ps"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Test boys&#x27; shelter" in html
    assert "Test women" not in html
    assert "1 service" in html


def test_a_bad_age_is_explained_and_kept(verified_client, screener, services):
    html = (
        verified_client(screener)
        .get("/services/", {"age": "200", "municipality": "Bihać"})
        .content.decode()
    )
    assert "Ensure this value is less than or equal to 120." in html
    assert 'value="Bihać"' in html


def test_staff_see_a_confidential_address_marked_as_such(verified_client, screener, services):
    html = (
        verified_client(screener).get(f"/services/{services['boys'].public_id}/").content.decode()
    )
    assert "Secret Lane 1" in html
    assert "confidential" in html


def test_an_unknown_service_is_not_found(verified_client, screener, db):
    assert (
        verified_client(screener).get("/services/00000000-0000-0000-0000-000000000000/").status_code
        == 404
    )


def test_only_directory_managers_see_the_add_button_and_form(
    verified_client, screener, country_admin, services
):
    assert "Add a service" not in verified_client(screener).get("/services/").content.decode()
    assert verified_client(screener).get("/services/new/").status_code == 403


def test_a_country_administrator_adds_a_service_with_a_new_provider(
    verified_client, country_admin, db, organisations
):
    client = verified_client(country_admin)
    response = client.post(
        "/services/new/",
        {
            "new_provider": "Test Drina Legal",
            "new_provider_country": "BA",
            "kind": "legal_aid",
            "name": "Test Drina legal aid",
            "municipality": "Zvornik",
            "eligible_sex": "any",
            "availability": "available",
            "languages": ["bs", "ar"],
            "is_public": "on",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    service = Service.objects.get(name="Test Drina legal aid")
    assert service.provider.country.code == "BA"
    assert sorted(service.language_codes) == ["ar", "bs"]


def test_a_failed_save_keeps_what_was_typed(verified_client, country_admin, db, organisations):
    response = verified_client(country_admin).post(
        "/services/new/",
        {
            "new_provider": "Test Kept",
            "new_provider_country": "BA",
            "kind": "shelter",
            "name": "Kept name",
            "municipality": "Tuzla",
            "eligible_sex": "any",
            "availability": "available",
            "min_age": "18",
            "max_age": "12",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="Kept name"' in html
    assert "The oldest age is below the youngest." in html
    assert not Service.objects.filter(name="Kept name").exists()


def test_availability_changes_by_post_only_and_only_in_the_managers_country(
    verified_client, country_admin, services
):
    client = verified_client(country_admin)
    boys, women = services["boys"], services["women"]
    assert client.get(f"/services/{boys.public_id}/availability/").status_code == 405
    assert (
        client.post(
            f"/services/{boys.public_id}/availability/", {"availability": "full"}
        ).status_code
        == 302
    )
    boys.refresh_from_db()
    assert boys.availability == "full"
    assert (
        client.post(
            f"/services/{women.public_id}/availability/", {"availability": "available"}
        ).status_code
        == 403
    )
    women.refresh_from_db()
    assert women.availability == "full"
    assert AuditEvent.objects.filter(
        action="permission_denied", detail__startswith="manage_directory"
    ).exists()


def test_the_edit_form_records_only_changed_fields(verified_client, country_admin, services):
    boys = services["boys"]
    client = verified_client(country_admin)
    form = client.get(f"/services/{boys.public_id}/edit/").context["form"]
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update({"name": "Test boys' shelter (renamed)", "languages": ["bs", "ps"]})
    data = {k: ("on" if v is True else v) for k, v in data.items() if v is not False}
    response = client.post(f"/services/{boys.public_id}/edit/", data)
    assert response.status_code == 302, response.context["form"].errors
    event = AuditEvent.objects.filter(action="update", object_id=str(boys.public_id)).get()
    assert event.changed_fields == ["name"]
