"""``ctis screen FILE.jsonl [--catalogue ID@VERSION] [--format jsonl|table] [-o FILE]``.

Classifies screening records without a database (shared/domain/screening.md, "Command-line
contract"). Each input line is ``{"id", "age", "age_at_exploitation", "exploitation",
"answers"}``; each output line is the result for that record, in input order. A malformed line
(invalid JSON, an unknown field, indicator id or value) is an error naming the line and the id,
and then nothing at all is written. Blank lines are skipped.

Every record goes through the reference engine (:func:`ctis.screening.rules.screen`); field
teams record thousands of screenings a year, and 100,000 take seconds (docs/screening.md).

Exit status: 0 done, 1 the file has malformed lines (listed on stderr), 2 bad usage, an
unknown catalogue or an unreadable file.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from typing import IO

from ctis.screening import rules
from ctis.screening.catalogue import Catalogue, CatalogueError, load_catalogue

PROG = "ctis screen"
MAX_ERRORS = 20


@dataclass(frozen=True, slots=True)
class LineError:
    line: int
    record_id: str | None
    message: str

    def render(self, filename: str) -> str:
        record = f" (record {self.record_id!r})" if self.record_id is not None else ""
        return f"{filename}:{self.line}{record}: {self.message}"


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
    # Results go to a scratch file first: nothing reaches the output unless every line is valid.
    directory = os.path.dirname(os.path.abspath(args.output)) if args.output else None
    scratch = tempfile.NamedTemporaryFile(  # noqa: SIM115 - renamed or removed below
        "w+b", dir=directory, prefix=".ctis-screen-", delete=False
    )
    try:
        with scratch, open(args.file, "rb") as source:
            errors = screen_lines(catalogue, source, scratch)
            if errors:
                return _report(args.file, errors)
            if args.format == "table":
                scratch.seek(0)
                return _write(args.output, render_table(scratch))
            if args.output is None:
                scratch.seek(0)
                sys.stdout.flush()
                shutil.copyfileobj(scratch, sys.stdout.buffer)
                sys.stdout.buffer.flush()
                return 0
        os.replace(scratch.name, args.output)
        return 0
    finally:
        if os.path.exists(scratch.name):
            os.unlink(scratch.name)


def screen_lines(catalogue: Catalogue, lines: Iterable[bytes], out: IO[bytes]) -> list[LineError]:
    """Write the result of each line to ``out`` and return the malformed lines (at most
    MAX_ERRORS). After the first error the rest is only checked, and ``out`` must be dropped."""
    errors: list[LineError] = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            result = screen_line(catalogue, line)
        except _Malformed as error:
            errors.append(LineError(number, error.record_id, error.message))
            if len(errors) >= MAX_ERRORS:
                break
            continue
        if not errors:
            out.write(result)
    return errors


class _Malformed(Exception):
    def __init__(self, message: str, record_id: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.record_id = record_id


def screen_line(catalogue: Catalogue, line: bytes) -> bytes:
    """One contract JSON line (newline-terminated) for one input line.

    Raises:
        _Malformed: the line is not JSON, or not a valid record.
    """
    try:
        data = json.loads(line, parse_constant=_no_constant)
    except ValueError as error:  # also invalid UTF-8
        raise _Malformed(f"not valid JSON: {error}") from None
    try:
        record = rules.parse_record(catalogue, data)
    except rules.RecordError as error:
        record_id = data.get("id") if isinstance(data, dict) else None
        raise _Malformed(str(error), record_id if isinstance(record_id, str) else None) from None
    result = rules.screen(catalogue, record).to_dict()
    try:
        return (json.dumps(result, ensure_ascii=False, separators=(",", ":")) + "\n").encode()
    except UnicodeEncodeError:  # a lone surrogate escaped in the id ("\ud800")
        raise _Malformed("not valid JSON: a string holds a lone surrogate") from None


def _no_constant(name: str) -> None:
    raise ValueError(f"{name} is not JSON")


def _write(path: str | None, data: bytes) -> int:
    if path is None:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return 0
    with open(path, "wb") as handle:
        handle.write(data)
    return 0


def _fail(message: str) -> int:
    print(f"{PROG}: {message}", file=sys.stderr)
    return 2


def _report(filename: str, errors: list[LineError]) -> int:
    for error in errors:
        print(error.render(filename), file=sys.stderr)
    more = f" (stopped after the first {MAX_ERRORS})" if len(errors) >= MAX_ERRORS else ""
    print(f"{PROG}: {len(errors)} malformed line(s){more}; no output written", file=sys.stderr)
    return 1


TABLE_COLUMNS = ("id", "result", "profile", "positive", "complete", "red flags", "warnings")


def render_table(jsonl: Iterable[bytes]) -> bytes:
    """A fixed-width table of contract JSON lines, for reading in a terminal."""
    rows = [TABLE_COLUMNS]
    for line in jsonl:
        result = json.loads(line)
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
