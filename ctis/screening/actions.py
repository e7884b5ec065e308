"""The only write path for screenings and catalogue versions. Atomic, checked, audited."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

import yaml
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from ctis.accounts import permissions
from ctis.accounts.models import Country, Organisation
from ctis.accounts.roles import Perm
from ctis.audit import actions as audit
from ctis.audit.context import Actor
from ctis.screening import rules
from ctis.screening.catalogue import CATALOGUE_DIR, CatalogueError, parse_catalogue
from ctis.screening.models import (
    CaseRequest,
    CatalogueVersion,
    ConsentRefusal,
    Screening,
)

BUILTIN_FILE = CATALOGUE_DIR / "ilo-ec-2009.yaml"
CONSENT_FIELDS = (
    "consent_interview",
    "told_purpose",
    "told_uses",
    "told_research",
    "told_right_to_see",
    "told_retention",
    "told_withdrawal",
    "is_child",
    "child_assent",
    "guardian_consent",
)
PROFILE_FIELDS = (
    "respondent_language",
    "interpreter",
    "age",
    "age_at_exploitation",
    "sex",
    "nationality",
    "exploitation",
)


class StaleEdit(Exception):
    """Someone saved this screening after the version the caller started from."""


def _deny(actor: Actor, perm: Perm) -> PermissionDenied:
    return audit.denial(actor, str(perm))


# --- catalogues ------------------------------------------------------------------------------


def builtin_catalogue() -> CatalogueVersion:
    """The regional ILO/EC catalogue shipped with ctis, stored once so results can point at it."""
    source = BUILTIN_FILE.read_text(encoding="utf-8")
    parsed = parse_catalogue(yaml.safe_load(source), str(BUILTIN_FILE), source=BUILTIN_FILE)
    version, created = CatalogueVersion.objects.get_or_create(
        catalogue_id=parsed.id,
        version=parsed.version,
        defaults={
            "source": source,
            "status": CatalogueVersion.Status.APPROVED,
            "notes": (
                "Built into ctis. Strengths not yet checked line by line against the ILO text."
            ),
            "created_by": "ctis",
        },
    )
    if created:
        audit.record(
            actor=Actor.system("ctis"),
            action=audit.Action.CREATE,
            object_type="catalogue_version",
            object_id=version.ref,
            changed_fields=["source", "status"],
        )
    return version


def catalogue_for(country: Country | None) -> CatalogueVersion:
    """The newest approved catalogue of ``country``, else the regional built-in one."""
    if country is not None:
        national = (
            CatalogueVersion.objects.filter(
                country=country, status=CatalogueVersion.Status.APPROVED
            )
            .order_by("-approved_at")
            .first()
        )
        if national is not None:
            return national
    return builtin_catalogue()


def _parse_or_explain(source: str, ref: str) -> tuple[str, str]:
    """Validate catalogue YAML; (catalogue id, version), or a ValidationError saying why."""
    try:
        data = yaml.safe_load(source)
        parsed = parse_catalogue(data, ref, source=BUILTIN_FILE)
    except yaml.YAMLError as error:
        raise ValidationError({"source": f"Not valid YAML: {error}"}) from error
    except CatalogueError as error:
        raise ValidationError({"source": str(error)}) from error
    return parsed.id, parsed.version


def draft_catalogue(*, actor: Actor, country: Country, source: str, notes: str) -> CatalogueVersion:
    """A national coordinator's new catalogue version, as a draft."""
    if actor.user is not None and not permissions.can_in_country(
        actor.user, Perm.MANAGE_CATALOGUE, country.code
    ):
        raise _deny(actor, Perm.MANAGE_CATALOGUE)
    catalogue_id, version = _parse_or_explain(source, "the new version")
    if CatalogueVersion.objects.filter(catalogue_id=catalogue_id, version=version).exists():
        raise ValidationError(
            {
                "source": f"{catalogue_id}@{version} exists already: "
                "give the new one its own version."
            }
        )
    with transaction.atomic():
        draft = CatalogueVersion.objects.create(
            catalogue_id=catalogue_id,
            version=version,
            country=country,
            source=source,
            notes=notes,
            created_by=actor.user.get_username() if actor.user else actor.label,
        )
        audit.record(
            actor=actor,
            action=audit.Action.CREATE,
            object_type="catalogue_version",
            object_id=draft.ref,
            changed_fields=["source", "notes"],
        )
    return draft


def revise_catalogue(
    *, actor: Actor, draft: CatalogueVersion, source: str, notes: str
) -> CatalogueVersion:
    """Change a draft. Approved versions never change: draft a new version instead."""
    _require_catalogue_manager(actor, draft)
    if draft.status != CatalogueVersion.Status.DRAFT:
        raise ValidationError({"source": "An approved version cannot change. Draft a new version."})
    catalogue_id, version = _parse_or_explain(source, draft.ref)
    if (catalogue_id, version) != (draft.catalogue_id, draft.version):
        raise ValidationError({"source": "Keep the catalogue id and version of this draft."})
    with transaction.atomic():
        draft.source, draft.notes = source, notes
        draft.save(update_fields=["source", "notes"])
        audit.record(
            actor=actor,
            action=audit.Action.UPDATE,
            object_type="catalogue_version",
            object_id=draft.ref,
            changed_fields=["source", "notes"],
        )
    return draft


