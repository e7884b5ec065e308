"""Import exports of the offline screening form: the write path, all or nothing per file.

A file is read and every submission checked first (:mod:`ctis.screening.offline.parse`); with
any problem nothing is written. Otherwise, in one transaction:

- each submission whose consent is complete becomes a completed ``Screening`` (source
  ``offline``) of the importing user's organisation and country, with the catalogue version of
  the form, classified by the same engine as the web interview (``actions.evaluate``);
- each submission whose consent is not complete becomes only the anonymous count of refusals
  (``actions.record_refusal``, in the month of the interview).

Re-importing is idempotent on the submission id, per organisation: a submission imported before
with the same content is left unchanged. A submission whose content changed since is a problem
(the file is rejected): a completed screening's result is never changed; correct the screening
by a new interview instead. A refusal keeps no submission id; to count it only once, ctis keeps a
keyed hash of the organisation and the submission id (as the audit event's object id), which says
nothing about the person. A dry run checks and counts and writes only its audit event. Audit
events carry counts, never values.
"""

from __future__ import annotations

import hashlib
import time
import uuid
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from ctis.accounts import permissions
from ctis.accounts.models import Organisation
from ctis.accounts.roles import Perm
from ctis.audit import actions as audit
from ctis.audit.context import Actor
from ctis.audit.models import AuditEvent
from ctis.screening import actions
from ctis.screening.catalogue import Catalogue
from ctis.screening.models import CatalogueVersion, Screening, new_code
from ctis.screening.offline import parse
from ctis.surveys.importing import tables
from ctis.surveys.importing.validate import Problem

CHUNK = 500
REFUSAL_MARK = "offline_refusal"
COMPARED = (*actions.CONSENT_FIELDS, *actions.PROFILE_FIELDS)


@dataclass
class OfflineImport:
    """What one import did (or would do, in a dry run), and every problem if it was rejected."""

    id: str
    file_name: str
    dry_run: bool
    status: str = "rejected"  # imported | checked (dry run) | rejected
    format: str = ""
    rows: int = 0
    created: int = 0
    unchanged: int = 0
    refusals: int = 0
    refusals_unchanged: int = 0
    results: dict[str, int] = field(default_factory=dict)  # created screenings by result
    problems: list[Problem] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def accepted(self) -> bool:
        return self.status in ("imported", "checked")

    @property
    def rejected_rows(self) -> int:
        return len({p.row for p in self.problems if p.row is not None})

    @property
    def problem_list(self) -> list[dict[str, Any]]:
        return [p.as_dict() for p in self.problems]

    def counts(self) -> str:
        return (
            f"status={self.status} dry_run={int(self.dry_run)} format={self.format or '-'} "
            f"rows={self.rows} created={self.created} unchanged={self.unchanged} "
            f"refusals={self.refusals} refusals_unchanged={self.refusals_unchanged} "
            f"problems={len(self.problems)}"
        )


def _deny(actor: Actor) -> PermissionDenied:
    return audit.denial(actor, str(Perm.SCREEN))


def _organisation(actor: Actor, organisation: Organisation | None) -> Organisation:
    """Users import into their own organisation (SCREEN there); an operator's command names it."""
    if actor.user is not None:
        organisation = organisation or actor.user.organisation
        if organisation is None or not permissions.can_for_organisation(
            actor.user, Perm.SCREEN, organisation
        ):
            raise _deny(actor)
    if organisation is None:
        raise ValidationError("Say which organisation the screenings belong to.")
    if organisation.country is None:
        raise ValidationError("Screenings are made by an organisation in one of the countries.")
    return organisation


def refusal_key(organisation: Organisation, submission_id: str) -> str:
    """What ctis keeps of a refused submission so that a re-import counts it once."""
    text = f"{organisation.public_id}:{submission_id}".encode()
    return hashlib.sha256(text).hexdigest()[:40]


