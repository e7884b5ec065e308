"""Composite and missing-answer rules (shared/domain/flow-monitoring.md, "Indicators")."""

from __future__ import annotations

import numpy as np
import pytest

from ctis.analytics import indicators as ind

Y, N, M = ind.YES, ind.NO, ind.MISSING
POS, NEG, EXC = ind.POSITIVE, ind.NEGATIVE, ind.EXCLUDED
ITEMS_2016 = ind.DEFAULT_COMPOSITE_ITEMS["fms-ct-2016"]


def _composite(
    name: str,
    own_rows: list[list[int]],
    family_rows: list[list[int]] | None = None,
    *,
    version: str = "fms-ct-2016",
    missing: ind.MissingRule = "exclude",
) -> list[int]:
    """Each row lists the answers to the 2016 set's items, in order."""
    own = {
        item: np.array([row[i] for row in own_rows], dtype=np.int8)
        for i, item in enumerate(ITEMS_2016)
    }
    fam_rows = family_rows or [[N] * len(ITEMS_2016) for _ in own_rows]
    family = {
        item: np.array([row[i] for row in fam_rows], dtype=np.int8)
        for i, item in enumerate(ITEMS_2016)
    }
    values = ind.composite(
        name,
        own=own,
        family=family,
        versions=np.zeros(len(own_rows), dtype=np.intp),
        version_names=[version],
        sets=ind.DEFAULT_COMPOSITE_ITEMS,
        missing=missing,
    )
    return values.tolist()


def test_one_yes_makes_any_indicator_positive_whatever_else_is_missing() -> None:
    assert _composite(ind.ANY, [[Y, M, M, M, M]]) == [POS]


def test_all_no_makes_any_indicator_negative() -> None:
    assert _composite(ind.ANY, [[N, N, N, N, N]]) == [NEG]


def test_no_yes_and_a_missing_answer_excludes_from_any_indicator() -> None:
    assert _composite(ind.ANY, [[N, N, M, N, N]]) == [EXC]


def test_as_no_reads_missing_answers_as_no() -> None:
    assert _composite(ind.ANY, [[N, N, M, N, N]], missing="as-no") == [NEG]


def test_two_or_more_needs_two_yes_answers() -> None:
    rows = [[Y, Y, N, N, N], [Y, N, N, N, N], [Y, M, N, N, N], [M, M, N, N, N], [M, N, N, N, N]]
    assert _composite(ind.TWO_OR_MORE, rows) == [POS, NEG, EXC, EXC, NEG]


def test_family_only_counts_family_experience_of_respondents_without_their_own() -> None:
    own = [[N] * 5, [Y, N, N, N, N], [M, N, N, N, N], [M, N, N, N, N], [N] * 5]
    family = [[Y, N, N, N, N], [Y, N, N, N, N], [Y, N, N, N, N], [N] * 5, [M, N, N, N, N]]
    assert _composite(ind.FAMILY_ONLY, own, family) == [POS, NEG, EXC, NEG, EXC]


def test_each_row_uses_its_own_versions_item_set() -> None:
    # job_offer is in the 2016 set only.
    own = {item: np.array([N, N], dtype=np.int8) for item in ITEMS_2016}
    own["job_offer"] = np.array([Y, Y], dtype=np.int8)
    values = ind.composite(
        ind.ANY,
        own=own,
        family={},
        versions=np.array([0, 1], dtype=np.intp),
        version_names=["fms-ct-2016", "fms-ct-2017"],
        sets=ind.DEFAULT_COMPOSITE_ITEMS,
    )
    assert values.tolist() == [POS, NEG]


def test_a_single_item_excludes_missing_answers_unless_read_as_no() -> None:
    answers = np.array([Y, N, M], dtype=np.int8)
    assert ind.item(answers).tolist() == [POS, NEG, EXC]
    assert ind.item(answers, "as-no").tolist() == [POS, NEG, NEG]


def test_organ_offer_can_never_enter_a_composite() -> None:
    with pytest.raises(ValueError, match="organ_offer is never in a composite"):
        ind.validate_composite_items({"fms-ct-2018": ("forced_work", "organ_offer")})


def test_country_columns_are_not_answer_columns() -> None:
    assert ind.is_item_column("htf_forced_work")
    assert not ind.is_item_column("ht_forced_work_country")


def _reference_composite(
    name: str,
    own: dict[str, np.ndarray],
    family: dict[str, np.ndarray],
    versions: np.ndarray,
    version_names: list[str],
    sets: dict[str, tuple[str, ...]],
    missing: ind.MissingRule,
) -> np.ndarray:
    """The composite as first written: each version's rows gathered, judged and scattered back.

    ind.composite now counts over all rows at once with per-item version masks (faster on a
    million rows); this keeps the straightforward form as the oracle it must agree with.
    """

    def fill(answers: np.ndarray) -> np.ndarray:
        return np.where(answers == M, N, answers) if missing == "as-no" else answers

    def counts(columns: list[np.ndarray], size: int) -> tuple[np.ndarray, np.ndarray]:
        yes, miss = np.zeros(size, dtype=int), np.zeros(size, dtype=int)
        for column in columns:
            yes += column == Y
            miss += column == M
        return yes, miss

    out = np.full(len(versions), EXC, dtype=np.int8)
    for code, version in enumerate(version_names):
        rows = np.flatnonzero(versions == code)
        if rows.size == 0:
            continue
        items = sets[version]
        own_yes, own_miss = counts([fill(own[i][rows]) for i in items], rows.size)
        if name == ind.ANY:
            value = np.where(own_yes >= 1, POS, np.where(own_miss == 0, NEG, EXC))
        elif name == ind.TWO_OR_MORE:
            value = np.where(own_yes >= 2, POS, np.where(own_yes + own_miss < 2, NEG, EXC))
        else:
            fam_yes, fam_miss = counts([fill(family[i][rows]) for i in items], rows.size)
            value = np.where(
                own_yes >= 1,
                NEG,
                np.where(
                    (own_miss == 0) & (fam_yes >= 1),
                    POS,
                    np.where((fam_yes == 0) & (fam_miss == 0), NEG, EXC),
                ),
            )
        out[rows] = value
    return out


@pytest.mark.parametrize("name", ind.COMPOSITES)
@pytest.mark.parametrize("missing", ["exclude", "as-no"])
@pytest.mark.parametrize("seed", range(5))
def test_composite_agrees_with_the_per_version_reference(
    name: str, missing: ind.MissingRule, seed: int
) -> None:
    rng = np.random.default_rng(seed)
    size = 2000
    sets = {
        **ind.DEFAULT_COMPOSITE_ITEMS,
        "custom": ("job_offer", "unpaid_work"),
    }
    version_names = ["fms-ct-2016", "fms-ct-2017", "custom"]
    # Code 3 names no version: such rows stay excluded. Some versions may have no rows.
    versions = rng.choice(
        [0, 1, 2, 3], size, p=[0.4, 0.4, 0.0 if seed % 2 else 0.1, 0.2 if seed % 2 else 0.1]
    )
    answers = np.array([Y, N, M], dtype=np.int8)
    own = {i: rng.choice(answers, size) for i in ind.ITEMS}
    family = {i: rng.choice(answers, size) for i in ind.ITEMS}
    expected = _reference_composite(name, own, family, versions, version_names, sets, missing)
    actual = ind.composite(
        name,
        own=own,
        family=family,
        versions=versions.astype(np.intp),
        version_names=version_names,
        sets=sets,
        missing=missing,
    )
    assert actual.dtype == np.int8
    np.testing.assert_array_equal(actual, expected)