def approve_catalogue(*, actor: Actor, draft: CatalogueVersion) -> CatalogueVersion:
    """Make a draft the country's catalogue from now on. From here it is immutable."""
    _require_catalogue_manager(actor, draft)
    if draft.status != CatalogueVersion.Status.DRAFT:
        raise ValidationError("Only a draft can be approved.")
    with transaction.atomic():
        draft.status = CatalogueVersion.Status.APPROVED
        draft.approved_by = actor.user.get_username() if actor.user else actor.label
        draft.approved_at = timezone.now()
        draft.save(update_fields=["status", "approved_by", "approved_at"])
        audit.record(
            actor=actor,
            action=audit.Action.UPDATE,
            object_type="catalogue_version",
            object_id=draft.ref,
            changed_fields=["status"],
        )
    return draft


def _require_catalogue_manager(actor: Actor, version: CatalogueVersion) -> None:
    code = version.country.code if version.country else None
    if actor.user is not None and (
        code is None or not permissions.can_in_country(actor.user, Perm.MANAGE_CATALOGUE, code)
    ):
        raise _deny(actor, Perm.MANAGE_CATALOGUE)


# --- screenings --------------------------------------------------------------------------------


def _organisation_of(actor: Actor) -> Organisation:
    organisation = actor.user.organisation if actor.user else None
    if organisation is None or organisation.country is None:
        raise ValidationError("Screenings are made by an organisation in one of the countries.")
    return organisation


def record_refusal(*, actor: Actor, organisation: Organisation, on: date | None = None) -> None:
    """The person did not agree: count it, keep nothing else."""
    month = (on or timezone.localdate()).replace(day=1)
    with transaction.atomic():
        refusal, _created = ConsentRefusal.objects.get_or_create(
            organisation=organisation, month=month
        )
        ConsentRefusal.objects.filter(pk=refusal.pk).update(count=F("count") + 1)
        audit.record(actor=actor, action=audit.Action.CREATE, object_type="consent_refusal")


def start_screening(*, actor: Actor, consent: Mapping[str, bool]) -> Screening:
    """Begin an interview. The person must have been told everything on the checklist and
    agreed (a child: assent and a guardian's consent); otherwise nothing starts."""
    if actor.user is None or not permissions.can(actor.user, Perm.SCREEN):
        raise _deny(actor, Perm.SCREEN)
    organisation = _organisation_of(actor)
    screening = Screening(
        organisation=organisation, **{k: bool(consent.get(k)) for k in CONSENT_FIELDS}
    )
    if not screening.consent_complete:
        raise ValidationError(
            "Tell the person everything on the list and record their agreement before starting."
        )
    assert organisation.country is not None
    with transaction.atomic():
        screening.country = organisation.country
        screening.screener = actor.user
        screening.catalogue = catalogue_for(organisation.country)
        screening.save()
        audit.record(
            actor=actor,
            action=audit.Action.CREATE,
            object_type="screening",
            object_id=screening.code,
            changed_fields=list(CONSENT_FIELDS),
        )
    return screening


def _check_writable(actor: Actor, screening: Screening, revision: int, writer: str = "") -> None:
    if actor.user is None or not permissions.can_for_organisation(
        actor.user, Perm.SCREEN, screening.organisation
    ):
        raise _deny(actor, Perm.SCREEN)
    if screening.status != Screening.Status.DRAFT:
        raise ValidationError("This screening is completed and can no longer change.")
    if revision != screening.revision and not _same_writer(screening, writer):
        raise StaleEdit


def _same_writer(screening: Screening, writer: str) -> bool:
    """The page that saved last sends again (its confirmation was lost on the way back).

    A page learns a newer revision only from its own confirmed saves, so if it saved last,
    no one else saved after the revision it holds: repeating its save is safe.
    """
    return bool(writer) and screening.writer == writer


def _bump(screening: Screening, revision: int, fields: dict[str, Any], writer: str = "") -> None:
    """Save ``fields`` only if nobody else saved since ``revision`` (compare-and-swap)."""
    current = Screening.objects.filter(pk=screening.pk)
    if writer:
        current = current.filter(Q(revision=revision) | Q(writer=writer))
    else:
        current = current.filter(revision=revision)
    updated = current.update(
        revision=F("revision") + 1, updated_at=timezone.now(), writer=writer, **fields
    )
    if updated != 1:
        raise StaleEdit
    for name, value in fields.items():
        setattr(screening, name, value)
    screening.writer = writer
    screening.revision = Screening.objects.values_list("revision", flat=True).get(pk=screening.pk)


