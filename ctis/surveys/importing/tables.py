"""Read survey files into one shape: headers and records, each with the raw submission kept.

Formats: CSV (comma, semicolon or tab, as KoboToolbox and ODK Central export), XLSX (first
sheet), Parquet, KoboToolbox API v2 JSON (``{"count", "next", "previous", "results"}``) and ODK
Central OData JSON (``{"value": [...]}``, groups nested as objects). Rows are numbered as a
spreadsheet shows them (header = row 1) for CSV and XLSX, and from 1 for records of Parquet
and JSON, as :mod:`ctis.analytics.readers` does.

No Django import.
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time
from enum import StrEnum
from pathlib import Path
from typing import Any

from ctis.core.spreadsheets import LimitExceeded, guard


class Format(StrEnum):
    CSV = "csv"
    XLSX = "xlsx"
    PARQUET = "parquet"
    KOBO_JSON = "kobo-json"
    ODK_JSON = "odk-json"


SUFFIXES: Mapping[str, Format] = {
    ".csv": Format.CSV,
    ".txt": Format.CSV,
    ".xlsx": Format.XLSX,
    ".parquet": Format.PARQUET,
    ".json": Format.KOBO_JSON,  # told apart from OData JSON by its content
}


#: Submissions one CSV or XLSX file may hold; checked before parsing (ctis.core.spreadsheets).
MAX_ROWS = 50_000


class FormatError(ValueError):
    """The file cannot be read as the format it claims to be; nothing was imported."""


def _guard(data: bytes, fmt: Format, max_rows: int) -> None:
    try:
        guard(data, fmt.value, max_rows=max_rows)
    except LimitExceeded as exc:
        raise FormatError(str(exc)) from exc


@dataclass
class Record:
    """One submission: its row number, flat cell values by header, and the raw submission."""

    row: int
    values: dict[str, Any]
    raw: dict[str, Any]


@dataclass
class Table:
    format: Format
    headers: list[str]
    records: list[Record] = field(default_factory=list)


def guess_format(name: str, data: bytes | None = None) -> Format:
    """The format of a file from its name (and, for JSON, its content)."""
    suffix = Path(name).suffix.lower()
    if suffix not in SUFFIXES:
        raise FormatError(
            f"unknown file type {suffix or '(none)'!r}; use .csv, .xlsx, .parquet or .json"
        )
    found = SUFFIXES[suffix]
    head = data[:4096] if data is not None else b""
    if found is Format.KOBO_JSON and b'"value"' in head and b'"results"' not in head:
        return Format.ODK_JSON
    return found


def read(data: bytes, fmt: Format, *, max_rows: int = MAX_ROWS) -> Table:
    """Read a whole file of the given format (CSV and XLSX: at most ``max_rows`` rows)."""
    if fmt is Format.CSV:
        return read_csv(data, max_rows=max_rows)
    if fmt is Format.XLSX:
        return read_xlsx(data, max_rows=max_rows)
    if fmt is Format.PARQUET:
        return read_parquet(data)
    payload = _json(data)
    if fmt is Format.ODK_JSON:
        return read_odata([payload])
    return read_kobo([payload])


def _json(data: bytes) -> Any:
    try:
        return json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise FormatError(f"not valid JSON: {exc}") from exc


def _text(value: Any) -> str | None:
    """A cell as the text a CSV export would hold; blank is None."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if not math.isfinite(value):
            return str(value)
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date | time):
        return value.isoformat()
    text = str(value).strip()
    return text or None


def _jsonable(value: Any) -> Any:
    """A cell value as JSON can hold it, for the raw copy."""
    if value is None or isinstance(value, str | int | bool):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    return str(value)


def _unique_headers(header: Iterable[Any]) -> list[str]:
    names: list[str] = []
    for index, cell in enumerate(header):
        name = (_text(cell) or f"column_{index + 1}").lstrip("\ufeff")
        names.append(name)
    return names


def read_csv(data: bytes, *, max_rows: int = MAX_ROWS) -> Table:
    """CSV as KoboToolbox (``;`` by default) and ODK Central (``,``) export it."""
    _guard(data, Format.CSV, max_rows)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FormatError(f"the file is not UTF-8 text: {exc}") from exc
    first_line = text.split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader, None)
        if header is None:
            raise FormatError("the file is empty")
        headers = _unique_headers(header)
        table = Table(Format.CSV, headers)
        for number, cells in enumerate(reader, start=2):
            if not any(cell.strip() for cell in cells):
                continue  # a trailing blank line is not a submission
            if len(cells) > len(headers):
                raise FormatError(
                    f"row {number} has {len(cells)} cells but the header has {len(headers)}"
                )
            raw = {h: (cells[i] if i < len(cells) else "") for i, h in enumerate(headers)}
            values = {h: _text(v) for h, v in raw.items()}
            table.records.append(Record(number, values, raw))
    except csv.Error as exc:
        raise FormatError(f"not a readable CSV file: {exc}") from exc
    return table


