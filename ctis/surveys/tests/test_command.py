"""``ctis surveys``: create, import with a progress bar, and fail loudly with the problems."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from ctis.audit.models import AuditEvent
from ctis.surveys.models import ImportBatch, Submission, Survey
from ctis.surveys.tests.conftest import FIXTURES


def _run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("surveys", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_an_operator_creates_a_survey(organisations):
    out, _err = _run(
        "create",
        "fms-ba-2017",
        "--title",
        "FMS Bosnia and Herzegovina 2017 (test)",
        "--organisation",
        "Test NGO Bihać",
        "--country",
        "ba",
        "--kobo-url",
        "https://kobo.example.org",
        "--kobo-asset",
        "aTestAsset",
    )
    survey = Survey.objects.get(name="fms-ba-2017")
    assert out == f"created survey fms-ba-2017 ({survey.public_id})\n"
    assert survey.country.code == "BA"
    assert survey.kobo_token_variable == "CTIS_KOBO_TOKEN"
    event = AuditEvent.objects.filter(object_type="survey").latest("seq")
    assert event.actor_username.startswith("ctis surveys create (")


def test_importing_a_file_prints_the_counts(survey):
    out, err = _run("import", str(FIXTURES / "odk_central_export.csv"), "--survey", survey.name)
    batch = ImportBatch.objects.get()
    assert out == f"imported (3 rows: 3 created, 0 updated, 0 unchanged); batch {batch.public_id}\n"
    assert "checking" in err and "writing" in err  # the progress bars
    assert Submission.objects.count() == 3


def test_a_dry_run_from_the_command_line_writes_nothing(survey):
    out, _err = _run(
        "import",
        str(FIXTURES / "canonical.csv"),
        "--survey",
        survey.name,
        "--dry-run",
        "--no-progress",
    )
    assert out.startswith("dry run, nothing written (3 rows: 3 created, 0 updated, 0 unchanged)")
    assert Submission.objects.count() == 0


def test_a_bad_file_exits_non_zero_and_lists_the_problems(survey):
    err = io.StringIO()
    with pytest.raises(CommandError) as failure:
        call_command(
            "surveys",
            "import",
            str(FIXTURES / "bad_rows.csv"),
            "--survey",
            survey.name,
            "--no-progress",
            stdout=io.StringIO(),
            stderr=err,
        )
    assert failure.value.returncode == 1
    assert str(failure.value).startswith("nothing imported: 12 problems in 12 rows")
    lines = err.getvalue().splitlines()
    assert len(lines) == 12
    assert lines[0] == "row 3, column sex: 'man' is not one of male, female, other, refused"
    assert lines[-1] == "row 14, column submission_id: (blank) is blank"
    assert Submission.objects.count() == 0


def test_a_missing_file_or_survey_is_a_clear_error(survey):
    with pytest.raises(CommandError, match="no survey named 'nope'"):
        _run("import", str(FIXTURES / "canonical.csv"), "--survey", "nope")
    with pytest.raises(CommandError, match=r"missing\.csv: cannot be read"):
        _run("import", str(FIXTURES / "missing.csv"), "--survey", survey.name)


def test_the_format_can_be_forced(survey):
    out, _err = _run(
        "import",
        str(FIXTURES / "kobo_api_v2_page2.json"),
        "--survey",
        survey.name,
        "--format",
        "kobo-json",
        "--no-progress",
    )
    assert "1 rows: 1 created" in out
