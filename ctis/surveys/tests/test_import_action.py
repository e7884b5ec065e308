"""The import action: all or nothing, every problem reported, idempotent, raw kept, audited."""

from __future__ import annotations

import json

from ctis.audit.models import AuditEvent
from ctis.surveys import actions
from ctis.surveys.importing import tables
from ctis.surveys.models import ImportBatch, Submission
from ctis.surveys.tests.conftest import SYSTEM, fixture_bytes

A1 = "0f1e2d3c-0000-4000-8000-00000000a001"


def _import(survey, name: str, data: bytes | None = None, **options) -> ImportBatch:
    return actions.import_file(
        actor=SYSTEM,
        survey=survey,
        data=fixture_bytes(name) if data is None else data,
        file_name=name,
        **options,
    )


def test_a_file_with_12_bad_rows_is_rejected_whole_with_every_problem_named(survey):
    batch = _import(survey, "bad_rows.csv")
    assert batch.status == ImportBatch.Status.REJECTED
    assert Submission.objects.count() == 0
    assert batch.rows == 14
    assert batch.rejected == 12
    assert [(p.row, p.column, p.value) for p in batch.problem_list] == [
        (3, "sex", "man"),
        (4, "age", "130"),
        (5, "age", "twenty"),
        (6, "survey_date", "01/04/2017"),
        (7, "country_of_interview", "ZZ"),
        (8, "nationality", "AF"),
        (9, "reasons_for_leaving", "conflict boredom"),
        (10, "journey_cost_usd", "-5"),
        (11, "weight", "0"),
        (12, "ht_forced_work", "maybe"),
        (13, "ht_forced_work_country", "GR"),
        (14, "submission_id", ""),
    ]
    reasons = [p.reason for p in batch.problem_list]
    assert reasons[0] == "is not one of male, female, other, refused"
    assert reasons[1] == "is outside the allowed range (0 to 120)"
    assert reasons[2] == "is not a whole number"
    assert reasons[3] == "is not an ISO 8601 date (YYYY-MM-DD)"
    assert reasons[4] == "is not an ISO 3166-1 alpha-2 country code"
    assert reasons[5] == "is not an ISO 3166-1 alpha-3 country code"
    assert reasons[6].startswith("holds 'boredom', which is not one of conflict,")
    assert reasons[7] == "is outside the allowed range (0 or more)"
    assert reasons[8] == "is outside the allowed range (greater than 0)"
    assert reasons[9] == "is not one of yes, no, dont_know, refused"
    assert reasons[10] == "is given but ht_forced_work is not yes (it is asked only after a yes)"
    assert reasons[11] == "is blank"


def test_reimporting_the_same_file_leaves_every_row_unchanged(survey):
    first = _import(survey, "canonical.csv")
    stamps = dict(Submission.objects.values_list("submission_id", "updated_at"))
    again = _import(survey, "canonical.csv")
    assert (first.created, first.updated, first.unchanged) == (3, 0, 0)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    assert Submission.objects.count() == 3
    assert dict(Submission.objects.values_list("submission_id", "updated_at")) == stamps


def test_a_changed_row_is_updated_and_counted(survey):
    _import(survey, "canonical.csv")
    changed = fixture_bytes("canonical.csv").replace(b",24,AFG,", b",25,AFG,")
    assert changed != fixture_bytes("canonical.csv")
    batch = _import(survey, "canonical.csv", data=changed)
    assert (batch.created, batch.updated, batch.unchanged) == (0, 1, 2)
    row = Submission.objects.get(submission_id=A1)
    assert row.age == 25
    assert row.batch == batch


def test_a_dry_run_writes_nothing_but_the_batch_record(survey):
    batch = _import(survey, "canonical.csv", dry_run=True)
    assert batch.status == ImportBatch.Status.CHECKED
    assert (batch.created, batch.updated, batch.unchanged) == (3, 0, 0)
    assert Submission.objects.count() == 0
    assert ImportBatch.objects.count() == 1


