"""The only write path for people and cases. Every action is atomic, checked and audited.

Actions take keyword arguments and an ``Actor``; they check the actor's permission on the
case's organisation (deny by default, denials audited), check that the change is allowed,
save, keep the blind indexes in step, and write an audit event naming the fields that changed
(never their values).

Edits of a case or its person carry the ``revision`` the editor started from; a save based on
an older revision raises ``StaleEdit`` listing what was saved since (compare-and-swap on
``Case.revision``). Adding a note or a consent event changes nothing anyone else is editing,
so those do not need a revision.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from ctis.accounts import permissions
from ctis.accounts.models import Country, Organisation, User
from ctis.accounts.roles import Perm
from ctis.audit import actions as audit
from ctis.audit.context import Actor
from ctis.cases import status as machine
from ctis.cases.assistance_models import PlanItem, SupportType
from ctis.cases.models import (
    Case,
    CaseEvent,
    CaseNote,
    ConsentEvent,
    CountryCaseSettings,
    Erasure,
    Person,
    StatusDecision,
)
from ctis.core.fields import sync_blind_indexes
from ctis.screening.models import Screening, new_code

PERSON_FIELDS = (
    "name",
    "name_script",
    "name_latin",
    "birth_date",
    "phone",
    "document_numbers",
    "address",
    "sex",
    "nationality",
    "languages",
)

# How the organisation that opens a case counts as a deciding body (HTCDS).
ORG_KIND_DECIDES_AS: dict[str, str] = {
    Organisation.Kind.INTERIOR_POLICE: StatusDecision.DecidingOrg.POLICE,
    Organisation.Kind.PROSECUTION: StatusDecision.DecidingOrg.COURT_OR_PROSECUTION,
    Organisation.Kind.NATIONAL_OFFICE: StatusDecision.DecidingOrg.OTHER_GOVERNMENTAL,
    Organisation.Kind.SOCIAL_WORK: StatusDecision.DecidingOrg.OTHER_GOVERNMENTAL,
    Organisation.Kind.NGO: StatusDecision.DecidingOrg.NGO,
    Organisation.Kind.SHELTER: StatusDecision.DecidingOrg.NGO,
}

SCREENING_RESULTS = {
    "trafficking_pattern": "the trafficking pattern was met",
    "exploitation_without_means": "exploitation, without the means of trafficking",
    "indicators_present": "some indicators present",
    "no_indicators": "no indicators",
}


class StaleEdit(Exception):
    """Someone saved the case after the revision the caller started from.

    ``events`` are the edits saved since (who, when, which fields), oldest first.
    """

    def __init__(self, case: Case, since: int) -> None:
        super().__init__(f"case {case.code} changed since revision {since}")
        self.case = case
        self.since = since
        self.events = list(
            CaseEvent.objects.filter(case=case, revision__gt=since).select_related("by")
        )

    @property
    def changed_fields(self) -> set[str]:
        return {name for event in self.events for name in event.field_names}


@dataclass(frozen=True)
class Decision:
    """What the body that decided a status change decided, and why."""

    deciding_org_type: str
    deciding_body: str
    decided_on: datetime.date
    grounds: str

    def check(self, today: datetime.date) -> None:
        errors: dict[str, str] = {}
        if self.deciding_org_type not in StatusDecision.DecidingOrg.values:
            errors["deciding_org_type"] = "Choose the type of organisation that decided."
        if not self.deciding_body.strip():
            errors["deciding_body"] = "Name the body that decided."
        if self.decided_on > today:
            errors["decided_on"] = "A decision cannot be dated in the future."
        if not self.grounds.strip():
            errors["grounds"] = "Give the grounds of the decision."
        if errors:
            raise ValidationError(errors)


def _deny(actor: Actor, perm: Perm) -> PermissionDenied:
    return audit.denial(actor, f"{perm}:cases")


def _require(actor: Actor, perm: Perm, organisation: Organisation) -> User:
    if actor.user is None or not permissions.can_for_organisation(actor.user, perm, organisation):
        raise _deny(actor, perm)
    return actor.user


def _refuse_if_erased(case: Case) -> None:
    """An erased person's case is kept for counts only: nothing personal is written again."""
    if Erasure.objects.filter(person_id=case.person_id).exists():
        raise ValidationError("This person's data was erased; the case is kept only for counts.")


def _unique_code(model: type[Person] | type[Case], prefix: str) -> str:
    while True:
        code = new_code(prefix)
        if not model.objects.filter(code=code).exists():
            return code


