"""The rule engine beyond the vignettes: ties between profiles, red flags, completeness,
explanations and input validation. Expected values are worked out by hand."""

from __future__ import annotations

from typing import Any

import pytest

from ctis.screening.catalogue import Catalogue
from ctis.screening.rules import RecordError, ScreeningResult, parse_record, screen


def run(catalogue: Catalogue, answers: dict[str, str], **fields: Any) -> ScreeningResult:
    record = {"id": "r1", "age": 30, "exploitation": "labour", **fields, "answers": answers}
    return screen(catalogue, parse_record(catalogue, record))


def yes(*ids: str) -> dict[str, str]:
    return dict.fromkeys(ids, "yes")


DR = ("dr.nature_of_job", "dr.wages")
EX = ("ex.excessive_hours", "ex.low_no_salary")
FORCED_TASKS_AND_THREATS = ("cd.forced_tasks_clients", "cd.threat_violence")


# --- profiles, ties --------------------------------------------------------------------------


def test_both_keeps_the_sexual_profile_when_its_result_is_higher(
    sexual_catalogue: Catalogue,
) -> None:
    # adult_labour: cd has 2 M (not positive) -> exploitation_without_means;
    # adult_sexual: forced tasks is S, so cd has 1 S + 1 M (positive) -> trafficking_pattern.
    result = run(sexual_catalogue, yes(*DR, *EX, *FORCED_TASKS_AND_THREATS), exploitation="both")
    assert (result.result, result.profile, result.warnings) == (
        "trafficking_pattern",
        "adult_sexual",
        (),
    )


def test_both_keeps_labour_on_a_tie(sexual_catalogue: Catalogue) -> None:
    result = run(sexual_catalogue, yes(*EX), exploitation="both")
    assert (result.result, result.profile) == ("exploitation_without_means", "adult_labour")


def test_unknown_type_keeps_labour_on_a_tie(sexual_catalogue: Catalogue) -> None:
    result = run(sexual_catalogue, {}, exploitation="unknown")
    assert (result.result, result.profile) == ("no_indicators", "adult_labour")


def test_sexual_uses_the_sexual_profile_when_the_catalogue_has_it(
    sexual_catalogue: Catalogue,
) -> None:
    result = run(sexual_catalogue, yes(*DR, *EX, *FORCED_TASKS_AND_THREATS), exploitation="sexual")
    assert (result.result, result.profile, result.warnings) == (
        "trafficking_pattern",
        "adult_sexual",
        (),
    )


def test_labour_ignores_the_sexual_profile(sexual_catalogue: Catalogue) -> None:
    result = run(sexual_catalogue, yes(*DR, *EX, *FORCED_TASKS_AND_THREATS), exploitation="labour")
    assert (result.result, result.profile) == ("exploitation_without_means", "adult_labour")


def test_a_child_with_sexual_exploitation_still_falls_back_when_only_adults_have_it(
    sexual_catalogue: Catalogue,
) -> None:
    result = run(sexual_catalogue, {}, age=15, exploitation="sexual")
    assert result.profile == "child_labour"
    assert result.warnings == (
        "profile child_sexual is not in catalogue ilo-ec-2009@2009.1-test-sexual: "
        "evaluated child_labour instead",
    )


# --- red flags ---------------------------------------------------------------------------------


def test_red_flags_add_their_actions_in_catalogue_order_whatever_the_result(
    catalogue: Catalogue,
) -> None:
    answers = {
        "rf.wants_to_leave_exploiter": "yes",
        "rf.immediate_danger": "yes",
        "rf.medical_emergency": "no",
        "rf.unaccompanied_child": "unknown",
    }
    result = run(catalogue, answers)
    assert result.result == "no_indicators"
    assert [flag.to_dict() for flag in result.red_flags] == [
        {
            "id": "rf.immediate_danger",
            "action": "call the police and arrange safe accommodation now",
        },
        {
            "id": "rf.wants_to_leave_exploiter",
            "action": "plan a safe exit now (safe accommodation, a case worker) and do not "
            "contact the employer or recruiter",
        },
    ]
    assert result.explanation.startswith(
        "Act at once (call the police and arrange safe accommodation now; plan a safe exit now"
    )


