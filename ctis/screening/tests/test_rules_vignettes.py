"""Hand-written vignettes, one per branch of the decision rule (shared/domain/screening.md).

Every expected value below was worked out by hand from the specification and the strengths in
the catalogue (adult_labour / child_labour columns), never by running the code.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from ctis.screening.catalogue import Catalogue
from ctis.screening.rules import parse_record, screen

ADULT_SEXUAL_MISSING = "profile adult_sexual is not in catalogue ilo-ec-2009@2009.1-draft"
CHILD_SEXUAL_MISSING = "profile child_sexual is not in catalogue ilo-ec-2009@2009.1-draft"


@dataclass
class Vignette:
    name: str
    answers: dict[str, str]
    result: str
    profile: str = "adult_labour"
    age: int | None = 30
    age_at_exploitation: int | None = None
    exploitation: str = "labour"
    positive: set[str] = field(default_factory=set)
    counts: dict[str, tuple[int, int, int]] = field(default_factory=dict)  # dimension: S, M, W
    warnings: list[str] = field(default_factory=list)  # substrings, one per warning

    def record(self) -> dict[str, object]:
        return {
            "id": self.name,
            "age": self.age,
            "age_at_exploitation": self.age_at_exploitation,
            "exploitation": self.exploitation,
            "answers": self.answers,
        }


def yes(*ids: str) -> dict[str, str]:
    return dict.fromkeys(ids, "yes")


# Positive dimensions used as building blocks (adult_labour strengths):
DR = ("dr.nature_of_job", "dr.wages")  # S + M
CR = ("cr.violence", "cr.threat_violence")  # S + M
AVR = ("avr.illegal_status", "avr.lack_of_information", "avr.economic_reasons")  # 3 M
EX = ("ex.excessive_hours", "ex.low_no_salary")  # S + M
CD = ("cd.isolation", "cd.violence")  # 2 S
AVD = ("avd.dependency", "avd.unknown_area", "avd.economic_reasons")  # 3 M

VIGNETTES = [
    # --- the four clauses of the dimension rule, and just below each -------------------------
    Vignette("two strong make a dimension positive",
             yes("cd.document_confiscation", "cd.debt_bondage"), "indicators_present",
             positive={"cd"}, counts={"cd": (2, 0, 0)}),
    Vignette("one strong alone is not enough", yes("cd.isolation"), "indicators_present",
             counts={"cd": (1, 0, 0)}),
    Vignette("one strong and one weak make a dimension positive",
             yes("cd.violence", "cd.threat_inform_family"), "indicators_present",
             positive={"cd"}, counts={"cd": (1, 0, 1)}),
    Vignette("one strong and one medium make a dimension positive", yes(*EX),
             "exploitation_without_means", positive={"ex"}, counts={"ex": (1, 1, 0)}),
    Vignette("three medium make a dimension positive",
             yes("ex.bad_living", "ex.hazardous_work", "ex.low_no_salary"),
             "exploitation_without_means", positive={"ex"}, counts={"ex": (0, 3, 0)}),
    Vignette("two medium alone are not enough", yes("ex.bad_living", "ex.hazardous_work"),
             "indicators_present", counts={"ex": (0, 2, 0)}),
    Vignette("two medium and one weak make a dimension positive",
             yes("ex.bad_living", "ex.hazardous_work", "ex.no_education"),
             "exploitation_without_means", positive={"ex"}, counts={"ex": (0, 2, 1)}),
    Vignette("one medium and two weak are not enough",
             yes("avd.dependency", "avd.difficulties_past", "avd.personal_characteristics"),
             "indicators_present", counts={"avd": (0, 1, 2)}),
    Vignette("two weak are not enough", yes("avr.cultural_beliefs", "avr.general_context"),
             "indicators_present", counts={"avr": (0, 0, 2)}),
    # --- adult pattern --------------------------------------------------------------------
    Vignette("adult deception exploitation and coercion meet the pattern", yes(*DR, *EX, *CD),
             "trafficking_pattern", positive={"dr", "ex", "cd"},
             counts={"dr": (1, 1, 0), "ex": (1, 1, 0), "cd": (2, 0, 0)}),
    Vignette("adult coercive recruitment counts as recruitment means", yes(*CR, *EX, *CD),
             "trafficking_pattern", positive={"cr", "ex", "cd"}),
    Vignette("adult abuse of vulnerability on both sides meets the pattern",
             yes(*AVR, *EX, *AVD), "trafficking_pattern", positive={"avr", "ex", "avd"}),
    Vignette("adult without control at destination is exploitation without means",
             yes(*DR, *EX), "exploitation_without_means", positive={"dr", "ex"}),
    Vignette("adult without recruitment means is exploitation without means",
             yes(*EX, *CD), "exploitation_without_means", positive={"ex", "cd"}),
    Vignette("adult means on both sides without exploitation are indicators present",
             yes(*DR, *CD), "indicators_present", positive={"dr", "cd"}),
    Vignette("the act question does not count for adults",
             {**yes(*EX), "act.recruited_or_moved": "yes"}, "exploitation_without_means",
             positive={"ex"}),
    # --- no indicators --------------------------------------------------------------------
    Vignette("nothing answered is no indicators", {}, "no_indicators"),
    Vignette("only no and unknown answers are no indicators",
             {"dr.nature_of_job": "no", "ex.excessive_hours": "unknown", "cd.isolation": "no"},
             "no_indicators"),
    Vignette("red flags are not indicators", yes("rf.immediate_danger", "rf.medical_emergency"),
             "no_indicators"),
    # --- children -------------------------------------------------------------------------
    Vignette("child exploitation with an act of movement meets the child pattern",
             {**yes("ex.excessive_hours", "ex.no_education"), "act.recruited_or_moved": "yes"},
             "trafficking_pattern", profile="child_labour", age=15, positive={"ex"},
             counts={"ex": (1, 1, 0)}),
    Vignette("child exploitation alone is exploitation without means",
             yes("ex.excessive_hours", "ex.no_education"), "exploitation_without_means",
             profile="child_labour", age=15, positive={"ex"}),
    Vignette("child exploitation with deceptive recruitment meets the child pattern",
             yes("ex.excessive_hours", "ex.no_education", "dr.education", "dr.wages"),
             "trafficking_pattern", profile="child_labour", age=15, positive={"ex", "dr"},
             counts={"dr": (1, 1, 0)}),
    Vignette("child pattern needs no means at destination",
             {**yes("ex.bad_living", "ex.hazardous_work", "ex.low_no_salary"),
              "act.recruited_or_moved": "yes"},
             "trafficking_pattern", profile="child_labour", age=12, positive={"ex"}),
    Vignette("child act of movement without exploitation is no indicators",
             {"act.recruited_or_moved": "yes"}, "no_indicators", profile="child_labour", age=15),
    Vignette("child strengths make forced tasks and threats strong",
             yes("cd.forced_tasks_clients", "cd.threat_violence"), "indicators_present",
             profile="child_labour", age=16, positive={"cd"}, counts={"cd": (2, 0, 0)}),
    Vignette("adult strengths make forced tasks and threats medium",
             yes("cd.forced_tasks_clients", "cd.threat_violence"), "indicators_present",
             positive=set(), counts={"cd": (0, 2, 0)}),
    Vignette("an adult-only indicator is not counted for a child", yes("avr.false_info_law"),
             "no_indicators", profile="child_labour", age=15, counts={"avr": (0, 0, 0)}),
    Vignette("age at exploitation decides over current age", yes(*EX), "exploitation_without_means",
             profile="child_labour", age=25, age_at_exploitation=16, positive={"ex"}),
    Vignette("age 18 is an adult", yes(*EX), "exploitation_without_means", age=18,
             positive={"ex"}),
    Vignette("age 17 is a child", yes(*EX), "exploitation_without_means", profile="child_labour",
             age=17, positive={"ex"}),
    Vignette("current age is used when age at exploitation is unknown", {}, "no_indicators",
             profile="child_labour", age=9, age_at_exploitation=None),
    Vignette("age at exploitation alone is enough", {}, "no_indicators", age=None,
             age_at_exploitation=40),
    # --- fallback and profiles the catalogue lacks ----------------------------------------
    Vignette("adult sexual exploitation falls back to adult labour with a warning",
             yes(*DR, *EX, *CD), "trafficking_pattern", exploitation="sexual",
             positive={"dr", "ex", "cd"},
             warnings=[ADULT_SEXUAL_MISSING + ": evaluated adult_labour instead"]),
    Vignette("child sexual exploitation falls back to child labour with a warning",
             yes(*EX), "exploitation_without_means", profile="child_labour", age=14,
             exploitation="sexual", positive={"ex"},
             warnings=[CHILD_SEXUAL_MISSING + ": evaluated child_labour instead"]),
    Vignette("both types evaluate the available profiles and say which is missing", yes(*EX),
             "exploitation_without_means", exploitation="both", positive={"ex"},
             warnings=[ADULT_SEXUAL_MISSING + ": not evaluated"]),
    Vignette("unknown type evaluates the available profiles and says which is missing", {},
             "no_indicators", exploitation="unknown",
             warnings=[ADULT_SEXUAL_MISSING + ": not evaluated"]),
    Vignette("unknown age keeps the child result on a tie", yes(*EX), "exploitation_without_means",
             profile="child_labour", age=None, positive={"ex"}, warnings=["age unknown"]),
    # Adult-only "no social protection" makes three medium for adults, two for children.
    Vignette("unknown age keeps the adult result when it is higher",
             yes("ex.no_social_protection", "ex.bad_living", "ex.low_no_salary"),
             "exploitation_without_means", profile="adult_labour", age=None,
             positive={"ex"}, counts={"ex": (0, 3, 0)}, warnings=["age unknown"]),
]  # fmt: skip


@pytest.mark.parametrize("vignette", VIGNETTES, ids=[v.name for v in VIGNETTES])
def test_vignette(catalogue: Catalogue, vignette: Vignette) -> None:
    result = screen(catalogue, parse_record(catalogue, vignette.record()))
    assert result.result == vignette.result
    assert result.profile == vignette.profile
    assert {d.dimension for d in result.dimensions if d.positive} == vignette.positive
    for dimension, (s, m, w) in vignette.counts.items():
        detail = next(d for d in result.dimensions if d.dimension == dimension)
        assert (s, m, w) == (detail.S, detail.M, detail.W)
    assert len(result.warnings) == len(vignette.warnings)
    for warning, expected in zip(result.warnings, vignette.warnings, strict=True):
        assert expected in warning
    assert result.catalogue == "ilo-ec-2009@2009.1-draft"