def _age_group(birth_date: datetime.date | None, age: int | None, today: datetime.date) -> str:
    if birth_date is not None:
        return machine.age_group(machine.age_on(birth_date, today))
    return machine.age_group(age)


def settings_for(country: Country) -> CountryCaseSettings:
    """The country's case settings (the Council of Europe minimum until someone sets them)."""
    found, _created = CountryCaseSettings.objects.get_or_create(country=country)
    return found


def set_country_settings(
    *, actor: Actor, country: Country, adult_days: int, child_days: int
) -> CountryCaseSettings:
    """Set the reflection period of a country; country administrators only, ≥ 30 days."""
    if actor.user is None or not permissions.can_in_country(
        actor.user, Perm.MANAGE_ORGANISATIONS, country.code
    ):
        raise _deny(actor, Perm.MANAGE_ORGANISATIONS)
    if min(adult_days, child_days) < machine.COE_MINIMUM_DAYS:
        raise ValidationError(
            f"The reflection period is at least {machine.COE_MINIMUM_DAYS} days (Council of "
            "Europe Convention, art. 13)."
        )
    with transaction.atomic():
        found = settings_for(country)
        found.reflection_days_adult = adult_days
        found.reflection_days_child = child_days
        found.save()
        audit.record(
            actor=actor,
            action=audit.Action.UPDATE,
            object_type="case_settings",
            object_id=country.code,
            changed_fields=["reflection_days_adult", "reflection_days_child"],
        )
    return found


# --- opening a case ------------------------------------------------------------------------


def _clean_person(data: Mapping[str, Any]) -> dict[str, Any]:
    values = {k: data[k] for k in PERSON_FIELDS if k in data}
    for key in ("phone", "document_numbers", "address"):
        if key in values and not values[key]:
            values[key] = None
    if not str(values.get("name") or "").strip():
        raise ValidationError({"name": "Enter the person's name."})
    if not str(values.get("name_latin") or "").strip():
        raise ValidationError({"name_latin": "Enter the name in Latin letters."})
    return values


def _log(
    case: Case, kind: str, by: User, fields: list[str] | tuple[str, ...] = (), reason: str = ""
) -> None:
    CaseEvent.objects.create(
        case=case,
        revision=case.revision,
        kind=kind,
        fields=" ".join(sorted(fields)),
        reason=reason,
        by=by,
        at=timezone.now(),
    )


