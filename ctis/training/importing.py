"""Reading and checking a participant list (CSV or XLSX). No Django import.

The same rules as every ctis import: the file is imported whole or not at all, and every problem
is reported with its row (as a spreadsheet numbers it, header = row 1), column, value and
reason. Columns beyond the participant fields are refused, so no extra personal data is kept.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from ctis.core.spreadsheets import LimitExceeded, guard

MAX_ROWS = 2000

FIELDS = (
    "name",
    "organisation",
    "agency_type",
    "role",
    "sex",
    "country",
    "pre_score",
    "post_score",
)
REQUIRED_COLUMNS = ("name", "organisation", "sex")

# Headers people actually type, folded to a field name.
ALIASES: Mapping[str, str] = {
    "full_name": "name",
    "participant": "name",
    "organization": "organisation",
    "agency": "agency_type",
    "type_of_agency": "agency_type",
    "position": "role",
    "job_title": "role",
    "gender": "sex",
    "pre": "pre_score",
    "pre_test": "pre_score",
    "pretest": "pre_score",
    "post": "post_score",
    "post_test": "post_score",
    "posttest": "post_score",
}

SEX_VALUES: Mapping[str, str] = {
    "female": "female",
    "f": "female",
    "woman": "female",
    "male": "male",
    "m": "male",
    "man": "male",
    "not stated": "not_stated",
    "not_stated": "not_stated",
    "prefer not to say": "not_stated",
}


class FileError(ValueError):
    """The file cannot be read at all."""


@dataclass(frozen=True)
class Problem:
    """One reason the file cannot be imported. ``row`` is None for the file as a whole."""

    row: int | None
    column: str
    value: str
    reason: str

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class ParticipantRow:
    row: int
    name: str
    organisation_name: str
    organisation_key: str | None  # the matched ctis organisation's key, if any
    agency_type: str
    role: str
    sex: str
    country: str
    pre_score: int | None
    post_score: int | None


@dataclass
class Checked:
    rows: list[ParticipantRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def header_key(text: str) -> str:
    key = "_".join(text.strip().lstrip("\ufeff").lower().replace("-", " ").split())
    return ALIASES.get(key, key)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read(data: bytes, file_name: str) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """Headers and (row number, cells) of a .csv or .xlsx file; blank rows are skipped."""
    suffix = Path(file_name).suffix.lower()
    if suffix not in {".csv", ".txt", ".xlsx"}:
        raise FileError(f"unknown file type {suffix or '(none)'!r}; use .csv or .xlsx")
    try:
        guard(data, "xlsx" if suffix == ".xlsx" else "csv", max_rows=MAX_ROWS)
    except LimitExceeded as exc:
        raise FileError(str(exc)) from exc
    if suffix == ".xlsx":
        return _read_xlsx(data)
    return _read_csv(data)


def _read_csv(data: bytes) -> tuple[list[str], list[tuple[int, list[str]]]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FileError("the file is not UTF-8 text; save it as 'CSV UTF-8'") from exc
    first_line = text.split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=first_line.count)
    try:
        lines = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        raise FileError(f"not a readable CSV file: {exc}") from exc
    if not lines:
        raise FileError("the file is empty")
    rows = [
        (number, [cell.strip() for cell in cells])
        for number, cells in enumerate(lines[1:], start=2)
        if any(cell.strip() for cell in cells)
    ]
    return [cell.strip() for cell in lines[0]], rows


def _read_xlsx(data: bytes) -> tuple[list[str], list[tuple[int, list[str]]]]:
    from openpyxl import load_workbook  # only spreadsheets need it

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a damaged file
        raise FileError(f"not a readable XLSX file: {exc}") from exc
    try:
        sheet = book.worksheets[0]
        header = next(sheet.iter_rows(max_row=1, values_only=True), None)
        if header is None:
            raise FileError("the first sheet is empty")
        rows = []
        # At most one row past the cap, so that check() still reports an oversize file.
        for number, cells in enumerate(
            sheet.iter_rows(
                min_row=2, max_row=MAX_ROWS + 2, max_col=max(len(header), 1), values_only=True
            ),
            start=2,
        ):
            texts = [_cell(cell) for cell in cells]
            if any(texts):
                rows.append((number, texts))
    finally:
        book.close()
    return [_cell(cell) for cell in header], rows


def check(
    headers: list[str],
    rows: list[tuple[int, list[str]]],
    *,
    agency_types: Mapping[str, str],
    countries: Mapping[str, str],
    organisations: Mapping[str, tuple[str, str]],
    already_registered: set[str],
    default_country: str,
) -> Checked:
    """Check every row; return the clean rows and every problem found.

    Args:
        agency_types: accepted spellings (folded) → agency type code.
        countries: accepted spellings (folded) → country code.
        organisations: folded organisation name → (key, agency type) of ctis organisations.
        already_registered: folded names of people already in the session.
        default_country: the country code used when a row leaves the country blank.
    """
    result = Checked()
    keys = [header_key(h) for h in headers]
    for index, key in enumerate(keys):
        if key not in FIELDS:
            result.problems.append(
                Problem(
                    None,
                    headers[index] or f"column {index + 1}",
                    "",
                    "is not a participant field; only "
                    + ", ".join(FIELDS)
                    + " are kept. Remove the column.",
                )
            )
        elif keys.index(key) != index:
            result.problems.append(Problem(None, headers[index], "", "appears twice"))
    for required in REQUIRED_COLUMNS:
        if required not in keys:
            result.problems.append(Problem(None, required, "", "column is missing"))
    if not rows:
        result.problems.append(Problem(None, "", "", "the file has no participants"))
    if len(rows) > MAX_ROWS:
        result.problems.append(
            Problem(None, "", str(len(rows)), f"rows; split the file (at most {MAX_ROWS})")
        )
    if result.problems:
        return result

    seen: dict[str, int] = {}
    for number, cells in rows:
        values = {key: (cells[i] if i < len(cells) else "") for i, key in enumerate(keys)}
        problems: list[Problem] = []

        def problem(
            column: str,
            value: str,
            reason: str,
            number: int = number,
            problems: list[Problem] = problems,
        ) -> None:
            problems.append(Problem(number, column, value, reason))

        name = " ".join(values.get("name", "").split())
        if not name:
            problem("name", "", "is required")
        elif len(name) > 200:
            problem("name", name[:40] + "…", "is longer than 200 characters")
        else:
            folded = name.casefold()
            if folded in already_registered:
                problem("name", name, "is already registered for this session")
            elif folded in seen:
                problem("name", name, f"appears twice (also row {seen[folded]})")
            seen.setdefault(folded, number)

        organisation_name = " ".join(values.get("organisation", "").split())
        matched = organisations.get(organisation_name.casefold())
        if not organisation_name:
            problem("organisation", "", "is required")
        elif len(organisation_name) > 200:
            problem("organisation", organisation_name[:40] + "…", "is longer than 200 characters")

        raw_type = values.get("agency_type", "")
        agency_type = agency_types.get(raw_type.casefold()) if raw_type else None
        if raw_type and agency_type is None:
            problem(
                "agency_type", raw_type, "is not an agency type; use one of " + _codes(agency_types)
            )
        elif not raw_type:
            if matched is not None:
                agency_type = matched[1]
            else:
                problem(
                    "agency_type",
                    "",
                    "is required when the organisation is not one known to ctis",
                )

        raw_sex = values.get("sex", "")
        sex = SEX_VALUES.get(raw_sex.casefold())
        if sex is None:
            problem("sex", raw_sex, "must be female, male or not stated")

        raw_country = values.get("country", "")
        country = countries.get(raw_country.casefold()) if raw_country else default_country
        if country is None:
            problem(
                "country", raw_country, "is not a country of the region; use " + _codes(countries)
            )

        role = " ".join(values.get("role", "").split())
        if len(role) > 200:
            problem("role", role[:40] + "…", "is longer than 200 characters")

        scores: dict[str, int | None] = {}
        for column in ("pre_score", "post_score"):
            raw = values.get(column, "")
            scores[column] = None
            if not raw:
                continue
            try:
                score = float(raw.replace(",", "."))
            except ValueError:
                problem(column, raw, "is not a number")
                continue
            if not score.is_integer() or not 0 <= score <= 100:
                problem(column, raw, "must be a whole number from 0 to 100")
                continue
            scores[column] = int(score)

        if problems:
            result.problems.extend(problems)
            continue
        assert agency_type is not None and sex is not None and country is not None
        result.rows.append(
            ParticipantRow(
                row=number,
                name=name,
                organisation_name=organisation_name,
                organisation_key=matched[0] if matched else None,
                agency_type=agency_type,
                role=role,
                sex=sex,
                country=country,
                pre_score=scores["pre_score"],
                post_score=scores["post_score"],
            )
        )
    return result


def _codes(mapping: Mapping[str, str]) -> str:
    return ", ".join(sorted(set(mapping.values())))
