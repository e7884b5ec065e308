from __future__ import annotations

import io

from openpyxl import Workbook

from conftest import SYSTEM, _country
from ctis.audit.models import AuditEvent
from ctis.training import actions
from ctis.training.models import Participant
from ctis.training.tests.conftest import add

HEADER = "name,organisation,agency_type,role,sex,country,pre_score,post_score\n"


def run(session, text: str, **options):
    return actions.import_participants(
        actor=SYSTEM, session=session, data=text.encode(), file_name="list.csv", **options
    )


def test_a_clean_file_registers_everyone_with_audit_events(session_mk):
    result = run(
        session_mk,
        HEADER + "Ana Test,Test Border Police,interior_police,Officer,F,MK,40,70\n"
        "Besnik Test,Test Border Police,interior_police,Inspector,male,,55,60\n",
    )
    assert result.ok
    assert result.imported == 2
    people = {p.name: p for p in Participant.objects.filter(session=session_mk)}
    assert people["Ana Test"].sex == "female"
    assert people["Besnik Test"].country.code == "MK"  # blank country: the session's
    assert people["Besnik Test"].post_score == 60
    assert (
        AuditEvent.objects.filter(action="create", object_type="training_participant").count() == 2
    )
    assert AuditEvent.objects.filter(
        action="create", object_type="training_session", detail="import:2"
    ).exists()


def test_one_bad_row_means_nothing_is_imported_and_each_problem_names_row_and_column(
    session_mk,
):
    result = run(
        session_mk,
        HEADER + "Ana Test,Test Border Police,interior_police,Officer,F,MK,40,70\n"
        ",Test Border Police,interior_police,Officer,F,MK,40,70\n"
        "Cvetan Test,Test Border Police,army,Officer,X,FR,140,7.5\n",
    )
    assert not result.ok
    assert result.imported == 0
    assert Participant.objects.count() == 0
    found = {(p.row, p.column, p.value) for p in result.problems}
    assert found == {
        (3, "Name", ""),
        (4, "Agency type", "army"),
        (4, "Sex", "X"),
        (4, "Country", "FR"),
        (4, "Pre-test score", "140"),
        (4, "Post-test score", "7.5"),
    }
    reasons = {p.column: p.reason for p in result.problems if p.row == 4}
    assert reasons["Pre-test score"] == "must be a whole number from 0 to 100"
    assert "allowed values" in reasons["Agency type"]


def test_a_column_beyond_the_participant_fields_is_refused(session_mk):
    result = run(
        session_mk, "name,organisation,sex,date of birth\nAna Test,Test Org,F,1990-01-01\n"
    )
    assert not result.ok
    assert [(p.row, p.column) for p in result.problems] == [(None, "date of birth")]


def test_a_missing_required_column_is_reported_for_the_whole_file(session_mk):
    result = run(session_mk, "name,agency_type\nAna Test,ngo\n")
    assert {(p.row, p.column, p.reason) for p in result.problems} == {
        (None, "Organisation", "column is missing"),
        (None, "Sex", "column is missing"),
    }


def test_people_already_registered_or_listed_twice_are_problems(session_mk):
    add(session_mk, "Ana Test")
    result = run(
        session_mk,
        HEADER
        + "ana test,Org,ngo,,F,MK,,\nDragi Test,Org,ngo,,M,MK,,\nDragi  Test,Org,ngo,,M,MK,,\n",
    )
    assert [(p.row, p.reason) for p in result.problems] == [
        (2, "is already registered for this session"),
        (4, "appears twice (also row 3)"),
    ]
    assert Participant.objects.count() == 1


def test_a_dry_run_checks_and_counts_but_writes_nothing(session_mk):
    before = AuditEvent.objects.count()
    result = run(session_mk, HEADER + "Ana Test,Org,ngo,,F,MK,,\n", dry_run=True)
    assert result.ok
    assert result.rows == 1
    assert result.imported == 0
    assert Participant.objects.count() == 0
    assert AuditEvent.objects.count() == before


def test_agency_type_comes_from_a_known_organisation_and_labels_are_accepted(
    session_mk, organisations
):
    result = run(
        session_mk,
        "Name,Organisation,Agency type,Gender,Pre-test,Post-test\n"
        "Ana Test,test ngo beograd,,female,50,60\n"
        "Bojan Test,Local Clinic,Health service,male,,\n",
        default_country=_country("RS"),
    )
    assert result.ok, result.problems
    ana = Participant.objects.get(name="Ana Test")
    assert ana.organisation == organisations["ngo_rs"]
    assert ana.organisation_name == "Test NGO Beograd"
    assert ana.agency_type == "ngo"
    assert ana.country.code == "RS"
    assert Participant.objects.get(name="Bojan Test").agency_type == "health"


def test_an_xlsx_file_is_read_with_rows_numbered_as_the_spreadsheet_shows(session_mk):
    book = Workbook()
    sheet = book.active
    sheet.append(["name", "organisation", "agency_type", "sex", "pre_score", "post_score"])
    sheet.append(["Ana Test", "Org", "ngo", "F", 40, 65])
    sheet.append([None, None, None, None, None, None])
    sheet.append(["Bojan Test", "Org", "ngo", "M", 101, None])
    data = io.BytesIO()
    book.save(data)
    result = actions.import_participants(
        actor=SYSTEM, session=session_mk, data=data.getvalue(), file_name="list.xlsx"
    )
    assert [(p.row, p.column, p.value) for p in result.problems] == [(4, "Pre-test score", "101")]


def test_an_unreadable_file_is_one_problem_for_the_whole_file(session_mk):
    result = actions.import_participants(
        actor=SYSTEM, session=session_mk, data=b"\xff\xfe\x00", file_name="list.csv"
    )
    assert len(result.problems) == 1
    assert result.problems[0].row is None
    assert "UTF-8" in result.problems[0].reason
