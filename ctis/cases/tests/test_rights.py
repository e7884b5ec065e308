"""Rights of the person: Dragan, the DPO, exports everything held about a former beneficiary
(JSON complete, PDF for her without any word of trafficking status) and then erases her
personal data, leaving only anonymous counts; a restored backup cannot bring it back."""

from __future__ import annotations

import datetime
import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import timezone

from ctis.accounts.models import Organisation, User
from ctis.accounts.roles import Role
from ctis.audit import actions as audit_actions
from ctis.audit.context import Actor
from ctis.audit.models import AuditEvent
from ctis.cases import actions, queries, rights
from ctis.cases.models import Case, CaseNote, Erasure, Person, StatusDecision
from ctis.cases.tests.conftest import NAME_CYRILLIC, NAME_LATIN, decision, fresh, open_case
from ctis.core.models import BlindIndex

PHONE = "+000 60 123 4567"
NOTE = "Prefers to meet at the Zemun library on Tuesdays."
GROUNDS = "Reasonable grounds after the interview with the identification team."
ADDRESS = "Ulica Kneza Miloša 77, Beograd"
DOCUMENT = "Passport RS 0099812"


@pytest.fixture(autouse=True)
def _ledger(settings: Any, tmp_path: Path) -> Path:
    settings.CTIS_ERASURE_LEDGER = str(tmp_path / "ledger.jsonl")
    return tmp_path / "ledger.jsonl"


@pytest.fixture
def full_case(caseworker: User) -> Case:
    """A case with everything: details, a presumed decision, a consent and a note."""
    case = open_case(caseworker)
    actor = Actor(user=caseworker)
    actions.update_person(
        actor=actor,
        case=case,
        revision=case.revision,
        data={
            "name": NAME_CYRILLIC,
            "name_script": "Cyrl",
            "name_latin": NAME_LATIN,
            "birth_date": datetime.date(1999, 4, 2),
            "phone": PHONE,
            "document_numbers": DOCUMENT,
            "address": ADDRESS,
            "sex": "female",
            "nationality": "SRB",
            "languages": "sr en",
        },
    )
    case = fresh(case)
    actions.change_status(
        actor=actor,
        case=case,
        revision=case.revision,
        to="presumed",
        decision=decision(grounds=GROUNDS),
    )
    case = fresh(case)
    actions.record_consent(actor=actor, case=case, purpose="statistics", given=True)
    actions.add_note(actor=actor, case=case, text=NOTE)
    return fresh(case)


def _dump_database() -> str:
    chunks: list[str] = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            chunks.extend(repr(row) for row in cursor.fetchall())
    return "\n".join(chunks)


def _raw(sql: str, params: list[Any]) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return list(cursor.fetchall())


def _ciphertexts(case: Case) -> list[str]:
    """Every encrypted token held for the person of ``case``, read raw from the tables."""
    tokens = [
        value
        for row in _raw(
            "SELECT name, name_latin, birth_date, phone, document_numbers, address "
            "FROM cases_person WHERE id = %s",
            [case.person_id],
        )
        for value in row
        if value
    ]
    tokens += [
        r[0] for r in _raw("SELECT grounds FROM cases_statusdecision WHERE case_id = %s", [case.pk])
    ]
    tokens += [r[0] for r in _raw("SELECT text FROM cases_casenote WHERE case_id = %s", [case.pk])]
    assert all(token.startswith("e2:") for token in tokens)
    return tokens


def _digests(person: Person) -> list[str]:
    return list(
        BlindIndex.objects.filter(
            object_id=str(person.pk), purpose__startswith="cases.person"
        ).values_list("digest", flat=True)
    )


# --- export ------------------------------------------------------------------------------


