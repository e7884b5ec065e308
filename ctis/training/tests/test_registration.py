"""Registering a course's officers quickly: typed labels, the template, one-click attendance."""

from __future__ import annotations

import io

import pytest
from django.utils import translation
from openpyxl import load_workbook

from conftest import SYSTEM
from ctis.training import actions
from ctis.training.models import Participant
from ctis.training.tests.conftest import add


@pytest.fixture(autouse=True)
def _back_to_english():
    """Requests in another language leave it active in this thread; later tests expect English."""
    yield
    translation.deactivate()


def run(session, text: str, **options):
    return actions.import_participants(
        actor=SYSTEM, session=session, data=text.encode(), file_name="list.csv", **options
    )


def test_the_import_accepts_labels_typed_in_albanian_and_english(session_mk):
    result = run(
        session_mk,
        "Emri,Organizata,Lloji i institucionit,Roli,Gjinia,Vendi\n"
        "Drita Test,Test Border Police,Policia kufitare,Oficere,Femër,Shqipëria\n"
        "Arben Test,Test Border Police,Border police,Officer,Male,Kosovo\n"
        "Ilir Test,Test Border Police,interior_police,Officer,mashkull,Mali i Zi\n",
    )
    assert result.ok, result.problems
    people = {p.name: p for p in Participant.objects.filter(session=session_mk)}
    assert {p.agency_type for p in people.values()} == {"interior_police"}
    assert people["Drita Test"].sex == "female"
    assert people["Drita Test"].country.code == "AL"
    assert people["Arben Test"].country.code == "XK"
    assert people["Ilir Test"].sex == "male"
    assert people["Ilir Test"].country.code == "ME"


def test_import_problems_are_in_the_readers_language(session_mk):
    with translation.override("sq"):
        result = run(
            session_mk,
            "name,organisation,agency_type,sex,pre_score\n"
            "Drita Test,Test Border Police,Ushtria,Femër,140\n",
        )
    found = {p.column: p.reason for p in result.problems}
    assert set(found) == {"Lloji i institucionit", "Pikët e testit paraprak"}
    assert "agency type" not in found["Lloji i institucionit"]
    assert found["Pikët e testit paraprak"] == "duhet të jetë numër i plotë nga 0 deri në 100"


def test_the_example_row_left_in_the_file_is_refused(session_mk):
    result = run(
        session_mk,
        "name,organisation,agency_type,sex\n"
        "Example Person (delete this row),Example Border Police Station,Border police,Female\n",
    )
    assert [(p.row, p.column) for p in result.problems] == [(2, "Name")]


def test_the_template_has_an_example_row_and_a_sheet_of_allowed_values_in_albanian(
    verified_client, coordinator, session_mk
):
    client = verified_client(coordinator)
    response = client.get(
        f"/training/{session_mk.public_id}/participants/template.xlsx",
        HTTP_ACCEPT_LANGUAGE="sq",
        headers={"Cookie": "ctis_language=sq"},
    )
    client.cookies["ctis_language"] = "sq"
    response = client.get(f"/training/{session_mk.public_id}/participants/template.xlsx")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    first, allowed = book.worksheets
    rows = list(first.iter_rows(values_only=True))
    assert rows[0][:3] == ("Emri", "Organizata", "Lloji i institucionit")
    assert len(rows) == 2 and rows[1][2] == "Policia kufitare"
    values = {row[1] for row in allowed.iter_rows(values_only=True)}
    assert {"Policia kufitare", "Femër", "Shqipëria", "Kosova*"} <= values
    # What the template shows is what the import accepts: the filled-in example minus its name.
    data = io.BytesIO()
    first.cell(row=2, column=1, value="Drita Test")
    book.save(data)
    with translation.override("sq"):
        result = actions.import_participants(
            actor=SYSTEM, session=session_mk, data=data.getvalue(), file_name="lista.xlsx"
        )
    assert result.ok, result.problems
    drita = Participant.objects.get(name="Drita Test")
    assert (drita.agency_type, drita.sex, drita.country.code) == ("interior_police", "female", "AL")


def test_save_and_add_another_keeps_the_organisation_and_agency_type(
    verified_client, coordinator, session_mk
):
    client = verified_client(coordinator)
    url = f"/training/{session_mk.public_id}/participants/new/"
    response = client.post(
        url,
        {
            "name": "Drita Test",
            "organisation_name": "Test Border Police Tirana",
            "agency_type": "interior_police",
            "sex": "female",
            "country": "AL",
            "another": "1",
        },
    )
    assert response.status_code == 302
    html = client.get(response["Location"]).content.decode()
    assert 'value="Test Border Police Tirana"' in html
    assert '<option value="interior_police" selected>' in html
    assert '<option value="AL" selected>' in html
    assert 'value="Drita Test"' not in html


def test_all_present_ticks_a_whole_day_in_one_click(verified_client, coordinator, session_mk):
    people = [add(session_mk, f"Test Officer {n}") for n in range(3)]
    first, second = session_mk.days
    client = verified_client(coordinator)
    url = f"/training/{session_mk.public_id}/attendance/"
    assert "All present" in client.get(url).content.decode()
    response = client.post(url, {"all_present": first.isoformat()})
    assert response.status_code == 302
    for person in people:
        assert [a.day for a in person.attendance.all()] == [first]
    # The other day's ticks in the same form are saved too.
    client.post(
        url,
        {
            "all_present": second.isoformat(),
            f"att_{people[0].public_id}_{first:%Y%m%d}": "on",
        },
    )
    assert [a.day for a in people[0].attendance.all()] == [first, second]
    assert [a.day for a in people[1].attendance.all()] == [second]


def test_country_choices_are_named_in_the_readers_language(
    verified_client, coordinator, session_mk
):
    client = verified_client(coordinator)
    client.cookies["ctis_language"] = "sq"
    html = client.get(f"/training/{session_mk.public_id}/participants/new/").content.decode()
    assert ">Maqedonia e Veriut</option>" in html
    assert ">North Macedonia</option>" not in html
