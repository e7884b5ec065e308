"""Importing exports of the offline form: same screenings and results as the web interview,
all or nothing, idempotent, refusals only counted, audited."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied

from ctis.audit.context import Actor
from ctis.audit.models import AuditEvent
from ctis.screening import actions as web
from ctis.screening.models import ConsentRefusal, Screening
from ctis.screening.offline import actions

FIXTURES = Path(__file__).parent / "fixtures" / "offline"
FORMATS = ["kobo_xml_semicolon.csv", "kobo_labels.xlsx", "kobo_api_v2.json", "odk_central.csv"]
SID = "0b7d4c1e-5a2f-4c1b-9f4e-00000000000"
CATALOGUE = "ilo-ec-2009@2009.1-draft"

# Worked by hand from screening.md (strengths from the catalogue) for the five fictional people
# in every fixture; the sixth did not agree.
EXPECTED = {
    # dr: nature_of_job S + wages M -> positive; ex: excessive_hours S + low_no_salary M ->
    # positive; cd: document_confiscation S + isolation S -> positive: adult pattern met.
    # 7 of 67 adult indicators answered (avd.unknown_area was "unknown").
    SID + "1": ("trafficking_pattern", "adult_labour", 0.1045, ["rf.wants_to_leave_exploiter"], []),
    # ex: excessive_hours S + bad_living M -> positive; dr: wages M alone is not; no cd/avd.
    SID + "2": ("exploitation_without_means", "adult_labour", 0.0597, [], []),
    # 16: child profile; ex: excessive_hours S + no_education M (child) -> positive; the act
    # question "yes" completes the child pattern without means.
    SID + "3": ("trafficking_pattern", "child_labour", 0.0308, ["rf.unaccompanied_child"], []),
    # 24 when it happened: adult; one M yes (avd.unknown_area); exploitation unknown, and the
    # catalogue has no adult_sexual profile: a warning.
    SID + "4": (
        "indicators_present",
        "adult_labour",
        0.0299,
        [],
        [f"profile adult_sexual is not in catalogue {CATALOGUE}: not evaluated"],
    ),
    # No age: evaluated as child and adult, both "no indicators", the child profile kept (first).
    SID + "5": (
        "no_indicators",
        "child_labour",
        0.0308,
        [],
        [
            "age unknown: evaluated as a child and as an adult and kept the higher result; "
            "establish the age"
        ],
    ),
}


def _import(actor: Actor, name: str, **kwargs: object) -> actions.OfflineImport:
    data = (FIXTURES / name).read_bytes()
    return actions.import_offline(actor=actor, data=data, file_name=name, **kwargs)  # type: ignore[arg-type]


@pytest.fixture
def amra(screener):
    return Actor(user=screener)


@pytest.mark.parametrize("name", FORMATS)
def test_each_export_format_gives_the_screenings_worked_by_hand(amra, screener, name):
    outcome = _import(amra, name)
    assert outcome.status == "imported", outcome.problems
    assert (outcome.rows, outcome.created, outcome.unchanged, outcome.refusals) == (6, 5, 0, 1)
    assert outcome.results == {
        "trafficking_pattern": 2,
        "exploitation_without_means": 1,
        "indicators_present": 1,
        "no_indicators": 1,
    }
    screenings = {s.submission_id: s for s in Screening.objects.all()}
    assert set(screenings) == set(EXPECTED)
    for submission_id, (result, profile, completeness, flags, warnings) in EXPECTED.items():
        screening = screenings[submission_id]
        assert screening.source == "offline"
        assert screening.status == "completed"
        assert screening.organisation == screener.organisation
        assert screening.country.code == "BA"
        assert screening.screener == screener
        assert screening.catalogue.ref == CATALOGUE
        assert screening.result == result, submission_id
        assert screening.profile == profile, submission_id
        assert screening.completeness == completeness, submission_id
        assert [f["id"] for f in screening.outcome["red_flags"]] == flags
        assert screening.outcome["warnings"] == warnings
    first = screenings[SID + "1"]
    assert (first.age, first.sex, first.nationality, first.respondent_language) == (
        34,
        "female",
        "AFG",
        "fa",
    )
    assert first.interpreter and first.consent_interview and first.told_withdrawal
    assert "avd.unknown_area" not in first.answers  # unknown is stored as not asked, as on the web
    assert first.answers["dr.contract"] == "no"
    assert first.completed_at is not None and first.completed_at.isoformat() == (
        "2026-10-01T08:48:00+00:00"
    )
    child = screenings[SID + "3"]
    assert child.is_child and child.child_assent and child.guardian_consent
    assert ConsentRefusal.objects.get().count == 1


def test_the_result_is_exactly_the_web_interviews(amra, screener):
    assert _import(amra, "kobo_xml_semicolon.csv").status == "imported"
    for offline in Screening.objects.filter(source="offline"):
        consent = {name: getattr(offline, name) for name in web.CONSENT_FIELDS}
        screening = web.start_screening(actor=amra, consent=consent)
        profile = {name: getattr(offline, name) for name in web.PROFILE_FIELDS}
        web.save_profile(actor=amra, screening=screening, revision=screening.revision, data=profile)
        web.save_answers(
            actor=amra, screening=screening, revision=screening.revision, answers=offline.answers
        )
        web.complete_screening(actor=amra, screening=screening, revision=screening.revision)
        online = {k: v for k, v in screening.outcome.items() if k != "id"}
        assert online == {k: v for k, v in offline.outcome.items() if k != "id"}
        assert screening.outcome["id"] == screening.code and offline.outcome["id"] == offline.code


def test_a_file_with_bad_rows_is_rejected_whole_with_every_problem(amra):
    outcome = _import(amra, "bad_rows.csv")
    assert outcome.status == "rejected"
    assert [(p.row, p.column, p.value, p.reason) for p in outcome.problems] == [
        (
            None,
            "dr.made_up",
            "recruitment/dr.made_up",
            f"is not a question of catalogue {CATALOGUE}",
        ),
        (2, "dr.contract", "maybe", "is not yes, no or unknown"),
        (3, "age", "forty", "is not a whole number"),
        (3, "nationality", "XYZ", "is not an ISO 3166-1 alpha-3 country code"),
        (4, "age_at_exploitation", "17", "is older than the age now (16)"),
        (4, "avr.false_info_law", "yes", parse_reason("ONLY_ADULTS")),
        (5, "age", "150", "is outside the allowed range (0 to 120)"),
        (6, "act.recruited_or_moved", "yes", parse_reason("ONLY_CHILDREN")),
        (7, "rf.immediate_danger", "yes", parse_reason("REFUSAL_REASON")),
        (
            8,
            "submission_id",
            SID + "1",
            "appears twice in the file (first on row 2)",
        ),
    ]
    assert outcome.rejected_rows == 7
    assert not Screening.objects.exists()
    assert not ConsentRefusal.objects.exists()


def parse_reason(name: str) -> str:
    from ctis.screening.offline import parse

    reasons = {
        "ONLY_ADULTS": "is asked only of adults (18 or over when it happened), and this person "
        "is a child",
        "ONLY_CHILDREN": "is asked only of children (under 18 when it happened), and this person "
        "is not one",
        "REFUSAL_REASON": "is given but consent is not complete: a refusal keeps nothing but a "
        "count",
    }
    assert getattr(parse, name) == reasons[name]
    return reasons[name]


def test_an_unreadable_file_is_one_problem(amra):
    outcome = actions.import_offline(actor=amra, data=b"\xff\xfe\x00", file_name="x.csv")
    assert outcome.status == "rejected"
    assert outcome.problems[0].row is None
    assert outcome.problems[0].reason.startswith("cannot be read: the file is not UTF-8 text")


def test_reimporting_changes_nothing_and_counts_refusals_once(amra):
    assert _import(amra, "kobo_xml_semicolon.csv").created == 5
    codes = set(Screening.objects.values_list("code", flat=True))
    for name in FORMATS:  # the same submissions, exported three ways
        again = _import(amra, name)
        assert again.status == "imported", again.problems
        assert (again.created, again.unchanged, again.refusals, again.refusals_unchanged) == (
            0,
            5,
            0,
            1,
        )
    assert set(Screening.objects.values_list("code", flat=True)) == codes
    assert ConsentRefusal.objects.get().count == 1


def test_a_changed_submission_of_a_completed_screening_is_a_problem(amra, tmp_path):
    assert _import(amra, "kobo_xml_semicolon.csv").status == "imported"
    text = (FIXTURES / "kobo_xml_semicolon.csv").read_text(encoding="utf-8")
    lines = text.splitlines()
    header = lines[0].split(";")
    cells = lines[2].split(";")  # the second person
    cells[header.index("destination/cd.isolation")] = "yes"
    lines[2] = ";".join(cells)
    outcome = actions.import_offline(
        actor=amra, data="\n".join(lines).encode(), file_name="changed.csv"
    )
    assert outcome.status == "rejected"
    code = Screening.objects.get(submission_id=SID + "2").code
    assert [(p.row, p.column, p.value) for p in outcome.problems] == [(3, "cd.isolation", "yes")]
    assert outcome.problems[0].reason.startswith(f"differs from screening {code}, imported before")
    assert Screening.objects.get(submission_id=SID + "2").answers["cd.isolation"] == "no"


def test_a_dry_run_checks_and_counts_but_writes_nothing(amra):
    outcome = _import(amra, "kobo_api_v2.json", dry_run=True)
    assert outcome.status == "checked"
    assert (outcome.created, outcome.refusals) == (5, 1)
    assert outcome.results["trafficking_pattern"] == 2
    assert not Screening.objects.exists()
    assert not ConsentRefusal.objects.exists()
    assert not AuditEvent.objects.filter(object_type=actions.REFUSAL_MARK).exists()


def test_an_import_is_audited_with_counts_only(amra, screener):
    outcome = _import(amra, "kobo_labels.xlsx")
    event = AuditEvent.objects.get(object_type="screening_import")
    assert event.object_id == outcome.id
    assert event.actor_username == screener.username
    assert event.detail == (
        "status=imported dry_run=0 format=xlsx rows=6 created=5 unchanged=0 refusals=1 "
        "refusals_unchanged=0 problems=0"
    )
    assert sorted(event.changed_fields) == ["consent_refusals", "screenings"]
    assert "AFG" not in event.detail and SID not in event.detail
    rejected = _import(amra, "bad_rows.csv")
    event = AuditEvent.objects.get(object_id=rejected.id)
    assert event.detail.startswith("status=rejected dry_run=0 format=csv rows=7 created=0")
    assert event.changed_fields == []


def test_users_without_screen_may_not_import(coordinator, caseworker, screener):
    with pytest.raises(PermissionDenied):
        _import(Actor(user=coordinator), "kobo_api_v2.json")
    # A caseworker of a Serbian NGO screens for their own organisation, not for the Bosnian one.
    with pytest.raises(PermissionDenied):
        _import(Actor(user=caseworker), "kobo_api_v2.json", organisation=screener.organisation)
    assert not Screening.objects.exists()
    assert AuditEvent.objects.filter(action="permission_denied").count() == 2


def test_the_same_submission_in_two_organisations_is_two_screenings(amra, caseworker):
    assert _import(amra, "kobo_api_v2.json").created == 5
    assert _import(Actor(user=caseworker), "kobo_api_v2.json").created == 5
    assert Screening.objects.count() == 10
    assert ConsentRefusal.objects.count() == 2


def test_labels_in_another_language_of_the_form_import_the_same(amra, tmp_path):
    """KoboToolbox exports labels in the language chosen: here the English XLSX, relabelled in
    Arabic (headers and choices) with the form's own wording, as an Arabic export would be."""
    from openpyxl import Workbook, load_workbook

    from ctis.screening.offline import xlsform

    survey = xlsform.survey_rows()
    en, ar = survey[0].index("label::English (en)"), survey[0].index("label::العربية (ar)")
    header_ar = {row[en]: row[ar] for row in survey[1:] if row[en]}
    choices = xlsform.choice_rows()
    value_ar = {row[2]: row[3] for row in choices[1:] if row[0] in xlsform.CHOICE_LISTS}
    source = load_workbook(FIXTURES / "kobo_labels.xlsx", read_only=True)
    rows = list(source.worksheets[0].iter_rows(values_only=True))
    source.close()
    book = Workbook()
    sheet = book.active
    sheet.append([header_ar.get(h, h) for h in rows[0]])  # type: ignore[arg-type]
    for values in rows[1:]:
        sheet.append([value_ar.get(v, v) if isinstance(v, str) else v for v in values])
    assert "هل كذب عليك أحد بشأن نوع العمل أو مكانه أو صاحب العمل" in "".join(
        str(c.value) for c in sheet[1]
    )
    path = tmp_path / "arabic.xlsx"
    book.save(path)
    outcome = actions.import_offline(actor=amra, data=path.read_bytes(), file_name=path.name)
    assert outcome.status == "imported", outcome.problems
    assert (outcome.created, outcome.refusals) == (5, 1)
    got = {s.submission_id: s.result for s in Screening.objects.all()}
    assert got == {sid: expected[0] for sid, expected in EXPECTED.items()}


def test_a_code_drawn_twice_is_drawn_again(amra, monkeypatch):
    """Random codes repeat in large imports (a 100,000-row one failed on it): all-or-nothing
    must not turn that into a failed import."""
    drawn = iter(["S-AAAAAA", "S-AAAAAA", "S-BBBBBB", "S-AAAAAA", "S-BBBBBB", "S-CCCCCC"]
                 + [f"S-{letter * 6}" for letter in "DEFGH"])  # fmt: skip
    monkeypatch.setattr(actions, "new_code", lambda prefix: next(drawn))
    outcome = _import(amra, "odk_central.csv")
    assert outcome.status == "imported", outcome.problems
    codes = sorted(Screening.objects.values_list("code", flat=True))
    assert codes == ["S-AAAAAA", "S-BBBBBB", "S-CCCCCC", "S-DDDDDD", "S-EEEEEE"]
