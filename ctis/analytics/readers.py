"""Read survey files (CSV, XLSX, Parquet, KoboToolbox JSON) into one columnar frame.

Column names are mapped onto the canonical ones of shared/domain/flow-monitoring.md: XLSForm
group prefixes are dropped (``trafficking/ht_forced_work`` becomes ``ht_forced_work``) and the
Kobo/ODK identifiers become ``submission_id``. Only the columns a computation needs are read,
so a ten-million-row file costs the memory of those columns alone.

Values are validated as they are loaded; the first problems are reported by file, row, column,
value and reason (:class:`InputError`). Rows are numbered as a spreadsheet shows them (the
header is row 1) for CSV and XLSX, and from 1 for the records of Parquet and JSON files.

No Django import.
"""

from __future__ import annotations

import json
import math
from bisect import bisect_right
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl
from numpy.typing import NDArray

from ctis.analytics.indicators import MISSING, YN_VALUES, is_item_column
from ctis.lib.age_bands import FLOW_MONITORING

#: Identifier columns of KoboToolbox and ODK exports, in order of preference.
ID_ALIASES = ("submission_id", "meta/rootUuid", "_uuid", "meta/instanceID", "instanceID")
DESIGN_COLUMNS = ("weight", "stratum", "cluster")
#: Derived columns, usable like canonical ones, and the column each is derived from.
DERIVED = {"age_group": "age", "child": "age", "month": "survey_date"}
#: People on the move are counted in the flow-monitoring bands (``ctis.lib.age_bands``).
AGE_GROUPS = tuple((low, high, code) for code, low, high in FLOW_MONITORING.bands)
MAX_PROBLEMS = 5
_MARK = "__ctis_row"
#: Columns read as plain text: numbers (checked, then converted) and unique identifiers.
TEXT_COLUMNS = frozenset({"weight", "age", "submission_id", "journey_days", "journey_cost_usd"})
#: The answers a ``yn`` column may hold, as a fixed enumeration. The fast load parses item
#: columns straight into it (one byte per cell, no per-file dictionary, no check pass): any
#: other value makes the read fail, and the careful load then finds and reports it.
YN_ENUM = pl.Enum(list(YN_VALUES))


class InputError(ValueError):
    """Input the tool cannot use; the message names the file, row, column and reason."""


@dataclass(frozen=True)
class Source:
    """One input file, opened lazily with canonical column names."""

    path: Path
    frame: pl.LazyFrame
    first_row: int  # the number shown for the first record (2 under a header row)
    #: CSV only: the same scan with item columns parsed as :data:`YN_ENUM` (see :func:`load`).
    answers_frame: pl.LazyFrame | None = None

    @property
    def columns(self) -> list[str]:
        return self.frame.collect_schema().names()


def canonical_names(names: Iterable[str]) -> dict[str, str]:
    """Map source column names to canonical ones (only those that change).

    Group paths keep their last segment (``meta/`` fields and Kobo's ``_`` fields excepted);
    the first identifier column found becomes ``submission_id``. A name that would collide
    with one already present is left alone.
    """
    # A byte-order mark some spreadsheet programs write sticks to the first column name.
    originals = list(names)
    current = {n: n.lstrip("\ufeff") for n in originals}
    taken = set(current.values())
    if "submission_id" not in taken:
        for alias in ID_ALIASES[1:]:
            if alias in taken:
                for original, name in current.items():
                    if name == alias:
                        current[original] = "submission_id"
                taken.add("submission_id")
                break
    for original, name in current.items():
        # Kobo's own fields (_id, _attachments) and the form's meta/ block are not questions.
        if name == "submission_id" or "/" not in name or name.startswith(("_", "meta/")):
            continue
        short = name.rsplit("/", 1)[1]
        if short and short not in taken:
            current[original] = short
            taken.add(short)
    return {original: name for original, name in current.items() if original != name}