def test_the_json_export_holds_everything_about_the_person(dpo, full_case):
    data = rights.export_data(actor=Actor(user=dpo), case=full_case)
    json.dumps(data)  # serialisable as is
    person = data["person"]
    assert person["code"] == full_case.person.code
    assert person["name"] == NAME_CYRILLIC
    assert person["name_latin"] == NAME_LATIN
    assert person["birth_date"] == "1999-04-02"
    assert person["phone"] == PHONE
    assert person["document_numbers"] == DOCUMENT
    assert person["address"] == ADDRESS
    assert person["nationality"] == "SRB" and person["languages"] == "sr en"
    assert "id" not in person  # no internal keys
    [case] = data["cases"]
    assert case["code"] == full_case.code
    assert case["status"] == "presumed"
    assert case["organisation"] == "Test NGO Beograd"
    assert [d["to_status"] for d in case["decisions"]] == ["potential", "presumed"]
    assert case["decisions"][1]["grounds"] == GROUNDS
    assert case["consents"][-1]["purpose"] == "statistics"
    assert [n["text"] for n in case["notes"]] == [NOTE]
    edited = [e for e in case["edit_history"] if e["kind"] == "edited"]
    assert "birth_date" in edited[0]["fields"] and "address" in edited[0]["fields"]
    assert case["screening"] is None or "code" in case["screening"]
    assert data["erasure"] is None
    event = AuditEvent.objects.get(action="export")
    assert event.object_id == full_case.person.code
    assert event.detail == f"json;case:{full_case.code}"
    assert NAME_LATIN not in repr(event.__dict__)


def _pdf_text(pdf: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages)


def test_the_pdf_is_for_the_person_and_never_states_trafficking_status(dpo, full_case):
    # An organisation whose name would tell a reader what the case is about.
    Organisation.objects.filter(pk=full_case.organisation_id).update(
        name="Anti-Trafficking Shelter Beograd"
    )
    pdf = rights.export_pdf(actor=Actor(user=dpo), case=Case.objects.get(pk=full_case.pk))
    assert pdf.startswith(b"%PDF")
    text = _pdf_text(pdf)
    flat = " ".join(text.split())
    assert "Information we hold about you" in flat
    assert "Zorislava" in flat and "123 4567" in flat and "Miloša" in flat
    assert full_case.code in flat
    assert "Decisions about the support you can receive" in flat
    lowered = flat.lower()
    for word in ("victim", "trafficking", "presumed", "identified", "potential", "shelter",
                 "reasonable grounds", "exploitation"):  # fmt: skip
        assert word not in lowered, word
    assert NOTE not in flat and "Zemun" not in flat  # staff-written text stays out
    assert "an organisation that supports you" in flat
    assert AuditEvent.objects.filter(action="export", detail__startswith="pdf;").count() == 1


def test_the_pdf_text_check_would_see_a_status():
    """The absence checks above mean something: a status printed in a PDF is extracted."""
    import weasyprint

    label = str(dict(Case.Status.choices)["presumed"])
    pdf = bytes(weasyprint.HTML(string=f"<p>Status: {label}</p>").write_pdf())
    assert "victim" in _pdf_text(pdf).lower()


# --- erasure -----------------------------------------------------------------------------


def test_erasure_leaves_no_trace_and_only_anonymous_counts(dpo, analyst, caseworker, full_case):
    other = open_case(
        caseworker, name="Мирјана Јовић", latin="Mirjana Jović", person={"phone": "+000 61 9"}
    )
    person = full_case.person
    tokens = _ciphertexts(full_case)
    digests = _digests(person)
    assert len(tokens) >= 8 and digests

    def counts(user):  # type: ignore[no-untyped-def]
        today = timezone.localdate()
        return queries.identification_counts(queries.countable_cases(user), today, today)

    counts_before = counts(analyst)

    erasure = rights.erase(
        actor=Actor(user=dpo), case=full_case, reason="request", confirm=full_case.code
    )

    dump = _dump_database()
    for secret in (NAME_CYRILLIC, NAME_LATIN, "Zorislava", PHONE, "123 4567", NOTE, GROUNDS,
                   ADDRESS, DOCUMENT, "1999-04-02", *tokens, *digests):  # fmt: skip
        assert secret not in dump, secret
    assert not BlindIndex.objects.filter(object_id=str(person.pk)).exists()
    assert not CaseNote.objects.filter(case=full_case).exists()
    assert counts(analyst) == counts_before
    person = Person.objects.get(pk=person.pk)
    assert (person.name, person.name_latin, person.phone, person.address) == ("", "", None, None)
    assert (person.sex, person.age_group) == ("female", full_case.person.age_group)
    assert person.nationality == "" and person.languages == ""
    case = Case.objects.get(pk=full_case.pk)
    assert case.status == "presumed" and case.country.code == "RS"
    assert case.opened_at == full_case.opened_at
    assert StatusDecision.objects.filter(case=case).count() == 2
    assert set(StatusDecision.objects.filter(case=case).values_list("deciding_body", flat=True))
    # Search finds nothing, in any spelling; the other person is untouched.
    visible = queries.cases_visible_to(caseworker)
    for name in (NAME_CYRILLIC, NAME_LATIN, "Zorislava Djurdjevic"):
        assert not queries.search_cases(visible, name=name).exists()
    assert list(queries.search_cases(visible, name="Mirjana Jovic")) == [other]
    assert rights.residue(person) == []
    # Audited without values; the chain still verifies.
    event = AuditEvent.objects.get(action="delete", object_id=person.code)
    assert "person.name" in event.changed_fields and "casenote.*" in event.changed_fields
    assert event.detail == f"erasure:request;cases:{full_case.code}"
    assert audit_actions.verify() is None
    assert erasure.person_code == person.code and erasure.erased_by == dpo
    # The export now shows that nothing personal is left.
    data = rights.collect(person)
    assert data["person"]["name"] == "" and data["cases"][0]["notes"] == []
    assert data["erasure"]["reason"] == "request"


