"""The case pages: opening from a screening, recording a decision, the conflict page, search."""

from __future__ import annotations

import datetime

from ctis.audit.context import Actor
from ctis.audit.models import AuditEvent
from ctis.cases import actions
from ctis.cases.models import Case
from ctis.cases.tests.conftest import completed_screening, fresh


def test_a_caseworker_opens_a_case_from_the_screening_in_one_step(verified_client, caseworker):
    screening = completed_screening(caseworker)
    client = verified_client(caseworker)
    listing = client.get("/cases/").content.decode()
    assert f"/cases/open/{screening.public_id}/" in listing
    response = client.post(
        f"/cases/open/{screening.public_id}/",
        {"name": "Ана Петровић", "name_script": "Cyrl", "name_latin": "Ana Petrović",
         "sex": "female", "nationality": "srb", "languages": ["sr"], "status": "potential"},
    )  # fmt: skip
    case = Case.objects.get(screening=screening)
    assert response.status_code == 302 and response["Location"] == f"/cases/{case.code}/"
    assert case.person.nationality == "SRB" and case.person.languages == "sr"
    # The screening is no longer waiting, and opening it again leads to the case.
    assert f"/cases/open/{screening.public_id}/" not in client.get("/cases/").content.decode()
    again = client.get(f"/cases/open/{screening.public_id}/")
    assert again["Location"] == f"/cases/{case.code}/"


def test_opening_at_presumed_asks_for_the_decision(verified_client, caseworker):
    screening = completed_screening(caseworker)
    client = verified_client(caseworker)
    data = {"name": "Ana", "name_script": "Latn", "name_latin": "Ana", "sex": "female",
            "status": "presumed"}  # fmt: skip
    response = client.post(f"/cases/open/{screening.public_id}/", data)
    assert response.status_code == 200
    assert "Needed for the decision record." in response.content.decode()
    assert not Case.objects.exists()


def test_an_outsider_cannot_open_a_case_from_another_organisations_screening(
    verified_client, caseworker, outsider_same_country
):
    screening = completed_screening(caseworker)
    client = verified_client(outsider_same_country)
    assert client.get(f"/cases/open/{screening.public_id}/").status_code == 404


def test_a_decision_is_recorded_from_the_status_page(verified_client, caseworker, case):
    client = verified_client(caseworker)
    page = client.get(f"/cases/{case.code}/status/").content.decode()
    assert 'value="presumed"' in page and 'value="identified"' not in page
    response = client.post(
        f"/cases/{case.code}/status/",
        {"to": "presumed", "revision": case.revision, "deciding_org_type": "other_governmental",
         "deciding_body": "Centre for Protection", "decided_on": datetime.date.today().isoformat(),
         "grounds": "Reasonable grounds."},
    )  # fmt: skip
    assert response.status_code == 302
    detail = client.get(f"/cases/{case.code}/").content.decode()
    assert "30 days left" in detail and "Not to be removed" in detail


def test_a_stale_edit_shows_what_changed_and_keeps_what_was_typed(
    verified_client, caseworker, supervisor, case
):
    started_from = case.revision
    actions.update_person(actor=Actor(user=supervisor), case=fresh(case), revision=started_from,
                          data={"phone": "+000 61 999 0000"})  # fmt: skip
    client = verified_client(caseworker)
    response = client.post(
        f"/cases/{case.code}/person/",
        {"name": "Зорислава Ђурђевић", "name_script": "Cyrl", "name_latin": "Zorislava Djurdjevic",
         "sex": "female", "phone": "+000 60 123 4567", "address": "Typed address 12",
         "revision": started_from},
    )  # fmt: skip
    assert response.status_code == 200
    text = response.content.decode()
    assert "someone else changed this case" in text
    assert supervisor.username in text and "+000 61 999 0000" in text  # what they changed
    assert "Typed address 12" in text and "Zorislava Djurdjevic" in text  # what I typed
    assert f'value="{started_from + 1}"' in text  # saving again is a deliberate overwrite
    assert fresh(case).person.address is None
    # Saving the kept values again goes through.
    again = client.post(
        f"/cases/{case.code}/person/",
        {"name": "Зорислава Ђурђевић", "name_script": "Cyrl", "name_latin": "Zorislava Djurdjevic",
         "sex": "female", "phone": "+000 60 123 4567", "address": "Typed address 12",
         "revision": started_from + 1},
    )  # fmt: skip
    assert again.status_code == 302
    assert fresh(case).person.address == "Typed address 12"


