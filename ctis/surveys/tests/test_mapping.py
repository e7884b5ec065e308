"""Headers and values of the exports, mapped without a database."""

from __future__ import annotations

from ctis.surveys.importing import tables
from ctis.surveys.importing.mapping import map_headers
from ctis.surveys.importing.validate import validate


def _csv(text: str) -> tables.Table:
    return tables.read_csv(text.encode())


def test_group_paths_labels_and_split_columns_map_to_canonical_columns():
    found = map_headers(
        [
            "_uuid",
            "trafficking/ht_forced_work",
            "trafficking-ht_job_offer",
            "Sex",
            "Državljanstvo",
            "profile/reasons_for_leaving/education",
            "Zemlje kroz koje je prošao/la (sve)",
            "_submission_time",
        ]
    )
    assert found.id_headers == ["_uuid"]
    assert found.direct == {
        "ht_forced_work": "trafficking/ht_forced_work",
        "ht_job_offer": "trafficking-ht_job_offer",
        "sex": "Sex",
        "nationality": "Državljanstvo",
        "countries_transited": "Zemlje kroz koje je prošao/la (sve)",
    }
    assert found.split == {
        "reasons_for_leaving": {"education": "profile/reasons_for_leaving/education"}
    }


def test_split_columns_read_true_and_false_as_well_as_1_and_0():
    table = _csv(
        "_uuid,reasons_for_leaving/conflict,reasons_for_leaving/economic,reasons_for_leaving/other\n"
        "x-1,True,False,True\n"
        "x-2,False,False,False\n"
        "x-3,,,\n"
    )
    result = validate(table)
    assert result.problems == []
    assert [r.values["reasons_for_leaving"] for r in result.rows] == ["conflict other", None, None]


def test_choice_labels_in_another_language_become_codes():
    table = _csv(
        "_uuid;Pol;Državljanstvo;Razlozi odlaska (svi koji važe)\n"
        "x-1;Ženski;Sirija;Sukob Ekonomski razlozi\n"
    )
    result = validate(table)
    assert result.problems == []
    row = result.rows[0].values
    assert (row["sex"], row["nationality"], row["reasons_for_leaving"]) == (
        "female",
        "SYR",
        "conflict economic",
    )


def test_the_uuid_prefix_of_odk_identifiers_is_dropped_and_rootuuid_wins():
    table = _csv("meta/instanceID,meta/rootUuid,_uuid\nuuid:new-2,uuid:root-1,new-2\n")
    assert validate(table).rows[0].values["submission_id"] == "root-1"


def test_a_file_without_an_identifier_column_is_one_problem_for_the_whole_file():
    result = validate(_csv("sex,age\nmale,30\n"))
    assert [(p.row, p.column) for p in result.problems] == [(None, "submission_id")]


def test_a_duplicate_submission_id_names_the_first_row():
    result = validate(_csv("submission_id,sex\nd-1,male\nd-1,female\n"))
    assert [str(p) for p in result.problems] == [
        "row 3, column submission_id: 'd-1' appears twice in the file (first on row 2)"
    ]


def test_an_unreadable_csv_is_a_format_error():
    import pytest

    with pytest.raises(tables.FormatError):
        tables.read_csv(b"\xff\xfe\x00bad")


def test_odk_central_split_columns_with_dash_group_paths_map_to_codes():
    table = _csv(
        "SubmissionDate,profile-reasons_for_leaving/conflict,profile-reasons_for_leaving/family,"
        "KEY\n2017-03-14T11:02:41.000Z,1,1,uuid:c-1\n"
    )
    result = validate(table)
    assert result.problems == []
    assert result.header_map.ignored == []
    assert result.rows[0].values["reasons_for_leaving"] == "conflict family"
    assert result.rows[0].values["submission_id"] == "c-1"