def open_case(
    *,
    actor: Actor,
    person: Mapping[str, Any],
    screening: Screening | None = None,
    status: str = machine.Status.POTENTIAL,
    decision: Decision | None = None,
    caseworker: User | None = None,
    today: datetime.date | None = None,
) -> Case:
    """Open a case for a new person, owned by the actor's organisation (MANAGE_CASES).

    From a screening: the screening must be completed, in the actor's organisation, with a
    case request in which the person agreed to services, and not already have a case; the
    consents of the request become the case's first consent events. The case starts at
    ``potential`` (a decision recorded by the opening organisation); with ``status="presumed"``
    and the identification body's ``decision`` it moves on at once, starting the reflection
    period. Writes audit CREATE events for the person and the case.
    """
    today = today or timezone.localdate()
    organisation = actor.user.organisation if actor.user else None
    if organisation is None or organisation.country is None:
        raise _deny(actor, Perm.MANAGE_CASES)
    user = _require(actor, Perm.MANAGE_CASES, organisation)
    if status not in machine.INITIAL:
        raise ValidationError({"status": "A case starts as screened, potential or presumed."})
    if status == machine.Status.PRESUMED and decision is None:
        raise ValidationError({"status": "Record the decision on reasonable grounds."})
    if decision is not None:
        decision.check(today)
    values = _clean_person(person)
    request = None
    if screening is not None:
        if screening.organisation_id != organisation.pk:
            raise _deny(actor, Perm.MANAGE_CASES)
        request = getattr(screening, "case_request", None)
        if screening.status != Screening.Status.COMPLETED or request is None:
            raise ValidationError("A case is opened from a completed screening with a request.")
        if not request.consent_services:
            raise ValidationError("The person did not agree to be referred to services.")
        if Case.objects.filter(screening=screening).exists():
            raise ValidationError("This screening already has a case.")
    if caseworker is not None and not permissions.can_for_organisation(
        caseworker, Perm.MANAGE_CASES, organisation
    ):
        raise ValidationError({"caseworker": "The caseworker must work for the organisation."})
    now = timezone.now()
    with transaction.atomic():
        new_person = Person(code=_unique_code(Person, "P"), **values)
        new_person.age_group = _age_group(
            new_person.birth_date, screening.age if screening else None, today
        )
        if screening is not None and not values.get("sex"):
            new_person.sex = screening.sex
        if screening is not None and not values.get("nationality"):
            new_person.nationality = screening.nationality
        new_person.save()
        sync_blind_indexes(new_person)
        start = (
            machine.Status.SCREENED
            if status == machine.Status.SCREENED
            else machine.Status.POTENTIAL
        )
        case = Case.objects.create(
            code=_unique_code(Case, "C"),
            person=new_person,
            organisation=organisation,
            caseworker=caseworker or user,
            country=organisation.country,
            screening=screening,
            unaccompanied=screening is not None and _unaccompanied(screening),
            status=start,
            status_changed_at=now,
            opened_at=now,
            opened_by=user,
        )
        if screening is not None:
            _carry_red_flags(case, screening, user, now, today)
        StatusDecision.objects.create(
            case=case,
            from_status="",
            to_status=start,
            deciding_org_type=ORG_KIND_DECIDES_AS.get(
                organisation.kind, StatusDecision.DecidingOrg.OTHER
            ),
            deciding_body=organisation.name,
            decided_on=today,
            grounds=(
                f"Screening {screening.code}: "
                f"{SCREENING_RESULTS.get(screening.result, screening.result or 'completed')}."
                if screening is not None
                else "Case opened."
            ),
            recorded_by=user,
            recorded_at=now,
        )
        _log(case, CaseEvent.Kind.OPENED, user, [*values, "status"])
        if request is not None:
            child = screening.is_child if screening is not None else False
            for purpose, given in (
                (ConsentEvent.Purpose.SERVICES, request.consent_services),
                (ConsentEvent.Purpose.DISCLOSURE, request.consent_disclosure),
                (ConsentEvent.Purpose.CROSS_BORDER, request.consent_cross_border),
            ):
                if given:
                    ConsentEvent.objects.create(
                        case=case,
                        purpose=purpose,
                        given=True,
                        child_assent=child and bool(screening and screening.child_assent),
                        guardian_consent=child and bool(screening and screening.guardian_consent),
                        recorded_by=user,
                        recorded_at=now,
                    )
        if request is not None and (request.name or request.name_latin):
            # The name now lives in the person's record only.
            request.name, request.name_latin, request.name_script = "", "", ""
            request.save(update_fields=["name", "name_latin", "name_script"])
        audit.record(
            actor=actor,
            action=audit.Action.CREATE,
            object_type="person",
            object_id=new_person.code,
            changed_fields=list(values),
        )
        audit.record(
            actor=actor,
            action=audit.Action.CREATE,
            object_type="case",
            object_id=case.code,
            changed_fields=["status", "organisation", "caseworker"],
            detail=f"screening:{screening.code}" if screening is not None else "",
        )
        if status == machine.Status.PRESUMED:
            assert decision is not None
            change_status(
                actor=actor, case=case, revision=case.revision, to=status, decision=decision,
                today=today,
            )  # fmt: skip
    return case


# What each red flag of a screening asks of the case, as a kind of assistance.
RED_FLAG_SUPPORT = {
    "rf.unaccompanied_child": SupportType.SOCIAL_CARE,
    "rf.immediate_danger": SupportType.SOCIAL_CARE,
    "rf.medical_emergency": SupportType.HEALTH,
    "rf.wants_to_leave_exploiter": SupportType.SOCIAL_CARE,
}


def _unaccompanied(screening: Screening) -> bool:
    return screening.typed_answers().get("rf.unaccompanied_child") == "yes"


def _carry_red_flags(
    case: Case, screening: Screening, user: User, now: datetime.datetime, today: datetime.date
) -> None:
    """Each red flag raised at screening becomes a plan item due today, so the immediate
    action (notify the centre for social work...) stays on the case until someone marks it
    done. Its text is the catalogue's, in the language of whoever opens the case; the case page
    shows it in the reader's language from ``red_flag``."""
    from django.utils.translation import get_language

    from ctis.screening.queries import question_texts

    texts = question_texts(screening.catalogue.catalogue, get_language() or "en")
    for hit in (screening.outcome or {}).get("red_flags", []):
        flag = str(hit.get("id", ""))
        label = texts[f"label.{flag}"].text if f"label.{flag}" in texts else flag
        action = texts[f"action.{flag}"].text if f"action.{flag}" in texts else hit.get("action")
        PlanItem.objects.create(
            case=case,
            type=RED_FLAG_SUPPORT.get(flag, SupportType.SOCIAL_CARE),
            description=f"{label}: {action or ''}",
            target_date=today,
            red_flag=flag,
            created_by=user,
            created_at=now,
            updated_at=now,
        )


