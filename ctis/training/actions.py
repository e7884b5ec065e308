"""The only write path for training. Each action is atomic, permission-checked and audited.

Actions assume the caller has fetched objects through ``queries`` (so outsiders already got a
404); they check MANAGE_PROGRAMME in the session's country again, so a mistake in a view cannot
write across countries. Audit events name the fields that changed, never their values.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext

from ctis.accounts import permissions
from ctis.accounts.models import Country, Organisation
from ctis.accounts.roles import Perm
from ctis.audit import actions as audit
from ctis.audit.context import Actor
from ctis.training import importing, spellings
from ctis.training.models import (
    STANDARD_MODULE_WORDING,
    Attendance,
    Module,
    Participant,
    Session,
)

# (code, title, title on certificates) of the modules every programme teaches, in English.
STANDARD_MODULES: tuple[tuple[str, str, str], ...] = tuple(
    (code, title, certificate_title)
    for code, (title, certificate_title) in STANDARD_MODULE_WORDING.items()
)

SESSION_FIELDS = ("title", "country", "place", "start_date", "end_date", "organiser", "trainers")
PARTICIPANT_FIELDS = (
    "name",
    "organisation",
    "organisation_name",
    "agency_type",
    "role",
    "sex",
    "country",
    "pre_score",
    "post_score",
)


def _require(actor: Actor, country_code: str) -> None:
    if actor.user is None:
        return
    if not permissions.can_in_country(actor.user, Perm.MANAGE_PROGRAMME, country_code):
        audit.record(actor=actor, action=audit.Action.PERMISSION_DENIED, detail="manage_programme")
        raise PermissionDenied


def _record(actor: Actor, action: Any, kind: str, public_id: object, fields: Iterable[str]) -> None:
    audit.record(
        actor=actor,
        action=action,
        object_type=kind,
        object_id=str(public_id),
        changed_fields=list(fields),
    )


# --- Modules ----------------------------------------------------------------------------------
def ensure_standard_modules(*, actor: Actor) -> list[Module]:
    """Create the standard modules that are missing (idempotent)."""
    made = []
    with transaction.atomic():
        for code, title, certificate_title in STANDARD_MODULES:
            if not Module.objects.filter(code=code).exists():
                made.append(
                    create_module(
                        actor=actor, code=code, title=title, certificate_title=certificate_title
                    )
                )
    return made


def create_module(
    *, actor: Actor, code: str, title: str, certificate_title: str, description: str = ""
) -> Module:
    """Any programme manager may add a module; modules are shared by the whole region.

    Raises ValidationError when ``certificate_title`` holds a word certificates must not print.
    """
    if actor.user is not None and not permissions.can(actor.user, Perm.MANAGE_PROGRAMME):
        raise PermissionDenied
    with transaction.atomic():
        module = Module(
            code=code, title=title, certificate_title=certificate_title, description=description
        )
        module.full_clean()
        module.save()
        _record(
            actor,
            audit.Action.CREATE,
            "training_module",
            module.public_id,
            ["code", "title", "certificate_title", "description"],
        )
    return module


# --- Sessions ---------------------------------------------------------------------------------
def create_session(
    *,
    actor: Actor,
    title: str,
    country: Country,
    place: str,
    start_date: date,
    end_date: date,
    organiser: Organisation,
    modules: Iterable[Module],
    trainers: str = "",
) -> Session:
    """Create a session in ``country``; needs MANAGE_PROGRAMME there."""
    _require(actor, country.code)
    with transaction.atomic():
        session = Session(
            title=title,
            country=country,
            place=place,
            start_date=start_date,
            end_date=end_date,
            organiser=organiser,
            trainers=trainers,
        )
        session.full_clean()
        session.save()
        session.modules.set(list(modules))
        _record(
            actor,
            audit.Action.CREATE,
            "training_session",
            session.public_id,
            [*SESSION_FIELDS, "modules"],
        )
    return session


def update_session(
    *,
    actor: Actor,
    session: Session,
    data: Mapping[str, Any],
    modules: Iterable[Module] | None = None,
) -> list[str]:
    """Apply changed fields; attendance on days outside new dates is removed. Returns changes."""
    _require(actor, session.country.code)
    if "country" in data:
        _require(actor, data["country"].code)
    changed = [k for k in SESSION_FIELDS if k in data and getattr(session, k) != data[k]]
    with transaction.atomic():
        for name in changed:
            setattr(session, name, data[name])
        if modules is not None:
            wanted = {m.pk for m in modules}
            if wanted != set(session.modules.values_list("pk", flat=True)):
                session.modules.set(list(wanted))
                changed.append("modules")
        if changed:
            session.full_clean()
            session.save()
            if {"start_date", "end_date"} & set(changed):
                Attendance.objects.filter(participant__session=session).exclude(
                    day__range=(session.start_date, session.end_date)
                ).delete()
            _record(actor, audit.Action.UPDATE, "training_session", session.public_id, changed)
    return changed


# --- Participants -----------------------------------------------------------------------------
def _participant_values(data: Mapping[str, Any]) -> dict[str, Any]:
    """The participant's fields; a ctis organisation sets the name and, if blank, the type."""
    values = {k: v for k, v in data.items() if k in PARTICIPANT_FIELDS}
    organisation = values.get("organisation")
    if organisation is not None:
        values["organisation_name"] = organisation.name
        values["agency_type"] = values.get("agency_type") or organisation.kind
    return values