def test_a_dry_run_after_an_import_counts_what_would_change(survey):
    _import(survey, "canonical.csv")
    batch = _import(
        survey,
        "canonical.csv",
        data=fixture_bytes("canonical.csv").replace(b",16,", b",17,"),
        dry_run=True,
    )
    assert (batch.created, batch.updated, batch.unchanged) == (0, 1, 2)
    assert Submission.objects.get(age=16)


def test_the_raw_submission_is_kept_exactly_as_received(survey):
    page = json.loads(fixture_bytes("kobo_api_v2_page1.json"))
    actions.import_table(
        actor=SYSTEM,
        survey=survey,
        table=tables.read_kobo([page]),
        source=ImportBatch.Source.KOBO_JSON,
        original_name="page1.json",
    )
    stored = Submission.objects.get(submission_id=A1)
    assert stored.raw == page["results"][0]
    assert stored.raw["_geolocation"] == [None, None]


def test_the_raw_row_of_a_kobo_csv_keeps_its_label_headers_and_cells(survey):
    _import(survey, "kobo_labels_semicolon.csv")
    raw = Submission.objects.get(submission_id=A1).raw
    assert raw["Sex"] == "Male"
    assert raw["Nationality"] == "Afghanistan"
    assert raw["_index"] == "1"
    assert raw["Reasons for leaving (all that apply)/Economic reasons"] == "1"


def test_an_import_writes_one_audit_event_with_counts_and_no_values(survey):
    before = AuditEvent.objects.count()
    batch = _import(survey, "canonical.csv")
    events = list(AuditEvent.objects.order_by("seq")[before:])
    assert len(events) == 1
    event = events[0]
    assert event.object_type == "survey_import"
    assert event.object_id == str(batch.public_id)
    assert event.actor_username == "test setup"
    assert event.detail == (
        "survey=fms-test-2017 status=imported dry_run=0 rows=3 created=3 updated=0 "
        "unchanged=0 rejected=0 problems=0"
    )
    assert "ENUM" not in event.detail and "AFG" not in event.detail


def test_a_rejected_import_is_audited_too(survey):
    _import(survey, "bad_rows.csv")
    event = AuditEvent.objects.filter(object_type="survey_import").latest("seq")
    assert "status=rejected" in event.detail
    assert "rejected=12 problems=12" in event.detail


def test_an_unreadable_file_is_rejected_with_a_clear_reason(survey):
    batch = _import(survey, "broken.xlsx", data=b"this is not a spreadsheet")
    assert batch.status == ImportBatch.Status.REJECTED
    [problem] = batch.problem_list
    assert problem.row is None
    assert problem.reason.startswith("cannot be read: not a readable XLSX file")


def test_an_unknown_file_type_is_rejected_with_a_clear_reason(survey):
    batch = _import(survey, "notes.docx", data=b"x")
    [problem] = batch.problem_list
    assert "unknown file type '.docx'" in problem.reason


def test_a_user_without_the_import_permission_cannot_import(survey, caseworker):
    import pytest
    from django.core.exceptions import PermissionDenied

    from ctis.audit.context import Actor

    with pytest.raises(PermissionDenied):
        actions.import_file(
            actor=Actor(user=caseworker),
            survey=survey,
            data=fixture_bytes("canonical.csv"),
            file_name="canonical.csv",
        )
    assert ImportBatch.objects.count() == 0


def test_an_unrecognised_column_is_named_on_the_batch_and_kept_in_the_raw_row(survey):
    data = b"_uuid,sex,Favourite colour,_submission_time\nu-1,male,blue,2017-03-14T10:00:00\n"
    batch = _import(survey, "extra.csv", data=data)
    assert batch.status == ImportBatch.Status.IMPORTED
    assert batch.ignored_columns == ["Favourite colour"]
    assert Submission.objects.get(submission_id="u-1").raw["Favourite colour"] == "blue"
