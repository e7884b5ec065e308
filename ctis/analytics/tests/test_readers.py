"""Readers: every input format gives the same answers; bad values are named by row and column."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import polars as pl
import pytest
from openpyxl import Workbook
from polars.testing import assert_frame_equal

from ctis.analytics import readers
from ctis.analytics.prevalence import Options, prevalence
from ctis.analytics.readers import InputError, canonical_names, load, open_source

GOLDEN = Path(__file__).parent / "golden"


def _rows(name: str = "srs.csv") -> list[dict[str, str]]:
    with (GOLDEN / name).open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _write_csv(path: Path, rows: list[dict[str, str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def _write_xlsx(path: Path, rows: list[dict[str, str]]) -> Path:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(list(rows[0]))
    for row in rows:
        # Spreadsheets hold numbers as numbers and blanks as empty cells.
        sheet.append([int(v) if k == "age" and v else (v or None) for k, v in row.items()])
    book.save(path)
    return path


def _write_kobo_json(path: Path, rows: list[dict[str, str]]) -> Path:
    """KoboToolbox API v2 ``data.json``: group paths, ``_uuid``, Kobo's own metadata fields."""
    results = []
    for number, row in enumerate(rows):
        record: dict[str, object] = {
            "_id": 1000 + number,
            "_uuid": row["submission_id"],
            "_submission_time": "2016-06-01T10:00:00",
            "_attachments": [],
            "_geolocation": [None, None],
            "meta/instanceID": f"uuid:{row['submission_id']}",
        }
        for key, value in row.items():
            if key == "submission_id" or value == "":
                continue  # Kobo leaves unanswered questions out of the record
            group = "trafficking/" if key.startswith("ht") else "profile/"
            record[group + key] = int(value) if key == "age" else value
        results.append(record)
    payload = {"count": len(results), "next": None, "previous": None, "results": results}
    path.write_text(json.dumps(payload), encoding="utf-8")
    return path


def _summary(path: Path) -> list[tuple[object, ...]]:
    report = prevalence([path], Options(breakdowns=(("sex",), ("age_group",))))
    return [
        (r.indicator, tuple(r.group.items()), r.n, r.positives, r.excluded, r.estimate)
        for r in report.results
    ]


def test_csv_xlsx_parquet_and_kobo_json_give_the_same_results(tmp_path: Path) -> None:
    rows = _rows()
    from_csv = _summary(_write_csv(tmp_path / "s.csv", rows))
    parquet = tmp_path / "s.parquet"
    pl.read_csv(GOLDEN / "srs.csv", infer_schema=False).write_parquet(parquet)
    assert _summary(parquet) == from_csv
    assert _summary(_write_xlsx(tmp_path / "s.xlsx", rows)) == from_csv
    assert _summary(_write_kobo_json(tmp_path / "s.json", rows)) == from_csv


def test_kobo_group_paths_and_uuid_become_canonical_names() -> None:
    mapping = canonical_names(["_uuid", "trafficking/ht_forced_work", "_id", "meta/instanceID"])
    assert mapping == {"_uuid": "submission_id", "trafficking/ht_forced_work": "ht_forced_work"}


def test_age_group_and_child_are_derived_at_the_boundaries(tmp_path: Path) -> None:
    ages = ["0", "13", "14", "17", "18", "24", "25", "34", "35", "44", "45", "120", ""]
    path = _write_csv(tmp_path / "a.csv", [{"age": a, "sex": "male"} for a in ages])
    data = load([open_source(path)], ["age_group", "child"]).data
    assert data.get_column("age_group").to_list() == [
        "0-13", "0-13", "14-17", "14-17", "18-24", "18-24", "25-34", "25-34",
        "35-44", "35-44", "45+", "45+", None,
    ]  # fmt: skip
    assert data.get_column("child").to_list()[2:5] == ["child", "child", "adult"]
    assert data.get_column("child").to_list()[-1] is None


def test_bad_answer_is_reported_with_file_row_column_and_value(tmp_path: Path) -> None:
    rows = _rows()[:5]
    rows[2]["ht_forced_work"] = "maybe"
    path = _write_csv(tmp_path / "bad.csv", rows)
    with pytest.raises(InputError) as error:
        prevalence([path], Options())
    message = str(error.value)
    assert f"{path}: row 4, column ht_forced_work: 'maybe' is not one of" in message


def test_bad_weight_is_reported_with_its_row(tmp_path: Path) -> None:
    rows = _rows("weights.csv")[:6]
    rows[0]["weight"] = "heavy"
    rows[3]["weight"] = "-2"
    path = _write_csv(tmp_path / "w.csv", rows)
    with pytest.raises(InputError) as error:
        prevalence([path], Options())
    message = str(error.value)
    assert "row 2, column weight: 'heavy' is not a number" in message
    assert "row 5, column weight: '-2' is not a number greater than 0" in message


def test_rows_of_a_second_file_are_numbered_within_that_file(tmp_path: Path) -> None:
    rows = _rows()[:4]
    first = _write_csv(tmp_path / "one.csv", rows)
    rows[1]["age"] = "300"
    second = _write_csv(tmp_path / "two.csv", rows)
    with pytest.raises(InputError, match=r"two\.csv: row 3, column age: '300'"):
        prevalence([first, second], Options(breakdowns=(("age_group",),)))


def test_unknown_instrument_version_is_named_with_its_row(tmp_path: Path) -> None:
    rows = _rows()[:4]
    rows[3]["instrument_version"] = "fms-ct-2030"
    path = _write_csv(tmp_path / "v.csv", rows)
    with pytest.raises(InputError, match=r"row 5, column instrument_version: 'fms-ct-2030'"):
        prevalence([path], Options(indicators=("any_indicator",)))


