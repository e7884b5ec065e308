"""The screening decision rule (shared/domain/screening.md), on plain data. No Django import.

Screening recommends; people decide. A result says which pattern the answers meet and what to
do next ("refer for formal identification"), never that someone *is* a victim.

The rule, with everything that a national SOP may change read from the catalogue:

1. Profile: ``child_*`` when the age at the time of exploitation (else the current age) is under
   18, else ``adult_*``; ``*_labour`` / ``*_sexual`` by the exploitation type; for ``both`` or
   ``unknown`` every available profile is evaluated and the highest result kept (ties: the first
   of labour, sexual). A profile the catalogue lacks falls back to the labour profile of the same
   age group, with a warning.
2. A dimension is positive when the strengths of its indicators answered ``yes`` meet a clause
   of the catalogue's dimension rule. Only ``yes`` counts; ``no`` and ``unknown`` do not.
3. Result, highest first: ``trafficking_pattern`` (the profile's pattern is met),
   ``exploitation_without_means`` (the exploitation dimension is positive),
   ``indicators_present`` (any indicator of the profile answered ``yes``), ``no_indicators``.
4. Red flags answered ``yes`` add their immediate action to any result.

Examples:
    >>> from ctis.screening.catalogue import load_catalogue
    >>> catalogue = load_catalogue()
    >>> record = parse_record(catalogue, {"id": "a1", "age": 30, "exploitation": "labour",
    ...     "answers": {"ex.excessive_hours": "yes", "ex.low_no_salary": "yes"}})
    >>> screen(catalogue, record).result
    'exploitation_without_means'
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ctis.screening.catalogue import STRENGTHS, Catalogue, Clause, Pattern

ANSWERS = ("yes", "no", "unknown")
EXPLOITATION_TYPES = ("labour", "sexual", "both", "unknown")
# Lowest first: a result's rank is its index.
RESULTS = (
    "no_indicators",
    "indicators_present",
    "exploitation_without_means",
    "trafficking_pattern",
)
RANK = {result: rank for rank, result in enumerate(RESULTS)}
RECOMMENDATIONS = {
    "trafficking_pattern": (
        "refer for formal identification now and give information on the reflection period"
    ),
    "exploitation_without_means": "refer to a case worker for assessment",
    "indicators_present": "inform the person, offer services and consider follow-up",
    "no_indicators": "give information on risks and services",
}
RECORD_KEYS = ("id", "age", "age_at_exploitation", "exploitation", "answers")
MAX_AGE = 130
ADULT_AGE = 18


class RecordError(ValueError):
    """A screening record is malformed. ``item`` is the offending key or indicator id."""

    def __init__(self, message: str, item: str | None = None) -> None:
        super().__init__(message)
        self.item = item


@dataclass(frozen=True, slots=True)
class ScreeningInput:
    """One screening to classify. ``answers`` maps answerable ids to yes / no / unknown;
    missing ids are unknown."""

    id: str
    age: int | None
    age_at_exploitation: int | None
    exploitation: str
    answers: Mapping[str, str]


@dataclass(frozen=True, slots=True)
class DimensionResult:
    """A dimension's ``yes`` indicators (catalogue order), their strength counts, and the first
    clause of the dimension rule they meet (``None``: not positive)."""

    dimension: str
    positive: bool
    S: int
    M: int
    W: int
    indicators: tuple[str, ...]
    clause: Clause | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "positive": self.positive,
            "S": self.S,
            "M": self.M,
            "W": self.W,
            "indicators": list(self.indicators),
        }


@dataclass(frozen=True, slots=True)
class PatternMatch:
    """For each ``all_of`` group of the pattern, the terms that hold (empty: the group fails)."""

    pattern: Pattern
    groups: tuple[tuple[str, ...], ...]

    @property
    def met(self) -> bool:
        return all(self.groups)

    @property
    def missing(self) -> tuple[tuple[str, ...], ...]:
        return tuple(
            g for g, held in zip(self.pattern.all_of, self.groups, strict=True) if not held
        )


@dataclass(frozen=True, slots=True)
class ProfileEvaluation:
    profile: str
    result: str
    dimensions: tuple[DimensionResult, ...]
    pattern: PatternMatch
    yes_count: int
    answered: int
    total: int

    @property
    def completeness(self) -> float:
        return round(self.answered / self.total, 4)


@dataclass(frozen=True, slots=True)
class RedFlagHit:
    id: str
    action: str

    def to_dict(self) -> dict[str, str]:
        return {"id": self.id, "action": self.action}


@dataclass(frozen=True, slots=True)
class ScreeningResult:
    """What ``ctis screen`` writes for one record; ``to_dict`` is the command-line contract."""

    id: str
    result: str
    profile: str
    warnings: tuple[str, ...]
    red_flags: tuple[RedFlagHit, ...]
    catalogue: str
    explanation: str
    evaluation: ProfileEvaluation

    @property
    def dimensions(self) -> tuple[DimensionResult, ...]:
        return self.evaluation.dimensions

    @property
    def completeness(self) -> float:
        return self.evaluation.completeness

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "result": self.result,
            "profile": self.profile,
            "warnings": list(self.warnings),
            "dimensions": {d.dimension: d.to_dict() for d in self.dimensions},
            "red_flags": [flag.to_dict() for flag in self.red_flags],
            "completeness": self.completeness,
            "catalogue": self.catalogue,
            "explanation": self.explanation,
        }


# --- input -----------------------------------------------------------------------------------


def parse_record(catalogue: Catalogue, data: Any) -> ScreeningInput:
    """Validate one decoded JSON line against the contract and the catalogue.

    Raises:
        RecordError: naming the offending key or indicator id.
    """
    if not isinstance(data, dict):
        raise RecordError(f"a record must be a JSON object, not {type(data).__name__}")
    for key in data:
        if key not in RECORD_KEYS:
            raise RecordError(f"unknown field {key!r}", key)
    if "id" not in data:
        raise RecordError("missing field 'id'", "id")
    record_id = data["id"]
    if not isinstance(record_id, str):
        raise RecordError(f"field 'id' must be a string, not {record_id!r}", "id")
    ages = [_age(data, "age"), _age(data, "age_at_exploitation")]
    exploitation = data.get("exploitation")
    if exploitation is None:
        exploitation = "unknown"
    if exploitation not in EXPLOITATION_TYPES:
        raise RecordError(
            f"field 'exploitation' must be one of {', '.join(EXPLOITATION_TYPES)}, "
            f"not {exploitation!r}",
            "exploitation",
        )
    answers = data.get("answers")
    if not isinstance(answers, dict):
        raise RecordError("field 'answers' must be an object of id: yes/no/unknown", "answers")
    known = catalogue.answerable_ids
    for item, value in answers.items():
        if item not in known:
            raise RecordError(f"unknown indicator id {item!r}", item)
        if value not in ANSWERS:
            raise RecordError(
                f"indicator {item!r} has unknown value {value!r} (expected yes, no or unknown)",
                item,
            )
    return ScreeningInput(record_id, ages[0], ages[1], exploitation, answers)


def _age(data: Mapping[str, Any], key: str) -> int | None:
    return check_age(data.get(key), key)


def check_age(value: Any, key: str) -> int | None:
    """An age field: a whole number 0-130, or ``None`` (unknown)."""
    if value is None:
        return None
    if type(value) is not int or not 0 <= value <= MAX_AGE:
        raise RecordError(f"field {key!r} must be a whole number 0-{MAX_AGE} or null", key)
    return value


# --- the rule --------------------------------------------------------------------------------


@lru_cache(maxsize=1024)
def choose_profiles(
    catalogue: Catalogue, age: int | None, age_at_exploitation: int | None, exploitation: str
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The profiles to evaluate, in tie-break order, and the warnings the choice carries.

    An unknown age (both ages null) is *ours*: the specification is silent, so both age groups
    are evaluated, child first, and the highest result kept, with a warning.
    """
    used = age if age_at_exploitation is None else age_at_exploitation
    warnings: list[str] = []
    if used is None:
        groups: tuple[str, ...] = ("child", "adult")
        warnings.append(
            "age unknown: evaluated as a child and as an adult and kept the higher result; "
            "establish the age"
        )
    else:
        groups = ("child",) if used < ADULT_AGE else ("adult",)
    kinds = ("labour", "sexual") if exploitation in ("both", "unknown") else (exploitation,)
    profiles: list[str] = []
    for group in groups:
        for kind in kinds:
            wanted = f"{group}_{kind}"
            if wanted in catalogue.profiles:
                chosen = wanted
            elif exploitation == "sexual":
                chosen = f"{group}_labour"
                warnings.append(
                    f"profile {wanted} is not in catalogue {catalogue.ref}: "
                    f"evaluated {chosen} instead"
                )
            else:
                warnings.append(
                    f"profile {wanted} is not in catalogue {catalogue.ref}: not evaluated"
                )
                continue
            if chosen not in profiles:
                profiles.append(chosen)
    return tuple(profiles), tuple(warnings)