def test_unaccompanied_child_red_flag_asks_to_notify_the_guardianship_authority(
    catalogue: Catalogue,
) -> None:
    result = run(catalogue, yes("rf.unaccompanied_child", *EX), age=14)
    assert result.result == "exploitation_without_means"
    assert [f.action for f in result.red_flags] == [
        "notify the guardianship / social-work authority at once"
    ]


# --- completeness ------------------------------------------------------------------------------


def test_completeness_is_the_share_of_the_profiles_indicators_answered_yes_or_no(
    catalogue: Catalogue,
) -> None:
    answers = {
        **dict.fromkeys(["dr.nature_of_job", "dr.wages", "cr.violence", "ex.bad_living"], "no"),
        **yes("cd.isolation", "avd.dependency"),
        "cd.violence": "unknown",
        "rf.immediate_danger": "no",  # red flags are not indicators
        "act.recruited_or_moved": "yes",  # nor is the act question
    }
    assert run(catalogue, answers).completeness == round(6 / 67, 4) == 0.0896


def test_completeness_of_a_child_counts_the_65_child_indicators(catalogue: Catalogue) -> None:
    answers = {"ex.no_social_protection": "no", "avr.false_info_law": "yes", "dr.wages": "no"}
    # the two adult-only items do not count for a child: 1 of 65
    assert run(catalogue, answers, age=10).completeness == round(1 / 65, 4) == 0.0154


def test_completeness_is_one_when_every_indicator_is_answered(catalogue: Catalogue) -> None:
    answers = dict.fromkeys(catalogue.profiles["adult_labour"].indicators, "no")
    assert run(catalogue, answers).completeness == 1.0


# --- explanation -------------------------------------------------------------------------------


def test_explanation_of_a_pattern_names_the_dimensions_and_the_referral(
    catalogue: Catalogue,
) -> None:
    result = run(catalogue, yes(*DR, *EX, "cd.isolation", "cd.violence"))
    assert result.explanation == (
        "Trafficking pattern met (deceptive recruitment, exploitative conditions of work and "
        "coercion at destination): refer for formal identification now and give information "
        "on the reflection period."
    )


def test_explanation_of_a_child_pattern_says_means_are_not_needed(catalogue: Catalogue) -> None:
    result = run(catalogue, {**yes(*EX), "act.recruited_or_moved": "yes"}, age=13)
    assert result.explanation == (
        "Trafficking pattern met (exploitative conditions of work and recruited or moved by "
        "someone; means are not needed for a child): refer for formal identification now and "
        "give information on the reflection period."
    )


def test_explanation_of_exploitation_without_means_says_what_is_missing(
    catalogue: Catalogue,
) -> None:
    result = run(catalogue, yes(*DR, *EX))
    assert result.explanation == (
        "Possible exploitation: deceptive recruitment and exploitative conditions of work are "
        "positive, but the trafficking pattern is not met (nothing positive for coercion at "
        "destination or abuse of vulnerability at destination): refer to a case worker for "
        "assessment."
    )


def test_explanation_of_indicators_present_counts_the_yes_answers(catalogue: Catalogue) -> None:
    result = run(catalogue, yes("cd.isolation"))
    assert result.explanation == (
        "Potential vulnerability: 1 indicator answered yes, no dimension positive: inform the "
        "person, offer services and consider follow-up."
    )


def test_explanation_of_no_indicators_says_how_much_was_answered(catalogue: Catalogue) -> None:
    result = run(catalogue, {"dr.wages": "no", "cd.isolation": "unknown"})
    assert result.explanation == (
        "No indicator answered yes (1 of 67 answered): give information on risks and services."
    )


def test_no_result_or_explanation_calls_anyone_a_victim(catalogue: Catalogue) -> None:
    result = run(catalogue, yes(*DR, *EX, "cd.isolation", "cd.violence", "rf.immediate_danger"))
    assert "victim" not in result.explanation.lower()