def test_kobo_semicolon_csv_with_byte_order_mark_reads_like_the_canonical_file(
    tmp_path: Path,
) -> None:
    source = (GOLDEN / "srs.csv").read_text(encoding="utf-8")
    lines = source.splitlines()
    header = ";".join(
        f"trafficking/{name}" if name.startswith("ht") else name for name in lines[0].split(",")
    ).replace("submission_id", "_uuid")
    kobo = tmp_path / "kobo.csv"
    kobo.write_text(
        "\ufeff" + "\n".join([header, *(line.replace(",", ";") for line in lines[1:])]) + "\n",
        encoding="utf-8",
    )
    assert _summary(kobo) == _summary(GOLDEN / "srs.csv")


def test_a_file_without_any_wanted_column_still_counts_its_respondents(tmp_path: Path) -> None:
    rows = _rows()[:10]
    first = _write_csv(tmp_path / "one.csv", rows)
    other = _write_csv(tmp_path / "two.csv", [{"location": "Tabanovce"}] * 3)
    report = prevalence([first, other], Options(indicators=("ht_forced_work",)))
    (whole,) = report.results
    assert report.respondents == 13
    assert whole.n + whole.excluded == 13


# The fast load (one typed pass, whole-column checks) and the careful load (every value
# checked, problems located by row) must agree: the fast one may only ever hand over to the
# careful one, never accept what it would refuse or read a value differently.

WANTED = [
    "weight",
    "stratum",
    "cluster",
    "sex",
    "age",
    "survey_date",
    "instrument_version",
    "ht_forced_work",
    "ht_job_offer",
    "htf_unpaid_work",
]


def _as_text(data: pl.DataFrame) -> pl.DataFrame:
    """Coded columns as text: the fast load's enumeration and the careful load's categorical
    hold the same values."""
    return data.with_columns(pl.col(pl.Categorical, pl.Enum).cast(pl.Utf8))


@pytest.mark.parametrize("name", ["design.csv", "srs.csv", "weights.csv", "lonely.csv"])
def test_fast_and_careful_loads_read_valid_files_alike(name: str, tmp_path: Path) -> None:
    csv_path = GOLDEN / name
    parquet = tmp_path / "s.parquet"
    pl.read_csv(csv_path, infer_schema=False).write_parquet(parquet)
    for path in (csv_path, parquet):
        sources = [open_source(path)]
        fast = readers._load_fast(sources, set(WANTED))
        assert fast is not None, "a valid file must not need the careful load"
        careful = readers._load_checked(sources, set(WANTED))
        assert fast.data.schema["weight" if "weight" in fast.data.columns else "age"] in (
            pl.Float64,
            pl.Int32,
        )
        assert_frame_equal(_as_text(fast.data), _as_text(careful.data))
        assert fast.starts == careful.starts


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("ht_forced_work", "maybe"),
        ("ht_forced_work", "Yes"),
        ("htf_unpaid_work", " no"),
        ("weight", ""),
        ("weight", "heavy"),
        ("weight", "0"),
        ("weight", "-2"),
        ("weight", "nan"),
        ("weight", "inf"),
        ("stratum", ""),
        ("cluster", ""),
        ("age", "12.5"),
        ("age", "121"),
        ("age", "-1"),
        ("age", "ten"),
        ("age", "nan"),
        ("survey_date", "2016-13-01"),
        ("survey_date", "01/02/2016"),
    ],
)
def test_a_bad_value_sends_the_fast_load_to_the_careful_one(
    column: str, value: str, tmp_path: Path
) -> None:
    rows = _rows("design.csv")[:8]
    rows[5][column] = value
    path = _write_csv(tmp_path / "bad.csv", rows)
    sources = [open_source(path)]
    assert readers._load_fast(sources, set(WANTED)) is None
    with pytest.raises(InputError, match=rf"row 7, column {column}: "):
        load(sources, WANTED)


def test_loaded_answers_are_coded_without_a_lookup_of_their_values(tmp_path: Path) -> None:
    rows = _rows("design.csv")[:6]
    answers = ["yes", "no", "dont_know", "refused", "", "yes"]
    for row, answer in zip(rows, answers, strict=True):
        row["ht_forced_work"] = answer
    data = load([open_source(_write_csv(tmp_path / "a.csv", rows))], ["ht_forced_work"]).data
    codes = readers.answer_codes(data.get_column("ht_forced_work"))
    assert codes is not None
    assert codes.tolist() == [1, 0, -1, -1, -1, 1]
    # The careful load's coding holds for the enumeration too: sorted values, blank last.
    dense, labels = readers.category_codes(data.get_column("ht_forced_work"))
    assert labels == ["dont_know", "no", "refused", "yes", None]
    assert dense.tolist() == [3, 1, 0, 2, 4, 3]


@pytest.mark.parametrize(
    "values",
    [
        ["S2", "S10", None, "S2", "S1", None, "S10"],
        ["only"],
        [None, None],
        [],
        ["é", "z", "a", "Z"],
    ],
)
def test_category_codes_are_sorted_values_then_blank(values: list[str | None]) -> None:
    # Other columns' strings first, so the ids of these values are neither 0-based nor dense.
    pl.Series(["unrelated", "S10", "zzz"], dtype=pl.Categorical)
    for series in (
        pl.Series(values, dtype=pl.Categorical),
        pl.Series(values, dtype=pl.Utf8),
    ):
        codes, labels = readers.category_codes(series)
        distinct = sorted({v for v in values if v is not None})
        expected = distinct + ([None] if None in values else [])
        assert labels == expected
        assert [labels[c] for c in codes.tolist()] == values