def first_clause_met(rule: Sequence[Clause], counts: Mapping[str, int]) -> Clause | None:
    for clause in rule:
        if clause.met(counts):
            return clause
    return None


def evaluate_dimension(
    catalogue: Catalogue, profile: str, dimension: str, yes_ids: Iterable[str]
) -> DimensionResult:
    """``yes_ids``: the profile's indicators of this dimension answered yes, catalogue order."""
    counts: dict[str, int] = dict.fromkeys(STRENGTHS, 0)
    ids = tuple(yes_ids)
    for indicator_id in ids:
        counts[catalogue.indicators[indicator_id].strengths[profile]] += 1
    clause = _clause_met(catalogue.dimension_rule, counts["S"], counts["M"], counts["W"])
    return DimensionResult(
        dimension, clause is not None, counts["S"], counts["M"], counts["W"], ids, clause
    )


@lru_cache(maxsize=4096)
def _clause_met(rule: tuple[Clause, ...], s: int, m: int, w: int) -> Clause | None:
    """``first_clause_met`` for a dimension's counts; few distinct counts occur, and checking
    the rule was a third of the time taken to screen a record (measured)."""
    return first_clause_met(rule, {"S": s, "M": m, "W": w})


def match_pattern(
    pattern: Pattern, positive: Iterable[str], acts_yes: Iterable[str]
) -> PatternMatch:
    holding = set(positive) | set(acts_yes)
    return PatternMatch(
        pattern, tuple(tuple(t for t in group if t in holding) for group in pattern.all_of)
    )


