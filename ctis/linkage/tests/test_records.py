"""The input CSV contract: header, date forms, codes, errors naming line and column."""

from __future__ import annotations

from pathlib import Path

import pytest

from ctis.linkage.records import InputError, Record, read_records

HEADER = (
    "record_id,given_name,family_name,father_name,sex,birth_date,birth_place,nationality,country"
)


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "people.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_reads_every_field_and_the_three_date_forms(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        f"{HEADER},notes\n"
        "a1,Ђорђе,Ђурић,Зоран,M,1990-07-02,Ниш,SRB,RS,ignored\n"
        "a2,Djordje,Djuric,,m,1990-07,,XKX,,\n"
        "a3,,,,,1990,,,,\n"
        "a4,,,,,,,,,\n",
    )
    records = read_records(path)
    assert records[0] == Record(
        "a1", "Ђорђе", "Ђурић", "Зоран", "M", 1990, 7, 2, "Ниш", "SRB", "RS"
    )
    assert (records[1].sex, records[1].birth_month, records[1].birth_day) == ("M", 7, None)
    assert records[1].nationality == "XKX"
    assert (records[2].birth_year, records[2].birth_month) == (1990, None)
    assert records[3].birth_year is None and records[3].given_name == ""


def test_errors_name_the_line_and_column(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        f"{HEADER}\n"
        "a1,Ana,Lukić,,F,1990-02-30,,SRB,RS\n"
        ",Ana,Lukić,,F,1990,,SRB,RS\n"
        "a3,Ana,Lukić,,Q,02/03/1990,,KOS,Serbia\n"
        "a1,Ana,Lukić,,F,1990,,SRB,RS\n",
    )
    with pytest.raises(InputError) as caught:
        read_records(path)
    message = str(caught.value)
    assert "line 2, column birth_date" in message
    assert "line 3, column record_id" in message
    assert "line 4, column sex" in message
    assert "line 4, column birth_date" in message
    assert "line 4, column nationality: 'KOS' is not ISO 3166-1: Kosovo is XKX" in message
    assert "line 4, column country" in message
    assert "line 5, column record_id: 'a1' repeats line 2" in message


def test_a_file_without_record_id_or_empty_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="line 1: no record_id column"):
        read_records(_write(tmp_path, "id,name\n1,Ana\n"))
    with pytest.raises(InputError, match="line 1: the file is empty"):
        read_records(_write(tmp_path, ""))
    with pytest.raises(InputError, match="no such file"):
        read_records(tmp_path / "missing.csv")