def read_xlsx(data: bytes, *, max_rows: int = MAX_ROWS) -> Table:
    """The first sheet (Kobo and ODK put the main table first, repeat groups after)."""
    from openpyxl import load_workbook  # only spreadsheets need it

    _guard(data, Format.XLSX, max_rows)
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a damaged file
        raise FormatError(f"not a readable XLSX file: {exc}") from exc
    try:
        sheet = book.worksheets[0]
        header = next(sheet.iter_rows(max_row=1, values_only=True), None)
        if header is None:
            raise FormatError("the first sheet is empty")
        headers = _unique_headers(header)
        table = Table(Format.XLSX, headers)
        # Read-only mode streams the sheet; the caps bound what it yields even if the guard
        # was passed (cells beyond the header's columns were never kept).
        rows = sheet.iter_rows(
            min_row=2, max_row=max_rows + 1, max_col=max(len(headers), 1), values_only=True
        )
        for number, cells in enumerate(rows, start=2):
            if all(cell is None or _text(cell) is None for cell in cells):
                continue
            raw = {
                h: _jsonable(cells[i] if i < len(cells) else None) for i, h in enumerate(headers)
            }
            values = {h: _text(cells[i] if i < len(cells) else None) for i, h in enumerate(headers)}
            table.records.append(Record(number, values, raw))
    finally:
        book.close()
    return table


def read_parquet(data: bytes) -> Table:
    import pyarrow.parquet as pq  # only Parquet inputs need it

    try:
        arrow = pq.read_table(io.BytesIO(data))
    except Exception as exc:  # pyarrow raises its own error types for damaged files
        raise FormatError(f"not a readable Parquet file: {exc}") from exc
    headers = list(arrow.column_names)
    table = Table(Format.PARQUET, headers)
    for number, row in enumerate(arrow.to_pylist(), start=1):
        raw = {h: _jsonable(row.get(h)) for h in headers}
        table.records.append(Record(number, {h: _text(row.get(h)) for h in headers}, raw))
    return table


def _flat_value(value: Any) -> Any:
    """Scalars as text; lists and objects (attachments, repeats) kept as they are."""
    if isinstance(value, list | dict):
        return value
    return _text(value)


def read_kobo(pages: Iterable[Any]) -> Table:
    """KoboToolbox API v2 data pages (``results`` lists), or bare lists of records."""
    table = Table(Format.KOBO_JSON, [])
    seen: dict[str, None] = {}
    number = 0
    for page in pages:
        records = page.get("results") if isinstance(page, dict) else page
        if not isinstance(records, list):
            raise FormatError("expected a KoboToolbox API v2 object with a 'results' list")
        for record in records:
            number += 1
            if not isinstance(record, dict):
                raise FormatError(f"record {number} is not an object")
            seen.update(dict.fromkeys(record))
            values = {str(k): _flat_value(v) for k, v in record.items()}
            table.records.append(Record(number, values, _jsonable(record)))
    table.headers = list(seen)
    return table


def _flatten(record: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    """OData nests groups as objects; flatten them to ``group/name`` paths."""
    flat: dict[str, Any] = {}
    for key, value in record.items():
        path = f"{prefix}{key}"
        if isinstance(value, dict) and key != "__system":
            flat.update(_flatten(value, f"{path}/"))
        else:
            flat[path] = _flat_value(value)
    return flat


def read_odata(pages: Iterable[Any]) -> Table:
    """ODK Central OData submissions (``value`` lists), as pyodk's ``get_table`` returns them."""
    table = Table(Format.ODK_JSON, [])
    seen: dict[str, None] = {}
    number = 0
    for page in pages:
        records = page.get("value") if isinstance(page, dict) else page
        if not isinstance(records, list):
            raise FormatError("expected an ODK Central OData object with a 'value' list")
        for record in records:
            number += 1
            if not isinstance(record, dict):
                raise FormatError(f"record {number} is not an object")
            values = _flatten(record)
            seen.update(dict.fromkeys(values))
            table.records.append(Record(number, values, _jsonable(record)))
    table.headers = list(seen)
    return table
