"""The DPO's audit, as Dragan uses it: who opened this case (whichever code he has), in words
rather than codes, whether the chain holds, and the rights pages that tell people apart."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.utils import timezone

from ctis.accounts.roles import Role
from ctis.audit.models import AuditEvent, ChainCheck
from ctis.cases.models import Erasure
from ctis.cases.tests.conftest import decision, open_case


@pytest.fixture(autouse=True)
def _ledger(settings: Any, tmp_path: Path) -> None:
    settings.CTIS_ERASURE_LEDGER = str(tmp_path / "ledger.jsonl")


def _rows(response) -> list[dict[str, Any]]:  # type: ignore[no-untyped-def]
    return response.context["rows"]


def test_the_dpo_finds_a_case_view_by_the_case_code_or_the_person_code(
    verified_client, dpo, caseworker, analyst
):
    case = open_case(caseworker)
    other = open_case(caseworker, name="Test Other", latin="Test Other")
    worker = verified_client(caseworker)
    assert worker.get(f"/cases/{case.code}/").status_code == 200  # logged under the person
    assert worker.get(f"/cases/{other.code}/").status_code == 200
    view = AuditEvent.objects.get(action="view", object_id=case.person.code)
    assert view.object_type == "person"

    client = verified_client(dpo)
    for code in (case.code, case.code.lower(), f" {case.code} ", case.person.code):
        rows = _rows(client.get("/audit/", {"object_id": code, "action": "view"}))
        assert [r["event"].seq for r in rows] == [view.seq], code
    # The other case's views are not among them; the case's creation is, by either code.
    everything = _rows(client.get("/audit/", {"object_id": case.code}))
    assert {r["event"].object_id for r in everything} == {case.code, case.person.code}
    # By user and by date.
    by_user = _rows(client.get("/audit/", {"actor": "marko", "action": "view"}))
    assert {r["event"].object_id for r in by_user} == {case.person.code, other.person.code}
    today = timezone.localdate().isoformat()
    assert _rows(client.get("/audit/", {"since": today, "until": today, "action": "view"}))
    assert not _rows(client.get("/audit/", {"until": "2000-01-01"}))


def test_roles_and_record_types_read_as_words(verified_client, dpo, caseworker, analyst):
    verified_client(analyst).get("/reports/", {"start": "2026-01-01", "end": "2026-03-31"})
    open_case(caseworker)
    response = verified_client(dpo).get("/audit/")
    html = response.content.decode()
    page = html[html.index("<tbody>") :]  # the events (the search form's options hold codes)
    assert "Regional analyst" in page and "Caseworker" in page
    assert "Programme report" in page and "Person" in page
    assert "programme_report" not in page
    raw = {"screener", "caseworker", "supervisor", "coordinator", "analyst", "country_admin",
           "system_admin", "dpo"}  # fmt: skip
    for row in _rows(response):
        assert not set(row["roles"].split(", ")) & raw, row["roles"]
        assert "_" not in row["record_type"], row["record_type"]
    run = AuditEvent.objects.filter(object_type="programme_report").first()
    assert run is None or run.object_id not in page  # internal ids are not shown


def test_the_dpo_checks_the_chain_on_a_page_and_the_check_is_kept(verified_client, dpo, caseworker):
    open_case(caseworker)
    assert verified_client(caseworker).get("/audit/chain/").status_code == 403
    client = verified_client(dpo)
    assert "Never checked." in client.get("/audit/chain/").content.decode()
    done = client.post("/audit/chain/", follow=True)
    check = ChainCheck.objects.get()
    assert check.intact and check.checked_by == "dragan" and check.events > 0
    page = done.content.decode()
    assert "The audit log is intact." in page
    shown = timezone.localtime(check.checked_at).strftime("%Y-%m-%d %H:%M")  # the page's zone
    assert "Intact" in page and shown in page
    assert AuditEvent.objects.filter(object_type="audit_chain", detail="intact").exists()
    assert "Intact when last checked" in client.get("/audit/").content.decode()

    # Someone edits an event behind the application's back.
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("DROP TRIGGER IF EXISTS audit_event_no_update")
        else:
            cursor.execute("DROP TRIGGER IF EXISTS audit_event_no_change ON audit_auditevent")
        cursor.execute("UPDATE audit_auditevent SET actor_username = 'nobody' WHERE seq = 2")
    page = client.post("/audit/chain/", follow=True).content.decode()
    assert "The audit log has been tampered with." in page
    last = ChainCheck.objects.first()
    assert last is not None and not last.intact and last.broken_at == 2
    assert "Tampered with" in client.get("/audit/").content.decode()


def test_the_rights_search_tells_same_name_people_apart_within_the_dpos_countries(
    verified_client, dpo, caseworker, make_user
):
    one = open_case(caseworker, person={"birth_date": datetime.date(1990, 5, 1)})
    two = open_case(
        make_user("olga2", Role.CASEWORKER, "shelter_rs"),
        person={"birth_date": datetime.date(2001, 2, 3), "sex": "male"},
    )
    elsewhere = open_case(make_user("omar2", Role.CASEWORKER, "ngo_ba"))
    response = verified_client(dpo).post("/cases/rights/", {"name": "Zorislava Đurđević"})
    page = response.content.decode()
    assert {c.code for c in response.context["results"]} == {one.code, two.code, elsewhere.code}
    assert "born 1990" in page and "born 2001" in page
    assert "Female" in page and "Male" in page
    assert "Test NGO Beograd" in page and "Test Shelter Novi Sad" in page
    assert "last activity" in page
    # A DPO of Bosnia and Herzegovina sees only the case held there.
    national = make_user("dpo_ba", Role.DPO, "office_ba")
    found = verified_client(national).post("/cases/rights/", {"name": "Zorislava Đurđević"})
    assert [c.code for c in found.context["results"]] == [elsewhere.code]
    assert "born 1990" not in found.content.decode()


@pytest.mark.parametrize("typed", ["lower", " space", "space "])
def test_the_erasure_needs_the_code_exactly_as_shown(verified_client, dpo, caseworker, typed):
    case = open_case(caseworker)
    confirm = {
        "lower": case.code.lower(),
        " space": f" {case.code}",
        "space ": f"{case.code} ",
    }[typed]
    client = verified_client(dpo)
    refused = client.post(
        f"/cases/rights/{case.code}/erase/", {"reason": "request", "confirm": confirm}
    )
    assert refused.status_code == 200
    assert "Type the case code exactly as shown" in refused.content.decode()
    assert not Erasure.objects.exists()
    done = client.post(
        f"/cases/rights/{case.code}/erase/", {"reason": "request", "confirm": case.code}
    )
    assert done.status_code == 302 and Erasure.objects.count() == 1


def test_an_erased_case_shows_no_live_deadline_and_no_form_it_would_refuse(
    verified_client, dpo, caseworker, supervisor
):
    case = open_case(caseworker)
    from ctis.audit.context import Actor
    from ctis.cases import actions

    actions.change_status(
        actor=Actor(user=caseworker), case=case, revision=case.revision, to="presumed",
        decision=decision(),
    )  # fmt: skip
    before = verified_client(caseworker).get(f"/cases/{case.code}/").content.decode()
    assert 'id="reflection-period"' in before and f"/cases/{case.code}/notes/" in before
    done = verified_client(dpo).post(
        f"/cases/rights/{case.code}/erase/", {"reason": "request", "confirm": case.code}
    )
    assert done.status_code == 302
    for user in (caseworker, supervisor):
        page = verified_client(user).get(f"/cases/{case.code}/").content.decode()
        assert 'id="erased-notice"' in page
        assert 'id="reflection-period"' not in page and "days left" not in page
        for form in ("notes/", "consent/", "status/", "person/", "assessments/", "needs/",
                     "plan/", "assistance/", "documents/"):  # fmt: skip
            assert f"/cases/{case.code}/{form}" not in page, form
        assert "/referrals/new/" not in page