def test_a_stale_status_decision_keeps_the_typed_grounds(
    verified_client, caseworker, supervisor, case
):
    started_from = case.revision
    actions.update_person(actor=Actor(user=supervisor), case=fresh(case), revision=started_from,
                          data={"languages": "ar"})  # fmt: skip
    response = verified_client(caseworker).post(
        f"/cases/{case.code}/status/",
        {"to": "presumed", "revision": started_from, "deciding_org_type": "police",
         "deciding_body": "Border police", "decided_on": datetime.date.today().isoformat(),
         "grounds": "My long typed grounds."},
    )  # fmt: skip
    text = response.content.decode()
    assert response.status_code == 200 and "My long typed grounds." in text
    assert fresh(case).status == "potential"


def test_search_is_post_only_and_audited_without_the_values(verified_client, caseworker, case):
    client = verified_client(caseworker)
    assert client.get("/cases/search/", {"name": "Zorislava"}).status_code == 405
    response = client.post("/cases/search/", {"name": "Zorislava Djurdjevic", "code": ""})
    assert response.status_code == 200
    assert case.code in response.content.decode()
    event = AuditEvent.objects.filter(action="search").get()
    assert event.changed_fields == ["name"] and event.detail == "results:1"
    assert "zorislava" not in repr(AuditEvent.objects.values_list()).casefold()


def test_an_empty_search_asks_for_something(verified_client, caseworker, db):
    response = verified_client(caseworker).post("/cases/search/", {"name": "", "code": ""})
    assert "Enter a name or a case code." in response.content.decode()


def test_consent_notes_closing_and_reopening_from_the_page(
    verified_client, caseworker, supervisor, case
):
    client = verified_client(caseworker)
    client.post(f"/cases/{case.code}/consent/", {"purpose": "statistics", "given": "yes"})
    client.post(f"/cases/{case.code}/notes/", {"text": "Called back on Monday."})
    detail = client.get(f"/cases/{case.code}/").content.decode()
    assert "Called back on Monday." in detail
    assert "Close the case" not in detail  # closing is a supervisor's
    assert client.post(f"/cases/{case.code}/close/", {"reason": "declined",
                       "revision": case.revision}).status_code == 403  # fmt: skip
    boss = verified_client(supervisor)
    boss.post(
        f"/cases/{case.code}/close/", {"reason": "declined", "revision": fresh(case).revision}
    )
    assert not fresh(case).is_open
    boss.post(f"/cases/{case.code}/reopen/", {"revision": fresh(case).revision})
    assert fresh(case).is_open


def test_writes_need_post(verified_client, caseworker, case):
    client = verified_client(caseworker)
    for url in ("notes", "consent", "close", "reopen"):
        assert client.get(f"/cases/{case.code}/{url}/").status_code == 405


def test_after_a_conflict_a_field_both_changed_keeps_this_users_version_and_says_so(
    verified_client, caseworker, supervisor, case
):
    started_from = case.revision
    actions.update_person(actor=Actor(user=supervisor), case=fresh(case), revision=started_from,
                          data={"phone": "+000 61 999 0000", "nationality": "BIH"})  # fmt: skip
    loaded = {
        "name": "Зорислава Ђурђевић",
        "name_script": "Cyrl",
        "name_latin": "Zorislava Đurđević",
        "sex": "female",
        "phone": "+000 60 123 4567",
        "nationality": "",
        "address": "",
        "document_numbers": "",
        "birth_date": "",
    }
    typed = {**loaded, "phone": "+000 62 222 2222"}
    post = {**typed, **{f"initial-{k}": v for k, v in loaded.items()}, "revision": started_from}
    text = verified_client(caseworker).post(f"/cases/{case.code}/person/", post).content.decode()
    assert "You both changed:" in text and "Phone" in text
    assert 'value="+000 62 222 2222"' in text  # mine, kept
    assert 'name="nationality" value="BIH"' in text  # theirs, taken in (I did not touch it)
