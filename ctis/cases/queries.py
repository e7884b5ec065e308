"""Reading cases: the owning organisation sees its cases; others see counts or nothing.

Every page and API endpoint starts from ``cases_visible_to(user)``; a case outside it is a 404
(``get_case_for``), never a 403 that would confirm it exists. Referrals and transfers (a later
slice) widen this function, and only this function.

Break-glass does not widen it: an administrator's active grant opens one case's page only,
through ``get_case_to_read`` (the case page alone calls it).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from ctis.accounts import permissions
from ctis.accounts.models import User
from ctis.accounts.roles import Perm
from ctis.cases import status as machine
from ctis.cases.models import (
    BreakGlassGrant,
    Case,
    CaseEvent,
    CaseNote,
    ConsentEvent,
    Person,
    StatusDecision,
)
from ctis.core import fuzzy_names
from ctis.core.fields import fuzzy_candidates, search


def cases_visible_to(user: User) -> QuerySet[Case]:
    """The cases whose content ``user`` may see: those held by their organisation."""
    organisation_ids = permissions.organisation_ids_for(user, Perm.VIEW_CASES)
    return Case.objects.filter(organisation_id__in=organisation_ids).select_related(
        "person", "organisation", "country", "caseworker"
    )


def get_case_for(user: User, code: str) -> Case:
    case = cases_visible_to(user).filter(code=code.upper()).first()
    if case is None:
        raise Http404
    return case


def get_case_by_public_id(user: User, public_id: Any) -> Case:
    case = cases_visible_to(user).filter(public_id=public_id).first()
    if case is None:
        raise Http404
    return case


def active_grant(
    user: User, code: str, *, now: datetime.datetime | None = None
) -> BreakGlassGrant | None:
    """``user``'s break-glass grant for case ``code`` active at ``now`` (None: none).

    The grant counts only while the user still holds ``BREAK_GLASS`` over the case's
    organisation (a role removed mid-grant ends it).
    """
    now = now or timezone.now()
    grant = (
        BreakGlassGrant.objects.filter(
            user=user,
            case__code=code.upper(),
            ended_at__isnull=True,
            started_at__lte=now,
            expires_at__gt=now,
        )
        .select_related("case__person", "case__organisation", "case__country", "case__caseworker")
        .order_by("-expires_at")
        .first()
    )
    if grant is None or not permissions.can_for_organisation(
        user, Perm.BREAK_GLASS, grant.case.organisation
    ):
        return None
    return grant


def get_case_to_read(
    user: User, code: str, *, now: datetime.datetime | None = None
) -> tuple[Case, BreakGlassGrant | None]:
    """The case page: a case of ``cases_visible_to(user)``, or else the one case of an active
    break-glass grant (returned with the grant, so the view audits it). 404 otherwise."""
    case = cases_visible_to(user).filter(code=code.upper()).first()
    if case is not None:
        return case, None
    grant = active_grant(user, code, now=now)
    if grant is None:
        raise Http404
    return grant.case, grant


def search_cases(cases: QuerySet[Case], *, name: str = "", code: str = "") -> QuerySet[Case]:
    """Cases of ``cases`` whose person's name (in any script or spelling, see
    ``ctis.core.names``) or whose code matches. Exact match on normalised names."""
    if code.strip():
        cases = cases.filter(code=code.strip().upper())
    if name.strip():
        people = Person.objects.filter(cases__in=cases)
        found = (
            search(people, "name", name)
            .values("pk")
            .union(search(people, "name_latin", name).values("pk"))
        )
        cases = cases.filter(person_id__in=[row["pk"] for row in found])
    return cases


# The forgiving search decrypts at most this many candidate people (those sharing most keys).
FUZZY_CANDIDATES = 300


@dataclass(frozen=True)
class FoundCase:
    case: Case
    exact: bool  # every search key agreed; otherwise a close spelling or part of the name
    score: float


def find_cases(
    cases: QuerySet[Case], *, name: str = "", code: str = "", limit: int = 50
) -> list[FoundCase]:
    """Cases of ``cases`` (the caller's scope) for a search form, best first.

    Exact matches on the normalised name (``search_cases``) come first; then people whose name
    is close (``ctis.core.fuzzy_names``: one name alone, either order, a letter or two off,
    another script). Close candidates come from the forgiving blind index within ``cases``
    only, and only they are decrypted to be compared.
    """
    found: list[FoundCase] = [
        FoundCase(case, True, 1.0)
        for case in search_cases(cases, name=name, code=code).order_by("-opened_at")[:limit]
    ]
    if not name.strip() or len(found) >= limit:
        return found
    scoped = search_cases(cases, code=code)
    people = Person.objects.filter(cases__in=scoped)
    candidate_ids = fuzzy_candidates(people, ["name", "name_latin"], name, limit=FUZZY_CANDIDATES)
    scores: dict[int, fuzzy_names.NameMatch] = {}
    for person in Person.objects.filter(pk__in=candidate_ids):
        match = fuzzy_names.compare(name, person.name, person.name_latin)
        if match is not None:
            scores[person.pk] = match
    seen = {item.case.pk for item in found}
    close = [
        case
        for case in scoped.filter(person_id__in=list(scores)).order_by("-opened_at")
        if case.pk not in seen
    ]
    close.sort(key=lambda case: (-scores[case.person_id].score, scores[case.person_id].by_skeleton))
    found.extend(FoundCase(case, False, scores[case.person_id].score) for case in close)
    return found[:limit]


def current_consents(case: Case) -> dict[str, ConsentEvent | None]:
    """The latest consent event of each purpose (None: never asked)."""
    latest: dict[str, ConsentEvent | None] = dict.fromkeys(ConsentEvent.Purpose.values)
    for event in case.consents.select_related("recorded_by").order_by("recorded_at", "pk"):
        latest[event.purpose] = event
    return latest


def has_consent(case: Case, purpose: str) -> bool:
    """Whether consent for ``purpose`` stands (a child's needs assent and a guardian)."""
    event = current_consents(case).get(purpose)
    if event is None or not event.given:
        return False
    if case.person.is_child:
        return event.child_assent and event.guardian_consent
    return True


@dataclass(frozen=True)
class TimelineEntry:
    at: datetime.datetime
    kind: str  # decision | consent | note | closed | reopened | opened | edited | assigned
    by: str
    item: Any


def timeline(case: Case) -> list[TimelineEntry]:
    """Decisions, consents, notes, closures, assessments, plan, assistance and documents of
    the case, newest first."""
    entries: list[TimelineEntry] = []
    for decision in StatusDecision.objects.filter(case=case).select_related("recorded_by"):
        entries.append(
            TimelineEntry(decision.recorded_at, "decision", decision.recorded_by.username, decision)
        )
    for consent in ConsentEvent.objects.filter(case=case).select_related("recorded_by"):
        entries.append(
            TimelineEntry(consent.recorded_at, "consent", consent.recorded_by.username, consent)
        )
    for note in CaseNote.objects.filter(case=case).select_related("author"):
        entries.append(TimelineEntry(note.created_at, "note", note.author.username, note))
    for event in (
        CaseEvent.objects.filter(case=case)
        .exclude(kind__in=[CaseEvent.Kind.STATUS, CaseEvent.Kind.OPENED])
        .select_related("by")
    ):
        entries.append(TimelineEntry(event.at, str(event.kind), event.by.username, event))
    from ctis.cases import assistance_queries  # imports this module

    for extra in assistance_queries.timeline_entries(case):
        entries.append(TimelineEntry(extra.at, extra.kind, extra.by, extra.item))
    return sorted(entries, key=lambda e: e.at, reverse=True)


def related_codes(code: str) -> set[str]:
    """For the audit search: a case code gives its person's code and the person's other
    cases; a person code gives the person's cases. Erased people keep their codes."""
    person_ids = set(Case.objects.filter(code=code).values_list("person_id", flat=True))
    person_ids |= set(Person.objects.filter(code=code).values_list("pk", flat=True))
    if not person_ids:
        return set()
    return set(Person.objects.filter(pk__in=person_ids).values_list("code", flat=True)) | set(
        Case.objects.filter(person_id__in=person_ids).values_list("code", flat=True)
    )


# --- counts, never names ---------------------------------------------------------------------

#: Statuses counted as "identified" on the coordinators' pages and in the report: presumed
#: (reasonable grounds) and formally identified victims, as GRETA counts them.
VICTIM_STATUSES = (machine.Status.PRESUMED.value, machine.Status.IDENTIFIED.value)


def countable_cases(user: User) -> QuerySet[Case]:
    """Cases in the countries where the user may see aggregates."""
    countries = permissions.countries_for(user, Perm.VIEW_AGGREGATES)
    return Case.objects.filter(country__code__in=countries)


def identification(
    cases: QuerySet[Case], start: datetime.date, end: datetime.date
) -> dict[int, str]:
    """The one query for "identification in a period": the cases of ``cases`` with a status
    decision that took effect between ``start`` and ``end`` (inclusive), each mapped (by
    primary key) to its status on ``end``.

    When a decision took effect is ``ctis.cases.status.effective_dates`` over the case's
    decisions in the order recorded (``StatusDecision.Meta.ordering``), so a decision dated
    before the case was entered counts on its date, not the day of entry.
    """
    # A decision takes effect no later than its own date: cases with none dated from
    # ``start`` on cannot have one taking effect in the period.
    candidates = cases.filter(decisions__decided_on__gte=start).values("pk")
    history: dict[int, list[tuple[datetime.date, str]]] = {}
    rows = (
        StatusDecision.objects.filter(case__in=candidates)
        .order_by("case_id", *(StatusDecision._meta.ordering or ()))
        .values_list("case_id", "decided_on", "to_status")
    )
    for case_id, decided_on, to_status in rows:
        history.setdefault(case_id, []).append((decided_on, to_status))
    found: dict[int, str] = {}
    for case_id, decisions in history.items():
        effective = machine.effective_dates([day for day, _to in decisions])
        if any(start <= day <= end for day in effective):
            status = machine.status_on(decisions, end)
            if status is not None:
                found[case_id] = status
    return found


@dataclass(frozen=True)
class PersonRow:
    """What a count needs of one case's person: no name, no date."""

    case_id: int
    country: str
    sex: str
    age_group: str


def people_of(case_ids: Iterable[int]) -> list[PersonRow]:
    rows = Case.objects.filter(pk__in=list(case_ids)).values_list(
        "pk", "country__code", "person__sex", "person__age_group"
    )
    return [PersonRow(*row) for row in rows]


@dataclass(frozen=True)
class IdentificationCounts:
    """Cases with a decision in a period, by status on its last day, and the presumed and
    identified victims among them by country, sex and age band (CTDC ageBroad)."""

    total: int
    by_status: dict[str, int]
    victims: int
    by_country: dict[str, int]
    by_age_and_sex: dict[str, dict[str, int]]  # age band → sex → people


def identification_counts(
    cases: QuerySet[Case], start: datetime.date, end: datetime.date
) -> IdentificationCounts:
    statuses = identification(cases, start, end)
    by_status = {s.value: 0 for s in machine.Status}
    for status in statuses.values():
        by_status[status] += 1
    victims = people_of(c for c, s in statuses.items() if s in VICTIM_STATUSES)
    grid: dict[str, dict[str, int]] = {}
    countries: dict[str, int] = {}
    for row in victims:
        cell = grid.setdefault(row.age_group, {})
        cell[row.sex] = cell.get(row.sex, 0) + 1
        countries[row.country] = countries.get(row.country, 0) + 1
    return IdentificationCounts(
        total=len(statuses),
        by_status=by_status,
        victims=len(victims),
        by_country=dict(sorted(countries.items())),
        by_age_and_sex=grid,
    )
