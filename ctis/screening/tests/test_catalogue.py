"""The bundled ILO/EC catalogue and the loader's validation."""

from __future__ import annotations

import copy
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from ctis.screening.catalogue import (
    Catalogue,
    CatalogueError,
    load_catalogue,
    load_catalogue_file,
    parse_catalogue,
)
from ctis.screening.tests.conftest import write_yaml


def test_the_default_catalogue_is_the_ilo_ec_2009_draft(catalogue: Catalogue) -> None:
    assert load_catalogue().ref == catalogue.ref == "ilo-ec-2009@2009.1-draft"
    assert catalogue.schema_version == 1
    assert catalogue.status == "draft"


def test_only_the_labour_profiles_are_shipped(catalogue: Catalogue) -> None:
    assert sorted(catalogue.profiles) == ["adult_labour", "child_labour"]


def test_the_adult_list_has_67_indicators_in_six_dimensions(catalogue: Catalogue) -> None:
    members = catalogue.profiles["adult_labour"].indicators
    assert len(members) == 67
    by_dimension = Counter(catalogue.indicators[i].dimension for i in members)
    assert by_dimension == {"dr": 10, "cr": 10, "avr": 16, "ex": 9, "cd": 15, "avd": 7}


def test_the_child_list_has_65_indicators_and_no_weak_tier(catalogue: Catalogue) -> None:
    members = catalogue.profiles["child_labour"].indicators
    assert len(members) == 65
    assert set(catalogue.indicators) - set(members) == {
        "avr.false_info_law",
        "ex.no_social_protection",
    }
    assert {catalogue.strength("child_labour", i) for i in members} == {"S", "M"}


@pytest.mark.parametrize(
    ("indicator", "adult", "child"),
    [
        ("dr.nature_of_job", "S", "S"),
        ("dr.education", "W", "S"),
        ("cr.abduction_sale", "M", "S"),
        ("cr.debt_bondage", "M", "S"),
        ("avr.false_info_law", "M", None),
        ("avr.general_context", "W", "M"),
        ("ex.excessive_hours", "S", "S"),
        ("ex.no_social_protection", "M", None),
        ("ex.no_education", "W", "M"),
        ("cd.document_confiscation", "S", "S"),
        ("cd.forced_tasks_clients", "M", "S"),
        ("cd.threat_inform_family", "W", "M"),
        ("avd.personal_characteristics", "W", "M"),
    ],
)
def test_strengths_follow_the_ilo_ec_tables(
    catalogue: Catalogue, indicator: str, adult: str, child: str | None
) -> None:
    assert catalogue.strength("adult_labour", indicator) == adult
    assert catalogue.strength("child_labour", indicator) == child


def test_every_strength_is_marked_unverified_and_the_doubtful_two_say_why(
    catalogue: Catalogue,
) -> None:
    assert all(i.unverified for i in catalogue.indicators.values())
    noted = {i.id for i in catalogue.indicators.values() if i.note}
    assert noted == {"avr.difficulties_past", "avr.difficulty_travel"}
    assert all("W rather than M" in catalogue.indicators[i].note for i in noted)


def test_the_dimension_rule_and_patterns_are_data(catalogue: Catalogue) -> None:
    assert [c.describe() for c in catalogue.dimension_rule] == [
        "2 S",
        "1 S and 1 M+W",
        "3 M",
        "2 M and 1 W",
    ]
    assert catalogue.patterns["adult"].all_of == (("dr", "cr", "avr"), ("ex",), ("cd", "avd"))
    assert catalogue.patterns["child"].all_of == (
        ("ex",),
        ("dr", "cr", "avr", "act.recruited_or_moved"),
    )
    assert catalogue.exploitation_dimension == "ex"


def test_red_flags_each_carry_an_immediate_action(catalogue: Catalogue) -> None:
    actions = {flag.id: flag.action for flag in catalogue.red_flags}
    assert list(actions) == [
        "rf.immediate_danger",
        "rf.unaccompanied_child",
        "rf.medical_emergency",
        "rf.wants_to_leave_exploiter",
    ]
    assert "police" in actions["rf.immediate_danger"]
    assert "safe accommodation" in actions["rf.immediate_danger"]
    assert "guardianship" in actions["rf.unaccompanied_child"]


