"""Indicator catalogues: typed loading and validation of the versioned YAML data.

A catalogue (``catalogues/<id>.yaml``) holds the ILO/EC indicators with their strength per
profile, the dimension rule and the patterns (as data, so a national SOP can change them), the
red flags, the act question for children, the flow-monitoring mapping, the forced-labour tags,
the stages of the interview and the English question wording. Translations of the wording live in
``catalogues/<id>.i18n/<language>.yaml``. No Django import: ``ctis screen`` uses this directly.

Examples:
    >>> catalogue = load_catalogue("ilo-ec-2009@2009.1-draft")
    >>> catalogue.ref
    'ilo-ec-2009@2009.1-draft'
    >>> sorted(catalogue.profiles)
    ['adult_labour', 'child_labour']
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, Literal

import yaml

SCHEMA_VERSIONS = (1,)
CATALOGUE_DIR = Path(__file__).parent / "catalogues"
DEFAULT_CATALOGUE = "ilo-ec-2009"

Strength = Literal["S", "M", "W"]
STRENGTHS: tuple[Strength, ...] = ("S", "M", "W")
AGE_GROUPS = ("child", "adult")
EXPLOITATION_TYPES = ("labour", "sexual")
# Every profile the decision rule can ask for; the labour ones are required (fallback).
PROFILE_NAMES = ("adult_labour", "child_labour", "adult_sexual", "child_sexual")
REQUIRED_PROFILES = ("adult_labour", "child_labour")
RTL_LANGUAGES = frozenset({"ar", "fa", "prs", "ps", "ur", "ckb"})

_ID = re.compile(r"^[a-z][a-z0-9_]*$")
_ITEM_ID = re.compile(r"^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$")
_CATALOGUE_ID = re.compile(r"^[a-z0-9][a-z0-9.-]*$")
_LANGUAGE = re.compile(r"^[a-z]{2,3}(-[A-Za-z]{2,4})?$")


class CatalogueError(ValueError):
    """A catalogue file is malformed; the message names the file and the bad entry."""


@dataclass(frozen=True, slots=True)
class Dimension:
    id: str
    name: str
    phase: str


@dataclass(frozen=True, slots=True)
class Stage:
    id: str
    title: str


@dataclass(frozen=True, slots=True)
class Indicator:
    """One ILO/EC indicator; ``strengths`` maps each profile that has it to S, M or W."""

    id: str
    dimension: str
    label: str
    question: str
    stage: str
    strengths: Mapping[str, Strength]
    forced_labour: tuple[str, ...]
    unverified: bool
    note: str = ""


@dataclass(frozen=True, slots=True)
class RedFlag:
    """A question whose ``yes`` calls for ``action`` whatever the result (not an indicator)."""

    id: str
    label: str
    action: str
    question: str
    stage: str


@dataclass(frozen=True, slots=True)
class ActQuestion:
    """The act of movement (recruited, moved, harboured...), used by the child pattern."""

    id: str
    label: str
    question: str
    stage: str


@dataclass(frozen=True, slots=True)
class Clause:
    """Minimum counts of ``yes`` answers by strength group, e.g. ``{("S",): 1, ("M", "W"): 1}``."""

    minimums: tuple[tuple[tuple[Strength, ...], int], ...]

    def met(self, counts: Mapping[str, int]) -> bool:
        return all(sum(counts[s] for s in group) >= minimum for group, minimum in self.minimums)

    def describe(self) -> str:
        return " and ".join(f"{n} {'+'.join(group)}" for group, n in self.minimums)


@dataclass(frozen=True, slots=True)
class Pattern:
    """Met when every group of ``all_of`` has a term that holds (a positive dimension id, or a
    question id answered ``yes``)."""

    name: str
    description: str
    all_of: tuple[tuple[str, ...], ...]


@dataclass(frozen=True, slots=True)
class Profile:
    name: str
    age_group: str
    exploitation: str
    pattern: str
    indicators: tuple[str, ...]  # ids in catalogue order


@dataclass(frozen=True, slots=True)
class QuestionText:
    text: str
    needs_review: bool


@dataclass(frozen=True, eq=False)
class Catalogue:
    """A loaded, validated catalogue. Immutable; compare catalogues by ``ref``."""

    id: str
    version: str
    schema_version: int
    status: str
    title: str
    profiles: Mapping[str, Profile]
    dimensions: Mapping[str, Dimension]  # in catalogue order
    dimension_rule: tuple[Clause, ...]
    exploitation_dimension: str
    patterns: Mapping[str, Pattern]
    stages: tuple[Stage, ...]
    forced_labour_indicators: Mapping[str, str]
    flow_monitoring: Mapping[str, str]
    red_flags: tuple[RedFlag, ...]
    act_questions: tuple[ActQuestion, ...]
    indicators: Mapping[str, Indicator]  # in catalogue order
    path: Path | None = None
    _translations: dict[str, Mapping[str, QuestionText]] = field(default_factory=dict, repr=False)

    @property
    def ref(self) -> str:
        """``id@version``, what every result records."""
        return f"{self.id}@{self.version}"

    @cached_property
    def answerable_ids(self) -> frozenset[str]:
        """Ids a screening may answer: indicators, red flags and act questions."""
        return frozenset(self.indicators) | self.red_flag_ids | self.act_ids

    @cached_property
    def red_flag_ids(self) -> frozenset[str]:
        return frozenset(flag.id for flag in self.red_flags)

    @cached_property
    def act_ids(self) -> frozenset[str]:
        return frozenset(act.id for act in self.act_questions)

    @cached_property
    def question_order(self) -> tuple[str, ...]:
        """Every answerable id in interview order: by stage, then indicators (catalogue order),
        act questions and red flags."""
        order: list[str] = []
        for stage in self.stages:
            order += [i.id for i in self.indicators.values() if i.stage == stage.id]
            order += [a.id for a in self.act_questions if a.stage == stage.id]
            order += [f.id for f in self.red_flags if f.stage == stage.id]
        return tuple(order)

    def strength(self, profile: str, indicator_id: str) -> Strength | None:
        return self.indicators[indicator_id].strengths.get(profile)

    def english_questions(self) -> dict[str, QuestionText]:
        texts = {i.id: QuestionText(i.question, False) for i in self.indicators.values()}
        texts.update({f.id: QuestionText(f.question, False) for f in self.red_flags})
        texts.update({a.id: QuestionText(a.question, False) for a in self.act_questions})
        texts.update({f"stage.{s.id}": QuestionText(s.title, False) for s in self.stages})
        # What the result page shows: dimension names, item labels, red-flag actions.
        texts.update(
            {f"dimension.{d.id}": QuestionText(d.name, False) for d in self.dimensions.values()}
        )
        items: list[Indicator | RedFlag | ActQuestion] = [
            *self.indicators.values(),
            *self.red_flags,
            *self.act_questions,
        ]
        texts.update({f"label.{i.id}": QuestionText(i.label, False) for i in items})
        texts.update({f"action.{f.id}": QuestionText(f.action, False) for f in self.red_flags})
        return texts

    def questions(self, language: str) -> Mapping[str, QuestionText]:
        """Question wording (and stage titles, as ``stage.<id>``; dimension names, item labels
        and red-flag actions, as ``dimension.<id>``, ``label.<id>``, ``action.<id>``) in
        ``language``.

        English is the source; other languages come from ``<id>.i18n/<language>.yaml``, are
        drafts marked ``needs_review`` until a native speaker reviews them, and fall back to
        English for any id they lack.
        """
        if language == "en":
            return self.english_questions()
        key = language.lower()
        if key not in self._translations:
            self._translations[key] = {**self.english_questions(), **self._load_translation(key)}
        return self._translations[key]

    def languages(self) -> list[str]:
        folder = self._i18n_dir()
        if folder is None or not folder.is_dir():
            return ["en"]
        return ["en", *sorted(p.stem for p in folder.glob("*.yaml"))]

    def interview(self, profile: str) -> list[tuple[Stage, list[str]]]:
        """Question ids grouped by stage of the journey, in interview order, for a profile:
        its indicators, the act question for children, and the red flags."""
        children = self.profiles[profile].age_group == "child"
        by_stage: dict[str, list[str]] = {stage.id: [] for stage in self.stages}
        for indicator_id in self.profiles[profile].indicators:
            by_stage[self.indicators[indicator_id].stage].append(indicator_id)
        if children:
            for act in self.act_questions:
                by_stage[act.stage].append(act.id)
        for flag in self.red_flags:
            by_stage[flag.stage].append(flag.id)
        return [(stage, by_stage[stage.id]) for stage in self.stages if by_stage[stage.id]]

    def prefill_from_flow_monitoring(self, survey: Mapping[str, str]) -> dict[str, str]:
        """Screening answers pre-filled from flow-monitoring items (unmapped items ignored)."""
        return {
            self.flow_monitoring[item]: value
            for item, value in survey.items()
            if item in self.flow_monitoring
        }

    def _i18n_dir(self) -> Path | None:
        return None if self.path is None else self.path.with_suffix(".i18n")

    def _load_translation(self, language: str) -> dict[str, QuestionText]:
        folder = self._i18n_dir()
        if folder is None:
            return {}
        matches = [p for p in folder.glob("*.yaml") if p.stem.lower() == language]
        if not matches:
            raise CatalogueError(f"{folder}: no translation for language {language!r}")
        return load_translation(matches[0], self)


# --- loading ---------------------------------------------------------------------------------


class _Reader:
    """Checks one YAML mapping and builds error messages naming the file and the entry."""

    def __init__(self, path: str, where: str, data: Any) -> None:
        self.path = path
        self.where = where
        if not isinstance(data, dict):
            self.fail(f"must be a mapping, not {type(data).__name__}")
        self.data: dict[str, Any] = data

    def fail(self, message: str) -> Any:
        prefix = f"{self.path}: {self.where}: " if self.where else f"{self.path}: "
        raise CatalogueError(prefix + message)

    def only(self, *allowed: str) -> None:
        extra = sorted(set(self.data) - set(allowed))
        if extra:
            self.fail(f"unknown key(s) {', '.join(map(repr, extra))}")

    def get(self, key: str, kind: type | tuple[type, ...], default: Any = ...) -> Any:
        if key not in self.data:
            if default is ...:
                self.fail(f"missing {key!r}")
            return default
        value = self.data[key]
        if not isinstance(value, kind) or (kind is not bool and isinstance(value, bool)):
            names = kind.__name__ if isinstance(kind, type) else "/".join(k.__name__ for k in kind)
            self.fail(f"{key!r} must be {names}, not {value!r}")
        return value

    def text(self, key: str, default: Any = ...) -> str:
        value = self.get(key, str, default)
        if key in self.data and not value.strip():
            self.fail(f"{key!r} must not be empty")
        return str(value)

    def child(self, where: str, data: Any) -> _Reader:
        return _Reader(self.path, where, data)


def parse_catalogue(data: Any, path: str = "<catalogue>", source: Path | None = None) -> Catalogue:
    """Validate parsed YAML and build a :class:`Catalogue`.

    Raises:
        CatalogueError: naming ``path`` and the bad entry.
    """
    top = _Reader(path, "", data)
    top.only(
        "schema_version", "catalogue", "version", "status", "title", "profiles", "dimensions",
        "dimension_rule", "exploitation_dimension", "patterns", "stages",
        "forced_labour_indicators", "flow_monitoring", "red_flags", "act_questions", "indicators",
    )  # fmt: skip
    schema = top.get("schema_version", int)
    if schema not in SCHEMA_VERSIONS:
        top.fail(f"unsupported schema_version {schema} (supported: {SCHEMA_VERSIONS})")
    catalogue_id = top.text("catalogue")
    if not _CATALOGUE_ID.match(catalogue_id):
        top.fail(f"bad catalogue id {catalogue_id!r}")
    version = top.text("version")
    if "@" in version or version.strip() != version:
        top.fail(f"bad version {version!r}")
    status = top.text("status")
    if status not in ("draft", "approved"):
        top.fail(f"status must be 'draft' or 'approved', not {status!r}")

    dimensions = _dimensions(top)
    stages = _stages(top)
    stage_ids = {s.id for s in stages}
    forced = _string_map(top, "forced_labour_indicators", key_pattern=_ID)
    red_flags = _red_flags(top, stage_ids)
    acts = _acts(top, stage_ids)
    profile_patterns = _profile_patterns(top)
    indicators = _indicators(top, dimensions, stage_ids, set(forced), set(profile_patterns))
    taken = set(indicators)
    for item_id in [f.id for f in red_flags] + [a.id for a in acts]:
        if item_id in taken:
            top.fail(f"id {item_id!r} is used twice")
        taken.add(item_id)

    patterns = _patterns(top, set(dimensions), {a.id for a in acts})
    profiles: dict[str, Profile] = {}
    for name, pattern in profile_patterns.items():
        if pattern not in patterns:
            top.fail(f"profiles: {name}: unknown pattern {pattern!r}")
        members = tuple(i for i, ind in indicators.items() if name in ind.strengths)
        if not members:
            top.fail(f"profiles: {name}: no indicator has a strength for it")
        age_group, exploitation = name.split("_")
        profiles[name] = Profile(name, age_group, exploitation, pattern, members)

    exploitation_dimension = top.text("exploitation_dimension")
    if exploitation_dimension not in dimensions:
        top.fail(f"exploitation_dimension: unknown dimension {exploitation_dimension!r}")
    flow = _string_map(top, "flow_monitoring", key_pattern=_ID)
    for item, target in flow.items():
        if target not in indicators:
            top.fail(f"flow_monitoring: {item}: unknown indicator {target!r}")

    return Catalogue(
        id=catalogue_id,
        version=version,
        schema_version=schema,
        status=status,
        title=top.text("title", ""),
        profiles=profiles,
        dimensions=dimensions,
        dimension_rule=_dimension_rule(top),
        exploitation_dimension=exploitation_dimension,
        patterns=patterns,
        stages=stages,
        forced_labour_indicators=forced,
        flow_monitoring=flow,
        red_flags=red_flags,
        act_questions=acts,
        indicators=indicators,
        path=source,
    )


def _items(top: _Reader, key: str, kind: type = list) -> Any:
    value = top.get(key, kind)
    if not value:
        top.fail(f"{key!r} must not be empty")
    return value


def _dimensions(top: _Reader) -> dict[str, Dimension]:
    result = {}
    for dim_id, spec in _items(top, "dimensions", dict).items():
        entry = top.child(f"dimensions: {dim_id}", spec)
        entry.only("name", "phase")
        if not isinstance(dim_id, str) or not _ID.match(dim_id):
            entry.fail("bad dimension id")
        result[dim_id] = Dimension(dim_id, entry.text("name"), entry.text("phase"))
    return result


def _stages(top: _Reader) -> tuple[Stage, ...]:
    stages = []
    for n, spec in enumerate(_items(top, "stages")):
        entry = top.child(f"stages[{n}]", spec)
        entry.only("id", "title")
        stages.append(Stage(entry.text("id"), entry.text("title")))
    if len({s.id for s in stages}) != len(stages):
        top.fail("stages: ids must be unique")
    return tuple(stages)


def _string_map(top: _Reader, key: str, key_pattern: re.Pattern[str]) -> dict[str, str]:
    result = {}
    for name, value in _items(top, key, dict).items():
        if not isinstance(name, str) or not key_pattern.match(name):
            top.fail(f"{key}: bad key {name!r}")
        if not isinstance(value, str) or not value.strip():
            top.fail(f"{key}: {name}: value must be a non-empty string")
        result[name] = value
    return result


def _checked_item_id(entry: _Reader, prefix: str) -> str:
    item_id = entry.text("id")
    if not _ITEM_ID.match(item_id) or not item_id.startswith(prefix + "."):
        entry.fail(f"id {item_id!r} must look like '{prefix}.<name>'")
    entry.where = f"{entry.where} ({item_id})"
    return item_id


def _red_flags(top: _Reader, stage_ids: set[str]) -> tuple[RedFlag, ...]:
    flags = []
    for n, spec in enumerate(top.get("red_flags", list, [])):
        entry = top.child(f"red_flags[{n}]", spec)
        entry.only("id", "label", "action", "question", "stage")
        flag_id = _checked_item_id(entry, "rf")
        stage = _stage(entry, stage_ids)
        flags.append(
            RedFlag(
                flag_id, entry.text("label"), entry.text("action"), entry.text("question"), stage
            )
        )
    return tuple(flags)


def _acts(top: _Reader, stage_ids: set[str]) -> tuple[ActQuestion, ...]:
    acts = []
    for n, spec in enumerate(top.get("act_questions", list, [])):
        entry = top.child(f"act_questions[{n}]", spec)
        entry.only("id", "label", "question", "stage")
        act_id = _checked_item_id(entry, "act")
        stage = _stage(entry, stage_ids)
        acts.append(ActQuestion(act_id, entry.text("label"), entry.text("question"), stage))
    return tuple(acts)


def _stage(entry: _Reader, stage_ids: set[str]) -> str:
    stage = entry.text("stage")
    if stage not in stage_ids:
        entry.fail(f"unknown stage {stage!r}")
    return stage


def _profile_patterns(top: _Reader) -> dict[str, str]:
    result = {}
    for name, spec in _items(top, "profiles", dict).items():
        entry = top.child(f"profiles: {name}", spec)
        entry.only("pattern")
        if name not in PROFILE_NAMES:
            entry.fail(f"unknown profile (known: {', '.join(PROFILE_NAMES)})")
        result[name] = entry.text("pattern")
    for name in REQUIRED_PROFILES:
        if name not in result:
            top.fail(f"profiles: {name} is required (other profiles fall back to it)")
    return result


def _indicators(
    top: _Reader,
    dimensions: Mapping[str, Dimension],
    stage_ids: set[str],
    forced: set[str],
    profiles: set[str],
) -> dict[str, Indicator]:
    result: dict[str, Indicator] = {}
    for n, spec in enumerate(_items(top, "indicators")):
        entry = top.child(f"indicators[{n}]", spec)
        entry.only(
            "id", "strength", "stage", "forced_labour", "unverified", "note", "label", "question"
        )
        indicator_id = entry.text("id")
        entry.where = f"{entry.where} ({indicator_id})"
        dimension = indicator_id.split(".")[0]
        if not _ITEM_ID.match(indicator_id) or dimension not in dimensions:
            entry.fail("id must be '<dimension>.<name>' with a known dimension")
        if indicator_id in result:
            entry.fail("duplicate id")
        strengths: dict[str, Strength] = {}
        for profile, strength in entry.get("strength", dict).items():
            if profile not in profiles:
                entry.fail(f"strength for unknown profile {profile!r}")
            if strength is None:
                continue
            if strength not in STRENGTHS:
                entry.fail(f"strength for {profile!r} must be S, M, W or null, not {strength!r}")
            strengths[profile] = strength
        tags = entry.get("forced_labour", list)
        if not tags or any(tag not in forced for tag in tags):
            entry.fail(f"forced_labour must list known forced-labour indicators, not {tags!r}")
        result[indicator_id] = Indicator(
            id=indicator_id,
            dimension=dimension,
            label=entry.text("label"),
            question=entry.text("question"),
            stage=_stage(entry, stage_ids),
            strengths=strengths,
            forced_labour=tuple(tags),
            unverified=entry.get("unverified", bool),
            note=entry.text("note", ""),
        )
    return result


def _dimension_rule(top: _Reader) -> tuple[Clause, ...]:
    rule = top.child("dimension_rule", top.get("dimension_rule", dict))
    rule.only("any_of")
    clauses = []
    for n, spec in enumerate(rule.get("any_of", list)):
        entry = top.child(f"dimension_rule: any_of[{n}]", spec)
        minimums = []
        for key, minimum in entry.data.items():
            group = tuple(str(key).split("+"))
            if not group or any(s not in STRENGTHS for s in group) or len(set(group)) < len(group):
                entry.fail(f"bad strength group {key!r} (use S, M, W or sums like M+W)")
            if not isinstance(minimum, int) or isinstance(minimum, bool) or minimum < 1:
                entry.fail(f"minimum for {key!r} must be a positive integer")
            minimums.append((group, minimum))
        if not minimums:
            entry.fail("a clause needs at least one minimum")
        clauses.append(Clause(tuple(minimums)))  # type: ignore[arg-type]
    if not clauses:
        rule.fail("any_of must not be empty")
    return tuple(clauses)


def _patterns(top: _Reader, dimension_ids: set[str], act_ids: set[str]) -> dict[str, Pattern]:
    result = {}
    for name, spec in _items(top, "patterns", dict).items():
        entry = top.child(f"patterns: {name}", spec)
        entry.only("description", "all_of")
        groups = entry.get("all_of", list)
        if not groups:
            entry.fail("all_of must not be empty")
        for group in groups:
            if not isinstance(group, list) or not group:
                entry.fail(f"each all_of group must be a non-empty list, not {group!r}")
            for term in group:
                if term not in dimension_ids and term not in act_ids:
                    entry.fail(f"unknown term {term!r} (a dimension id or an act question id)")
        result[name] = Pattern(name, entry.text("description", ""), tuple(tuple(g) for g in groups))
    return result


def load_translation(path: Path, catalogue: Catalogue) -> dict[str, QuestionText]:
    """Load ``<id>.i18n/<language>.yaml``: question texts keyed by item id, and stage titles
    keyed ``stage.<id>``. Every id must exist in the catalogue."""
    with path.open(encoding="utf-8") as handle:
        data = yaml.load(handle, Loader=_Loader)  # noqa: S506 - the C/pure *safe* loader
    top = _Reader(str(path), "", data)
    top.only(
        "schema_version", "catalogue", "language", "direction", "stages", "questions",
        "dimensions", "labels", "actions",
    )  # fmt: skip
    if top.get("schema_version", int) not in SCHEMA_VERSIONS:
        top.fail("unsupported schema_version")
    if top.text("catalogue") != catalogue.id:
        top.fail(f"is for catalogue {top.data['catalogue']!r}, not {catalogue.id!r}")
    language = top.text("language")
    if not _LANGUAGE.match(language):
        top.fail(f"bad language code {language!r}")
    direction = top.text("direction")
    if direction != ("rtl" if language.split("-")[0] in RTL_LANGUAGES else "ltr"):
        top.fail(f"direction {direction!r} is wrong for {language!r}")
    known = catalogue.answerable_ids
    stage_ids = {s.id for s in catalogue.stages}
    texts: dict[str, QuestionText] = {}
    sections: tuple[tuple[str, Any, str, Any], ...] = (
        ("stages", stage_ids, "stage.", ...),
        ("questions", known, "", ...),
        # Optional (older files have only the questions): English shows where they are missing.
        ("dimensions", set(catalogue.dimensions), "dimension.", {}),
        ("labels", known, "label.", {}),
        ("actions", catalogue.red_flag_ids, "action.", {}),
    )
    for section, ids, prefix, default in sections:
        for item_id, spec in top.get(section, dict, default).items():
            entry = top.child(f"{section}: {item_id}", spec)
            entry.only("text", "needs_review")
            if item_id not in ids:
                entry.fail("unknown id")
            texts[prefix + item_id] = QuestionText(
                entry.text("text"), entry.get("needs_review", bool)
            )
    return texts


_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_catalogue_file(path: Path | str) -> Catalogue:
    """Load and validate one catalogue file."""
    path = Path(path)
    try:
        with path.open(encoding="utf-8") as handle:
            data = yaml.load(handle, Loader=_Loader)  # noqa: S506 - the C/pure *safe* loader
    except OSError as error:
        raise CatalogueError(f"{path}: cannot read: {error.strerror}") from error
    except yaml.YAMLError as error:
        raise CatalogueError(f"{path}: not valid YAML: {error}") from error
    return parse_catalogue(data, str(path), source=path.resolve())


def bundled_catalogue_files(directory: Path = CATALOGUE_DIR) -> Iterator[Path]:
    yield from sorted(directory.glob("*.yaml"))


def load_catalogue(ref: str | None = None, directory: Path = CATALOGUE_DIR) -> Catalogue:
    """Load a catalogue by ``ID@VERSION``, by ``ID`` (only when a single version exists), or
    by the path of a YAML file. ``None`` loads the default ILO/EC catalogue.

    Raises:
        CatalogueError: when no catalogue matches, or the file is malformed.
    """
    ref = ref or DEFAULT_CATALOGUE
    if ref.endswith((".yaml", ".yml")) or "/" in ref:
        return load_catalogue_file(ref)
    wanted_id, _, wanted_version = ref.partition("@")
    found = []
    for path in bundled_catalogue_files(directory):
        # The file name is "<id>.yaml" or "<id>@<version>.yaml"; only matching files are parsed.
        file_id, _, file_version = path.stem.partition("@")
        if file_id != wanted_id or (wanted_version and file_version not in ("", wanted_version)):
            continue
        catalogue = load_catalogue_file(path)
        if catalogue.id == wanted_id and wanted_version in ("", catalogue.version):
            found.append(catalogue)
    if not found:
        raise CatalogueError(f"no catalogue {ref!r} in {directory}")
    if len(found) > 1:
        versions = ", ".join(c.ref for c in found)
        raise CatalogueError(f"catalogue {ref!r} is ambiguous ({versions}): give ID@VERSION")
    return found[0]
