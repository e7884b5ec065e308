"""Reading cases: the owning organisation sees its cases; others see counts or nothing.

Every page and API endpoint starts from ``cases_visible_to(user)``; a case outside it is a 404
(``get_case_for``), never a 403 that would confirm it exists. Referrals and transfers (a later
slice) widen this function, and only this function.

Break-glass does not widen it: an administrator's active grant opens one case's page only,
through ``get_case_to_read`` (the case page alone calls it).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, QuerySet
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

# Counts below this are shown as "fewer than" on the statistics page (small-cell suppression).
SMALL_CELL = 5


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


# --- counts, never names ---------------------------------------------------------------------


def countable_cases(user: User) -> QuerySet[Case]:
    """Cases in the countries where the user may see aggregates."""
    countries = permissions.countries_for(user, Perm.VIEW_AGGREGATES)
    return Case.objects.filter(country__code__in=countries)


def counts(user: User) -> dict[str, list[tuple[str, int]]]:
    """Case counts by status, country, sex and age group (no personal data)."""
    cases = countable_cases(user)
    result: dict[str, list[tuple[str, int]]] = {}
    for key, field in (
        ("status", "status"),
        ("country", "country__code"),
        ("sex", "person__sex"),
        ("age_group", "person__age_group"),
    ):
        rows = cases.values(field).annotate(n=Count("pk")).order_by(field)
        result[key] = [(str(row[field]), int(row["n"])) for row in rows]
    order = {s.value: i for i, s in enumerate(machine.Status)}
    result["status"].sort(key=lambda pair: order.get(pair[0], 99))
    groups = [name for name, _low, _high in machine.AGE_GROUPS] + [machine.UNKNOWN_AGE]
    result["age_group"].sort(key=lambda pair: groups.index(pair[0]) if pair[0] in groups else 99)
    return result


def suppressed(count: int) -> str:
    """A count as it may be shown: small cells hidden."""
    if 0 < count < SMALL_CELL:
        return f"<{SMALL_CELL}"
    return str(count)