def open_source(path: str | Path) -> Source:
    """Open one file by its extension: .csv, .xlsx, .parquet or .json (Kobo API v2)."""
    path = Path(path)
    suffix = path.suffix.lower()
    answers_frame: pl.LazyFrame | None = None
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    try:
        if suffix in (".csv", ".txt"):
            separator = _separator(path)
            names = (
                pl.scan_csv(path, separator=separator, infer_schema=False).collect_schema().names()
            )
            # Coded answers repeat a handful of values: read them as categoricals, which holds
            # a million rows in a few megabytes instead of a string per cell. Free text and
            # numbers stay text, so a bad value can be quoted back as it was written.
            schema: dict[str, pl.DataType] = {
                n: pl.Utf8() if n.lstrip("\ufeff") in TEXT_COLUMNS else pl.Categorical()
                for n in names
            }
            frame = pl.scan_csv(path, separator=separator, schema=schema, encoding="utf8-lossy")
            # The fast load's scan: answers as YN_ENUM, which fails on a value outside it
            # instead of collecting every distinct value for a check pass afterwards.
            canonical = {n: n for n in names} | canonical_names(names)
            answers = {n: YN_ENUM if is_item_column(canonical[n]) else t for n, t in schema.items()}
            answers_frame = pl.scan_csv(
                path, separator=separator, schema=answers, encoding="utf8-lossy"
            )
            first = 2
        elif suffix == ".parquet":
            frame = pl.scan_parquet(path)
            first = 1
        elif suffix in (".xlsx", ".xlsm"):
            frame = _read_xlsx(path).lazy()
            first = 2
        elif suffix == ".json":
            frame = _read_kobo_json(path).lazy()
            first = 1
        else:
            raise InputError(
                f"{path}: unknown file type {suffix!r}; use CSV, XLSX, Parquet or JSON"
            )
        mapping = canonical_names(frame.collect_schema().names())
    except InputError:
        raise
    except (pl.exceptions.PolarsError, OSError, ValueError) as exc:
        raise InputError(f"{path}: cannot be read: {exc}") from exc
    if mapping:
        frame = frame.rename(mapping)
        answers_frame = answers_frame.rename(mapping) if answers_frame is not None else None
    return Source(path, frame, first, answers_frame)


def _separator(path: Path) -> str:
    """The field separator of a CSV export: KoboToolbox writes ``;`` by default, ODK ``,``."""
    with path.open(encoding="utf-8", errors="replace") as handle:
        header = handle.readline()
    counts = {sep: header.count(sep) for sep in (",", ";", "\t")}
    return max(counts, key=lambda sep: counts[sep]) if any(counts.values()) else ","


