"""``ctis prevalence FILE [FILE ...]``: indicator prevalence from survey files, no database.

The contract is shared/domain/flow-monitoring.md ("Command-line contract"). ``ctis/cli.py``
calls :func:`main` with the arguments after ``prevalence`` and never loads Django.

Exit codes: 0 on success, 2 on bad options or bad input (the message on standard error names
the file, row and column of each problem found).
"""

from __future__ import annotations

import argparse
import sys
from typing import TextIO

from ctis.analytics.estimators import LonelyPSUError
from ctis.analytics.indicators import COMPOSITES, DEFAULT_COMPOSITE_ITEMS
from ctis.analytics.output import render
from ctis.analytics.prevalence import Options, UsageError, prevalence, suppress
from ctis.analytics.readers import InputError

PROG = "ctis prevalence"
#: Suppression threshold when --suppress-below is not given: HXL is made for sharing outside
#: the organisation, the other formats are for the analyst.
DEFAULT_SUPPRESS = {"hxl": 10, "table": 0, "json": 0, "csv": 0}


def _parser() -> argparse.ArgumentParser:
    sets = "; ".join(f"{v}: {','.join(items)}" for v, items in DEFAULT_COMPOSITE_ITEMS.items())
    parser = argparse.ArgumentParser(
        prog=PROG,
        description=(
            "Prevalence of trafficking indicators in flow-monitoring survey files (CSV, XLSX, "
            "Parquet, KoboToolbox JSON). Files without weight, stratum or cluster columns are "
            "simple random samples; otherwise estimates are design-based, as R's survey package "
            "computes them, and every breakdown group is a domain of the full design."
        ),
        epilog=f"Composite items by instrument version: {sets}.",
    )
    parser.add_argument("files", nargs="+", metavar="FILE", help="survey files, read together")
    parser.add_argument(
        "--by",
        action="append",
        default=[],
        metavar="COL",
        help="breakdown, repeatable; COL1,COL2 crosses columns; age_group, child and month are "
        "derived from age and survey_date",
    )
    parser.add_argument(
        "--indicator",
        action="append",
        default=[],
        metavar="NAME",
        help=f"repeatable; an item column (ht_forced_work) or {', '.join(COMPOSITES)}; "
        "default: every item and composite",
    )
    parser.add_argument("--level", type=float, default=0.95, help="confidence level (0.95)")
    parser.add_argument(
        "--method",
        choices=["wilson", "exact", "wald", "logit", "beta"],
        help="interval: wilson (default for a simple sample), exact, wald; logit (default for "
        "a design) or beta (Korn-Graubard)",
    )
    parser.add_argument("--missing", choices=["exclude", "as-no"], default="exclude")
    parser.add_argument("--lonely-psu", choices=["fail", "adjust"], default="fail")
    parser.add_argument("--format", choices=["table", "json", "csv", "hxl"], default="table")
    parser.add_argument(
        "--suppress-below",
        type=int,
        metavar="N",
        help="blank results with fewer than N respondents (default 10 for hxl, else none)",
    )
    parser.add_argument(
        "--composite",
        action="append",
        default=[],
        metavar="VERSION=ITEM,ITEM",
        help="set the composite items of an instrument version (repeatable)",
    )
    parser.add_argument(
        "--instrument-version",
        metavar="VERSION",
        help="version for rows that do not state one",
    )
    return parser


def _composites(specs: list[str]) -> dict[str, tuple[str, ...]]:
    sets = dict(DEFAULT_COMPOSITE_ITEMS)
    for spec in specs:
        version, sep, items = spec.partition("=")
        if not sep or not version or not items:
            raise UsageError(f"--composite {spec!r}: expected VERSION=ITEM,ITEM,...")
        sets[version.strip()] = tuple(i.strip() for i in items.split(",") if i.strip())
    return sets


def main(argv: list[str], stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    """Run ``ctis prevalence`` with ``argv`` (without the tool name); return the exit code."""
    out = stdout or sys.stdout
    err = stderr or sys.stderr
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse has printed its message
        return int(exc.code or 0)
    try:
        options = Options(
            indicators=tuple(args.indicator),
            breakdowns=tuple(
                tuple(c.strip() for c in by.split(",") if c.strip()) for by in args.by
            ),
            level=args.level,
            method=args.method,
            missing=args.missing,
            lonely_psu=args.lonely_psu,
            composite_items=_composites(args.composite),
            instrument_version=args.instrument_version,
        )
        report = prevalence(args.files, options)
    except (InputError, UsageError, LonelyPSUError) as exc:
        err.write(f"{PROG}: error: {exc}\n")
        return 2
    threshold = (
        DEFAULT_SUPPRESS[args.format] if args.suppress_below is None else args.suppress_below
    )
    out.write(render(suppress(report, threshold), args.format))
    return 0