def test_the_act_question_is_there_for_children(catalogue: Catalogue) -> None:
    assert [a.id for a in catalogue.act_questions] == ["act.recruited_or_moved"]


def test_flow_monitoring_items_map_to_indicators(catalogue: Catalogue) -> None:
    assert dict(catalogue.flow_monitoring) == {
        "ht_unpaid_work": "ex.low_no_salary",
        "ht_forced_work": "cd.forced_tasks_clients",
        "ht_held_against_will": "cd.isolation",
    }
    survey = {"ht_unpaid_work": "yes", "ht_held_against_will": "no", "age": "31"}
    assert catalogue.prefill_from_flow_monitoring(survey) == {
        "ex.low_no_salary": "yes",
        "cd.isolation": "no",
    }


def test_every_indicator_carries_ilo_forced_labour_tags(catalogue: Catalogue) -> None:
    assert len(catalogue.forced_labour_indicators) == 11
    used = Counter(tag for i in catalogue.indicators.values() for tag in i.forced_labour)
    assert all(i.forced_labour for i in catalogue.indicators.values())
    assert set(used) == set(catalogue.forced_labour_indicators)
    assert catalogue.indicators["cd.document_confiscation"].forced_labour == (
        "retention_of_documents",
    )
    assert catalogue.indicators["ex.excessive_hours"].forced_labour == ("excessive_overtime",)


def test_every_question_is_asked_to_the_person_in_plain_words(catalogue: Catalogue) -> None:
    for item, question in catalogue.english_questions().items():
        if item not in catalogue.answerable_ids:  # stage titles, result texts
            continue
        assert question.text.endswith("?"), item
        assert " you" in question.text or question.text.startswith("Are you"), item
        assert len(question.text) <= 130, item
        assert "indicator" not in question.text.lower()


def test_the_interview_groups_every_question_by_stage_once(catalogue: Catalogue) -> None:
    for profile in ("adult_labour", "child_labour"):
        groups = catalogue.interview(profile)
        assert [stage.id for stage, _ in groups] == [
            "recruitment",
            "travel",
            "destination",
            "current",
        ]
        asked = [item for _, items in groups for item in items]
        assert len(asked) == len(set(asked))
        expected = set(catalogue.profiles[profile].indicators) | catalogue.red_flag_ids
        if profile == "child_labour":
            expected |= catalogue.act_ids
        assert set(asked) == expected
    current = dict((s.id, items) for s, items in catalogue.interview("adult_labour"))["current"]
    assert current == [
        "rf.immediate_danger",
        "rf.unaccompanied_child",
        "rf.medical_emergency",
        "rf.wants_to_leave_exploiter",
    ]


def test_question_order_lists_every_answerable_id_once(catalogue: Catalogue) -> None:
    assert sorted(catalogue.question_order) == sorted(catalogue.answerable_ids)
    assert len(catalogue.question_order) == 67 + 4 + 1


# --- loading and validation --------------------------------------------------------------------


def test_a_catalogue_can_be_loaded_from_a_path(
    tmp_path: Path, catalogue_data: dict[str, Any]
) -> None:
    data = copy.deepcopy(catalogue_data)
    data["catalogue"] = "rs-sop"
    data["version"] = "2025.1"
    path = write_yaml(tmp_path / "rs-sop.yaml", data)
    assert load_catalogue(str(path)).ref == "rs-sop@2025.1"


def test_catalogues_are_found_by_id_and_version_in_a_folder(
    tmp_path: Path, catalogue_data: dict[str, Any]
) -> None:
    for version in ("2025.1", "2026.1"):
        data = {**copy.deepcopy(catalogue_data), "catalogue": "me-sop", "version": version}
        write_yaml(tmp_path / f"me-sop@{version}.yaml", data)
    assert load_catalogue("me-sop@2026.1", directory=tmp_path).version == "2026.1"
    with pytest.raises(CatalogueError, match="ambiguous"):
        load_catalogue("me-sop", directory=tmp_path)
    with pytest.raises(CatalogueError, match=r"no catalogue 'me-sop@2024\.1'"):
        load_catalogue("me-sop@2024.1", directory=tmp_path)


