"""Every recorded export format imports to the same canonical rows."""

from __future__ import annotations

import json

import pytest

from ctis.surveys import actions
from ctis.surveys.importing import tables
from ctis.surveys.models import ImportBatch, Submission
from ctis.surveys.tests.conftest import EXPECTED, SYSTEM, fixture_bytes


def _stored(survey) -> dict[str, dict[str, object]]:
    return {
        s.submission_id: {k: v for k, v in s.canonical().items() if k != "submission_id"}
        for s in Submission.objects.filter(survey=survey)
    }


@pytest.mark.parametrize(
    ("name", "source"),
    [
        ("canonical.csv", ImportBatch.Source.UPLOAD_CSV),
        ("canonical.parquet", ImportBatch.Source.UPLOAD_PARQUET),
        ("kobo_labels_semicolon.csv", ImportBatch.Source.UPLOAD_CSV),
        ("odk_central_export.csv", ImportBatch.Source.UPLOAD_CSV),
        ("odk_central_odata.json", ImportBatch.Source.ODK_JSON),
    ],
)
def test_each_format_imports_to_the_same_canonical_rows(survey, name, source):
    batch = actions.import_file(
        actor=SYSTEM, survey=survey, data=fixture_bytes(name), file_name=name
    )
    assert batch.status == ImportBatch.Status.IMPORTED, batch.problem_list
    assert batch.source == source
    assert (batch.rows, batch.created, batch.updated, batch.unchanged) == (3, 3, 0, 0)
    assert _stored(survey) == EXPECTED


def test_kobo_xlsx_with_split_select_multiple_gives_the_same_rows_but_the_list_order(survey):
    # Split columns cannot say in which order countries were passed through: they come in
    # the order of the choice list (region and route countries first).
    batch = actions.import_file(
        actor=SYSTEM,
        survey=survey,
        data=fixture_bytes("kobo_xml_split.xlsx"),
        file_name="kobo_xml_split.xlsx",
    )
    assert batch.status == ImportBatch.Status.IMPORTED, batch.problem_list
    expected = {key: dict(row) for key, row in EXPECTED.items()}
    expected["0f1e2d3c-0000-4000-8000-00000000a001"]["countries_transited"] = "BG TR IR"
    expected["0f1e2d3c-0000-4000-8000-00000000a002"]["countries_transited"] = "MK GR TR"
    expected["0f1e2d3c-0000-4000-8000-00000000a003"]["countries_transited"] = "GR TR"
    assert _stored(survey) == expected


def test_kobo_api_json_pages_import_to_the_same_rows(survey):
    pages = [json.loads(fixture_bytes(f"kobo_api_v2_page{n}.json")) for n in (1, 2)]
    batch = actions.import_table(
        actor=SYSTEM,
        survey=survey,
        table=tables.read_kobo(pages),
        source=ImportBatch.Source.KOBO_JSON,
        original_name="pages",
    )
    assert batch.status == ImportBatch.Status.IMPORTED, batch.problem_list
    assert _stored(survey) == EXPECTED


def test_a_kobo_json_file_is_recognised_by_its_content(survey):
    batch = actions.import_file(
        actor=SYSTEM,
        survey=survey,
        data=fixture_bytes("kobo_api_v2_page1.json"),
        file_name="download.json",
    )
    assert batch.source == ImportBatch.Source.KOBO_JSON
    assert batch.created == 2


def test_importing_one_format_after_another_changes_nothing(survey):
    actions.import_file(
        actor=SYSTEM, survey=survey, data=fixture_bytes("canonical.csv"), file_name="a.csv"
    )
    again = actions.import_file(
        actor=SYSTEM,
        survey=survey,
        data=fixture_bytes("odk_central_odata.json"),
        file_name="odata.json",
    )
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
