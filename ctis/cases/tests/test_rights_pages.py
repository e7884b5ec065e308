"""The DPO's pages for requests about a person's data: found by code or by a POSTed name,
exported, erased in two steps; nobody else reaches them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from ctis.accounts.roles import Role
from ctis.audit.models import AuditEvent
from ctis.cases.models import Erasure, Person
from ctis.cases.tests.conftest import NAME_CYRILLIC, NAME_LATIN


@pytest.fixture(autouse=True)
def _ledger(settings: Any, tmp_path: Path) -> None:
    settings.CTIS_ERASURE_LEDGER = str(tmp_path / "ledger.jsonl")


def test_the_dpo_finds_a_person_by_name_or_code_without_the_name_in_a_log(
    verified_client, dpo, case
):
    client = verified_client(dpo)
    assert client.get("/cases/rights/").status_code == 200
    for data in ({"name": "Zorislava Djurdjevic"}, {"code": case.code.lower()}):
        response = client.post("/cases/rights/", data)
        assert response.status_code == 200
        body = response.content.decode()
        assert f"/cases/rights/{case.code}/" in body
        assert NAME_CYRILLIC not in body and NAME_LATIN not in body  # codes only
    searches = AuditEvent.objects.filter(action="search", object_type="person")
    assert [e.changed_fields for e in searches.order_by("seq")] == [["name"], ["code"]]
    assert all("Zorislava" not in repr(e.__dict__) for e in searches)


def test_the_dpo_downloads_json_and_pdf(verified_client, dpo, case):
    client = verified_client(dpo)
    page = client.get(f"/cases/rights/{case.code}/")
    assert page.status_code == 200 and NAME_LATIN not in page.content.decode()
    response = client.get(f"/cases/rights/{case.code}/export.json")
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="{case.person.code}.json"'
    assert response.json()["person"]["name_latin"] == NAME_LATIN
    response = client.get(f"/cases/rights/{case.code}/export.pdf")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert AuditEvent.objects.filter(action="export", object_id=case.person.code).count() == 2


def test_erasure_is_two_steps_and_the_code_must_be_typed(verified_client, dpo, caseworker, case):
    client = verified_client(dpo)
    url = f"/cases/rights/{case.code}/erase/"
    step_one = client.get(url)
    assert step_one.status_code == 200 and "This cannot be undone" in step_one.content.decode()
    wrong = client.post(url, {"reason": "request", "confirm": "C-AAAAAA"})
    assert wrong.status_code == 200 and "Type the case code" in wrong.content.decode()
    assert Person.objects.get(pk=case.person_id).name == NAME_CYRILLIC
    done = client.post(url, {"reason": "request", "confirm": case.code})
    assert done.status_code == 302 and done["Location"] == f"/cases/rights/{case.code}/"
    assert Erasure.objects.filter(person_id=case.person_id).exists()
    assert "erased" in client.get(done["Location"]).content.decode()
    assert client.post("/cases/rights/", {"name": NAME_LATIN}).context["results"] == []
    # The caseworker still sees the case, without a name.
    detail = verified_client(caseworker).get(f"/cases/{case.code}/").content.decode()
    assert NAME_CYRILLIC not in detail and case.code in detail


@pytest.mark.parametrize("persona", ["caseworker", "supervisor", "coordinator", "admin_user"])
def test_nobody_but_the_dpo_handles_requests(request, verified_client, persona, case):
    client = verified_client(request.getfixturevalue(persona))
    base = f"/cases/rights/{case.code}"
    for url in ("/cases/rights/", f"{base}/", f"{base}/export.json", f"{base}/erase/"):
        assert client.get(url).status_code == 403, url
    assert client.post(f"/cases/rights/{case.code}/erase/",
                       {"reason": "request", "confirm": case.code}).status_code == 403  # fmt: skip
    assert not Erasure.objects.exists()


def test_a_dpo_of_another_country_gets_404(verified_client, make_user, case):
    client = verified_client(make_user("dpo_ba", Role.DPO, "office_ba"))
    base = f"/cases/rights/{case.code}"
    for url in (f"{base}/", f"{base}/export.json", f"{base}/export.pdf", f"{base}/erase/"):
        assert client.get(url).status_code == 404, url
    assert client.post("/cases/rights/", {"code": case.code}).context["results"] == []
    assert not AuditEvent.objects.filter(action="export").exists()


def test_the_case_page_says_the_data_was_erased_and_takes_no_note(
    verified_client, dpo, caseworker, case
):
    from ctis.audit.context import Actor
    from ctis.cases import rights

    rights.erase(actor=Actor(user=dpo), case=case, reason="request", confirm=case.code)
    client = verified_client(caseworker)
    assert "erased" in client.get(f"/cases/{case.code}/").content.decode()
    response = client.post(f"/cases/{case.code}/notes/", {"text": "Back in touch."}, follow=True)
    assert "the case is kept only for counts" in response.content.decode()
    assert not case.notes.exists()