def import_offline(
    *,
    actor: Actor,
    data: bytes,
    file_name: str,
    dry_run: bool = False,
    organisation: Organisation | None = None,
    file_format: str | None = None,
) -> OfflineImport:
    """Import one export (CSV, XLSX or JSON) of the offline screening form.

    Raises PermissionDenied for a user without SCREEN for ``organisation`` (default: theirs).
    """
    started = time.perf_counter()
    organisation = _organisation(actor, organisation)
    outcome = OfflineImport(id=str(uuid.uuid4()), file_name=file_name, dry_run=dry_run)
    try:
        fmt = tables.Format(file_format) if file_format else tables.guess_format(file_name, data)
        outcome.format = fmt.value
        table = tables.read(data, fmt)
    except (tables.FormatError, ValueError) as exc:
        return _reject(actor, outcome, [Problem(None, "", "", f"cannot be read: {exc}")], started)
    outcome.rows = len(table.records)
    versions: dict[str, CatalogueVersion | None] = {}
    actions.builtin_catalogue()  # stored once, so the built-in form's version resolves

    def resolve(ref: str) -> Catalogue | None:
        if ref not in versions:
            versions[ref] = _approved(ref, organisation)
        found = versions[ref]
        return found.catalogue if found is not None else None

    parsed = parse.parse(table, resolve=resolve)
    outcome.ignored = parsed.ignored
    if parsed.problems:
        return _reject(actor, outcome, parsed.problems, started)
    new, refusals, problems = _compare(organisation, parsed.submissions)
    if problems:
        return _reject(actor, outcome, problems, started)
    screenings = [_screening(actor, organisation, versions, s) for s in new]
    _unique_codes(screenings)
    outcome.created = len(screenings)
    outcome.unchanged = sum(1 for s in parsed.submissions if s.consent_complete) - len(new)
    outcome.refusals = len(refusals)
    outcome.refusals_unchanged = (
        sum(1 for s in parsed.submissions if not s.consent_complete) - outcome.refusals
    )
    outcome.results = dict(Counter(s.result for s in screenings))
    outcome.status = "checked" if dry_run else "imported"
    with transaction.atomic():
        if not dry_run:
            for start in range(0, len(screenings), CHUNK):
                Screening.objects.bulk_create(screenings[start : start + CHUNK])
            for submission in refusals:
                _count_refusal(actor, organisation, submission)
        outcome.seconds = round(time.perf_counter() - started, 3)
        _audit(actor, outcome)
    return outcome


def _approved(ref: str, organisation: Organisation) -> CatalogueVersion | None:
    catalogue_id, _, version = ref.partition("@")
    found = CatalogueVersion.objects.filter(
        catalogue_id=catalogue_id, version=version, status=CatalogueVersion.Status.APPROVED
    ).first()
    if found is None or (found.country_id is not None and found.country != organisation.country):
        return None
    return found


def _stored_answers(answers: dict[str, str]) -> dict[str, str]:
    """As the web interview stores them: unknown is the same as not asked."""
    return {k: v for k, v in answers.items() if v != "unknown"}


def _values(submission: parse.Submission) -> dict[str, Any]:
    return {**submission.consent, **submission.profile}


def _compare(
    organisation: Organisation, submissions: Sequence[parse.Submission]
) -> tuple[list[parse.Submission], list[parse.Submission], list[Problem]]:
    """New screenings, new refusals, and the problems of submissions imported before that
    changed since (or changed between refusal and interview)."""
    new: list[parse.Submission] = []
    refusals: list[parse.Submission] = []
    problems: list[Problem] = []
    for start in range(0, len(submissions), CHUNK):
        chunk = submissions[start : start + CHUNK]
        stored = {
            row["submission_id"]: row
            for row in Screening.objects.filter(
                organisation=organisation, submission_id__in=[s.submission_id for s in chunk]
            ).values(
                "code",
                "submission_id",
                "catalogue__catalogue_id",
                "catalogue__version",
                "answers",
                *COMPARED,
            )
        }
        keys = {refusal_key(organisation, s.submission_id): s.submission_id for s in chunk}
        refused = {
            keys[key]
            for key in AuditEvent.objects.filter(
                object_type=REFUSAL_MARK, object_id__in=list(keys)
            ).values_list("object_id", flat=True)
        }
        for submission in chunk:
            existing = stored.get(submission.submission_id)
            if not submission.consent_complete:
                if existing is not None:
                    problems.append(
                        Problem(
                            submission.row,
                            "consent_interview",
                            "",
                            f"was imported before with consent, as screening {existing['code']}: "
                            "a completed screening cannot change",
                        )
                    )
                elif submission.submission_id not in refused:
                    refusals.append(submission)
                continue
            if submission.submission_id in refused:
                problems.append(
                    Problem(
                        submission.row,
                        "consent_interview",
                        "yes",
                        "was imported before as a refusal: a refused interview cannot be "
                        "completed later; start a new one",
                    )
                )
                continue
            if existing is None:
                new.append(submission)
                continue
            problems += _differences(submission, existing)
    return new, refusals, problems