def _cell_text(value: Any) -> str | None:
    """A spreadsheet or JSON cell as the text a CSV export would hold."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if math.isfinite(value) and value.is_integer():
            return str(int(value))
        return repr(value)
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    text = str(value)
    return text if text != "" else None


def _read_xlsx(path: Path) -> pl.DataFrame:
    from openpyxl import load_workbook  # imported here: only spreadsheet inputs need it

    book = load_workbook(path, read_only=True, data_only=True)
    try:
        sheet = book.worksheets[0]  # Kobo and ODK put the main table first, repeats after
        rows = sheet.iter_rows(values_only=True)
        header = next(rows, None)
        if header is None:
            raise InputError(f"{path}: the first sheet is empty")
        names = [_cell_text(h) or f"column_{i + 1}" for i, h in enumerate(header)]
        columns: list[list[str | None]] = [[] for _ in names]
        for row in rows:
            for i in range(len(names)):
                columns[i].append(_cell_text(row[i]) if i < len(row) else None)
    finally:
        book.close()
    return pl.DataFrame(
        {n: pl.Series(n, c, dtype=pl.Utf8) for n, c in zip(names, columns, strict=True)}
    )


def _read_kobo_json(path: Path) -> pl.DataFrame:
    """KoboToolbox API v2 data: an object with a ``results`` list (or a bare list) of records."""
    try:
        payload = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise InputError(f"{path}: not valid JSON: {exc}") from exc
    records = payload.get("results") if isinstance(payload, dict) else payload
    if not isinstance(records, list):
        raise InputError(f"{path}: expected a Kobo API v2 object with a 'results' list")
    names: dict[str, None] = {}
    for number, record in enumerate(records, start=1):
        if not isinstance(record, dict):
            raise InputError(f"{path}: record {number} is not an object")
        names.update(dict.fromkeys(record))
    columns: dict[str, list[str | None]] = {n: [] for n in names}
    for record in records:
        for name in names:
            value = record.get(name)
            # Repeat groups, attachments and geolocations are lists or objects; they are not
            # canonical columns, so they are kept as JSON text rather than dropped silently.
            text = (
                json.dumps(value, ensure_ascii=False)
                if isinstance(value, list | dict)
                else _cell_text(value)
            )
            columns[name].append(text)
    return pl.DataFrame({n: pl.Series(n, c, dtype=pl.Utf8) for n, c in columns.items()})


@dataclass(frozen=True)
class Survey:
    """The loaded rows of every source, in order, and where each row came from."""

    data: pl.DataFrame
    sources: list[Source]
    starts: list[int]  # index in ``data`` of each source's first record

    def position(self, index: int) -> str:
        """``path: row N`` of the record at ``index`` of ``data``, as a person would find it."""
        at = bisect_right(self.starts, index) - 1
        source = self.sources[at]
        return f"{source.path}: row {index - self.starts[at] + source.first_row}"


def load(sources: list[Source], columns: Collection[str]) -> Survey:
    """Read and validate the wanted canonical columns of every source into one frame.

    Args:
        sources: opened files (:func:`open_source`).
        columns: canonical or derived columns wanted; those absent from every file are left
            out, those absent from some files are blank there.
    Returns:
        the rows of all sources in order: ``yn`` item columns as :data:`YN_ENUM` (or, when
        the input needed the careful load, categoricals), other coded columns as
        categoricals, free text as Utf8 (blank = null), ``weight`` as Float64, ``age`` as
        Int32, and derived ``age_group``, ``child`` and ``month`` when wanted.
    Raises:
        InputError: the first problems, each by file, row, column, value and reason.
    """
    wanted = set(columns)
    raw = {DERIVED[c] for c in wanted if c in DERIVED} | (wanted - set(DERIVED))
    # Valid input, the usual case, takes one typed pass; anything the fast pass cannot vouch
    # for is read again by the careful path, which finds and reports the problems.
    survey = _load_fast(sources, raw)
    if survey is None:
        survey = _load_checked(sources, raw)
    data = survey.data
    derived = []
    if "age_group" in wanted and "age" in data.columns:
        expr = pl.lit(None, dtype=pl.Utf8)
        for low, high, label in reversed(AGE_GROUPS):
            expr = pl.when(pl.col("age").is_between(low, high)).then(pl.lit(label)).otherwise(expr)
        derived.append(expr.alias("age_group"))
    if "child" in wanted and "age" in data.columns:
        derived.append(
            pl.when(pl.col("age") < 18)
            .then(pl.lit("child"))
            .when(pl.col("age").is_not_null())
            .then(pl.lit("adult"))
            .alias("child")
        )
    if "month" in wanted and "survey_date" in data.columns:
        derived.append(pl.col("survey_date").cast(pl.Utf8).str.slice(0, 7).alias("month"))
    if derived:
        survey = Survey(survey.data.with_columns(derived), survey.sources, survey.starts)
    return survey


def _load_checked(sources: list[Source], raw: set[str]) -> Survey:
    """The careful load: every value checked, the first problems reported by row.

    Raises:
        InputError: a file cannot be read or a value breaks the data dictionary.
    """
    frames = []
    for source in sources:
        schema = source.frame.collect_schema()
        present = [c for c in schema.names() if c in raw]
        try:
            frames.append(_collect(source.frame, [_typed(c, schema[c]).alias(c) for c in present]))
        except pl.exceptions.PolarsError as exc:
            raise InputError(f"{source.path}: cannot be read: {exc}") from exc
    survey = _survey(frames, sources)
    _validate(survey)
    return survey


def _load_fast(sources: list[Source], raw: set[str]) -> Survey | None:
    """The usual load: one typed pass per file, then a few whole-column checks.

    Item columns come as :data:`YN_ENUM`, ``weight`` and ``age`` as Float64 (a weight that is
    not a number as null, an age as NaN), so validation is a handful of vectorised tests on
    the loaded columns rather than a pass over text and a second conversion.

    Returns None when the input is not plainly valid (a value outside the enumeration, a bad
    number, a blank design cell, an unreadable file): the careful load then reads it again
    and says what is wrong. Whatever this accepts, the careful load accepts too, with the
    same values (tests/test_readers.py holds the two to that).
    """
    frames = []
    for source in sources:
        frame = source.answers_frame if source.answers_frame is not None else source.frame
        schema = frame.collect_schema()
        present = [c for c in schema.names() if c in raw]
        expressions = [_fast_typed(c, schema[c]) for c in present]
        if any(e is None for e in expressions):
            return None
        try:
            frames.append(_collect(frame, [e for e in expressions if e is not None]))
        except pl.exceptions.PolarsError:
            return None
    survey = _survey(frames, sources)
    data = survey.data
    bad = _fast_problems(data)
    if bad and any(data.select(pl.any_horizontal(b.fill_null(False).any() for b in bad)).row(0)):
        return None
    if "age" in data.columns:
        data.replace_column(data.get_column_index("age"), data.get_column("age").cast(pl.Int32))
    return survey


def _collect(frame: pl.LazyFrame, expressions: list[pl.Expr]) -> pl.DataFrame:
    """One source's wanted columns, read in one streaming pass."""
    # The streaming engine reads the file in morsels: peak memory stays near the size
    # of the wanted columns rather than of the whole file.
    # A one-bit marker column keeps every file's rows even when it has none of the
    # wanted columns (its respondents are then blank everywhere, not dropped).
    return frame.select(pl.repeat(True, pl.len()).alias(_MARK), *expressions).collect(
        engine="streaming"
    )


