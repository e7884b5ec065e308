"""Map the headers and labels of KoboToolbox / ODK exports onto canonical columns and codes.

Headers may be canonical names, XML names with group paths (``trafficking/ht_forced_work``, or
``trafficking-ht_forced_work`` as ODK Central's CSV writes them), question labels in any
language of the instrument, or split select-multiple columns (``reasons_for_leaving/conflict``,
``Reasons for leaving (all that apply)/Conflict``). Labels are those of our instrument
(:mod:`ctis.surveys.instrument.generate`), so an export of it maps back without configuration.

No Django import.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache

from ctis.analytics.readers import ID_ALIASES as READER_ID_ALIASES
from ctis.surveys import dictionary as dd
from ctis.surveys.instrument import generate

#: Identifier columns, in order of preference: the sync key ``meta/rootUuid`` stays the same
#: when a submission is edited; ODK Central's ``__id`` / ``KEY`` likewise; ``_uuid`` and
#: ``meta/instanceID`` change with each edit. Extends the analytics reader's list with ODK's.
ID_ALIASES: tuple[str, ...] = (
    *READER_ID_ALIASES[:2],
    "__id",
    "KEY",
    *READER_ID_ALIASES[2:],
    "meta-instanceID",
)


def normalize(text: str) -> str:
    """Labels compare without case, accents' composition, spacing or final punctuation."""
    text = unicodedata.normalize("NFC", text).casefold()
    text = re.sub(r"\s+", " ", text).strip()
    return text.rstrip(" ?？؟:：.")


@dataclass(frozen=True)
class LabelIndex:
    """Question labels → canonical names, and per column, choice labels → codes."""

    questions: Mapping[str, str]
    choices: Mapping[str, Mapping[str, str]]


@lru_cache(maxsize=1)
def label_index() -> LabelIndex:
    """Built once from the instrument's labels in every language."""
    questions: dict[str, str] = {}
    for row in generate.survey_rows()[1:]:
        qtype, name = row[0], row[1]
        if name in dd.BY_NAME and not qtype.startswith(("begin", "end", "note", "calculate")):
            for label in row[2 : 2 + len(generate.lb.LANGUAGES)]:
                if label:
                    questions.setdefault(normalize(label), name)
    by_list: dict[str, dict[str, str]] = {}
    for list_name, code, *labels in generate.choice_rows()[1:]:
        target = by_list.setdefault(list_name, {})
        for label in labels:
            if label:
                target.setdefault(normalize(label), code)
        if list_name.startswith("countries"):  # English short names of ISO as well
            target.setdefault(normalize(code), code)
    from ctis.surveys.iso3166 import COUNTRIES

    for a2, a3, name in COUNTRIES:
        by_list.setdefault("countries_a2", {}).setdefault(normalize(name), a2)
        by_list.setdefault("countries_a3", {}).setdefault(normalize(name), a3)
    choices: dict[str, Mapping[str, str]] = {}
    for column in dd.COLUMNS:
        name = generate.list_name(column)
        if name in by_list:
            choices[column.name] = by_list[name]
    return LabelIndex(questions, choices)


@dataclass
class HeaderMap:
    """Where each canonical column comes from in one file."""

    id_headers: list[str] = field(default_factory=list)  # in order of preference
    direct: dict[str, str] = field(default_factory=dict)  # canonical → header
    split: dict[str, dict[str, str]] = field(default_factory=dict)  # multi → {code: header}
    duplicates: list[tuple[str, str]] = field(default_factory=list)  # (canonical, header)
    ignored: list[str] = field(default_factory=list)  # neither canonical nor known metadata


def _candidates(segment: str) -> list[str]:
    """A header segment as written, and without an ODK Central ``group-`` prefix."""
    found = [segment]
    if "-" in segment:
        found.append(segment.rsplit("-", 1)[1])
    return found


def _column(segment: str, index: LabelIndex) -> str | None:
    for candidate in _candidates(segment):
        if candidate in dd.BY_NAME:
            return candidate
        name = index.questions.get(normalize(candidate))
        if name:
            return name
    return None


def choice_code(column: str, text: str, index: LabelIndex) -> str | None:
    """The code for ``text`` in ``column``: the code itself, or a choice label of it."""
    spec = dd.BY_NAME[column]
    allowed = spec.allowed_codes()
    if text in allowed:
        return text
    if text.upper() in allowed and spec.kind in (dd.Kind.ALPHA2, dd.Kind.ALPHA3, dd.Kind.MULTI):
        return text.upper()
    return index.choices.get(column, {}).get(normalize(text))


#: Columns that KoboToolbox, ODK Collect and ODK Central add to every export: not questions.
METADATA = frozenset(
    {
        "start",
        "end",
        "today",
        "deviceid",
        "username",
        "simserial",
        "subscriberid",
        "phonenumber",
        "audit",
        "SubmissionDate",
        "SubmitterID",
        "SubmitterName",
        "AttachmentsPresent",
        "AttachmentsExpected",
        "Status",
        "ReviewState",
        "DeviceID",
        "Edits",
        "FormVersion",
        "instanceID",
        "KEY",
    }
)


def is_metadata(header: str) -> bool:
    """Whether a header is an export's own bookkeeping (``_id``, ``meta/…``, ``__system/…``)."""
    return (
        header in METADATA
        or header.startswith(("_", "meta/", "meta-", "formhub/", "@odata"))
        or header.rsplit("/", 1)[-1] in METADATA
        or header.rsplit("-", 1)[-1] in METADATA
    )


def map_headers(headers: Iterable[str], index: LabelIndex | None = None) -> HeaderMap:
    """Resolve every header of a file; headers that are no canonical column are left out."""
    index = index or label_index()
    found = HeaderMap()
    present = list(headers)
    found.id_headers = [alias for alias in ID_ALIASES if alias in present]
    for header in present:
        if header in ID_ALIASES and header != "submission_id":
            continue
        resolved = _resolve(header, index)
        if resolved is None:
            if not is_metadata(header):
                found.ignored.append(header)
            continue
        name, code = resolved
        if code is not None:
            found.split.setdefault(name, {})[code] = header
            continue
        if name == "submission_id":
            continue
        if name in found.direct:
            found.duplicates.append((name, header))
            continue
        found.direct[name] = header
    return found


def _resolve(header: str, index: LabelIndex) -> tuple[str, str | None] | None:
    """(column, None) for a column, (multi column, code) for a split column, or None.

    A header is a path of segments joined by ``/``; labels may hold a ``/`` of their own
    (``prošao/la``), so every way of cutting the path is tried, split columns first (a code
    such as ``education`` is also a column name).
    """
    whole = _column(header, index)
    if whole is not None or "/" not in header:
        return (whole, None) if whole is not None else None
    parts = header.split("/")
    for cut in range(len(parts) - 1, 0, -1):
        right = "/".join(parts[cut:])
        for start in range(cut):
            multi = _column("/".join(parts[start:cut]), index)
            if multi in dd.MULTI_COLUMNS:
                code = choice_code(multi, right, index)
                if code is not None:
                    return multi, code
    for start in range(1, len(parts)):
        name = _column("/".join(parts[start:]), index)
        if name is not None:
            return name, None
    return None


def match_labels(column: str, text: str, index: LabelIndex) -> list[str] | None:
    """Codes of a space-joined list of choice labels (Kobo's label export), longest first."""
    words = text.split()
    codes: list[str] = []
    start = 0
    while start < len(words):
        for end in range(len(words), start, -1):
            code = choice_code(column, " ".join(words[start:end]), index)
            if code is not None:
                codes.append(code)
                start = end
                break
        else:
            return None
    return codes
