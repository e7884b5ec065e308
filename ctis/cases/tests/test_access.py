"""Who sees what, on the pages and the API: outsiders 404, aggregates only for coordinators
and analysts, no case content for the DPO or administrators; every view of a person audited."""

from __future__ import annotations

import pytest

from ctis.audit.models import AuditEvent
from ctis.cases.tests.conftest import NAME_CYRILLIC, NAME_LATIN, open_case


def page_urls(case):  # type: ignore[no-untyped-def]
    return [
        f"/cases/{case.code}/",
        f"/cases/{case.code}/person/",
        f"/cases/{case.code}/status/",
    ]


def test_the_owner_organisation_sees_the_case_and_the_view_is_audited(
    verified_client, caseworker, supervisor, case
):
    for user in (caseworker, supervisor):
        response = verified_client(user).get(f"/cases/{case.code}/")
        assert response.status_code == 200
        assert NAME_CYRILLIC in response.content.decode()
    views = AuditEvent.objects.filter(
        action="view", object_type="person", object_id=case.person.code
    )
    assert views.count() == 2
    assert {e.actor_username for e in views} == {caseworker.username, supervisor.username}


def test_an_outsider_gets_404_on_every_page_and_the_api(
    verified_client, outsider_same_country, outsider_other_country, case
):
    for user in (outsider_same_country, outsider_other_country):
        client = verified_client(user)
        for url in page_urls(case):
            assert client.get(url).status_code == 404, url
        for url in (f"/cases/{case.code}/notes/", f"/cases/{case.code}/consent/"):
            assert client.post(url, {"text": "x"}).status_code == 404
        assert client.get(f"/api/v1/cases/{case.public_id}/").status_code == 404
        assert client.get("/api/v1/cases/").json()["results"] == []
    assert not AuditEvent.objects.filter(action="view", object_type="person").exists()


def test_a_missing_case_looks_the_same_as_someone_elses(
    verified_client, outsider_same_country, case
):
    client = verified_client(outsider_same_country)
    assert (
        client.get("/cases/C-ZZZZZZ/").status_code == client.get(f"/cases/{case.code}/").status_code
    )


@pytest.mark.parametrize("persona", ["coordinator", "analyst", "dpo", "admin_user", "screener"])
def test_roles_without_case_access_see_no_case_content(request, verified_client, persona, case):
    user = request.getfixturevalue(persona)
    client = verified_client(user)
    for url in [*page_urls(case), "/cases/"]:
        response = client.get(url)
        assert response.status_code in {403, 404}, url
        assert NAME_LATIN not in response.content.decode()
    assert client.get("/api/v1/cases/").status_code == 403
    assert client.get(f"/api/v1/cases/{case.public_id}/").status_code == 403


def test_coordinators_and_analysts_see_counts_only(
    verified_client, coordinator, analyst, caseworker, case
):
    for _ in range(9):
        open_case(caseworker)
    page = verified_client(analyst).get("/cases/statistics/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Potential victim" in text and "<td>10</td>" in text
    assert NAME_LATIN not in text and NAME_CYRILLIC not in text and case.code not in text
    # The coordinator of North Macedonia has no Serbian cases to count.
    mk = verified_client(coordinator).get("/cases/statistics/").content.decode()
    assert "None in this period." in mk and "<td>10</td>" not in mk


def test_small_counts_are_suppressed(verified_client, analyst, case):
    text = verified_client(analyst).get("/cases/statistics/").content.decode()
    assert "&lt;10" in text


def test_caseworkers_cannot_see_statistics_pages_meant_for_aggregates(verified_client, caseworker):
    assert verified_client(caseworker).get("/cases/statistics/").status_code == 403


def test_the_api_lists_the_organisations_cases_without_names(verified_client, caseworker, case):
    client = verified_client(caseworker)
    listing = client.get("/api/v1/cases/").json()["results"]
    assert listing == [
        {
            "id": str(case.public_id),
            "code": case.code,
            "country": "RS",
            "status": "potential",
            "owner": case.organisation.name,
            "opened": listing[0]["opened"],
            "closed_at": None,
        }
    ]
    detail = client.get(f"/api/v1/cases/{case.public_id}/").json()
    assert detail["name"] == NAME_CYRILLIC and detail["name_latin"] == NAME_LATIN
    assert AuditEvent.objects.filter(action="view", object_id=case.person.code).count() == 1


def test_the_case_list_pins_its_query_count(
    verified_client, caseworker, case, django_assert_max_num_queries
):
    client = verified_client(caseworker)
    open_case(caseworker)
    with django_assert_max_num_queries(12):
        assert client.get("/cases/").status_code == 200
