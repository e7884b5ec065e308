"""Privacy-preserving linkage: records as keyed Bloom filters (CLKs), matched without names.

Encoding (``clkhash``, the CLK scheme of Schnell et al. as the Data61 libraries implement it):
each field is first put into the same transliterated, folded form the dedupe model compares
(:mod:`ctis.linkage.features`: Cyrillic and Arabic script to Latin, variant names to one key),
then split into bigrams, and every bigram is hashed with keys derived from the shared secret
(HKDF-SHA256; BLAKE2b keyed hashing) into one 1,024-bit record-level filter. The filter is
XOR-folded once (2,048 bits folded to 1,024), the hardening clkhash documents against
pattern-mining of individual bits. Without the secret an encoding cannot be computed or
dictionary-attacked; with it, it still holds no plaintext.

Matching (``anonlink``): the Sørensen–Dice similarity of every pair of filters above a
threshold, then anonlink's greedy solver, which keeps each record in at most one link.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import logging
import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from ctis.linkage.features import skeletons, tokens
from ctis.linkage.records import Record

SCHEME = "ctis-clk-1"
THRESHOLD = 0.75
CLK_BITS = 1024


def _feature(identifier: str, bits_per_token: int, n: int = 2) -> dict[str, Any]:
    return {
        "identifier": identifier,
        "format": {"type": "string", "encoding": "utf-8"},
        "hashing": {
            "comparison": {"type": "ngram", "n": n, "positional": False},
            "strategy": {"bitsPerToken": bits_per_token},
            "hash": {"type": "blakeHash"},
            "missingValue": {"sentinel": ""},
        },
    }


#: The clkhash (v3) schema. The salt and info only separate ctis's keys from other uses of
#: the same secret; the secret is what protects the encodings.
SCHEMA: dict[str, Any] = {
    "version": 3,
    "clkConfig": {
        "l": CLK_BITS,
        "xorFolds": 1,
        "kdf": {
            "type": "HKDF",
            "hash": "SHA256",
            "salt": base64.b64encode(b"ctis-linkage-clk-1").decode(),
            "info": base64.b64encode(b"record-level bloom filter").decode(),
            "keySize": 64,
        },
    },
    "features": [
        {"identifier": "record_id", "ignored": True},
        _feature("name", 8),  # given and family tokens, sorted: a swapped order agrees
        _feature("name_skeleton", 14),  # consonant skeletons: agree across scripts
        _feature("father", 4),
        _feature("father_skeleton", 8),
        _feature("birth_year", 12, n=1),
        _feature("birth_month_day", 6, n=2),
        _feature("birth_place", 6),
        _feature("sex", 4, n=1),
    ],
}


def _plain_fields(record: Record) -> list[str]:
    given = tokens(record.given_name)
    family = tokens(record.family_name)
    month_day = ""
    if record.birth_month and record.birth_day and (record.birth_month, record.birth_day) != (1, 1):
        # Order-free, so a day and month swapped still agree.
        month_day = "".join(sorted((f"{record.birth_month:02d}", f"{record.birth_day:02d}")))
    return [
        record.record_id,
        " ".join(sorted(given + family)),
        " ".join(sorted(skeletons(record.given_name) + skeletons(record.family_name))),
        " ".join(tokens(record.father_name)),
        " ".join(skeletons(record.father_name)),
        f"{record.birth_year}" if record.birth_year else "",
        month_day,
        " ".join(tokens(record.birth_place)),
        record.sex,
    ]


def key_id(secret: bytes) -> str:
    """A short fingerprint of the secret, so two files can be checked to share one key."""
    return hmac.new(secret, b"ctis-linkage-key-id", hashlib.sha256).hexdigest()[:16]


def encode(records: Sequence[Record], secret: bytes) -> list[dict[str, Any]]:
    """One encoding per record: ``{"record_id", "scheme", "key_id", "clk"}`` (base64)."""
    from clkhash import clk, schema

    logging.getLogger("clkhash").setLevel(logging.WARNING)  # no progress chatter
    if not secret:
        raise ValueError("the key file is empty")
    compiled = schema.from_json_dict(SCHEMA)
    rows = [_plain_fields(r) for r in records]
    filters = clk.generate_clks(rows, compiled, secret, validate=False, max_workers=1)
    fingerprint = key_id(secret)
    return [
        {
            "record_id": r.record_id,
            "scheme": SCHEME,
            "key_id": fingerprint,
            "clk": base64.b64encode(f.tobytes()).decode(),
        }
        for r, f in zip(records, filters, strict=True)
    ]


@dataclass(frozen=True)
class Link:
    a_record_id: str
    b_record_id: str
    score: float


def match(
    a: Sequence[dict[str, Any]], b: Sequence[dict[str, Any]], threshold: float = THRESHOLD
) -> list[Link]:
    """One-to-one links between two files of encodings (anonlink's greedy solver)."""
    with warnings.catch_warnings():
        # anonlink 0.15 still imports mypy_extensions.TypedDict, deprecated since.
        warnings.simplefilter("ignore", DeprecationWarning)
        from anonlink import candidate_generation, similarities, solving
    from bitarray import bitarray

    def filters(rows: Iterable[dict[str, Any]]) -> list[Any]:
        out = []
        for row in rows:
            bits = bitarray()
            bits.frombytes(base64.b64decode(row["clk"]))
            out.append(bits)
        return out

    fa, fb = filters(a), filters(b)
    if not fa or not fb:
        return []
    candidates = candidate_generation.find_candidate_pairs(
        [fa, fb], similarities.dice_coefficient_accelerated, threshold
    )
    scores = {
        (int(i), int(j)): float(s)
        for s, i, j in zip(candidates[0], candidates[2][0], candidates[2][1], strict=True)
    }
    links = []
    for i, j in solving.pairs_from_groups(solving.greedy_solve(candidates)):
        links.append(Link(a[i]["record_id"], b[j]["record_id"], round(scores[(i, j)], 4)))
    links.sort(key=lambda link: (-link.score, link.a_record_id))
    return links
