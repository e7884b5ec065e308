"""Properties of the decision rule that must hold for every screening (hypothesis)."""

from __future__ import annotations

import random
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from ctis.screening.catalogue import load_catalogue
from ctis.screening.rules import RANK, ScreeningResult, parse_record, screen

CATALOGUE = load_catalogue("ilo-ec-2009@2009.1-draft")
IDS = sorted(CATALOGUE.answerable_ids)
INDICATORS = sorted(CATALOGUE.indicators)
NOT_INDICATORS = sorted(CATALOGUE.red_flag_ids | CATALOGUE.act_ids)
ANSWER = st.sampled_from(["yes", "no", "unknown"])
AGE = st.none() | st.integers(min_value=0, max_value=99)

records = st.fixed_dictionaries(
    {
        "id": st.text(max_size=12),
        "age": AGE,
        "age_at_exploitation": AGE,
        "exploitation": st.sampled_from(["labour", "sexual", "both", "unknown"]),
        # Weighted towards yes so that every result level is reached often.
        "answers": st.dictionaries(
            st.sampled_from(IDS), st.sampled_from(["yes", "yes", "no", "unknown"]), max_size=40
        ),
    }
)


def classify(record: dict[str, Any]) -> ScreeningResult:
    return screen(CATALOGUE, parse_record(CATALOGUE, record))


def rank(record: dict[str, Any]) -> int:
    return RANK[classify(record).result]


def positive_by_the_ilo_ec_rule(s: int, m: int, w: int) -> bool:
    """The four clauses, written again from the specification, independently of the data."""
    return s >= 2 or (s >= 1 and m + w >= 1) or m >= 3 or (m >= 2 and w >= 1)


@given(records, st.sampled_from(IDS))
def test_one_more_yes_never_lowers_the_result(record: dict[str, Any], item: str) -> None:
    more = {**record, "answers": {**record["answers"], item: "yes"}}
    assert rank(more) >= rank(record)


@given(records, st.randoms(use_true_random=False))
def test_the_result_never_depends_on_answer_order(
    record: dict[str, Any], rng: random.Random
) -> None:
    items = list(record["answers"].items())
    rng.shuffle(items)
    shuffled = {**record, "answers": dict(items)}
    assert classify(shuffled).to_dict() == classify(record).to_dict()


@given(records)
def test_completeness_is_between_zero_and_one(record: dict[str, Any]) -> None:
    assert 0.0 <= classify(record).completeness <= 1.0


@given(records)
def test_completeness_counts_the_evaluated_profiles_yes_and_no_answers(
    record: dict[str, Any],
) -> None:
    result = classify(record)
    members = CATALOGUE.profiles[result.profile].indicators
    answered = sum(1 for i in members if record["answers"].get(i, "unknown") != "unknown")
    assert result.completeness == round(answered / len(members), 4)


@given(records, st.sampled_from(INDICATORS))
def test_only_yes_counts(record: dict[str, Any], item: str) -> None:
    as_no = {**record, "answers": {**record["answers"], item: "no"}}
    as_unknown = {**record, "answers": {**record["answers"], item: "unknown"}}
    missing = {**record, "answers": {k: v for k, v in record["answers"].items() if k != item}}
    assert classify(as_no).result == classify(as_unknown).result == classify(missing).result


@given(records)
def test_every_dimension_follows_the_ilo_ec_rule(record: dict[str, Any]) -> None:
    for dimension in classify(record).dimensions:
        assert dimension.positive == positive_by_the_ilo_ec_rule(
            dimension.S, dimension.M, dimension.W
        )
        assert len(dimension.indicators) == dimension.S + dimension.M + dimension.W


@given(records, st.sampled_from(sorted(CATALOGUE.red_flag_ids)), ANSWER)
def test_red_flags_never_change_the_result(record: dict[str, Any], flag: str, value: str) -> None:
    changed = {**record, "answers": {**record["answers"], flag: value}}
    assert classify(changed).result == classify(record).result


@given(records, st.sampled_from(NOT_INDICATORS))
def test_red_flags_and_the_act_question_alone_are_no_indicators(
    record: dict[str, Any], item: str
) -> None:
    only = {**record, "answers": {item: "yes"}}
    assert classify(only).result == "no_indicators"


@given(records, ANSWER)
def test_the_act_question_never_changes_an_adults_result(
    record: dict[str, Any], value: str
) -> None:
    adult = {**record, "age": 40, "age_at_exploitation": None}
    changed = {**adult, "answers": {**adult["answers"], "act.recruited_or_moved": value}}
    assert classify(changed).result == classify(adult).result


@given(records)
def test_the_pattern_is_never_met_without_exploitation(record: dict[str, Any]) -> None:
    result = classify(record)
    ex = next(d for d in result.dimensions if d.dimension == "ex")
    if result.result in ("trafficking_pattern", "exploitation_without_means"):
        assert ex.positive
    else:
        assert not ex.positive


@given(records)
def test_red_flags_raised_are_exactly_those_answered_yes(record: dict[str, Any]) -> None:
    raised = {flag.id for flag in classify(record).red_flags}
    assert raised == {
        k for k, v in record["answers"].items() if k in CATALOGUE.red_flag_ids and v == "yes"
    }