def result_level(
    catalogue: Catalogue, match: PatternMatch, positive: Iterable[str], yes_count: int
) -> str:
    if match.met:
        return "trafficking_pattern"
    if catalogue.exploitation_dimension in set(positive):
        return "exploitation_without_means"
    return "indicators_present" if yes_count else "no_indicators"


def evaluate_profile(
    catalogue: Catalogue, profile: str, answers: Mapping[str, str]
) -> ProfileEvaluation:
    members = catalogue.profiles[profile].indicators
    yes_by_dimension: dict[str, list[str]] = {d: [] for d in catalogue.dimensions}
    answered = 0
    for indicator_id in members:
        answer = answers.get(indicator_id, "unknown")
        if answer != "unknown":
            answered += 1
        if answer == "yes":
            yes_by_dimension[catalogue.indicators[indicator_id].dimension].append(indicator_id)
    dimensions = tuple(
        evaluate_dimension(catalogue, profile, d, ids) for d, ids in yes_by_dimension.items()
    )
    positive = [d.dimension for d in dimensions if d.positive]
    acts_yes = [a.id for a in catalogue.act_questions if answers.get(a.id) == "yes"]
    pattern = catalogue.patterns[catalogue.profiles[profile].pattern]
    match = match_pattern(pattern, positive, acts_yes)
    yes_count = sum(len(ids) for ids in yes_by_dimension.values())
    return ProfileEvaluation(
        profile=profile,
        result=result_level(catalogue, match, positive, yes_count),
        dimensions=dimensions,
        pattern=match,
        yes_count=yes_count,
        answered=answered,
        total=len(members),
    )