def _differences(submission: parse.Submission, existing: dict[str, Any]) -> list[Problem]:
    reason = (
        f"differs from screening {existing['code']}, imported before from this submission: a "
        "completed screening's result cannot change (interview the person again instead)"
    )
    found = []
    ref = f"{existing['catalogue__catalogue_id']}@{existing['catalogue__version']}"
    if ref != submission.catalogue:
        found.append(Problem(submission.row, "catalogue", submission.catalogue, reason))
    for name, value in _values(submission).items():
        if existing[name] != value:
            found.append(Problem(submission.row, name, str(value), reason))
    answers = _stored_answers(submission.answers)
    for name in sorted(set(answers) | set(existing["answers"])):
        if answers.get(name, "unknown") != existing["answers"].get(name, "unknown"):
            found.append(Problem(submission.row, name, answers.get(name, "unknown"), reason))
    return found


def _aware(moment: datetime | None) -> datetime | None:
    if moment is None:
        return None
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment, timezone.get_default_timezone())
    return moment.astimezone(UTC)


def _screening(
    actor: Actor,
    organisation: Organisation,
    versions: dict[str, CatalogueVersion | None],
    submission: parse.Submission,
) -> Screening:
    """The completed screening of a submission, classified as the web interview does."""
    version = versions[submission.catalogue]
    assert version is not None and organisation.country is not None  # checked by parse
    screening = Screening(
        code=new_code("S"),
        organisation=organisation,
        country=organisation.country,
        screener=actor.user,
        catalogue=version,
        source=Screening.Source.OFFLINE,
        submission_id=submission.submission_id,
        answers=_stored_answers(submission.answers),
        **_values(submission),
    )
    outcome = actions.evaluate(screening)
    data = outcome.to_dict()
    screening.status = Screening.Status.COMPLETED
    screening.completed_at = _aware(submission.ended or submission.started) or timezone.now()
    screening.result = outcome.result
    screening.profile = data["profile"]
    screening.completeness = data["completeness"]
    screening.outcome = data
    return screening


def _unique_codes(screenings: list[Screening]) -> None:
    """Draw again any code drawn twice or already stored: among 100,000 random codes some
    repeat (32^6 codes; a 100,000-row import failed on one, measured)."""
    seen: set[str] = set()
    for screening in screenings:
        while screening.code in seen:
            screening.code = new_code("S")
        seen.add(screening.code)
    for start in range(0, len(screenings), CHUNK):
        chunk = screenings[start : start + CHUNK]
        while True:
            codes = [s.code for s in chunk]
            stored = set(Screening.objects.filter(code__in=codes).values_list("code", flat=True))
            if not stored:
                break
            for screening in chunk:
                if screening.code in stored:
                    while screening.code in seen:
                        screening.code = new_code("S")
                    seen.add(screening.code)


def _count_refusal(actor: Actor, organisation: Organisation, submission: parse.Submission) -> None:
    moment = _aware(submission.started or submission.ended)
    actions.record_refusal(
        actor=actor,
        organisation=organisation,
        on=timezone.localtime(moment).date() if moment else None,
    )
    audit.record(
        actor=actor,
        action=audit.Action.CREATE,
        object_type=REFUSAL_MARK,
        object_id=refusal_key(organisation, submission.submission_id),
    )


def _audit(actor: Actor, outcome: OfflineImport) -> None:
    changed = ["screenings"] if outcome.created and not outcome.dry_run else []
    if outcome.refusals and not outcome.dry_run:
        changed.append("consent_refusals")
    audit.record(
        actor=actor,
        action=audit.Action.CREATE,
        object_type="screening_import",
        object_id=outcome.id,
        changed_fields=changed,
        detail=outcome.counts(),
    )


def _reject(
    actor: Actor, outcome: OfflineImport, problems: list[Problem], started: float
) -> OfflineImport:
    outcome.status = "rejected"
    outcome.problems = problems
    outcome.created = outcome.unchanged = outcome.refusals = outcome.refusals_unchanged = 0
    outcome.seconds = round(time.perf_counter() - started, 3)
    _audit(actor, outcome)
    return outcome
