"""Read exports of the offline screening form and check every submission against the catalogue.

Files are read by the survey import's readers (:mod:`ctis.surveys.importing.tables`): KoboToolbox
and ODK Central CSV (``;`` or ``,``), XLSX, Kobo API v2 JSON and ODK Central OData JSON. Headers
may be the form's XML names, with or without group paths (``consent/told_purpose``,
``recruitment-dr.nature_of_job`` as ODK Central writes them), or the question labels in any
language of the form, as KoboToolbox exports them "with labels"; values may be the choice codes
or their labels.

As for survey imports, every problem is collected, each naming the row, the column, the value
and the reason, and the caller rejects a file with any problem whole.

No Django import.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from typing import Any

from ctis.screening.catalogue import Catalogue
from ctis.screening.offline import labels as lb
from ctis.screening.offline import xlsform
from ctis.surveys.importing.mapping import ID_ALIASES, is_metadata, normalize
from ctis.surveys.importing.tables import Table
from ctis.surveys.importing.validate import Problem
from ctis.surveys.iso3166 import ALPHA3

ANSWERS = ("yes", "no", "unknown")
TRUE_VALUES = frozenset({"1", "true", "yes"})
FALSE_VALUES = frozenset({"0", "false", "no"})
MAX_VALUE_CHARS = 200
ITEM_ID = re.compile(r"^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$")
#: Columns of the form that are read (besides the questions of the catalogue).
FIELDS = (*xlsform.CONSENT_FIELDS, *xlsform.PROFILE_FIELDS, "catalogue", "start", "end")
#: Columns of the form that are not read: the import recomputes what they say.
SKIPPED = frozenset({"consent_complete", "child", "intro", "refused"})
REQUIRED_PROFILE = ("respondent_language", "interpreter", "sex", "exploitation")
ONLY_ADULTS = "is asked only of adults (18 or over when it happened), and this person is a child"
ONLY_CHILDREN = "is asked only of children (under 18 when it happened), and this person is not one"
REFUSAL_REASON = "is given but consent is not complete: a refusal keeps nothing but a count"

Resolve = Callable[[str], Catalogue | None]


@dataclass(frozen=True)
class Submission:
    """One checked submission of the form."""

    row: int
    submission_id: str
    catalogue: str  # ID@VERSION
    consent: dict[str, bool]
    consent_complete: bool
    profile: dict[str, Any]  # the profile fields (empty for a refusal)
    answers: dict[str, str]  # answered ids only (blank = not asked)
    started: datetime | None
    ended: datetime | None


@dataclass
class Parsed:
    submissions: list[Submission]
    problems: list[Problem]
    ignored: list[str] = field(default_factory=list)  # columns neither read nor metadata


class _Invalid(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class _Index:
    """Labels of the form in every language: question labels → names, choice labels → codes."""

    questions: Mapping[str, str]
    choices: Mapping[str, Mapping[str, str]]


@lru_cache(maxsize=4)
def _index(catalogue: Catalogue) -> _Index:
    survey = xlsform.survey_rows(catalogue)
    width = len(xlsform.languages(catalogue))
    questions: dict[str, str] = {}
    for row in survey[1:]:
        if row[0] in ("note", "begin_group", "end_group", "calculate"):
            continue
        for label in row[2 : 2 + width]:
            if label:
                questions.setdefault(normalize(label), row[1])
    choices: dict[str, dict[str, str]] = {}
    for list_name, code, *names in xlsform.choice_rows(catalogue)[1:]:
        target = choices.setdefault(list_name, {})
        target.setdefault(normalize(code), code)
        for name in names:
            if name:
                target.setdefault(normalize(name), code)
    return _Index(questions, choices)


def _shown(value: Any) -> str:
    text = value if isinstance(value, str) else str(value)
    return text if len(text) <= MAX_VALUE_CHARS else text[: MAX_VALUE_CHARS - 1] + "…"


def _strip_uuid(value: str) -> str:
    return value[5:] if value.lower().startswith("uuid:") else value


@dataclass
class _Headers:
    direct: dict[str, str] = field(default_factory=dict)  # name → header
    ids: list[str] = field(default_factory=list)  # submission id headers, in preference order
    unknown_questions: list[tuple[str, str]] = field(default_factory=list)  # (header, id)
    duplicates: list[tuple[str, str]] = field(default_factory=list)  # (name, header)
    ignored: list[str] = field(default_factory=list)


def _name(segment: str, known: frozenset[str], index: _Index) -> str | None:
    if segment in known:
        return segment
    if "-" in segment and segment.rsplit("-", 1)[1] in known:  # ODK Central: group-name
        return segment.rsplit("-", 1)[1]
    return index.questions.get(normalize(segment))


def map_headers(headers: Iterable[str], known: frozenset[str], index: _Index) -> _Headers:
    """Resolve each header to a field or question of the form; a header is a path of groups
    and a name (or labels, which may hold a ``/`` of their own: every cut is tried)."""
    found = _Headers()
    present = list(headers)
    found.ids = [alias for alias in ID_ALIASES if alias in present]
    for header in present:
        if header in ID_ALIASES:
            continue
        parts = header.split("/")
        name = None
        for start in range(len(parts)):
            name = _name("/".join(parts[start:]), known, index)
            if name is not None:
                break
        if name is None:
            last = parts[-1].rsplit("-", 1)[-1]
            if ITEM_ID.match(last):
                found.unknown_questions.append((header, last))
            elif not is_metadata(header) and last not in SKIPPED:
                found.ignored.append(header)
            continue
        if name in SKIPPED:
            continue
        if name in found.direct:
            found.duplicates.append((name, header))
            continue
        found.direct[name] = header
    return found


def _choice(text: str, list_name: str, index: _Index) -> str:
    code = index.choices[list_name].get(normalize(text))
    if code is None:
        allowed = ", ".join(c for c, _key in xlsform.CHOICE_LISTS.get(list_name, ()))
        raise _Invalid(f"is not one of {allowed}")
    return code


def _yes_no(text: str, index: _Index) -> bool:
    flag = text.strip().casefold()
    if flag in TRUE_VALUES:
        return True
    if flag in FALSE_VALUES:
        return False
    if index.choices["yes_no"].get(normalize(text)) == "yes":
        return True
    if index.choices["yes_no"].get(normalize(text)) == "no":
        return False
    raise _Invalid("is not yes or no")


def _age(text: str) -> int:
    try:
        number = float(text)
    except ValueError as exc:
        raise _Invalid("is not a whole number") from exc
    if not math.isfinite(number) or not number.is_integer():
        raise _Invalid("is not a whole number")
    if not 0 <= number <= xlsform.MAX_AGE:
        raise _Invalid(f"is outside the allowed range (0 to {xlsform.MAX_AGE})")
    return int(number)


def _nationality(text: str, index: _Index) -> str:
    if text.upper() in ALPHA3:
        return text.upper()
    code = index.choices["countries_a3"].get(normalize(text))
    if code is None:
        raise _Invalid("is not an ISO 3166-1 alpha-3 country code")
    return code


def _language(text: str, index: _Index) -> str:
    if text in lb.INTERVIEW_LANGUAGES:
        return text
    code = index.choices["respondent_language"].get(normalize(text))
    if code is None:
        raise _Invalid(f"is not one of {', '.join(lb.INTERVIEW_LANGUAGES)}")
    return code


def _moment(text: str) -> datetime:
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError as exc:
        raise _Invalid("is not an ISO 8601 date and time") from exc


def _answer(text: str, index: _Index) -> str:
    code = index.choices["answer"].get(normalize(text))
    if code is None:
        raise _Invalid("is not yes, no or unknown")
    return code


def parse(table: Table, *, resolve: Resolve, form: Catalogue | None = None) -> Parsed:
    """Every submission of ``table`` checked, and every problem found.

    Args:
        table: the export as read by :mod:`ctis.surveys.importing.tables`.
        resolve: the approved catalogue of an ``ID@VERSION``, or None if ctis has none.
        form: the catalogue whose form produced the file (labels, default version);
            the built-in one by default.
    Returns:
        the submissions (complete only when ``problems`` is empty) and the problems.
    """
    form = form or xlsform.builtin()
    index = _index(form)
    known = frozenset(FIELDS) | form.answerable_ids | SKIPPED
    headers = map_headers(table.headers, known, index)
    problems: list[Problem] = []
    for header, item in headers.unknown_questions:
        problems.append(Problem(None, item, header, f"is not a question of catalogue {form.ref}"))
    for name, header in headers.duplicates:
        problems.append(
            Problem(
                None, name, header, f"is a second column for {name} (first: {headers.direct[name]})"
            )
        )
    if not headers.ids:
        problems.append(
            Problem(
                None,
                "submission_id",
                "",
                "has no column: the file needs meta/rootUuid, _uuid, meta/instanceID, KEY or "
                "__id, as KoboToolbox and ODK Central export them",
            )
        )
    missing = [name for name in xlsform.TOLD if name not in headers.direct]
    if missing:
        problems.append(
            Problem(
                None,
                missing[0],
                "",
                "has no column: is this an export of the ctis screening form? (missing: "
                + ", ".join(missing)
                + ")",
            )
        )
    if not table.records:
        problems.append(Problem(None, "", "", "the file holds no submissions"))
    catalogues: dict[str, Catalogue | None] = {}
    first_row: dict[str, int] = {}
    submissions: list[Submission] = []
    for record in table.records:
        row = record.row
        cells = record.values
        found: list[Problem] = []

        def bad(name: str, value: Any, reason: str, found: list[Problem] = found) -> None:
            found.append(Problem(row, name, _shown(value), reason))  # noqa: B023

        submission_id = next(
            (_strip_uuid(v) for h in headers.ids if isinstance(v := cells.get(h), str) and v),
            None,
        )
        if submission_id is None:
            if headers.ids:
                bad("submission_id", "", "is blank")
        elif submission_id in first_row:
            bad(
                "submission_id",
                submission_id,
                f"appears twice in the file (first on row {first_row[submission_id]})",
            )
        else:
            first_row[submission_id] = row

        text: dict[str, str] = {}
        for name, header in headers.direct.items():
            cell = cells.get(header)
            if cell is None:
                continue
            if not isinstance(cell, str):
                bad(name, cell, "is a list or object, not one value")
                continue
            text[name] = cell

        ref = text.get("catalogue", form.ref if "catalogue" not in headers.direct else "")
        if ref not in catalogues:
            catalogues[ref] = resolve(ref) if ref else None
        catalogue = catalogues[ref]
        if catalogue is None:
            if ref:
                bad("catalogue", ref, "is not an approved catalogue version in ctis")
            else:
                bad("catalogue", "", "is blank")

        consent: dict[str, bool] = {}
        for name in xlsform.CONSENT_FIELDS:
            consent[name] = False
            if name in text:
                try:
                    consent[name] = _yes_no(text[name], index)
                except _Invalid as exc:
                    bad(name, text[name], exc.reason)
        told = all(consent[name] for name in xlsform.TOLD)
        agreed = (
            consent["child_assent"] and consent["guardian_consent"]
            if consent["is_child"]
            else consent["consent_interview"]
        )
        complete = told and agreed

        started = ended = None
        for name in ("start", "end"):
            if name in text:
                try:
                    moment = _moment(text[name])
                except _Invalid as exc:
                    bad(name, text[name], exc.reason)
                else:
                    started, ended = (moment, ended) if name == "start" else (started, moment)

        answered = {
            name: value
            for name, value in text.items()
            if name not in FIELDS and name not in SKIPPED
        }
        profile: dict[str, Any] = {}
        answers: dict[str, str] = {}
        if not complete:
            for name in xlsform.PROFILE_FIELDS:
                if name in text:
                    bad(name, text[name], REFUSAL_REASON)
            for name, value in answered.items():
                bad(name, value, REFUSAL_REASON)
        else:
            profile = _profile(text, index, bad)
            for name in REQUIRED_PROFILE:
                if name not in text:
                    bad(name, "", "is blank, but the form asks it of everyone who agreed")
            answers = _answers(answered, index, catalogue, consent, profile, bad)
        submissions.append(
            Submission(
                row=row,
                submission_id=submission_id or "",
                catalogue=ref,
                consent=consent,
                consent_complete=complete,
                profile=profile,
                answers=answers,
                started=started,
                ended=ended,
            )
        )
        problems += found
    return Parsed(submissions, problems, headers.ignored)


def _profile(
    text: Mapping[str, str], index: _Index, bad: Callable[[str, Any, str], None]
) -> dict[str, Any]:
    profile: dict[str, Any] = {
        "respondent_language": "en",
        "interpreter": False,
        "age": None,
        "age_at_exploitation": None,
        "sex": "unknown",
        "nationality": "",
        "exploitation": "unknown",
    }
    parsers: dict[str, Callable[[str], Any]] = {
        "respondent_language": lambda t: _language(t, index),
        "interpreter": lambda t: _yes_no(t, index),
        "age": _age,
        "age_at_exploitation": _age,
        "sex": lambda t: _choice(t, "sex", index),
        "nationality": lambda t: _nationality(t, index),
        "exploitation": lambda t: _choice(t, "exploitation", index),
    }
    for name, parser in parsers.items():
        if name in text:
            try:
                profile[name] = parser(text[name])
            except _Invalid as exc:
                bad(name, text[name], exc.reason)
    age, then = profile["age"], profile["age_at_exploitation"]
    if age is not None and then is not None and then > age:
        bad(
            "age_at_exploitation", text["age_at_exploitation"], f"is older than the age now ({age})"
        )
    return profile


def is_child(consent: Mapping[str, bool], profile: Mapping[str, Any]) -> bool:
    """Whether the form asked the child's questions (the web interview's rule)."""
    then, age = profile.get("age_at_exploitation"), profile.get("age")
    used = then if then is not None else age
    return bool(consent.get("is_child")) or (used is not None and used < 18)


def _answers(
    answered: Mapping[str, str],
    index: _Index,
    catalogue: Catalogue | None,
    consent: Mapping[str, bool],
    profile: Mapping[str, Any],
    bad: Callable[[str, Any, str], None],
) -> dict[str, str]:
    answers: dict[str, str] = {}
    child = is_child(consent, profile)
    group = "child" if child else "adult"
    for name, value in answered.items():
        try:
            answer = _answer(value, index)
        except _Invalid as exc:
            bad(name, value, exc.reason)
            continue
        if catalogue is None:
            continue
        if name not in catalogue.answerable_ids:
            bad(name, value, f"is not a question of catalogue {catalogue.ref}")
            continue
        if name in catalogue.act_ids and not child:
            bad(name, value, ONLY_CHILDREN)
            continue
        if (
            name in catalogue.indicators
            and name not in catalogue.profiles[f"{group}_labour"].indicators
        ):
            bad(name, value, ONLY_ADULTS if child else ONLY_CHILDREN)
            continue
        answers[name] = answer
    return answers