def test_the_loader_supports_sexual_exploitation_profiles(sexual_catalogue: Catalogue) -> None:
    assert sorted(sexual_catalogue.profiles) == ["adult_labour", "adult_sexual", "child_labour"]
    assert sexual_catalogue.strength("adult_sexual", "cd.forced_tasks_clients") == "S"
    assert len(sexual_catalogue.profiles["adult_sexual"].indicators) == 67


def edit(data: dict[str, Any], change: Any) -> dict[str, Any]:
    data = copy.deepcopy(data)
    change(data)
    return data


def set_first_indicator(key: str, value: Any) -> Any:
    return lambda d: d["indicators"][0].__setitem__(key, value)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.__setitem__("schema_version", 2), "unsupported schema_version 2"),
        (lambda d: d.pop("version"), "missing 'version'"),
        (lambda d: d.__setitem__("colour", "red"), "unknown key(s) 'colour'"),
        (lambda d: d["profiles"].pop("child_labour"), "profiles: child_labour is required"),
        (
            lambda d: d["profiles"].__setitem__("adult_begging", {"pattern": "adult"}),
            "profiles: adult_begging: unknown profile",
        ),
        (
            set_first_indicator("strength", {"adult_labour": "X", "child_labour": "S"}),
            "indicators[0] (dr.nature_of_job): strength for 'adult_labour' must be S, M, W or null",
        ),
        (
            set_first_indicator("strength", {"adult_sexual": "S", "child_labour": "S"}),
            "indicators[0] (dr.nature_of_job): strength for unknown profile 'adult_sexual'",
        ),
        (
            set_first_indicator("id", "zz.nature_of_job"),
            "indicators[0] (zz.nature_of_job): id must",
        ),
        (set_first_indicator("stage", "holiday"), "(dr.nature_of_job): unknown stage 'holiday'"),
        (set_first_indicator("forced_labour", ["slavery"]), "forced_labour must list known"),
        (set_first_indicator("unverified", "yes"), "'unverified' must be bool"),
        (set_first_indicator("question", " "), "'question' must not be empty"),
        (
            lambda d: d["indicators"].append(copy.deepcopy(d["indicators"][0])),
            "indicators[67] (dr.nature_of_job): duplicate id",
        ),
        (
            lambda d: d["dimension_rule"]["any_of"].append({"S+X": 1}),
            "dimension_rule: any_of[4]: bad strength group 'S+X'",
        ),
        (
            lambda d: d["dimension_rule"]["any_of"].append({"M": 0}),
            "minimum for 'M' must be a positive integer",
        ),
        (
            lambda d: d["patterns"]["child"]["all_of"].append(["act.unknown"]),
            "patterns: child: unknown term 'act.unknown'",
        ),
        (
            lambda d: d["flow_monitoring"].__setitem__("ht_x", "ex.nothing"),
            "flow_monitoring: ht_x: unknown indicator 'ex.nothing'",
        ),
        (
            lambda d: d["red_flags"][0].__setitem__("id", "danger"),
            "red_flags[0]: id 'danger' must look like 'rf.<name>'",
        ),
        (
            lambda d: d["red_flags"][1].pop("action"),
            "red_flags[1] (rf.unaccompanied_child): missing",
        ),
    ],
)
def test_a_bad_catalogue_is_rejected_naming_the_file_and_the_entry(
    catalogue_data: dict[str, Any], change: Any, message: str
) -> None:
    with pytest.raises(CatalogueError) as error:
        parse_catalogue(edit(catalogue_data, change), "national.yaml")
    assert str(error.value).startswith("national.yaml: ")
    assert message in str(error.value)


def test_a_file_that_is_not_yaml_is_rejected_naming_the_file(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("catalogue: [unclosed\n", encoding="utf-8")
    with pytest.raises(CatalogueError, match=f"{path}: not valid YAML"):
        load_catalogue_file(path)
