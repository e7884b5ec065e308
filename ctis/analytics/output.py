"""Render a prevalence :class:`~ctis.analytics.prevalence.Report` as table, JSON, CSV or HXL.

JSON is the contract other programs read (shared/domain/flow-monitoring.md, command-line
contract): one object with a ``results`` list; numbers at full precision, ``null`` where a
quantity does not exist. CSV and HXL are tidy: one row per result, one column per breakdown
column. HXL is the CSV with a row of hashtags under the header, one on every column.

No Django import.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
from typing import Any

from ctis.analytics.prevalence import Report, Result

FIELDS = ("n", "positives", "excluded", "estimate", "se", "ci_low", "ci_high", "method", "level")
EXTRA = ("df", "note", "suppressed")

#: HXL hashtags of the fixed columns (HXL 1.1 core hashtags and attributes).
HXL_FIXED = {
    "indicator": "#indicator+name",
    "breakdown": "#meta+breakdown",
    "n": "#population+respondents+num",
    "positives": "#population+positive+num",
    "excluded": "#population+excluded+num",
    "estimate": "#indicator+value+num",
    "se": "#indicator+se+num",
    "ci_low": "#indicator+ci_low+num",
    "ci_high": "#indicator+ci_high+num",
    "method": "#meta+method",
    "level": "#meta+level+num",
    "df": "#meta+df+num",
    "note": "#meta+note",
    "suppressed": "#meta+suppressed",
}
#: HXL hashtags of the usual breakdown columns; any other column gets ``#meta+<name>``.
HXL_GROUP = {
    "sex": "#respondee+sex",
    "age_group": "#respondee+age_group",
    "child": "#respondee+child",
    "nationality": "#respondee+nationality+code",
    "country_of_interview": "#country+code+interview",
    "country_of_departure": "#country+code+departure",
    "travelling_with": "#respondee+travelling_with",
    "month": "#date+month",
    "survey_date": "#date+interview",
    "instrument_version": "#meta+instrument_version",
    "location": "#loc+name",
}


def _number(value: float | int | None) -> float | int | None:
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def result_dict(result: Result) -> dict[str, Any]:
    """One result as the JSON contract has it (NaN becomes null)."""
    data = {
        "indicator": result.indicator,
        "group": dict(result.group),
        **{name: _number(getattr(result, name)) for name in FIELDS + EXTRA},
    }
    if result.suppressed:  # a hidden result keeps no count of people
        data["n"] = data["excluded"] = None
    return data


def to_json(report: Report) -> str:
    """One JSON object: what was computed, from what, and the ``results`` list."""
    payload = {
        "design": report.design,
        "respondents": report.respondents,
        "files": report.files,
        "missing": report.missing,
        "lonely_psu": report.lonely_psu,
        "notes": report.notes,
        "results": [result_dict(r) for r in report.results],
    }
    return json.dumps(payload, ensure_ascii=False, indent=2, allow_nan=False) + "\n"


def _group_columns(report: Report) -> list[str]:
    columns: dict[str, None] = {}
    for result in report.results:
        columns.update(dict.fromkeys(result.group))
    return list(columns)


def _rows(report: Report) -> tuple[list[str], list[list[str]]]:
    groups = _group_columns(report)
    header = ["indicator", "breakdown", *groups, *FIELDS, *EXTRA]
    rows = []
    for result in report.results:
        data = result_dict(result)
        row = [result.indicator, ",".join(result.group)]
        row += [result.group.get(g) or "" if g in result.group else "" for g in groups]
        for name in FIELDS + EXTRA:
            value = data[name]
            if value is None:
                row.append("")
            elif isinstance(value, bool):
                row.append("true" if value else "false")
            elif isinstance(value, float):
                row.append(repr(value))
            else:
                row.append(str(value))
        rows.append(row)
    return header, rows


def hxl_tag(column: str) -> str:
    """The HXL hashtag of an output column."""
    if column in HXL_FIXED:
        return HXL_FIXED[column]
    if column in HXL_GROUP:
        return HXL_GROUP[column]
    return "#meta+" + (re.sub(r"[^a-z0-9_]", "_", column.lower()) or "column")


def to_csv(report: Report, *, hxl: bool = False) -> str:
    """Tidy CSV; with ``hxl`` a hashtag row follows the header."""
    header, rows = _rows(report)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    if hxl:
        writer.writerow([hxl_tag(c) for c in header])
    writer.writerows(rows)
    return buffer.getvalue()


def _percent(value: float) -> str:
    return "-" if math.isnan(value) else f"{100 * value:.1f}%"


def _group_label(group: dict[str, str | None]) -> str:
    if not group:
        return "(all)"
    return ", ".join(f"{k}={'(blank)' if v is None else v}" for k, v in group.items())


def to_table(report: Report) -> str:
    """A fixed-width table for people: estimates and intervals in percent."""
    level = report.results[0].level if report.results else 0.95
    lines = [
        f"{report.design}, {report.respondents} respondents in {len(report.files)} file(s); "
        f"missing answers: {report.missing}; {100 * level:g}% intervals",
    ]
    header = ["indicator", "group", "n", "positives", "excluded", "estimate", "interval", "method"]
    body = []
    for r in report.results:
        group = _group_label(r.group)
        interval = (
            "-"
            if math.isnan(r.ci_low) or math.isnan(r.ci_high)
            else f"{_percent(r.ci_low)} to {_percent(r.ci_high)}"
        )
        method = r.method + ("*" if r.note else "")
        positives = "-" if r.positives is None else str(r.positives)
        body.append(
            [
                r.indicator,
                group,
                str(r.n),
                positives,
                str(r.excluded),
                _percent(r.estimate),
                interval,
                method,
            ]
        )
    widths = [max(len(row[i]) for row in [header, *body]) for i in range(len(header))]
    numeric = {2, 3, 4, 5}
    for row in [header, *body]:
        cells = [
            cell.rjust(widths[i]) if i in numeric else cell.ljust(widths[i])
            for i, cell in enumerate(row)
        ]
        lines.append("  ".join(cells).rstrip())
    # One line per indicator and note, listing the groups it applies to.
    noted: dict[tuple[str, str], list[str]] = {}
    for r in report.results:
        if r.note:
            noted.setdefault((r.indicator, r.note), []).append(_group_label(r.group))
    if noted:
        lines.append("")
        lines.append("* notes:")
        for (indicator, note), groups in noted.items():
            lines.append(f"  {indicator} ({'; '.join(groups)}): {note}")
    lines += [f"note: {n}" for n in report.notes]
    return "\n".join(lines) + "\n"


def render(report: Report, fmt: str) -> str:
    """The report in ``table``, ``json``, ``csv`` or ``hxl``."""
    if fmt == "json":
        return to_json(report)
    if fmt == "csv":
        return to_csv(report)
    if fmt == "hxl":
        return to_csv(report, hxl=True)
    if fmt == "table":
        return to_table(report)
    raise ValueError(f"unknown format {fmt!r}")
