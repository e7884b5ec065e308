"""The offline screening form (XLSForm / XForm for KoboCollect and ODK Collect)."""

from __future__ import annotations

import io

from pyxform.xls2xform import convert

from ctis.screening.actions import CONSENT_FIELDS, PROFILE_FIELDS
from ctis.screening.offline import xlsform


def _committed() -> dict[str, list[list[str]]]:
    return dict(xlsform.read_sheets(xlsform.XLSX_PATH.read_bytes()))


def _survey() -> dict[str, dict[str, str]]:
    header, *rows = _committed()["survey"]
    return {row[1]: dict(zip(header, row, strict=True)) for row in rows if row[1]}


def test_the_committed_xlsform_is_what_the_generator_writes():
    assert _committed() == xlsform.sheets()


def test_the_committed_xform_is_pyxforms_conversion_of_the_committed_xlsform():
    xml = xlsform.xform_xml(xlsform.XLSX_PATH.read_bytes())
    assert xml == xlsform.XML_PATH.read_text(encoding="utf-8")
    assert 'id="ctis_screening_ilo_ec_2009"' in xml
    assert 'version="2009.1-draft"' in xml


def test_pyxform_converts_the_generated_form():
    result = convert(xlsform=io.BytesIO(xlsform.xlsx_bytes()), file_type=".xlsx")
    assert "<h:title>Anonymous screening" in result.xform


def test_settings_name_the_form_and_the_catalogue_version():
    header, values = _committed()["settings"]
    settings = dict(zip(header, values, strict=True))
    assert settings["form_id"] == "ctis_screening_ilo_ec_2009"
    assert settings["version"] == "2009.1-draft"
    # The instance name is when the interview began: nothing about the person.
    assert settings["instance_name"] == "concat('screening ', substr(${start}, 0, 16))"


def test_consent_comes_first_and_a_refusal_ends_the_form():
    _header, *rows = _committed()["survey"]
    names = [row[1] for row in rows if row[1]]
    consent = names.index("consent")
    assert names.index("profile") > consent
    assert set(CONSENT_FIELDS) <= set(names[consent : names.index("profile")])
    survey = _survey()
    assert survey["profile"]["relevant"] == "${consent_complete} = 'yes'"
    for stage in ("recruitment", "travel", "destination", "current"):
        assert survey[stage]["relevant"] == "${consent_complete} = 'yes'"
    assert survey["refused"]["relevant"] == "${consent_complete} = 'no'"
    assert survey["consent_interview"]["relevant"] == "${is_child} = 'no'"
    assert survey["guardian_consent"]["relevant"] == "${is_child} = 'yes'"


def test_the_profile_and_the_questions_are_the_screenings_fields_and_the_catalogues_ids():
    survey = _survey()
    catalogue = xlsform.builtin()
    assert set(PROFILE_FIELDS) <= set(survey)
    assert catalogue.answerable_ids <= set(survey)
    assert survey["dr.nature_of_job"]["type"] == "select_one answer"
    assert survey["nationality"]["type"] == "select_one countries_a3"
    assert survey["age"]["constraint"] == ". >= 0 and . <= 120"
    # The act question is asked of children only; adult-only indicators of adults only.
    assert survey["act.recruited_or_moved"]["relevant"] == "${child} = 'yes'"
    assert survey["avr.false_info_law"]["relevant"] == "${child} = 'no'"
    assert survey["ex.no_social_protection"]["relevant"] == "${child} = 'no'"
    assert survey["dr.nature_of_job"]["relevant"] == ""
    assert survey["rf.immediate_danger"]["relevant"] == ""


def test_no_question_asks_for_a_name_or_a_document():
    names = set(_survey())
    assert not {n for n in names if any(w in n for w in ("name", "phone", "passport", "birth"))}


def test_labels_are_in_english_and_every_language_of_the_catalogue():
    header = _committed()["survey"][0]
    labels = [h for h in header if h.startswith("label::")]
    assert labels[0] == "label::English (en)"
    assert "label::العربية (ar)" in labels
    assert "label::پښتو (ps)" in labels
    # Every language whose questions are drafted (Croatian has only the result texts so far).
    assert len(labels) == len(xlsform.languages(xlsform.builtin())) == 12
    assert "label::Српски (sr)" in labels or any("(sr)" in label for label in labels)
    survey = _survey()
    assert survey["dr.nature_of_job"]["label::English (en)"].startswith("Did someone lie to you")
    assert survey["dr.nature_of_job"]["label::العربية (ar)"].startswith("هل كذب عليك أحد")
    assert survey["consent_interview"]["label::Français (fr)"] == "La personne accepte l'entretien."
    choices = _committed()["choices"]
    answer = [row for row in choices if row[0] == "answer"]
    assert [row[1] for row in answer] == ["yes", "no", "unknown"]
    assert answer[0][choices[0].index("label::العربية (ar)")] == "نعم"