def add_participant(*, actor: Actor, session: Session, data: Mapping[str, Any]) -> Participant:
    """Register one person (keys from PARTICIPANT_FIELDS; ``country`` a Country)."""
    _require(actor, session.country.code)
    with transaction.atomic():
        participant = Participant(session=session, **_participant_values(data))
        participant.full_clean()
        participant.save()
        _record(
            actor,
            audit.Action.CREATE,
            "training_participant",
            participant.public_id,
            sorted(k for k in data if k in PARTICIPANT_FIELDS),
        )
    return participant


def update_participant(
    *, actor: Actor, participant: Participant, data: Mapping[str, Any]
) -> list[str]:
    _require(actor, participant.session.country.code)
    values = _participant_values(data)
    changed = [
        k for k in PARTICIPANT_FIELDS if k in values and getattr(participant, k) != values[k]
    ]
    with transaction.atomic():
        if changed:
            for name in changed:
                setattr(participant, name, values[name])
            participant.full_clean()
            participant.save()
            _record(
                actor, audit.Action.UPDATE, "training_participant", participant.public_id, changed
            )
    return changed


def remove_participant(*, actor: Actor, participant: Participant) -> None:
    """Remove a registration made in error, with its attendance and scores."""
    _require(actor, participant.session.country.code)
    with transaction.atomic():
        public_id = participant.public_id
        participant.delete()
        _record(actor, audit.Action.DELETE, "training_participant", public_id, [])


def record_scores(
    *,
    actor: Actor,
    session: Session,
    scores: Mapping[Any, tuple[int | None, int | None]],
) -> int:
    """Set (pre, post) scores by participant public id; returns how many participants changed.

    One audit event per changed participant, naming which of the two scores changed.
    """
    _require(actor, session.country.code)
    changed_count = 0
    with transaction.atomic():
        for participant in session.participants.all():
            if participant.public_id not in scores:
                continue
            pre, post = scores[participant.public_id]
            changed = []
            if participant.pre_score != pre:
                participant.pre_score = pre
                changed.append("pre_score")
            if participant.post_score != post:
                participant.post_score = post
                changed.append("post_score")
            if changed:
                participant.full_clean()
                participant.save(update_fields=changed)
                _record(
                    actor,
                    audit.Action.UPDATE,
                    "training_participant",
                    participant.public_id,
                    changed,
                )
                changed_count += 1
    return changed_count