def _survey(frames: list[pl.DataFrame], sources: list[Source]) -> Survey:
    """The sources' frames, in order, as one survey (columns absent from a file are blank)."""
    starts, start = [], 0
    for frame in frames:
        starts.append(start)
        start += frame.height
    data = pl.concat(frames, how="diagonal_relaxed", rechunk=False).drop(_MARK)
    return Survey(data, sources, starts)


def _fast_typed(column: str, dtype: pl.DataType) -> pl.Expr | None:
    """The fast load's expression for a column; None if only the careful load can type it."""
    if is_item_column(column):
        # A strict cast: a value outside the enumeration fails the read (careful load).
        return (
            pl.col(column)
            if dtype == YN_ENUM
            else _typed(column, dtype).cast(YN_ENUM).alias(column)
        )
    if column in ("weight", "age"):
        if dtype.is_numeric():
            return pl.col(column).cast(pl.Float64).alias(column)
        if dtype != pl.Utf8:
            return None
        text = pl.col(column)
        number = text.cast(pl.Float64, strict=False)
        if column == "weight":
            # Blank and not-a-number both become null, and no weight may be null.
            return number.alias(column)
        # Blank stays null (a blank age is allowed); text that is not a number becomes NaN,
        # which the age check does not let through.
        return (
            pl.when(text.is_null() | (text.str.len_bytes() == 0))
            .then(None)
            .otherwise(number.fill_null(float("nan")))
            .alias(column)
        )
    return _typed(column, dtype).alias(column)


