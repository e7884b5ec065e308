"""Prevalence of every requested indicator for the whole sample and each breakdown.

This is ``ctis prevalence`` without its command line: :func:`prevalence` takes file paths and
:class:`Options` and returns a :class:`Report`. Simple random samples (no design column) get
Wilson, Clopper-Pearson or Wald intervals; files with any of ``weight``, ``stratum`` or
``cluster`` get design-based estimates, each breakdown group a domain of the full design.

No Django import.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
import polars as pl
from numpy.typing import NDArray

from ctis.analytics import indicators as ind
from ctis.analytics.estimators import (
    DESIGN_METHODS,
    SRS_METHODS,
    Design,
    DesignMethod,
    Estimate,
    LonelyRule,
    Method,
    SrsMethod,
    srs_estimate,
)
from ctis.analytics.readers import (
    DERIVED,
    DESIGN_COLUMNS,
    InputError,
    Survey,
    answer_codes,
    category_codes,
    load,
    open_source,
)
from ctis.lib.disclosure import suppress_breakdown

SIMPLE, COMPLEX = "simple random sample", "complex design"


class UsageError(ValueError):
    """Options that contradict each other or the input (e.g. Wilson on a weighted design)."""


@dataclass(frozen=True)
class Options:
    """What to compute; the defaults are the command line's.

    Attributes:
        indicators: names to report; empty means every item in the input and every composite
            the input can support.
        breakdowns: each a tuple of columns (one column, or several for a crossed breakdown);
            the whole sample is always reported first.
        level: confidence level.
        method: interval; None means ``wilson`` for a simple sample, ``logit`` for a design.
        missing: ``exclude`` or ``as-no``.
        lonely_psu: ``fail`` or ``adjust``.
        composite_items: item set of the composites per instrument version.
        instrument_version: version for rows (or files) that do not say which they used.
    """

    indicators: tuple[str, ...] = ()
    breakdowns: tuple[tuple[str, ...], ...] = ()
    level: float = 0.95
    method: Method | None = None
    missing: ind.MissingRule = "exclude"
    lonely_psu: LonelyRule = "fail"
    composite_items: Mapping[str, tuple[str, ...]] = field(
        default_factory=lambda: dict(ind.DEFAULT_COMPOSITE_ITEMS)
    )
    instrument_version: str | None = None


@dataclass(frozen=True)
class Result:
    """One indicator for one group (``group`` is empty for the whole sample).

    ``n`` is the number of respondents in the denominator, ``positives`` the unweighted count
    of positives among them, ``excluded`` the group's respondents left out for missing
    answers. NaN marks a quantity that does not exist (no respondents, no degrees of freedom)
    or was suppressed.
    """

    indicator: str
    group: dict[str, str | None]
    n: int
    positives: int | None
    excluded: int
    estimate: float
    se: float
    ci_low: float
    ci_high: float
    method: str
    level: float
    df: int | None = None
    note: str | None = None
    suppressed: bool = False


@dataclass(frozen=True)
class Report:
    """Every result of one run, with what it was computed from."""

    results: list[Result]
    design: str
    respondents: int
    files: list[str]
    missing: str
    lonely_psu: str
    notes: list[str] = field(default_factory=list)


def prevalence(paths: Sequence[str | Path], options: Options) -> Report:
    """Compute every requested indicator for the whole sample and each breakdown.

    Raises:
        InputError: a file cannot be read or a value breaks the data dictionary (the message
            names the file, row and column).
        UsageError: the options do not fit the input.
        estimators.LonelyPSUError: a single-PSU stratum under ``--lonely-psu fail``.
    """
    if not paths:
        raise UsageError("no input file")
    if not 0 < options.level < 1:
        raise UsageError(f"--level must be between 0 and 1, not {options.level}")
    try:
        ind.validate_composite_items(options.composite_items)
    except ValueError as exc:
        raise UsageError(f"--composite: {exc}") from exc
    sources = [open_source(p) for p in paths]
    available: set[str] = set()
    for source in sources:
        available.update(source.columns)
    is_design = any(c in available for c in DESIGN_COLUMNS)
    method = _method(options.method, is_design)
    breakdowns = [tuple(b) for b in options.breakdowns]
    for columns in breakdowns:
        for column in columns:
            source_column = DERIVED.get(column, column)
            if source_column not in available:
                raise UsageError(f"--by {column}: no column {source_column!r} in the input")
    wanted = _wanted_indicators(options.indicators, available)
    set_items = {i for items in options.composite_items.values() for i in items}
    needs_items = {w for w in wanted if ind.is_item_column(w)}
    if any(w in ind.COMPOSITES for w in wanted):
        needs_items |= {ind.item_column(i) for i in set_items}
    if ind.FAMILY_ONLY in wanted:
        needs_items |= {ind.item_column(i, family=True) for i in set_items}
    needs_items &= available
    wanted_columns = (
        needs_items
        | {c for c in DESIGN_COLUMNS if c in available}
        | {c for b in breakdowns for c in b}
        | {"instrument_version"}
    )
    survey = load(sources, wanted_columns)
    data = survey.data
    size = data.height
    notes: list[str] = []
    values = _indicator_values(survey, wanted, options, explicit=bool(options.indicators))
    if not options.indicators:
        skipped = [w for w in wanted if w not in values]
        if skipped:
            notes.append(f"not computed, the input lacks their columns: {', '.join(skipped)}")
    design = _design(data, is_design, method, options.lonely_psu, size)
    results: list[Result] = []
    whole_codes = np.zeros(size, dtype=np.intp)
    whole: Grouping = ([{}], whole_codes)
    groupings = [whole, *(_groups(data, b) for b in breakdowns)]
    for name, codes in values.items():
        # Indicator codes -1, 0, 1 shifted to 0, 1, 2: one count per (group, code) cell
        # gives members, respondents and positives of every group in a single pass.
        shifted = codes.astype(np.intp)
        shifted -= ind.EXCLUDED  # in place: each fresh million-row array costs page faults
        prepared = design.prepare(codes) if design is not None else None
        for labels, groups in groupings:
            count = len(labels)
            if groups is whole_codes:
                tally = np.bincount(shifted, minlength=3).reshape(1, 3)
            else:
                key = groups * 3
                key += shifted
                tally = np.bincount(key, minlength=3 * count).reshape(count, 3)
            members = tally.sum(axis=1)
            positives = tally[:, ind.POSITIVE - ind.EXCLUDED]
            n = positives + tally[:, ind.NEGATIVE - ind.EXCLUDED]
            if design is None or prepared is None:
                estimates = [
                    srs_estimate(int(positives[k]), int(n[k]), _srs(method), options.level)
                    for k in range(count)
                ]
            else:
                estimates = design.domain_estimates(
                    prepared, groups, count, _dm(method), options.level
                )
            for k, est in enumerate(estimates):
                results.append(
                    _result(name, labels[k], n[k], positives[k], members[k], est, options.level)
                )
    return Report(
        results=results,
        design=COMPLEX if is_design else SIMPLE,
        respondents=size,
        files=[str(s.path) for s in sources],
        missing=options.missing,
        lonely_psu=options.lonely_psu,
        notes=notes,
    )


def _srs(method: Method) -> SrsMethod:
    assert method in SRS_METHODS
    return method  # type: ignore[return-value]


def _dm(method: Method) -> DesignMethod:
    assert method in DESIGN_METHODS
    return method  # type: ignore[return-value]


def _result(
    name: str,
    group: dict[str, str | None],
    n: np.integer | int,
    positives: np.integer | int,
    members: np.integer | int,
    est: Estimate,
    level: float,
) -> Result:
    return Result(
        indicator=name,
        group=dict(group),
        n=int(n),
        positives=int(positives),
        excluded=int(members - n),
        estimate=est.estimate,
        se=est.se,
        ci_low=est.ci_low,
        ci_high=est.ci_high,
        method=est.method,
        level=level,
        df=est.df,
        note=est.note,
    )


def _method(method: Method | None, is_design: bool) -> Method:
    if method is None:
        return "logit" if is_design else "wilson"
    if is_design and method in SRS_METHODS:
        raise UsageError(
            f"--method {method} is for simple random samples; the input has design columns "
            f"({', '.join(DESIGN_COLUMNS)}), so use --method logit or --method beta"
        )
    return method


def _wanted_indicators(requested: Sequence[str], available: set[str]) -> list[str]:
    if not requested:
        items = [
            ind.item_column(i, family=f)
            for f in (False, True)
            for i in ind.ITEMS
            if ind.item_column(i, family=f) in available
        ]
        return [*items, *ind.COMPOSITES]
    known = [ind.item_column(i, family=f) for f in (False, True) for i in ind.ITEMS]
    for name in requested:
        if name not in ind.COMPOSITES and name not in known:
            raise UsageError(
                f"--indicator {name}: unknown; use a composite ({', '.join(ind.COMPOSITES)}) "
                "or an item column such as ht_forced_work"
            )
        if name not in ind.COMPOSITES and name not in available:
            raise UsageError(f"--indicator {name}: no column {name!r} in the input")
    return list(dict.fromkeys(requested))


def _answers(data: pl.DataFrame, column: str) -> NDArray[np.int8]:
    """Answer codes (YES, NO, MISSING) of a ``yn`` column; an absent column is all missing."""
    if column not in data.columns:
        return np.full(data.height, ind.MISSING, dtype=np.int8)
    fast = answer_codes(data.get_column(column))
    if fast is not None:
        return fast
    codes, labels = category_codes(data.get_column(column))
    # Values were validated on load: every label is a yn value or blank.
    table = np.array(
        [ind.MISSING if v is None else ind.YN_VALUES[v] for v in labels] or [ind.MISSING],
        dtype=np.int8,
    )
    return table[codes]


def _indicator_values(
    survey: Survey,
    wanted: Sequence[str],
    options: Options,
    *,
    explicit: bool,
) -> dict[str, NDArray[np.int8]]:
    """Indicator codes per respondent, by name, in the order asked for."""
    data = survey.data
    out: dict[str, NDArray[np.int8]] = {}
    composites = [w for w in wanted if w in ind.COMPOSITES]
    version_names: list[str] = []
    versions = np.zeros(data.height, dtype=np.intp)
    if composites:
        version_names, versions = _versions(survey, options)
    for name in wanted:
        if name not in ind.COMPOSITES:
            out[name] = ind.item(_answers(data, name), options.missing)
            continue
        family = name == ind.FAMILY_ONLY
        needed = sorted(
            {
                ind.item_column(i, family=f)
                for v in version_names
                for i in options.composite_items[v]
                for f in ((False, True) if family else (False,))
            }
        )
        absent = [c for c in needed if c not in data.columns]
        if absent:
            if explicit:
                raise UsageError(f"--indicator {name}: the input has no column {', '.join(absent)}")
            continue
        items = {i for v in version_names for i in options.composite_items[v]}
        own = {i: _answers(data, ind.item_column(i)) for i in items}
        fam = {i: _answers(data, ind.item_column(i, family=True)) for i in items} if family else {}
        out[name] = ind.composite(
            name,
            own=own,
            family=fam,
            versions=versions,
            version_names=version_names,
            sets=options.composite_items,
            missing=options.missing,
        )
    return out


def _versions(survey: Survey, options: Options) -> tuple[list[str], NDArray[np.intp]]:
    """Instrument version per row, which selects the composite's item set."""
    data = survey.data
    fallback = options.instrument_version
    if "instrument_version" in data.columns:
        column = data.get_column("instrument_version")
        if fallback is not None:
            column = column.fill_null(fallback)
    elif fallback is not None:
        column = pl.Series("instrument_version", [fallback] * data.height, dtype=pl.Utf8)
    else:
        raise UsageError(
            "composites need the instrument_version column (it selects the item set); "
            "add it or pass --instrument-version"
        )
    known = sorted(options.composite_items)
    codes, labels = category_codes(column)
    unknown = [i for i, v in enumerate(labels) if v not in known]
    if unknown:
        bad = np.isin(codes, unknown)
        index = int(np.flatnonzero(bad)[0])
        value = labels[int(codes[index])]
        raise InputError(
            f"{survey.position(index)}, column instrument_version: "
            f"{'(blank)' if value is None else repr(value)} is not a known version "
            f"({', '.join(known)}); {int(bad.sum())} row(s) affected. "
            "Use --composite VERSION=ITEM,... or --instrument-version"
        )
    return [str(v) for v in labels], codes


