"""Reading training data: scoped lookups for pages, and aggregates for the programme report.

Sessions are visible to users who hold MANAGE_PROGRAMME in the session's country (supervisors,
coordinators and country administrators in their country; system administrators everywhere).
Outsiders get 404 from the ``get_*_for`` helpers. The report functions take country codes and a
period and return plain dicts of counts, so the programme report can aggregate them directly.
"""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Iterable
from datetime import date

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404

from ctis.accounts import permissions
from ctis.accounts.models import Organisation, User
from ctis.accounts.roles import Perm
from ctis.training.gain import KnowledgeGain, knowledge_gain
from ctis.training.models import Attendance, Module, Participant, Session


def countries_for(user: User) -> frozenset[str]:
    return permissions.countries_for(user, Perm.MANAGE_PROGRAMME)


def sessions_visible_to(user: User) -> QuerySet[Session]:
    return (
        Session.objects.filter(country__code__in=countries_for(user))
        .select_related("country", "organiser")
        .prefetch_related("modules")
        .annotate(participant_count=Count("participants"))
    )


def get_session_for(user: User, public_id: uuid.UUID | str) -> Session:
    session = sessions_visible_to(user).filter(public_id=public_id).first()
    if session is None:
        raise Http404
    return session


def get_participant_for(user: User, public_id: uuid.UUID | str) -> Participant:
    participant = (
        Participant.objects.filter(
            public_id=public_id, session__country__code__in=countries_for(user)
        )
        .select_related("session__country", "session__organiser", "country", "organisation")
        .first()
    )
    if participant is None:
        raise Http404
    return participant


def participants_of(session: Session) -> QuerySet[Participant]:
    return (
        session.participants.select_related("country")
        .prefetch_related(Prefetch("attendance", queryset=Attendance.objects.order_by("day")))
        .order_by("name")
    )


def active_modules() -> QuerySet[Module]:
    return Module.objects.filter(is_active=True)


def organisers_for(user: User) -> QuerySet[Organisation]:
    """Organisations that may organise a session: any active one (names are not personal)."""
    return Organisation.objects.filter(is_active=True).select_related("country")


def session_gain(session: Session) -> KnowledgeGain:
    return knowledge_gain(session.participants.values_list("pre_score", "post_score"))


def attended_days(participant: Participant) -> list[date]:
    return [a.day for a in participant.attendance.all()]


def completed(participants: QuerySet[Participant]) -> QuerySet[Participant]:
    """The one rule for "trained", used by the certificates and the programme report: for a
    session with no attendance recorded, everyone; otherwise those present on every day."""
    recorded = Attendance.objects.filter(participant__session=OuterRef("session"))
    rows = (
        participants.filter(Exists(recorded))
        .annotate(
            present=Count(
                "attendance",
                filter=Q(
                    attendance__day__gte=F("session__start_date"),
                    attendance__day__lte=F("session__end_date"),
                ),
            )
        )
        .values_list("pk", "present", "session__start_date", "session__end_date")
    )
    every_day = [pk for pk, present, start, end in rows if present >= (end - start).days + 1]
    return participants.filter(~Exists(recorded) | Q(pk__in=every_day))


def certificate_eligible(
    session: Session, participants: Iterable[Participant]
) -> list[Participant]:
    """Who gets a certificate: ``completed`` among ``participants`` of ``session``."""
    people = list(participants)
    keep = set(
        completed(Participant.objects.filter(pk__in=[p.pk for p in people])).values_list(
            "pk", flat=True
        )
    )
    return [p for p in people if p.pk in keep]


# --- For the programme report -----------------------------------------------------------------
def participants_for_report(
    *,
    countries: Iterable[str] | None = None,
    start: date | None = None,
    end: date | None = None,
) -> QuerySet[Participant]:
    """Participants of sessions that ended within [start, end], from ``countries``.

    Args:
        countries: participants' country codes; None means the whole region.
        start, end: inclusive bounds on the session's last day; None leaves that side open.

    Returns:
        Participant rows of those who completed the session (``completed``: the rule of the
        certificates), one per person per session: someone trained twice counts twice.
    """
    participants = completed(Participant.objects.all())
    if countries is not None:
        participants = participants.filter(country__code__in=[c.upper() for c in countries])
    if start is not None:
        participants = participants.filter(session__end_date__gte=start)
    if end is not None:
        participants = participants.filter(session__end_date__lte=end)
    return participants


def trained_counts(participants: QuerySet[Participant]) -> dict[str, object]:
    """``{"total", "by_sex", "by_agency_type", "by_country", "sessions"}``: plain counts.

    Keys of the breakdowns are codes (``female``, ``interior_police``, ``AL``); every
    agency type and sex appears, with 0 where there is no one.
    """
    rows = list(participants.values_list("sex", "agency_type", "country__code", "session_id"))
    by_sex = {value: 0 for value in Participant.Sex.values}
    by_agency = {value: 0 for value in Organisation.Kind.values}
    by_sex.update(Counter(row[0] for row in rows))
    by_agency.update(Counter(row[1] for row in rows))
    return {
        "total": len(rows),
        "by_sex": by_sex,
        "by_agency_type": by_agency,
        "by_country": dict(sorted(Counter(row[2] for row in rows).items())),
        "sessions": len({row[3] for row in rows}),
    }


def report_gain(participants: QuerySet[Participant]) -> KnowledgeGain:
    """Knowledge gain over the participants (only those with both scores count)."""
    return knowledge_gain(participants.values_list("pre_score", "post_score"))
