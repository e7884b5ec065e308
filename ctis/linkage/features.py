"""Comparable forms of a record's fields, in any script (built on :mod:`ctis.core.names`).

Names become canonical tokens (Cyrillic to Latin, diacritics and digraphs folded, the variant
tables for Arabic, Dari, Pashto and Urdu names, Arabic script normalised), so that ``Đurić``,
``Djurich`` and ``Ђурић`` are one string before any fuzzy comparison. ``name_key`` is the sorted
tokens of given and family name together, so a swapped order compares equal; ``name_skel`` is
their consonant skeletons, which survive vowel spellings (``Yusuf`` / ``يوسف``).
"""

from __future__ import annotations

import functools
import re
from typing import Any

from ctis.core.names import name_tokens, token_skeleton
from ctis.linkage.records import Record

#: The columns the model compares (and the Spark and DuckDB tables carry).
FEATURE_COLUMNS = (
    "unique_id",
    "given_key",
    "family_key",
    "father_key",
    "name_key",
    "name_skel",
    "given_skel",
    "family_skel",
    "sex",
    "birth_year",
    "birth_month",
    "birth_day",
    "place_key",
    "nationality",
)


# English-style and Slavic-style spellings of one sound (Dushan / Dušan -> dusan), on top of
# the search keys' rules: linkage compares fuzzily, so it can afford the coarser form.
_FOLDS = (("dzh", "dz"), ("dj", "d"), ("sh", "s"), ("ch", "c"), ("zh", "z"), ("kh", "h"),
          ("ph", "f"), ("q", "k"), ("w", "v"), ("ou", "u"), ("ee", "i"), ("y", "j"))  # fmt: skip
_DOUBLE = re.compile(r"(.)\1+")


@functools.lru_cache(maxsize=500_000)
def tokens(name: str) -> tuple[str, ...]:
    """Canonical tokens of a name, with transliteration spellings folded (cached: names
    repeat a great deal in a large file)."""
    out = []
    for token in name_tokens(name):
        for spelling, sound in _FOLDS:
            token = token.replace(spelling, sound)
        out.append(_DOUBLE.sub(r"\1", token))
    return tuple(out)


def _join(tokens: list[str]) -> str | None:
    return " ".join(tokens) or None


def _skeleton(skels: tuple[str, ...]) -> str | None:
    return " ".join(sorted(skels)) or None


@functools.lru_cache(maxsize=500_000)
def skeletons(name: str) -> tuple[str, ...]:
    return tuple(s for s in map(token_skeleton, name_tokens(name)) if s)


def features(record: Record) -> dict[str, Any]:
    """One row for the linkage model (None for missing values, as SQL wants)."""
    given = list(tokens(record.given_name))
    family = list(tokens(record.family_name))
    both = sorted(given + family)
    return {
        "unique_id": record.record_id,
        "given_key": _join(given),
        "family_key": _join(family),
        "father_key": _join(list(tokens(record.father_name))),
        "name_key": _join(both),
        "name_skel": _skeleton(skeletons(record.given_name) + skeletons(record.family_name)),
        "given_skel": _skeleton(skeletons(record.given_name)),
        "family_skel": _skeleton(skeletons(record.family_name)),
        "sex": record.sex or None,
        "birth_year": record.birth_year,
        "birth_month": record.birth_month,
        "birth_day": record.birth_day,
        "place_key": _join(list(tokens(record.birth_place))),
        "nationality": record.nationality or None,
    }