def save_profile(
    *,
    actor: Actor,
    screening: Screening,
    revision: int,
    data: Mapping[str, Any],
    writer: str = "",
) -> list[str]:
    """Record who is being screened (no names). Returns the fields that changed."""
    _check_writable(actor, screening, revision, writer)
    changed = {k: data[k] for k in PROFILE_FIELDS if k in data and getattr(screening, k) != data[k]}
    with transaction.atomic():
        _bump(screening, revision, changed, writer)
        if changed:
            audit.record(
                actor=actor,
                action=audit.Action.UPDATE,
                object_type="screening",
                object_id=screening.code,
                changed_fields=list(changed),
            )
    return list(changed)


def save_answers(
    *,
    actor: Actor,
    screening: Screening,
    revision: int,
    answers: Mapping[str, str],
    writer: str = "",
) -> list[str]:
    """Merge answers into the draft; returns the ids whose answer changed.

    Every id must be one the screening's catalogue knows and every value yes, no or unknown.
    Sending the same answers again changes nothing (a repeat after a dropped connection).
    """
    # Answers already stored are no conflict, whoever saved them: check staleness only when
    # something would change.
    _check_writable(actor, screening, screening.revision)
    catalogue = screening.catalogue.catalogue
    problems = [i for i in answers if i not in catalogue.answerable_ids]
    problems += [f"{i}={v}" for i, v in answers.items() if v not in rules.ANSWERS]
    if problems:
        raise ValidationError(f"Unknown questions or answers: {', '.join(sorted(problems))}")
    current = screening.typed_answers()
    changed = sorted(i for i, v in answers.items() if current.get(i, "unknown") != v)
    if not changed:
        return []
    _check_writable(actor, screening, revision, writer)
    merged = {**current, **answers}
    merged = {i: v for i, v in merged.items() if v != "unknown"}
    with transaction.atomic():
        _bump(screening, revision, {"answers": merged}, writer)
        audit.record(
            actor=actor,
            action=audit.Action.UPDATE,
            object_type="screening",
            object_id=screening.code,
            changed_fields=["answers"],
        )
    return changed


def evaluate(screening: Screening) -> rules.ScreeningResult:
    """Run the decision rule on the screening as it stands."""
    catalogue = screening.catalogue.catalogue
    record = rules.ScreeningInput(
        id=screening.code,
        age=screening.age,
        age_at_exploitation=screening.age_at_exploitation,
        exploitation=screening.exploitation,
        answers=screening.typed_answers(),
    )
    return rules.screen(catalogue, record)


def complete_screening(
    *, actor: Actor, screening: Screening, revision: int, writer: str = ""
) -> Screening:
    """Classify and close the interview; the result keeps the catalogue version it used."""
    _check_writable(actor, screening, revision, writer)
    outcome = evaluate(screening)
    data = outcome.to_dict()
    with transaction.atomic():
        _bump(
            screening,
            revision,
            {
                "status": Screening.Status.COMPLETED,
                "completed_at": timezone.now(),
                "result": outcome.result,
                "profile": data["profile"],
                "completeness": data["completeness"],
                "outcome": data,
            },
            writer,
        )
        audit.record(
            actor=actor,
            action=audit.Action.UPDATE,
            object_type="screening",
            object_id=screening.code,
            changed_fields=["status", "result"],
        )
    return screening


def request_case(*, actor: Actor, screening: Screening, consent: Mapping[str, Any]) -> CaseRequest:
    """Record that the person asked for a case, what they agreed to share and, if the screener
    noted it, their name (encrypted; handed to the case and erased here when it is opened)."""
    if actor.user is None or not permissions.can_for_organisation(
        actor.user, Perm.SCREEN, screening.organisation
    ):
        raise _deny(actor, Perm.SCREEN)
    if screening.status != Screening.Status.COMPLETED:
        raise ValidationError("Complete the screening first.")
    if not consent.get("consent_services"):
        raise ValidationError(
            {"consent_services": "A case is opened only if the person agrees to be referred."}
        )
    names = {
        "name": str(consent.get("name") or "").strip(),
        "name_latin": str(consent.get("name_latin") or "").strip(),
        "name_script": str(consent.get("name_script") or "") if consent.get("name") else "",
    }
    with transaction.atomic():
        request, _created = CaseRequest.objects.update_or_create(
            screening=screening,
            defaults={
                "consent_services": True,
                "consent_disclosure": bool(consent.get("consent_disclosure")),
                "consent_cross_border": bool(consent.get("consent_cross_border")),
                "requested_by": actor.user,
                **names,
            },
        )
        audit.record(
            actor=actor,
            action=audit.Action.CREATE,
            object_type="case_request",
            object_id=screening.code,
            changed_fields=["consent_services", "consent_disclosure", "consent_cross_border"]
            + [field for field, value in names.items() if value],
        )
    return request