def record_attendance(
    *, actor: Actor, session: Session, present: Mapping[Any, Iterable[date]]
) -> int:
    """Replace attendance with ``present`` (participant public id → days present).

    Days outside the session are ignored. Returns how many participants' attendance changed.
    """
    _require(actor, session.country.code)
    days = set(session.days)
    changed_count = 0
    with transaction.atomic():
        for participant in session.participants.prefetch_related("attendance"):
            wanted = set(present.get(participant.public_id, ())) & days
            have = {a.day for a in participant.attendance.all()}
            if wanted == have:
                continue
            participant.attendance.filter(day__in=have - wanted).delete()
            Attendance.objects.bulk_create(
                Attendance(participant=participant, day=day) for day in sorted(wanted - have)
            )
            _record(
                actor,
                audit.Action.UPDATE,
                "training_participant",
                participant.public_id,
                ["attendance"],
            )
            changed_count += 1
    return changed_count


# --- Import -----------------------------------------------------------------------------------
@dataclass
class ImportResult:
    """What an import did. ``imported`` is 0 whenever there are problems or it was a dry run."""

    rows: int = 0
    imported: int = 0
    dry_run: bool = False
    problems: list[importing.Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _translated(problem: importing.Problem) -> importing.Problem:
    """The problem in the reader's language: the column by its heading, the reason translated."""
    label = spellings.COLUMN_LABELS.get(problem.column)
    reason = gettext(problem.reason)
    return importing.Problem(
        problem.row,
        str(label) if label is not None else problem.column,
        problem.value,
        reason % problem.params if problem.params else reason,
    )


def import_participants(
    *,
    actor: Actor,
    session: Session,
    data: bytes,
    file_name: str,
    default_country: Country | None = None,
    dry_run: bool = False,
) -> ImportResult:
    """Register every participant in a CSV/XLSX file, or none of them.

    The whole file is checked first; any problem means nothing is written. A dry run checks and
    counts only. A real import writes one audit event per participant and one for the file.
    """
    _require(actor, session.country.code)
    result = ImportResult(dry_run=dry_run)
    try:
        headers, rows = importing.read(data, file_name)
    except importing.FileError as exc:
        reason = gettext(exc.reason)
        result.problems.append(
            importing.Problem(None, "", file_name, reason % exc.params if exc.params else reason)
        )
        return result
    result.rows = len(rows)
    organisations = {
        org.name.casefold(): (str(org.pk), org.kind)
        for org in Organisation.objects.filter(is_active=True)
    }
    checked = importing.check(
        headers,
        rows,
        agency_types=spellings.agency_types(),
        countries=spellings.countries(),
        organisations=organisations,
        already_registered={
            name.casefold() for name in session.participants.values_list("name", flat=True)
        },
        default_country=(default_country or session.country).code,
        sexes=spellings.sexes(),
        header_aliases=spellings.header_aliases(),
        example_names=spellings.example_names(),
    )
    result.problems = [_translated(problem) for problem in checked.problems]
    if result.problems or dry_run:
        return result
    countries = {c.code: c for c in Country.objects.all()}
    orgs_by_pk = {str(o.pk): o for o in Organisation.objects.filter(is_active=True)}
    with transaction.atomic():
        for row in checked.rows:
            add_participant(
                actor=actor,
                session=session,
                data={
                    "name": row.name,
                    "organisation": orgs_by_pk.get(row.organisation_key or ""),
                    "organisation_name": row.organisation_name,
                    "agency_type": row.agency_type,
                    "role": row.role,
                    "sex": row.sex,
                    "country": countries[row.country],
                    "pre_score": row.pre_score,
                    "post_score": row.post_score,
                },
            )
        audit.record(
            actor=actor,
            action=audit.Action.CREATE,
            object_type="training_session",
            object_id=str(session.public_id),
            changed_fields=["participants"],
            detail=f"import:{len(checked.rows)}",
        )
    result.imported = len(checked.rows)
    return result