def test_erasure_needs_the_case_code_typed_again(dpo, full_case):
    with pytest.raises(ValidationError):
        rights.erase(actor=Actor(user=dpo), case=full_case, reason="request", confirm="C-XXXXXX")
    with pytest.raises(ValidationError):
        rights.erase(
            actor=Actor(user=dpo), case=full_case, reason="nonsense", confirm=full_case.code
        )
    assert Person.objects.get(pk=full_case.person_id).name == NAME_CYRILLIC
    assert not Erasure.objects.exists()
    rights.erase(actor=Actor(user=dpo), case=full_case, reason="request", confirm=full_case.code)
    with pytest.raises(ValidationError):  # not twice
        rights.erase(
            actor=Actor(user=dpo), case=full_case, reason="request", confirm=full_case.code
        )


def test_only_a_dpo_of_the_country_may_export_or_erase(
    make_user, caseworker, supervisor, country_admin, admin_user, full_case
):
    dpo_ba = make_user("dpo_ba", Role.DPO, "office_ba")
    for user in (caseworker, supervisor, country_admin, admin_user, dpo_ba):
        actor = Actor(user=user)
        with pytest.raises(PermissionDenied):
            rights.erase(actor=actor, case=full_case, reason="request", confirm=full_case.code)
        with pytest.raises(PermissionDenied):
            rights.export_data(actor=actor, case=full_case)
    assert Person.objects.get(pk=full_case.person_id).name == NAME_CYRILLIC
    assert AuditEvent.objects.filter(action="permission_denied").count() == 10