def _codes(series: pl.Series) -> tuple[NDArray[np.intp], list[str | None]]:
    """Dense integer codes of a column (sorted values, blank last) and their labels."""
    return category_codes(series)


def _design(
    data: pl.DataFrame, is_design: bool, method: Method, lonely: LonelyRule, size: int
) -> Design | None:
    if not is_design and method in SRS_METHODS:
        return None
    weights = data.get_column("weight").to_numpy() if "weight" in data.columns else None
    stratum = labels = cluster = None
    if "stratum" in data.columns:
        stratum, stratum_labels = _codes(data.get_column("stratum"))
        labels = [str(v) for v in stratum_labels]
    if "cluster" in data.columns:
        cluster, _ = _codes(data.get_column("cluster"))
    return Design.from_codes(
        size=size,
        weights=weights,
        stratum=stratum,
        cluster=cluster,
        stratum_labels=labels,
        lonely=lonely,
    )


Grouping = tuple[list[dict[str, str | None]], NDArray[np.intp]]


def _groups(data: pl.DataFrame, columns: tuple[str, ...]) -> Grouping:
    """The groups of a breakdown (sorted, blank last) and each row's dense group code."""
    if len(columns) == 1:
        # One column's codes are already dense and sorted (only values present get a code):
        # no combination to renumber, which saves two passes over the rows.
        codes, labels = _codes(data.get_column(columns[0]))
        return [{columns[0]: label} for label in labels], codes
    combined = np.zeros(data.height, dtype=np.int64)
    all_labels: list[list[str | None]] = []
    for column in columns:
        codes, labels = _codes(data.get_column(column))
        combined = combined * len(labels) + codes
        all_labels.append(labels)
    cells = math.prod(len(x) for x in all_labels) or 1
    present = np.flatnonzero(np.bincount(combined, minlength=cells))
    # Renumber the combinations that occur densely, keeping their sorted order.
    dense = np.zeros(cells, dtype=np.intp)
    dense[present] = np.arange(present.size)
    out: list[dict[str, str | None]] = []
    for key in present.tolist():
        label: dict[str, str | None] = {}
        rest = key
        for column, labels in zip(reversed(columns), reversed(all_labels), strict=True):
            rest, code = divmod(rest, len(labels))
            label[column] = labels[code]
        out.append({c: label[c] for c in columns})
    return out, dense[combined]


