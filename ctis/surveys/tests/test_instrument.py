from __future__ import annotations

import io

from openpyxl import load_workbook

from ctis.surveys import dictionary as dd
from ctis.surveys.instrument import generate


def _committed_rows() -> dict[str, list[list[str]]]:
    return dict(generate.read_sheets(generate.XLSX_PATH.read_bytes()))


def test_the_committed_xlsform_is_what_the_generator_writes():
    expected = {name: rows for name, rows in generate.sheets().items()}
    assert _committed_rows() == expected


def test_the_committed_xform_is_pyxforms_conversion_of_the_committed_xlsform():
    xml = generate.xform_xml(generate.XLSX_PATH.read_bytes())
    assert xml == generate.XML_PATH.read_text(encoding="utf-8")
    assert "<h:title>Flow monitoring survey" in xml


def test_question_names_are_the_canonical_columns():
    survey = _committed_rows()["survey"]
    names = {row[1] for row in survey[1:]}
    questions = set(dd.NAMES) - {"submission_id", "stratum", "cluster", "weight"}
    assert questions <= names
    extra = names - set(dd.NAMES) - {""}
    # Groups and notes only; no question asks for a name, phone or document.
    assert extra == {
        "intro",
        "interview",
        "profile",
        "trafficking",
        "trafficking_intro",
        "family",
        "family_intro",
    }


def test_types_constraints_and_relevance_follow_the_dictionary():
    header, *rows = _committed_rows()["survey"]
    by_name = {row[1]: dict(zip(header, row, strict=True)) for row in rows}
    assert by_name["reasons_for_leaving"]["type"] == "select_multiple reasons_for_leaving"
    assert by_name["countries_transited"]["type"] == "select_multiple countries_a2"
    assert by_name["nationality"]["type"] == "select_one countries_a3"
    assert by_name["ht_forced_work"]["type"] == "select_one yn"
    assert by_name["age"]["type"] == "integer"
    assert by_name["age"]["constraint"] == ". >= 0 and . <= 120"
    assert by_name["journey_cost_usd"]["constraint"] == ". >= 0"
    assert by_name["ht_forced_work_country"]["relevant"] == "${ht_forced_work} = 'yes'"
    assert by_name["family"]["relevant"] == "${travelling_with} = 'family'"
    assert by_name["instrument_version"]["calculation"] == "'fms-ct-2017'"
    assert by_name["intro"]["type"] == "note"
    assert "anonymous" in by_name["intro"]["label::English (en)"]


def test_labels_are_in_every_language_of_the_module_and_of_staff():
    header = _committed_rows()["survey"][0]
    assert [h for h in header if h.startswith("label::")] == [
        "label::English (en)",
        "label::العربية (ar)",
        "label::دری (prs)",
        "label::پښتو (ps)",
        "label::اردو (ur)",
        "label::فارسی (fa)",
        "label::Français (fr)",
        "label::Shqip (sq)",
        "label::Srpski (sr-Latn)",
        "label::Bosanski (bs)",
        "label::Македонски (mk)",
    ]


def test_every_question_label_is_filled_and_unique_in_each_language():
    header, *rows = _committed_rows()["survey"]
    questions = [r for r in rows if r[1] in dd.BY_NAME and r[0] != "calculate"]
    for index, column in enumerate(header):
        if column.startswith("label::"):
            labels = [row[index] for row in questions]
            assert all(labels), column
            assert len(set(labels)) == len(labels), column


def test_the_settings_say_the_translations_need_review():
    settings = _committed_rows()["settings"]
    record = dict(zip(settings[0], settings[1], strict=True))
    assert record["form_id"] == "fms_ct_2017"
    assert record["default_language"] == "English (en)"
    assert "native speaker" in record["translation_note"]


def test_kosovo_is_named_with_its_asterisk():
    choices = load_workbook(io.BytesIO(generate.XLSX_PATH.read_bytes()), read_only=True)["choices"]
    rows = [r for r in choices.iter_rows(values_only=True) if r[1] in ("XK", "XKX")]
    assert rows and all(r[2] == "Kosovo*" for r in rows)


def test_pyxform_raises_only_its_known_doubt_about_the_script_subtag_of_sr_latn():
    # sr-Latn is valid BCP 47 (language plus script); pyxform's list knows only bare codes.
    from pyxform.xls2xform import convert

    warnings: list[str] = []
    convert(
        xlsform=io.BytesIO(generate.XLSX_PATH.read_bytes()), file_type=".xlsx", warnings=warnings
    )
    assert warnings == [
        "The following language declarations do not contain valid machine-readable codes: "
        "Srpski (sr-Latn). Learn more: http://xlsform.org#multiple-language-support"
    ]


def test_group_labels_in_a_kobo_header_path_are_passed_over():
    from ctis.surveys.importing.mapping import map_headers

    found = map_headers(
        [
            "Trafficking and exploitation/During the journey, did you experience physical "
            "violence?",
            "Profile and journey/Reasons for leaving (all that apply)/Economic reasons",
        ]
    )
    assert list(found.direct) == ["ht_physical_violence"]
    assert found.split == {
        "reasons_for_leaving": {
            "economic": "Profile and journey/Reasons for leaving (all that apply)/Economic reasons"
        }
    }
