"""Trafficking indicators and their composites, as data (shared/domain/flow-monitoring.md).

Every indicator value is coded per respondent as ``POSITIVE`` (1), ``NEGATIVE`` (0) or
``EXCLUDED`` (-1, left out of the denominator). Answers to ``yn`` questions are coded ``YES`` (1),
``NO`` (0) or ``MISSING`` (-1: ``dont_know``, ``refused`` or blank).

The item set behind the composites is data keyed by ``instrument_version``, never code: pass a
different mapping to :func:`composite` to change it (``ctis prevalence --composite``).

No Django import: this module runs from the command line and in the web application alike.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Literal

import numpy as np
from numpy.typing import NDArray

YES, NO, MISSING = 1, 0, -1
POSITIVE, NEGATIVE, EXCLUDED = 1, 0, -1

Codes = NDArray[np.int8]
MissingRule = Literal["exclude", "as-no"]

#: ``yn`` answer codes; anything else in a ``yn`` column is invalid input.
YN_VALUES: Mapping[str, int] = {"yes": YES, "no": NO, "dont_know": MISSING, "refused": MISSING}

#: Every trafficking and exploitation item of the module, in questionnaire order.
ITEMS: tuple[str, ...] = (
    "unpaid_work",
    "forced_work",
    "job_offer",
    "marriage_offer",
    "held_against_will",
    "organ_offer",
    "physical_violence",
)

#: Items of the "at least one indicator" composite per instrument version. The public record
#: does not say which four items the 2017 version used; this default is the specification's.
#: ``organ_offer`` and ``physical_violence`` are reported separately, never in a composite.
DEFAULT_COMPOSITE_ITEMS: Mapping[str, tuple[str, ...]] = {
    "fms-ct-2016": (
        "unpaid_work",
        "forced_work",
        "job_offer",
        "marriage_offer",
        "held_against_will",
    ),
    "fms-ct-2017": ("unpaid_work", "forced_work", "marriage_offer", "held_against_will"),
}
NEVER_IN_COMPOSITE = frozenset({"organ_offer", "physical_violence"})

ANY = "any_indicator"
TWO_OR_MORE = "two_or_more_indicators"
FAMILY_ONLY = "any_indicator_family_only"
COMPOSITES: tuple[str, ...] = (ANY, TWO_OR_MORE, FAMILY_ONLY)

OWN_PREFIX, FAMILY_PREFIX = "ht_", "htf_"


def item_column(item: str, *, family: bool = False) -> str:
    """The canonical column of an item: ``ht_<item>`` or, for a family member, ``htf_<item>``."""
    return (FAMILY_PREFIX if family else OWN_PREFIX) + item


def is_item_column(column: str) -> bool:
    """True for ``ht_<item>`` and ``htf_<item>`` answer columns (not ``ht_<item>_country``)."""
    for prefix in (OWN_PREFIX, FAMILY_PREFIX):
        if column.startswith(prefix) and column.removeprefix(prefix) in ITEMS:
            return True
    return False


def validate_composite_items(sets: Mapping[str, Sequence[str]]) -> None:
    """Raise ValueError if a set names an unknown item or one that never enters a composite."""
    for version, items in sets.items():
        if not items:
            raise ValueError(f"composite set for {version} is empty")
        for item in items:
            if item not in ITEMS:
                raise ValueError(f"composite set for {version}: unknown item {item!r}")
            if item in NEVER_IN_COMPOSITE:
                raise ValueError(f"composite set for {version}: {item} is never in a composite")


def item(answers: Codes, missing: MissingRule = "exclude") -> Codes:
    """A single item: ``yes`` positive, ``no`` negative, missing excluded (negative with as-no).

    Args:
        answers: answer codes (YES, NO, MISSING) per respondent.
        missing: the missing-answer rule.
    Returns:
        indicator codes (POSITIVE, NEGATIVE, EXCLUDED), a new array.
    """
    out = answers.astype(np.int8, copy=True)
    if missing == "as-no":
        out[out == MISSING] = NEGATIVE
    return out


def composite(
    name: str,
    *,
    own: Mapping[str, Codes],
    family: Mapping[str, Codes],
    versions: NDArray[np.intp],
    version_names: Sequence[str],
    sets: Mapping[str, Sequence[str]],
    missing: MissingRule = "exclude",
) -> Codes:
    """One composite indicator per respondent, each row judged on its own version's item set.

    A composite is positive as soon as its condition is met by the ``yes`` answers, negative
    when no way of filling in the missing answers could meet it, and excluded otherwise.
    ``as-no`` reads every missing answer as ``no`` first, so nobody is excluded.

    Args:
        name: ``any_indicator``, ``two_or_more_indicators`` or ``any_indicator_family_only``.
        own: answer codes of ``ht_<item>`` by item name.
        family: answer codes of ``htf_<item>`` by item name (only the family composite reads it).
        versions: per respondent, an index into ``version_names``.
        version_names: instrument versions; each must be a key of ``sets``.
        sets: the composite's items per instrument version.
        missing: the missing-answer rule.
    Returns:
        indicator codes (POSITIVE, NEGATIVE, EXCLUDED).
    Raises:
        KeyError: a version has no set or an item of a set has no answers in ``own``/``family``.
    """
    if name not in COMPOSITES:
        raise ValueError(f"unknown composite {name!r}; known: {', '.join(COMPOSITES)}")
    size = len(versions)
    # Every row at once, each item counted only on the rows whose version's set holds it: a
    # few byte-wide passes per item instead of gathering and scattering each version's rows.
    of_version = {c: versions == c for c in range(len(version_names))}
    present = {c: mask for c, mask in of_version.items() if mask.any()}
    used = {version_names[c]: sets[version_names[c]] for c in present}
    items = list(dict.fromkeys(i for chosen in used.values() for i in chosen))
    in_set = {
        i: _union([mask for c, mask in present.items() if i in used[version_names[c]]], size)
        for i in items
    }
    own_yes, own_miss = _masked_counts(own, items, in_set, size, missing)
    if name == ANY:
        value = np.where(own_yes >= 1, POSITIVE, np.where(own_miss == 0, NEGATIVE, EXCLUDED))
    elif name == TWO_OR_MORE:
        value = np.where(
            own_yes >= 2, POSITIVE, np.where(own_yes + own_miss < 2, NEGATIVE, EXCLUDED)
        )
    else:
        fam_yes, fam_miss = _masked_counts(family, items, in_set, size, missing)
        # "Not positive on own experience but yes on a family item": an own yes or an
        # all-no family block rules it out whatever the missing answers are; it is met for
        # sure only when every own answer is no and some family answer is yes.
        value = np.where(
            own_yes >= 1,
            NEGATIVE,
            np.where(
                (own_miss == 0) & (fam_yes >= 1),
                POSITIVE,
                np.where((fam_yes == 0) & (fam_miss == 0), NEGATIVE, EXCLUDED),
            ),
        )
    out = value.astype(np.int8)
    # Rows of no listed version have no item set: excluded.
    out[~_union(list(present.values()), size)] = EXCLUDED
    return out


def _union(masks: Sequence[NDArray[np.bool_]], size: int) -> NDArray[np.bool_]:
    if not masks:
        return np.zeros(size, dtype=np.bool_)
    result = masks[0]
    for mask in masks[1:]:
        result = result | mask
    return result


def _masked_counts(
    answers: Mapping[str, Codes],
    items: Sequence[str],
    in_set: Mapping[str, NDArray[np.bool_]],
    size: int,
    missing: MissingRule,
) -> tuple[NDArray[np.int16], NDArray[np.int16]]:
    """Per row, the ``yes`` and missing answers among the items of the row's own set.

    Under ``as-no`` a missing answer counts as ``no``: it adds to neither count.
    """
    yes = np.zeros(size, dtype=np.int16)
    miss = np.zeros(size, dtype=np.int16)
    for item_name in items:
        column = answers[item_name]
        mask = in_set[item_name]
        yes += (column == YES) & mask
        if missing != "as-no":
            miss += (column == MISSING) & mask
    return yes, miss
