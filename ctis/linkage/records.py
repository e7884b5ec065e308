"""The linkage input file: a UTF-8 CSV with the header below (other columns are ignored).

``birth_date`` is ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``; ``nationality`` ISO 3166-1 alpha-3
(``XKX`` for Kosovo); ``country`` alpha-2. Every field but ``record_id`` may be empty. The
whole file is checked before anything is done, and every problem is reported with its line and
column (line 1 is the header), so that a bad file produces no output at all.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

COLUMNS = (
    "record_id",
    "given_name",
    "family_name",
    "father_name",
    "sex",
    "birth_date",
    "birth_place",
    "nationality",
    "country",
)
SEXES = {"f": "F", "female": "F", "m": "M", "male": "M", "x": "X"}
MAX_ERRORS = 20
_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_ALPHA3 = re.compile(r"^[A-Z]{3}$")
_ALPHA2 = re.compile(r"^[A-Z]{2}$")


class InputError(ValueError):
    """A file the tool cannot use; the message names each line and column at fault."""


@dataclass(frozen=True, slots=True)
class Record:
    record_id: str
    given_name: str = ""
    family_name: str = ""
    father_name: str = ""
    sex: str = ""  # "F", "M", "X" or ""
    birth_year: int | None = None
    birth_month: int | None = None
    birth_day: int | None = None
    birth_place: str = ""
    nationality: str = ""
    country: str = ""


def parse_birth_date(text: str) -> tuple[int | None, int | None, int | None]:
    """``YYYY-MM-DD`` / ``YYYY-MM`` / ``YYYY`` -> (year, month, day); ValueError if invalid.

    >>> parse_birth_date("1994-03")
    (1994, 3, None)
    """
    if not text:
        return None, None, None
    found = _DATE.match(text)
    if not found:
        raise ValueError("expected YYYY-MM-DD, YYYY-MM or YYYY")
    year, month, day = (int(part) if part else None for part in found.groups())
    if year is None or not 1850 <= year <= 2100:
        raise ValueError("year out of range")
    if month is not None and not 1 <= month <= 12:
        raise ValueError("month out of range")
    if day is not None:
        import datetime

        datetime.date(year, month or 1, day)  # raises ValueError for 2001-02-30
    return year, month, day


def _record(row: dict[str, str], line: int, errors: list[str], label: str) -> Record | None:
    values = {name: (row.get(name) or "").strip() for name in COLUMNS}
    before = len(errors)

    def fail(column: str, reason: str) -> None:
        errors.append(f"{label}: line {line}, column {column}: {reason}")

    if not values["record_id"]:
        fail("record_id", "empty (every record needs an id)")
    sex = values["sex"]
    if sex and sex.casefold() not in SEXES:
        fail("sex", f"{sex!r} is not F, M or X")
    try:
        year, month, day = parse_birth_date(values["birth_date"])
    except ValueError as exc:
        fail("birth_date", f"{values['birth_date']!r}: {exc}")
        year = month = day = None
    nationality = values["nationality"].upper()
    if nationality == "KOS":
        fail("nationality", "'KOS' is not ISO 3166-1: Kosovo is XKX")
    elif nationality and not _ALPHA3.match(nationality):
        fail("nationality", f"{values['nationality']!r} is not an ISO 3166-1 alpha-3 code")
    country = values["country"].upper()
    if country and not _ALPHA2.match(country):
        fail("country", f"{values['country']!r} is not an ISO 3166-1 alpha-2 code")
    if len(errors) > before:
        return None
    return Record(
        record_id=values["record_id"],
        given_name=values["given_name"],
        family_name=values["family_name"],
        father_name=values["father_name"],
        sex=SEXES.get(sex.casefold(), "") if sex else "",
        birth_year=year,
        birth_month=month,
        birth_day=day,
        birth_place=values["birth_place"],
        nationality=nationality,
        country=country,
    )


def parse_rows(rows: Iterable[list[str]], label: str = "input") -> list[Record]:
    """Records from CSV rows (the first row is the header); InputError lists every problem."""
    iterator = iter(rows)
    header = next(iterator, None)
    if header is None:
        raise InputError(f"{label}: line 1: the file is empty (expected a header row)")
    names = [h.strip().lstrip("\ufeff").lower() for h in header]
    if "record_id" not in names:
        raise InputError(f"{label}: line 1: no record_id column (header: {', '.join(COLUMNS)})")
    errors: list[str] = []
    records: list[Record] = []
    seen: dict[str, int] = {}
    for line, row in enumerate(iterator, start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) > len(names):
            errors.append(f"{label}: line {line}: {len(row)} fields, the header has {len(names)}")
            continue
        values = dict(zip(names, row, strict=False))
        record_id = (values.get("record_id") or "").strip()
        if record_id in seen:
            errors.append(f"{label}: line {line}, column record_id: {record_id!r} repeats line "
                          f"{seen[record_id]}")  # fmt: skip
        elif record_id:
            seen[record_id] = line
        record = _record(values, line, errors, label)
        if record is not None:
            records.append(record)
        if len(errors) >= MAX_ERRORS:
            errors.append(f"{label}: stopped after {MAX_ERRORS} problems")
            break
    if errors:
        raise InputError("\n".join(errors))
    return records


def read_records(path: str | Path) -> list[Record]:
    """Read and check a whole linkage CSV; InputError names each line and column at fault."""
    path = Path(path)
    label = str(path)
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            return parse_rows(csv.reader(handle), label)
    except FileNotFoundError:
        raise InputError(f"{label}: no such file") from None
    except UnicodeDecodeError as exc:
        raise InputError(f"{label}: not UTF-8 text (byte {exc.start})") from None
    except csv.Error as exc:
        raise InputError(f"{label}: not a CSV file: {exc}") from None


def write_records(path: str | Path, records: Iterable[Record]) -> None:
    """Write records in the input format (for the generator and the tests)."""
    with Path(path).open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        for r in records:
            writer.writerow(
                (
                    r.record_id,
                    r.given_name,
                    r.family_name,
                    r.father_name,
                    r.sex,
                    format_birth_date(r),
                    r.birth_place,
                    r.nationality,
                    r.country,
                )
            )


def format_birth_date(record: Record) -> str:
    if record.birth_year is None:
        return ""
    text = f"{record.birth_year:04d}"
    if record.birth_month is not None:
        text += f"-{record.birth_month:02d}"
        if record.birth_day is not None:
            text += f"-{record.birth_day:02d}"
    return text