def suppress(report: Report, threshold: int) -> Report:
    """What may be shown beyond the analyst: the one small-cell rule (``ctis.lib.disclosure``)
    applied to survey results.

    An estimate is a share of a sample, so the rule looks at its denominator: a group with
    fewer than ``threshold`` respondents is hidden (primary). The groups of a breakdown add up
    to the whole sample, so a breakdown with exactly one hidden group hides the next smallest
    too (complementary): otherwise its positives and respondents follow from the totals.
    A hidden result keeps no count: respondents, positives, estimate, SE and interval go, and
    a note says so.
    """
    if threshold <= 0:
        return report
    results = report.results
    hidden = {i for i, r in enumerate(results) if r.n < threshold}
    primary = set(hidden)
    whole = {r.indicator: r.n for r in results if not r.group}
    families: dict[tuple[str, tuple[str, ...]], dict[int, int]] = {}
    for i, r in enumerate(results):
        if r.group:
            families.setdefault((r.indicator, tuple(r.group)), {})[i] = r.n
    for (indicator, _columns), cells in families.items():
        if indicator in whole:
            shown, _total = suppress_breakdown(cells, whole[indicator], threshold)
            hidden |= {i for i, value in shown.items() if isinstance(value, str)}
    nan = float("nan")
    out = [
        replace(
            r,
            positives=None,
            estimate=nan,
            se=nan,
            ci_low=nan,
            ci_high=nan,
            suppressed=True,
            note=(
                f"suppressed: fewer than {threshold} respondents"
                if i in primary
                else "suppressed: so that a small group cannot be worked out from the totals"
            ),
        )
        if i in hidden
        else r
        for i, r in enumerate(results)
    ]
    notes = [
        *report.notes,
        f"cells with fewer than {threshold} respondents are suppressed, and with them any "
        f"group that would give one away ({len(hidden)} here)",
    ]
    return replace(report, results=out, notes=notes)