def _fast_problems(data: pl.DataFrame) -> list[pl.Expr]:
    """Expressions true on a row the careful load would reject (item answers aside: the
    enumeration has checked them)."""
    bad: list[pl.Expr] = []
    if "weight" in data.columns:
        w = pl.col("weight")
        bad.append(w.is_null() | w.is_nan() | w.is_infinite() | (w <= 0))
    for column in ("stratum", "cluster"):
        if column in data.columns:
            bad.append(pl.col(column).is_null())
    if "age" in data.columns:
        a = pl.col("age")
        bad.append(a.is_not_null() & (a.is_nan() | (a != a.round()) | ~a.is_between(0, 120)))
    if "survey_date" in data.columns:
        text = pl.col("survey_date").cast(pl.Utf8)
        parsed = text.str.slice(0, 10).str.to_date("%Y-%m-%d", strict=False)
        bad.append(text.is_not_null() & parsed.is_null())
    return bad


def _typed(column: str, dtype: pl.DataType) -> pl.Expr:
    """Coded columns as categoricals, numbers and identifiers as text; blank is null."""
    expr = pl.col(column)
    if dtype.is_numeric():
        return expr.cast(pl.Float64) if column in ("weight", "age") else expr.cast(pl.Utf8)
    if isinstance(dtype, pl.Categorical):
        return expr  # CSV: the reader already made empty cells null
    text = expr.cast(pl.Utf8)
    text = pl.when(text.str.len_bytes() == 0).then(None).otherwise(text)
    return text if column in TEXT_COLUMNS else text.cast(pl.Categorical)


def _checks(data: pl.DataFrame) -> list[tuple[str, pl.Expr, str]]:
    """(column, expression true on a bad row, reason) for every loaded column."""
    checks: list[tuple[str, pl.Expr, str]] = []
    yn = sorted(YN_VALUES)
    for column in data.columns:
        if is_item_column(column):
            # The distinct values first (a handful): rows are searched only for a bad one.
            values = data.get_column(column).drop_nulls().unique().cast(pl.Utf8).to_list()
            bad_values = [v for v in values if v not in YN_VALUES]
            if bad_values:
                bad = pl.col(column).cast(pl.Utf8).is_in(bad_values)
                checks.append((column, bad, f"is not one of {', '.join(yn)} (or blank)"))
    if "weight" in data.columns:
        number = pl.col("weight").cast(pl.Float64, strict=False)
        checks += [
            ("weight", pl.col("weight").is_null(), "is blank; the design needs every weight"),
            ("weight", pl.col("weight").is_not_null() & number.is_null(), "is not a number"),
            (
                "weight",
                (number <= 0) | number.is_nan() | number.is_infinite(),
                "is not a number greater than 0",
            ),
        ]
    for column in ("stratum", "cluster"):
        if column in data.columns:
            checks.append(
                (column, pl.col(column).is_null(), "is blank; the design needs it on every row")
            )
    if "age" in data.columns:
        number = pl.col("age").cast(pl.Float64, strict=False)
        bad = pl.col("age").is_not_null() & (
            number.is_null() | (number != number.round()) | ~number.is_between(0, 120)
        )
        checks.append(("age", bad, "is not a whole number of years from 0 to 120"))
    if "survey_date" in data.columns:
        text = pl.col("survey_date").cast(pl.Utf8)
        parsed = text.str.slice(0, 10).str.to_date("%Y-%m-%d", strict=False)
        checks.append(
            (
                "survey_date",
                text.is_not_null() & parsed.is_null(),
                "is not an ISO 8601 date (YYYY-MM-DD)",
            )
        )
    return checks


