"""Check every record of a file against the data dictionary and make canonical rows.

Every problem is collected, not just the first: each names the row, the column, the value and
the reason. A file with any problem is rejected whole by the caller.

No Django import.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from ctis.surveys import dictionary as dd
from ctis.surveys.importing.mapping import (
    HeaderMap,
    LabelIndex,
    choice_code,
    label_index,
    match_labels,
)
from ctis.surveys.importing.mapping import map_headers as _map_headers
from ctis.surveys.importing.tables import Table

MAX_VALUE_CHARS = 200
TRUE_VALUES = frozenset({"1", "true", "yes"})
FALSE_VALUES = frozenset({"0", "false", "no"})


@dataclass(frozen=True)
class Problem:
    """One reason a file cannot be imported. ``row`` is None for the file as a whole."""

    row: int | None
    column: str
    value: str
    reason: str

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    def __str__(self) -> str:
        where = f"row {self.row}" if self.row is not None else "file"
        value = repr(self.value) if self.value else "(blank)"
        return f"{where}, column {self.column}: {value} {self.reason}"


@dataclass
class CanonicalRow:
    row: int
    values: dict[str, Any]  # every canonical column (None: not asked / absent)
    raw: dict[str, Any]


@dataclass
class Result:
    rows: list[CanonicalRow]
    problems: list[Problem]
    header_map: HeaderMap


class _Invalid(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _shown(value: Any) -> str:
    text = value if isinstance(value, str) else str(value)
    return text if len(text) <= MAX_VALUE_CHARS else text[: MAX_VALUE_CHARS - 1] + "…"


def _strip_uuid(value: str) -> str:
    return value[5:] if value.lower().startswith("uuid:") else value


def _parse_date(text: str) -> date:
    head = text[:10]
    if len(text) > 10 and text[10] not in "T ":
        raise _Invalid("is not an ISO 8601 date (YYYY-MM-DD)")
    try:
        return date.fromisoformat(head)
    except ValueError as exc:
        raise _Invalid("is not an ISO 8601 date (YYYY-MM-DD)") from exc


def _parse_number(text: str, column: dd.Column) -> float:
    try:
        number = float(text)
    except ValueError as exc:
        raise _Invalid("is not a number") from exc
    if not math.isfinite(number):
        raise _Invalid("is not a number")
    _check_range(number, column)
    return number


def _check_range(number: float, column: dd.Column) -> None:
    low, high = column.minimum, column.maximum
    below = low is not None and (number <= low if column.exclusive_minimum else number < low)
    if below or (high is not None and number > high):
        raise _Invalid(f"is outside the allowed range ({column.range_text()})")


def _parse_integer(text: str, column: dd.Column) -> int:
    try:
        number = float(text)
    except ValueError as exc:
        raise _Invalid("is not a whole number") from exc
    if not math.isfinite(number) or not number.is_integer():
        raise _Invalid("is not a whole number")
    _check_range(number, column)
    return int(number)


def _allowed_text(column: dd.Column) -> str:
    kind = column.multi_kind if column.kind is dd.Kind.MULTI else column.kind
    if kind is dd.Kind.ALPHA2:
        return "an ISO 3166-1 alpha-2 country code"
    if kind is dd.Kind.ALPHA3:
        return "an ISO 3166-1 alpha-3 country code"
    return "one of " + ", ".join(column.codes or dd.YN_CODES)


def _parse_code(text: str, column: dd.Column, index: LabelIndex) -> str:
    code = choice_code(column.name, text, index)
    if code is None:
        raise _Invalid(f"is not {_allowed_text(column)}")
    return code


def _parse_multi(text: str, column: dd.Column, index: LabelIndex) -> str | None:
    tokens = text.split()
    codes = [choice_code(column.name, token, index) for token in tokens]
    if any(code is None for code in codes):
        labelled = match_labels(column.name, text, index)
        if labelled is None:
            bad = next(t for t, c in zip(tokens, codes, strict=True) if c is None)
            raise _Invalid(f"holds {bad!r}, which is not {_allowed_text(column)}")
        codes = list(labelled)
    unique = list(dict.fromkeys(c for c in codes if c))
    return " ".join(unique) or None


def _parse(text: str, column: dd.Column, index: LabelIndex) -> Any:
    kind = column.kind
    if kind is dd.Kind.TEXT:
        return text
    if kind is dd.Kind.DATE:
        return _parse_date(text)
    if kind is dd.Kind.INTEGER:
        return _parse_integer(text, column)
    if kind is dd.Kind.NUMBER:
        return _parse_number(text, column)
    if kind is dd.Kind.MULTI:
        return _parse_multi(text, column, index)
    return _parse_code(text, column, index)


def validate(
    table: Table,
    *,
    default_version: str = dd.CURRENT_VERSION,
    progress: Callable[[int], None] | None = None,
) -> Result:
    """Every record as a canonical row, and every problem found.

    Args:
        table: the file as read by :mod:`ctis.surveys.importing.tables`.
        default_version: ``instrument_version`` of records that do not give one.
        progress: called with the number of records checked since the last call.
    Returns:
        the canonical rows (complete only when ``problems`` is empty) and the problems.
    """
    index = label_index()
    headers = _map_headers(table.headers, index)
    problems: list[Problem] = []
    for name, header in headers.duplicates:
        problems.append(
            Problem(
                None, name, header, f"is a second column for {name} (first: {headers.direct[name]})"
            )
        )
    if not headers.id_headers and "submission_id" not in headers.direct:
        problems.append(
            Problem(
                None,
                "submission_id",
                "",
                "has no column: the file needs submission_id, meta/rootUuid, __id, KEY, _uuid "
                "or meta/instanceID",
            )
        )
    if not table.records:
        problems.append(Problem(None, "", "", "the file holds no submissions"))
    id_headers = [headers.direct["submission_id"]] if "submission_id" in headers.direct else []
    id_headers += headers.id_headers
    first_row: dict[str, int] = {}
    rows: list[CanonicalRow] = []
    for count, record in enumerate(table.records, start=1):
        values: dict[str, Any] = dict.fromkeys(dd.NAMES)
        cells = record.values
        submission_id = next(
            (_strip_uuid(v) for h in id_headers if isinstance(v := cells.get(h), str) and v),
            None,
        )
        if submission_id is None and id_headers:
            problems.append(Problem(record.row, "submission_id", "", "is blank"))
        elif submission_id is not None:
            if submission_id in first_row:
                problems.append(
                    Problem(
                        record.row,
                        "submission_id",
                        _shown(submission_id),
                        f"appears twice in the file (first on row {first_row[submission_id]})",
                    )
                )
            else:
                first_row[submission_id] = record.row
            values["submission_id"] = submission_id
        combined: set[str] = set()
        for name, header in headers.direct.items():
            cell = cells.get(header)
            if cell is None:
                continue
            if not isinstance(cell, str):
                problems.append(
                    Problem(record.row, name, _shown(cell), "is a list or object, not one value")
                )
                continue
            try:
                values[name] = _parse(cell, dd.BY_NAME[name], index)
                combined.add(name)
            except _Invalid as exc:
                if name not in headers.split:  # else the split columns answer instead
                    problems.append(Problem(record.row, name, _shown(cell), exc.reason))
        for name, by_code in headers.split.items():
            if name in combined:
                # The one-column form keeps the order of answers (countries_transited is
                # "in order"); split columns can give only the order of the choice list.
                continue
            chosen: list[str] = []
            answered = False
            for code, header in by_code.items():
                cell = cells.get(header)
                if cell is None:
                    continue
                flag = str(cell).strip().casefold()
                if flag in TRUE_VALUES:
                    chosen.append(code)
                    answered = True
                elif flag in FALSE_VALUES:
                    answered = True
                else:
                    problems.append(
                        Problem(record.row, header, _shown(cell), "is not 1/0 or True/False")
                    )
            values[name] = " ".join(chosen) if answered and chosen else None
        if values["instrument_version"] is None:
            values["instrument_version"] = default_version
        for item in dd.ITEMS:
            country, answer = f"ht_{item}_country", f"ht_{item}"
            if values[country] is not None and values[answer] != "yes":
                problems.append(
                    Problem(
                        record.row,
                        country,
                        _shown(cells.get(headers.direct.get(country, ""), "") or ""),
                        f"is given but {answer} is not yes (it is asked only after a yes)",
                    )
                )
        rows.append(CanonicalRow(record.row, values, record.raw))
        if progress is not None and count % 500 == 0:
            progress(500)
    if progress is not None:
        progress(len(table.records) % 500)
    return Result(rows, problems, headers)