# --- editing -------------------------------------------------------------------------------


def _check_current(case: Case, revision: int) -> None:
    if revision != case.revision:
        raise StaleEdit(case, revision)


def _bump(case: Case, revision: int, fields: dict[str, Any]) -> None:
    """Save ``fields`` on the case only if nobody saved since ``revision`` (compare-and-swap)."""
    updated = Case.objects.filter(pk=case.pk, revision=revision).update(
        revision=revision + 1, updated_at=timezone.now(), **fields
    )
    if updated != 1:
        raise StaleEdit(case, revision)
    for name, value in fields.items():
        setattr(case, name, value)
    case.revision = revision + 1


def update_person(*, actor: Actor, case: Case, revision: int, data: Mapping[str, Any]) -> list[str]:
    """Change the person's details (MANAGE_CASES on the case's organisation).

    Returns the names of the fields that changed; nothing is saved when none did. Keeps the
    blind indexes of the names and phone in step.
    """
    user = _require(actor, Perm.MANAGE_CASES, case.organisation)
    _refuse_if_erased(case)
    _check_current(case, revision)
    values = _clean_person({**{k: getattr(case.person, k) for k in PERSON_FIELDS}, **data})
    person = Person.objects.get(pk=case.person_id)
    changed = [k for k, v in values.items() if getattr(person, k) != v]
    if not changed:
        return []
    with transaction.atomic():
        _bump(case, revision, {})
        for name in changed:
            setattr(person, name, values[name])
        if "birth_date" in changed and person.birth_date is not None:
            person.age_group = _age_group(person.birth_date, None, timezone.localdate())
        person.save()
        sync_blind_indexes(person)
        case.person = person
        _log(case, CaseEvent.Kind.EDITED, user, changed)
        audit.record(
            actor=actor,
            action=audit.Action.UPDATE,
            object_type="person",
            object_id=person.code,
            changed_fields=changed,
            detail=f"case:{case.code}",
        )
    return changed


def change_status(
    *,
    actor: Actor,
    case: Case,
    revision: int,
    to: str,
    decision: Decision,
    today: datetime.date | None = None,
) -> StatusDecision:
    """Move the case to ``to`` if the machine allows it, recording the decision.

    Entering ``presumed`` starts the recovery and reflection period (the country's length, the
    children's length for a child) on the date of the decision and sets "not to be removed";
    a "not a victim" decision clears that flag. MANAGE_CASES on the case's organisation.
    """
    user = _require(actor, Perm.MANAGE_CASES, case.organisation)
    _refuse_if_erased(case)
    today = today or timezone.localdate()
    if not case.is_open:
        raise ValidationError("Reopen the case before changing its status.")
    if not machine.can_change(case.status, to):
        raise ValidationError(
            {"to": f"A case cannot go from {case.status} to {to}."}, code="transition"
        )
    decision.check(today)
    _check_current(case, revision)
    now = timezone.now()
    fields: dict[str, Any] = {"status": to, "status_changed_at": now}
    if to == machine.STARTS_REFLECTION:
        country_settings = settings_for(case.country)
        child = case.person.is_child
        days = (
            country_settings.reflection_days_child
            if child
            else country_settings.reflection_days_adult
        )
        fields.update(
            reflection_start=decision.decided_on,
            reflection_end=machine.reflection_end(decision.decided_on, days),
            reflection_for_child=child,
            no_removal=True,
        )
    if to in machine.ENDS_PROTECTION:
        fields["no_removal"] = False
    with transaction.atomic():
        previous = case.status
        _bump(case, revision, fields)
        record = StatusDecision.objects.create(
            case=case,
            from_status=previous,
            to_status=to,
            deciding_org_type=decision.deciding_org_type,
            deciding_body=decision.deciding_body.strip(),
            decided_on=decision.decided_on,
            grounds=decision.grounds.strip(),
            recorded_by=user,
            recorded_at=now,
        )
        _log(case, CaseEvent.Kind.STATUS, user, list(fields))
        audit.record(
            actor=actor,
            action=audit.Action.UPDATE,
            object_type="case",
            object_id=case.code,
            changed_fields=list(fields),
            detail=f"status:{previous}>{to}",
        )
    return record