def _validate(survey: Survey) -> None:
    """Check every loaded column against the data dictionary; raise on the first problems.

    All checks run in one parallel pass; rows are looked up only when a check fails.
    """
    data = survey.data
    checks = _checks(data)
    if not checks:
        _cast_in_place(data)
        return
    failed = data.select(
        [bad.fill_null(False).any().alias(str(i)) for i, (_, bad, _) in enumerate(checks)]
    ).row(0)
    problems: list[str] = []
    for (column, bad, reason), hit in zip(checks, failed, strict=True):
        if not hit or len(problems) >= MAX_PROBLEMS:
            continue
        rows = (
            data.with_row_index("_index")
            .filter(bad)
            .head(MAX_PROBLEMS - len(problems))
            .select("_index", pl.col(column).cast(pl.Utf8))
        )
        for index, value in rows.iter_rows():
            shown = "(blank)" if value is None else repr(value)
            problems.append(f"{survey.position(index)}, column {column}: {shown} {reason}")
    if problems:
        raise InputError("\n".join(problems))
    _cast_in_place(data)


def category_codes(series: pl.Series) -> tuple[NDArray[np.intp], list[str | None]]:
    """Dense integer codes of a coded column and their labels: sorted values, blank last.

    Categorical columns are coded through their physical ids and a small lookup table, in one
    pass and without turning a value back into a string per row.
    """
    if isinstance(series.dtype, pl.Enum):
        return _enum_codes(series)
    if not isinstance(series.dtype, pl.Categorical):
        series = series.cast(pl.Utf8).cast(pl.Categorical)
    physical = series.to_physical()
    top = physical.max()
    blank = 0 if top is None else int(top) + 1  # type: ignore[arg-type]
    has_blank = physical.null_count() > 0
    ids = (physical.fill_null(blank) if has_blank else physical).to_numpy()
    # The ids present, found by counting them (no hashing of a million rows), and their
    # labels read from the column's category mapping.
    present = np.flatnonzero(np.bincount(ids, minlength=blank + 1)[:blank])
    mapping = series.dtype.categories  # type: ignore[attr-defined]
    names: list[str] = [str(mapping[int(i)]) for i in present]
    order = sorted(range(len(names)), key=names.__getitem__)
    labels: list[str | None] = [names[i] for i in order]
    table = np.full(blank + 1, len(labels), dtype=np.intp)  # the blank id
    table[present[order]] = np.arange(len(labels))
    codes = table[ids]
    if has_blank:
        labels.append(None)
    return codes, labels


def _enum_codes(series: pl.Series) -> tuple[NDArray[np.intp], list[str | None]]:
    """:func:`category_codes` of an Enum column: its physical codes index its fixed category
    list, so the values present are found by counting codes rather than hashing rows."""
    categories: list[str] = series.dtype.categories.to_list()  # type: ignore[attr-defined]
    blank = len(categories)
    physical = series.to_physical()
    has_blank = physical.null_count() > 0
    ids = (physical.fill_null(blank) if has_blank else physical).to_numpy()
    present = np.flatnonzero(np.bincount(ids, minlength=blank + 1)[:blank])
    order = sorted(present.tolist(), key=categories.__getitem__)
    labels: list[str | None] = [categories[i] for i in order]
    table = np.full(blank + 1, len(labels), dtype=np.intp)
    table[order] = np.arange(len(labels))
    if has_blank:
        labels.append(None)
    return table[ids], labels


def answer_codes(series: pl.Series) -> NDArray[np.int8] | None:
    """Answer codes (YES, NO, MISSING) of a loaded :data:`YN_ENUM` column, blank as MISSING;
    None for a column of another type (a categorical from the careful load)."""
    if series.dtype != YN_ENUM:
        return None
    # One lookup per cell through the enumeration's fixed order: no distinct values to find.
    table = np.array([*YN_VALUES.values(), MISSING], dtype=np.int8)
    physical = series.to_physical()
    if physical.null_count():
        physical = physical.fill_null(len(YN_VALUES))
    return table[physical.to_numpy()]


def _cast_in_place(data: pl.DataFrame) -> None:
    """Replace weight and age by their numeric types (validated before)."""
    for column, dtype in (("weight", pl.Float64), ("age", pl.Int32)):
        if column in data.columns and data.schema[column] != dtype:
            data.replace_column(
                data.get_column_index(column),
                data.get_column(column).cast(pl.Float64).cast(dtype),
            )
