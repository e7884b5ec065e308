"""``ctis linkage dedupe|encode|match``: record linkage on files alone, no database.

- ``ctis linkage dedupe INPUT.csv --output CLUSTERS.csv [--engine duckdb|spark]`` writes
  ``record_id,cluster_id``, every input record exactly once (a cluster is one person).
- ``ctis linkage encode INPUT.csv --key-file KEY --output ENCODED.jsonl`` writes one JSON object
  per line: the record_id and its keyed Bloom-filter encoding, no plaintext of any other field.
- ``ctis linkage match A.jsonl B.jsonl --output LINKS.csv`` writes ``a_record_id,b_record_id,
  score``, one-to-one.

The input CSV is described in :mod:`ctis.linkage.records`. A bad file gets a message on
standard error naming the line and column of each problem, exit status 2, and no output file.
"""

from __future__ import annotations

import argparse
import base64
import binascii
import csv
import json
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO

from ctis.linkage.records import InputError, read_records

PROG = "ctis linkage"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Find the records of one person: within a file (dedupe), or across two "
        "organisations' files without sharing names (encode, then match).",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    dedupe = commands.add_parser("dedupe", help="cluster the records of each person")
    dedupe.add_argument("input", metavar="INPUT.csv")
    dedupe.add_argument("--output", required=True, metavar="CLUSTERS.csv")
    dedupe.add_argument("--engine", choices=("duckdb", "spark"), default="duckdb")
    encode = commands.add_parser("encode", help="keyed Bloom-filter encodings of each record")
    encode.add_argument("input", metavar="INPUT.csv")
    encode.add_argument("--key-file", required=True, metavar="KEY", help="the shared secret")
    encode.add_argument("--output", required=True, metavar="ENCODED.jsonl")
    match = commands.add_parser("match", help="link two files of encodings, one-to-one")
    match.add_argument("a", metavar="A.jsonl")
    match.add_argument("b", metavar="B.jsonl")
    match.add_argument("--output", required=True, metavar="LINKS.csv")
    return parser


def _write_atomically(path: str, write: Callable[[TextIO], None]) -> None:
    """Write all or nothing: a temporary file beside the target, renamed when complete."""
    target = Path(path)
    descriptor, temporary = tempfile.mkstemp(
        dir=target.parent, prefix=f".{target.name}.", suffix=".tmp"
    )
    try:
        with open(descriptor, "w", encoding="utf-8", newline="") as handle:
            write(handle)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def read_encodings(path: str) -> list[dict[str, Any]]:
    """An ENCODED.jsonl file, checked whole; InputError names each bad line and field."""
    from ctis.linkage.pprl import CLK_BITS, SCHEME

    rows: list[dict[str, Any]] = []
    errors: list[str] = []
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8 text (byte {exc.start})") from None
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            errors.append(f"{path}: line {number}, column {exc.colno}: invalid JSON: {exc.msg}")
            continue
        if not isinstance(row, dict):
            errors.append(f"{path}: line {number}: expected a JSON object")
            continue
        for field in ("record_id", "scheme", "key_id", "clk"):
            if not isinstance(row.get(field), str) or not row[field]:
                errors.append(f"{path}: line {number}, field {field}: missing or not a string")
        if isinstance(row.get("scheme"), str) and row["scheme"] != SCHEME:
            errors.append(f"{path}: line {number}, field scheme: {row['scheme']!r}, "
                          f"expected {SCHEME!r}")  # fmt: skip
        if isinstance(row.get("clk"), str):
            try:
                size = len(base64.b64decode(row["clk"], validate=True))
            except binascii.Error:
                size = -1
            if size != CLK_BITS // 8:
                errors.append(f"{path}: line {number}, field clk: not a {CLK_BITS}-bit encoding")
        rows.append(row)
        if len(errors) >= 20:
            break
    if errors:
        raise InputError("\n".join(errors))
    keys = {row["key_id"] for row in rows}
    if len(keys) > 1:
        raise InputError(f"{path}: encoded with {len(keys)} different keys")
    return rows


def _dedupe(args: argparse.Namespace) -> None:
    from ctis.linkage.model import dedupe

    records = read_records(args.input)
    clusters = dedupe(records, engine=args.engine)

    def write(out: TextIO) -> None:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(("record_id", "cluster_id"))
        for record in records:
            writer.writerow((record.record_id, clusters.get(record.record_id, record.record_id)))

    _write_atomically(args.output, write)


def _encode(args: argparse.Namespace) -> None:
    from ctis.linkage.pprl import encode

    try:
        secret = Path(args.key_file).read_bytes()
    except OSError as exc:
        raise InputError(f"{args.key_file}: cannot read the key file: {exc.strerror}") from None
    if not secret:
        raise InputError(f"{args.key_file}: the key file is empty")
    encodings = encode(read_records(args.input), secret)

    def write(out: TextIO) -> None:
        for row in encodings:
            out.write(json.dumps(row, separators=(",", ":")) + "\n")

    _write_atomically(args.output, write)


def _match(args: argparse.Namespace) -> None:
    from ctis.linkage.pprl import match

    a, b = read_encodings(args.a), read_encodings(args.b)
    if a and b and a[0]["key_id"] != b[0]["key_id"]:
        raise InputError(
            f"{args.a} and {args.b} were encoded with different keys: they cannot be matched"
        )
    links = match(a, b)

    def write(out: TextIO) -> None:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(("a_record_id", "b_record_id", "score"))
        for link in links:
            writer.writerow((link.a_record_id, link.b_record_id, f"{link.score:.4f}"))

    _write_atomically(args.output, write)


COMMANDS = {"dedupe": _dedupe, "encode": _encode, "match": _match}


def main(argv: list[str], stderr: TextIO | None = None) -> int:
    """Run ``ctis linkage`` with ``argv`` (without the tool name); return the exit code."""
    err = stderr or sys.stderr
    try:
        args = _parser().parse_args(argv)
    except SystemExit as exc:  # argparse has printed its message
        return int(exc.code or 0)
    try:
        COMMANDS[args.command](args)
    except InputError as exc:
        err.write(f"{PROG} {args.command}: error: {exc}\n")
        return 2
    except OSError as exc:
        err.write(f"{PROG} {args.command}: error: {exc.filename or ''}: {exc.strerror}\n")
        return 2
    return 0
