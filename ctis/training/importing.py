"""Reading and checking a participant list (CSV or XLSX). No Django import.

The same rules as every ctis import: the file is imported whole or not at all, and every problem
is reported with its row (as a spreadsheet numbers it, header = row 1), column, value and
reason. Columns beyond the participant fields are refused, so no extra personal data is kept.

Reasons are English message templates with their values in ``params``; the caller translates
them (``gettext(reason) % params``), so this module stays free of Django.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from dataclasses import dataclass, field
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


def N_(message: str) -> str:
    """Mark a reason for translation; the caller translates it."""
    return message


class FileError(ValueError):
    """The file cannot be read at all. ``args[0]`` is a reason template, ``params`` its values."""

    def __init__(self, reason: str, **params: Any) -> None:
        super().__init__(reason)
        self.reason = reason
        self.params = params


@dataclass(frozen=True)
class Problem:
    """One reason the file cannot be imported. ``row`` is None for the file as a whole.

    ``reason`` is an English message template; ``params`` fills its placeholders.
    """

    row: int | None
    column: str
    value: str
    reason: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "row": self.row,
            "column": self.column,
            "value": self.value,
            "reason": self.reason % self.params if self.params else self.reason,
        }


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


def fold_header(text: str) -> str:
    return "_".join(text.strip().lstrip("\ufeff").casefold().replace("-", " ").split())


def header_key(text: str, aliases: Mapping[str, str] | None = None) -> str:
    """The field a header names: its code, an English alias, or a label from ``aliases``."""
    key = fold_header(text)
    return ALIASES.get(key) or (aliases or {}).get(key) or key


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
        raise FileError(N_("unknown file type %(suffix)s; use .csv or .xlsx"), suffix=suffix or "-")
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
        raise FileError(N_("the file is not UTF-8 text; save it as “CSV UTF-8”")) from exc
    first_line = text.split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=first_line.count)
    try:
        lines = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        raise FileError(N_("not a readable CSV file")) from exc
    if not lines:
        raise FileError(N_("the file is empty"))
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
        raise FileError(N_("not a readable XLSX file")) from exc
    try:
        sheet = book.worksheets[0]
        header = next(sheet.iter_rows(max_row=1, values_only=True), None)
        if header is None:
            raise FileError(N_("the first sheet is empty"))
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
    sexes: Mapping[str, str] = SEX_VALUES,
    header_aliases: Mapping[str, str] | None = None,
    example_names: frozenset[str] = frozenset(),
) -> Checked:
    """Check every row; return the clean rows and every problem found.

    Args:
        agency_types: accepted spellings (folded) → agency type code.
        countries: accepted spellings (folded) → country code.
        organisations: folded organisation name → (key, agency type) of ctis organisations.
        already_registered: folded names of people already in the session.
        default_country: the country code used when a row leaves the country blank.
        sexes: accepted spellings (folded) → sex code.
        header_aliases: folded column labels (e.g. translated) → field name.
        example_names: folded names of the template's example row, refused if left in.
    """
    result = Checked()
    keys = [header_key(h, header_aliases) for h in headers]
    for index, key in enumerate(keys):
        if key not in FIELDS:
            result.problems.append(
                Problem(
                    None,
                    headers[index] or str(index + 1),
                    "",
                    N_(
                        "is not a participant field; nothing else about a person is kept. "
                        "Remove the column."
                    ),
                )
            )
        elif keys.index(key) != index:
            result.problems.append(Problem(None, headers[index], "", N_("appears twice")))
    for required in REQUIRED_COLUMNS:
        if required not in keys:
            result.problems.append(Problem(None, required, "", N_("column is missing")))
    if not rows:
        result.problems.append(Problem(None, "", "", N_("the file has no participants")))
    if len(rows) > MAX_ROWS:
        result.problems.append(
            Problem(
                None,
                "",
                str(len(rows)),
                N_("rows; split the file (at most %(max)s)"),
                {"max": MAX_ROWS},
            )
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
            params: Mapping[str, Any] | None = None,
            number: int = number,
            problems: list[Problem] = problems,
        ) -> None:
            problems.append(Problem(number, column, value, reason, params or {}))

        name = " ".join(values.get("name", "").split())
        if not name:
            problem("name", "", N_("is required"))
        elif len(name) > 200:
            problem("name", name[:40] + "…", N_("is longer than 200 characters"))
        elif name.casefold() in example_names:
            problem("name", name, N_("is the template's example row; delete the row"))
        else:
            folded = name.casefold()
            if folded in already_registered:
                problem("name", name, N_("is already registered for this session"))
            elif folded in seen:
                problem("name", name, N_("appears twice (also row %(row)s)"), {"row": seen[folded]})
            seen.setdefault(folded, number)

        organisation_name = " ".join(values.get("organisation", "").split())
        matched = organisations.get(organisation_name.casefold())
        if not organisation_name:
            problem("organisation", "", N_("is required"))
        elif len(organisation_name) > 200:
            problem(
                "organisation", organisation_name[:40] + "…", N_("is longer than 200 characters")
            )

        raw_type = values.get("agency_type", "")
        agency_type = agency_types.get(fold(raw_type)) if raw_type else None
        if raw_type and agency_type is None:
            problem(
                "agency_type",
                raw_type,
                N_("is not an agency type; see the sheet of allowed values in the template"),
            )
        elif not raw_type:
            if matched is not None:
                agency_type = matched[1]
            else:
                problem(
                    "agency_type",
                    "",
                    N_("is required when the organisation is not one known to ctis"),
                )

        raw_sex = values.get("sex", "")
        sex = sexes.get(fold(raw_sex))
        if sex is None:
            problem("sex", raw_sex, N_("must be female, male or not stated"))

        raw_country = values.get("country", "")
        country = countries.get(fold(raw_country)) if raw_country else default_country
        if country is None:
            problem(
                "country",
                raw_country,
                N_(
                    "is not a country of the region; "
                    "see the sheet of allowed values in the template"
                ),
            )

        role = " ".join(values.get("role", "").split())
        if len(role) > 200:
            problem("role", role[:40] + "…", N_("is longer than 200 characters"))

        scores: dict[str, int | None] = {}
        for column in ("pre_score", "post_score"):
            raw = values.get(column, "")
            scores[column] = None
            if not raw:
                continue
            try:
                score = float(raw.replace(",", "."))
            except ValueError:
                problem(column, raw, N_("is not a number"))
                continue
            if not score.is_integer() or not 0 <= score <= 100:
                problem(column, raw, N_("must be a whole number from 0 to 100"))
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


def fold(text: str) -> str:
    """How typed values are compared: case, spaces and a trailing Kosovo asterisk ignored."""
    return " ".join(text.casefold().replace("_", " ").split()).rstrip("*").strip()