def test_dimension_detail_records_the_first_clause_met(catalogue: Catalogue) -> None:
    result = run(catalogue, yes("ex.bad_living", "ex.hazardous_work", "ex.no_education"))
    ex = next(d for d in result.dimensions if d.dimension == "ex")
    assert ex.clause is not None
    assert ex.clause.describe() == "2 M and 1 W"
    assert ex.indicators == ("ex.bad_living", "ex.hazardous_work", "ex.no_education")


def test_pattern_detail_lists_the_terms_that_held(catalogue: Catalogue) -> None:
    result = run(catalogue, yes(*DR, *EX, "cd.isolation", "cd.violence"))
    assert result.evaluation.pattern.groups == (("dr",), ("ex",), ("cd",))


# --- the contract ------------------------------------------------------------------------------


def test_to_dict_has_exactly_the_contract_fields_in_order(catalogue: Catalogue) -> None:
    output = run(catalogue, yes("dr.wages")).to_dict()
    assert list(output) == [
        "id",
        "result",
        "profile",
        "warnings",
        "dimensions",
        "red_flags",
        "completeness",
        "catalogue",
        "explanation",
    ]
    assert list(output["dimensions"]) == ["dr", "cr", "avr", "ex", "cd", "avd"]
    assert output["dimensions"]["dr"] == {
        "positive": False,
        "S": 0,
        "M": 1,
        "W": 0,
        "indicators": ["dr.wages"],
    }


def test_indicators_are_listed_in_catalogue_order_whatever_the_answer_order(
    catalogue: Catalogue,
) -> None:
    answers = yes("dr.education", "dr.wages", "dr.nature_of_job")
    result = run(catalogue, answers)
    assert result.dimensions[0].indicators == ("dr.nature_of_job", "dr.wages", "dr.education")


@pytest.mark.parametrize(
    ("record", "message", "item"),
    [
        ({"id": "x", "answers": {"dr.nope": "yes"}}, "unknown indicator id 'dr.nope'", "dr.nope"),
        (
            {"id": "x", "answers": {"dr.wages": "maybe"}},
            "indicator 'dr.wages' has unknown value 'maybe'",
            "dr.wages",
        ),
        ({"id": "x", "answers": {"dr.wages": True}}, "unknown value True", "dr.wages"),
        ({"answers": {}}, "missing field 'id'", "id"),
        ({"id": 7, "answers": {}}, "field 'id' must be a string", "id"),
        ({"id": "x"}, "field 'answers' must be an object", "answers"),
        ({"id": "x", "answers": [], "age": 3}, "field 'answers' must be an object", "answers"),
        ({"id": "x", "answers": {}, "age": -1}, "field 'age' must be a whole number", "age"),
        ({"id": "x", "answers": {}, "age": 17.5}, "field 'age' must be a whole number", "age"),
        ({"id": "x", "answers": {}, "age": True}, "field 'age' must be a whole number", "age"),
        (
            {"id": "x", "answers": {}, "age_at_exploitation": "16"},
            "field 'age_at_exploitation' must be a whole number",
            "age_at_exploitation",
        ),
        (
            {"id": "x", "answers": {}, "exploitation": "forced begging"},
            "field 'exploitation' must be one of labour, sexual, both, unknown",
            "exploitation",
        ),
        ({"id": "x", "answers": {}, "answer": {}}, "unknown field 'answer'", "answer"),
        (["not", "an", "object"], "a record must be a JSON object", None),
    ],
)
def test_malformed_records_are_rejected_naming_the_id(
    catalogue: Catalogue, record: Any, message: str, item: str | None
) -> None:
    with pytest.raises(RecordError, match=message.replace("(", r"\(")) as error:
        parse_record(catalogue, record)
    assert error.value.item == item


def test_missing_exploitation_and_ages_mean_unknown(catalogue: Catalogue) -> None:
    record = parse_record(catalogue, {"id": "x", "answers": {}})
    assert (record.age, record.age_at_exploitation, record.exploitation) == (None, None, "unknown")