def _restore(case: Case, person_row: tuple[Any, ...], index_rows: list[tuple[Any, ...]],
             note_rows: list[tuple[Any, ...]], grounds: list[tuple[Any, ...]]) -> None:  # fmt: skip
    """Put back the rows as a restored backup would (raw SQL: no action, no audit)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE cases_person SET name=%s, name_latin=%s, birth_date=%s, phone=%s, "
            "document_numbers=%s, address=%s, nationality=%s, languages=%s WHERE id=%s",
            [*person_row, case.person_id],
        )
        for row in index_rows:
            cursor.execute(
                "INSERT INTO core_blindindex (content_type_id, object_id, purpose, digest, key_id,"
                " rules) VALUES (%s, %s, %s, %s, %s, %s)",
                list(row),
            )
        for row in note_rows:
            cursor.execute(
                "INSERT INTO cases_casenote (case_id, text, author_id, created_at, public_id) "
                "VALUES (%s, %s, %s, %s, %s)",
                list(row),
            )
        for pk, value in grounds:
            cursor.execute("UPDATE cases_statusdecision SET grounds=%s WHERE id=%s", [value, pk])
        cursor.execute("DELETE FROM cases_erasure WHERE person_id=%s", [case.person_id])


def test_the_ledger_erases_again_after_a_restore_and_is_idempotent(
    dpo, caseworker, full_case, _ledger
):
    person_row = _raw(
        "SELECT name, name_latin, birth_date, phone, document_numbers, address, nationality, "
        "languages FROM cases_person WHERE id=%s",
        [full_case.person_id],
    )[0]
    index_rows = _raw(
        "SELECT content_type_id, object_id, purpose, digest, key_id, rules FROM core_blindindex "
        "WHERE object_id=%s AND purpose LIKE 'cases.person%%'",
        [str(full_case.person_id)],
    )
    note_rows = _raw(
        "SELECT case_id, text, author_id, created_at, public_id FROM cases_casenote "
        "WHERE case_id=%s",
        [full_case.pk],
    )
    grounds = _raw("SELECT id, grounds FROM cases_statusdecision WHERE case_id=%s", [full_case.pk])
    rights.erase(actor=Actor(user=dpo), case=full_case, reason="request", confirm=full_case.code)
    [entry] = rights.read_ledger()
    assert entry["person"] == full_case.person.code and entry["cases"] == [full_case.code]
    assert NAME_LATIN not in _ledger.read_text() and PHONE not in _ledger.read_text()

    # Nothing to do on a database that is as it should be.
    result = rights.reapply(actor=Actor.system("test"))
    assert (result.erased, result.already, result.absent) == ([], 1, 0)

    # A backup from before the erasure is restored: she is back, findable by name.
    _restore(full_case, person_row, index_rows, note_rows, grounds)
    visible = queries.cases_visible_to(caseworker)
    assert queries.search_cases(visible, name=NAME_LATIN).exists()
    assert Person.objects.get(pk=full_case.person_id).name == NAME_CYRILLIC

    result = rights.reapply(actor=Actor.system("test"))
    assert result.erased == [full_case.person.code]
    person = Person.objects.get(pk=full_case.person_id)
    assert person.name == "" and rights.residue(person) == []
    assert not queries.search_cases(visible, name=NAME_LATIN).exists()
    assert Erasure.objects.get(person=person).reapplied == 1
    dump = _dump_database()
    assert NOTE not in dump and all(row[1] not in dump for row in note_rows)

    # Re-applying again changes nothing and writes no second erasure.
    deletes = AuditEvent.objects.filter(action="delete").count()
    result = rights.reapply(actor=Actor.system("test"))
    assert (result.erased, result.already) == ([], 1)
    assert AuditEvent.objects.filter(action="delete").count() == deletes
    assert len(rights.read_ledger()) == 1
    assert audit_actions.verify() is None


def test_a_lost_ledger_file_is_rebuilt_from_the_database(dpo, full_case, _ledger):
    rights.erase(actor=Actor(user=dpo), case=full_case, reason="retention", confirm=full_case.code)
    _ledger.unlink()
    result = rights.reapply(actor=Actor.system("test"))
    assert result.added_to_ledger == 1 and result.erased == []
    assert [e["person"] for e in rights.read_ledger()] == [full_case.person.code]


def test_the_erasures_command_checks_and_reapplies(dpo, full_case, _ledger):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    rights.erase(actor=Actor(user=dpo), case=full_case, reason="request", confirm=full_case.code)
    out = io.StringIO()
    call_command("erasures", "check", stdout=out)
    assert "none has personal data" in out.getvalue()
    Person.objects.filter(pk=full_case.person_id).update(nationality="SRB")  # a partial restore
    with pytest.raises(CommandError, match=full_case.person.code):
        call_command("erasures", "check", stdout=io.StringIO())
    out = io.StringIO()
    call_command("erasures", "reapply", stdout=out)
    assert f"erased again: 1 ({full_case.person.code})" in out.getvalue()
    call_command("erasures", "check", stdout=io.StringIO())
    _ledger.write_text("not json\n")
    with pytest.raises(CommandError, match="not a ledger entry"):
        call_command("erasures", "list", stdout=io.StringIO())


def test_nothing_personal_is_written_to_an_erased_persons_case(dpo, caseworker, full_case):
    rights.erase(actor=Actor(user=dpo), case=full_case, reason="request", confirm=full_case.code)
    case = fresh(full_case)
    actor = Actor(user=caseworker)
    with pytest.raises(ValidationError, match="erased"):
        actions.update_person(actor=actor, case=case, revision=case.revision, data={"phone": "1"})
    with pytest.raises(ValidationError, match="erased"):
        actions.add_note(actor=actor, case=case, text="Back in touch.")
    with pytest.raises(ValidationError, match="erased"):
        actions.change_status(
            actor=actor, case=case, revision=case.revision, to="identified", decision=decision()
        )
    assert rights.residue(Person.objects.get(pk=case.person_id)) == []