def assign_caseworker(*, actor: Actor, case: Case, revision: int, caseworker: User) -> Case:
    """Give the case to a caseworker of its organisation (SUPERVISE_CASES)."""
    user = _require(actor, Perm.SUPERVISE_CASES, case.organisation)
    if not permissions.can_for_organisation(caseworker, Perm.MANAGE_CASES, case.organisation):
        raise ValidationError({"caseworker": "The caseworker must work for the organisation."})
    _check_current(case, revision)
    with transaction.atomic():
        _bump(case, revision, {"caseworker": caseworker})
        _log(case, CaseEvent.Kind.ASSIGNED, user, ["caseworker"])
        audit.record(
            actor=actor,
            action=audit.Action.UPDATE,
            object_type="case",
            object_id=case.code,
            changed_fields=["caseworker"],
        )
    return case


def close_case(*, actor: Actor, case: Case, revision: int, reason: str) -> Case:
    """Close the case with a reason (SUPERVISE_CASES). Nothing is deleted."""
    user = _require(actor, Perm.SUPERVISE_CASES, case.organisation)
    if not case.is_open:
        raise ValidationError("The case is already closed.")
    if reason not in Case.ClosureReason.values:
        raise ValidationError({"reason": "Choose why the case is closed."})
    _check_current(case, revision)
    with transaction.atomic():
        _bump(case, revision, {"closed_at": timezone.now(), "closure_reason": reason})
        _log(case, CaseEvent.Kind.CLOSED, user, ["closed_at", "closure_reason"], reason=reason)
        audit.record(
            actor=actor,
            action=audit.Action.UPDATE,
            object_type="case",
            object_id=case.code,
            changed_fields=["closed_at", "closure_reason"],
            detail=f"closed:{reason}",
        )
    return case


def reopen_case(*, actor: Actor, case: Case, revision: int) -> Case:
    """Reopen a closed case (SUPERVISE_CASES); the closure stays in the timeline."""
    user = _require(actor, Perm.SUPERVISE_CASES, case.organisation)
    if case.is_open:
        raise ValidationError("The case is open.")
    _check_current(case, revision)
    with transaction.atomic():
        _bump(case, revision, {"closed_at": None, "closure_reason": ""})
        _log(case, CaseEvent.Kind.REOPENED, user, ["closed_at", "closure_reason"])
        audit.record(
            actor=actor,
            action=audit.Action.UPDATE,
            object_type="case",
            object_id=case.code,
            changed_fields=["closed_at", "closure_reason"],
            detail="reopened",
        )
    return case


# --- additions (no revision needed: they overwrite nothing) --------------------------------


def record_consent(
    *,
    actor: Actor,
    case: Case,
    purpose: str,
    given: bool,
    child_assent: bool = False,
    guardian_consent: bool = False,
) -> ConsentEvent:
    """Record consent for ``purpose`` given or withdrawn (MANAGE_CASES).

    For a child, consent is recorded as given only with the child's assent and a guardian's
    consent; withdrawal by either is recorded as given=False.
    """
    user = _require(actor, Perm.MANAGE_CASES, case.organisation)
    if purpose not in ConsentEvent.Purpose.values:
        raise ValidationError({"purpose": "Unknown purpose."})
    if given and case.person.is_child and not (child_assent and guardian_consent):
        raise ValidationError(
            "For a child, record both the child's assent and a guardian's consent."
        )
    with transaction.atomic():
        event = ConsentEvent.objects.create(
            case=case,
            purpose=purpose,
            given=given,
            child_assent=child_assent,
            guardian_consent=guardian_consent,
            recorded_by=user,
            recorded_at=timezone.now(),
        )
        audit.record(
            actor=actor,
            action=audit.Action.CREATE,
            object_type="consent",
            object_id=case.code,
            changed_fields=[purpose],
            detail="given" if given else "withdrawn",
        )
    return event


def add_note(*, actor: Actor, case: Case, text: str) -> CaseNote:
    """Add a note to the case (MANAGE_CASES); its text is encrypted."""
    user = _require(actor, Perm.MANAGE_CASES, case.organisation)
    _refuse_if_erased(case)
    if not text.strip():
        raise ValidationError({"text": "Write the note."})
    with transaction.atomic():
        note = CaseNote.objects.create(
            case=case, text=text.strip(), author=user, created_at=timezone.now()
        )
        audit.record(
            actor=actor,
            action=audit.Action.CREATE,
            object_type="case_note",
            object_id=case.code,
            changed_fields=["text"],
        )
    return note
