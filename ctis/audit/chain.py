"""The keyed hash that links audit events. No Django import.

Each event's hash is HMAC-SHA256, under a key kept outside the database, of its own fields
and the previous event's hash. Editing, inserting or deleting an event breaks the chain at
that point, and without the key nobody can forge a consistent replacement.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

GENESIS = "0" * 64

# The fields covered by the hash, in a fixed order. Adding one is a chain-format change.
HASHED_FIELDS = (
    "seq",
    "occurred_at",
    "actor_id",
    "actor_username",
    "roles",
    "organisation_id",
    "organisation_name",
    "action",
    "object_type",
    "object_id",
    "changed_fields",
    "detail",
    "client_address",
    "prev_hash",
)


def link_hash(key: bytes, fields: Mapping[str, Any]) -> str:
    """Hash of one event: ``fields`` must hold every name in HASHED_FIELDS."""
    payload = json.dumps(
        [fields[name] for name in HASHED_FIELDS],
        ensure_ascii=False,
        separators=(",", ":"),
        default=str,
    )
    return hmac.new(key, payload.encode(), hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class Break:
    """The first place the chain does not hold."""

    seq: int
    reason: str

    def __str__(self) -> str:
        return f"chain broken at event {self.seq}: {self.reason}"


def first_break(
    key: bytes, events: Iterable[Mapping[str, Any]], head: tuple[int, str] | None = None
) -> Break | None:
    """Walk events in ``seq`` order; return the first broken link, or None if all hold.

    ``head`` is the (seq, hash) the database says is newest, which catches deleted tails.
    """
    expected_seq = 1
    prev = GENESIS
    for event in events:
        seq = int(event["seq"])
        if seq != expected_seq:
            return Break(expected_seq, f"events {expected_seq}–{seq - 1} are missing")
        if event["prev_hash"] != prev:
            return Break(seq, "does not link to the event before it")
        if not hmac.compare_digest(link_hash(key, event), str(event["hash"])):
            return Break(seq, "its contents do not match its hash (edited)")
        prev = str(event["hash"])
        expected_seq += 1
    if head is not None and head != (expected_seq - 1, prev):
        return Break(expected_seq, f"the chain ends early: the head records event {head[0]}")
    return None
