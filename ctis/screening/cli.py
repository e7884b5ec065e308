"""``ctis screen FILE.jsonl [--catalogue ID@VERSION] [--format jsonl|table] [-o FILE]``.

Classifies screening records without a database (shared/domain/screening.md, "Command-line
contract"). Each input line is ``{"id", "age", "age_at_exploitation", "exploitation",
"answers"}``; each output line is the result for that record, in input order. A malformed line
(invalid JSON, an unknown field, indicator id or value) is an error naming the line and the id,
and then nothing at all is written. Blank lines are skipped.

Exit status: 0 done, 1 the file has malformed lines (listed on stderr), 2 bad usage, an
unknown catalogue or an unreadable file.
"""

from __future__ import annotations

import argparse
import io
import os
import sys
import tempfile
from typing import Any

import orjson

# The matrices of ctis.screening.vectorised are small (a chunk of records x ~70 questions):
# OpenBLAS's thread pool would only add threads spinning on the cores the worker processes
# already use (half as much CPU time again, measured), and a pool alive at fork time is a known
# deadlock risk. Set before numpy is first imported (by the import below).
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

from ctis.screening.batch import MAX_ERRORS, BatchScreener
from ctis.screening.catalogue import CatalogueError, load_catalogue
from ctis.screening.parallel import Outcome, screen_file

PROG = "ctis screen"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Classify screening records (JSON lines) with the ILO/EC indicator rule.",
    )
    parser.add_argument("file", metavar="FILE.jsonl", help="one screening record per line")
    parser.add_argument(
        "--catalogue",
        metavar="ID@VERSION",
        help="indicator catalogue, or the path of a catalogue YAML file (default: ilo-ec-2009)",
    )
    parser.add_argument("--format", choices=("jsonl", "table"), default="jsonl")
    parser.add_argument(
        "-o", "--output", metavar="FILE", help="write here instead of standard output"
    )
    parser.add_argument(
        "-j", "--jobs", type=int, metavar="N", help="worker processes (default: one per core)"
    )
    return parser


def main(argv: list[str]) -> int:
    try:
        return _main(argv)
    except BrokenPipeError:
        # The reader went away (e.g. "| head"); stop quietly, like other command-line tools.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1


def _main(argv: list[str]) -> int:
    args = build_parser().parse_args(argv)
    try:
        catalogue = load_catalogue(args.catalogue)
    except CatalogueError as error:
        return _fail(str(error))
    if not os.path.isfile(args.file):
        return _fail(f"{args.file}: no such file")
    screener = BatchScreener(catalogue)

    if args.format == "table":
        buffer = io.BytesIO()
        outcome = screen_file(screener, args.file, buffer, jobs=args.jobs)
        if outcome.errors:
            return _report(args.file, outcome)
        return _write(args.output, lambda out: out.write(render_table(buffer.getvalue())))

    if args.output is None:
        sys.stdout.flush()
        outcome = screen_file(screener, args.file, sys.stdout.buffer, jobs=args.jobs)
        sys.stdout.buffer.flush()
        return _report(args.file, outcome) if outcome.errors else 0

    directory = os.path.dirname(os.path.abspath(args.output))
    handle = tempfile.NamedTemporaryFile(  # noqa: SIM115 - renamed or removed below
        "wb", dir=directory, prefix=".ctis-screen-", delete=False
    )
    try:
        with handle:
            outcome = screen_file(screener, args.file, handle, jobs=args.jobs, scratch=True)
        if outcome.errors:
            return _report(args.file, outcome)
        os.replace(handle.name, args.output)
    finally:
        if os.path.exists(handle.name):
            os.unlink(handle.name)
    return 0


def _write(path: str | None, write: Any) -> int:
    if path is None:
        sys.stdout.flush()
        write(sys.stdout.buffer)
        sys.stdout.buffer.flush()
        return 0
    with open(path, "wb") as handle:
        write(handle)
    return 0


def _fail(message: str) -> int:
    print(f"{PROG}: {message}", file=sys.stderr)
    return 2


def _report(filename: str, outcome: Outcome) -> int:
    for error in outcome.errors:
        print(error.render(filename), file=sys.stderr)
    more = f" (stopped after the first {MAX_ERRORS})" if len(outcome.errors) >= MAX_ERRORS else ""
    print(
        f"{PROG}: {len(outcome.errors)} malformed line(s){more}; no output written",
        file=sys.stderr,
    )
    return 1


TABLE_COLUMNS = ("id", "result", "profile", "positive", "complete", "red flags", "warnings")


def render_table(jsonl: bytes) -> bytes:
    """A fixed-width table of contract JSON lines, for reading in a terminal."""
    rows = [TABLE_COLUMNS]
    for line in jsonl.splitlines():
        result = orjson.loads(line)
        positive = [d for d, detail in result["dimensions"].items() if detail["positive"]]
        rows.append(
            (
                result["id"],
                result["result"],
                result["profile"],
                " ".join(positive) or "-",
                f"{result['completeness']:.0%}",
                " ".join(flag["id"] for flag in result["red_flags"]) or "-",
                str(len(result["warnings"])),
            )
        )
    widths = [max(len(row[k]) for row in rows) for k in range(len(TABLE_COLUMNS))]
    text = "".join(
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        + "\n"
        for row in rows
    )
    return text.encode()