def red_flags_raised(catalogue: Catalogue, answers: Mapping[str, str]) -> tuple[RedFlagHit, ...]:
    return tuple(
        RedFlagHit(flag.id, flag.action)
        for flag in catalogue.red_flags
        if answers.get(flag.id) == "yes"
    )


def screen(catalogue: Catalogue, record: ScreeningInput) -> ScreeningResult:
    """Classify one screening (see the module docstring for the rule)."""
    profiles, warnings = choose_profiles(
        catalogue, record.age, record.age_at_exploitation, record.exploitation
    )
    best: ProfileEvaluation | None = None
    for profile in profiles:
        evaluation = evaluate_profile(catalogue, profile, record.answers)
        if best is None or RANK[evaluation.result] > RANK[best.result]:
            best = evaluation
    assert best is not None  # the labour profiles are required by the catalogue loader
    flags = red_flags_raised(catalogue, record.answers)
    explanation = explain(
        catalogue,
        best.profile,
        frozenset(d.dimension for d in best.dimensions if d.positive),
        frozenset(t for group in best.pattern.groups for t in group if "." in t),
        best.yes_count,
        best.answered,
        tuple(flag.id for flag in flags),
    )
    return ScreeningResult(
        id=record.id,
        result=best.result,
        profile=best.profile,
        warnings=warnings,
        red_flags=flags,
        catalogue=catalogue.ref,
        explanation=explanation,
        evaluation=best,
    )


# --- explanation -----------------------------------------------------------------------------


def _join(items: Sequence[str], last: str = "and") -> str:
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {last} {items[-1]}"


def _be(items: Sequence[str]) -> str:
    return "is" if len(items) == 1 else "are"


def _term(catalogue: Catalogue, term: str) -> str:
    if term in catalogue.dimensions:
        return catalogue.dimensions[term].name
    return "recruited or moved by someone"


@lru_cache(maxsize=1 << 16)
def explain(
    catalogue: Catalogue,
    profile: str,
    positive: frozenset[str],
    acts_yes: frozenset[str],
    yes_count: int,
    answered: int,
    red_flags: tuple[str, ...],
) -> str:
    """One sentence a screener understands. Everything it depends on is an argument, so callers
    (and the batch path) can share one cache."""
    pattern = catalogue.patterns[catalogue.profiles[profile].pattern]
    ordered = [d for d in catalogue.dimensions if d in positive]
    match = match_pattern(pattern, ordered, acts_yes)
    result = result_level(catalogue, match, ordered, yes_count)
    total = len(catalogue.profiles[profile].indicators)
    names = [catalogue.dimensions[d].name for d in ordered]
    if result == "trafficking_pattern":
        held = [_term(catalogue, t) for group in match.groups for t in group]
        held = list(dict.fromkeys(held))
        child = "; means are not needed for a child" if profile.startswith("child") else ""
        sentence = f"Trafficking pattern met ({_join(held)}{child})"
    elif result == "exploitation_without_means":
        missing = [_join([_term(catalogue, t) for t in group], "or") for group in match.missing]
        sentence = (
            f"Possible exploitation: {_join(names)} {_be(names)} positive, but the trafficking "
            f"pattern is not "
            f"met (nothing positive for {'; nor for '.join(missing)})"
        )
    elif result == "indicators_present":
        plural = "indicator" if yes_count == 1 else "indicators"
        also = f", {_join(names)} {_be(names)} positive" if names else ", no dimension positive"
        sentence = f"Potential vulnerability: {yes_count} {plural} answered yes{also}"
    else:
        sentence = f"No indicator answered yes ({answered} of {total} answered)"
    sentence = f"{sentence}: {RECOMMENDATIONS[result]}"
    if red_flags:
        actions = {flag.id: flag.action for flag in catalogue.red_flags}
        urgent = "; ".join(actions[flag] for flag in red_flags)
        sentence = f"Act at once ({urgent}), then: {sentence[0].lower()}{sentence[1:]}"
    return sentence + "."
