"""Writing assessments, needs, the plan, the assistance log and documents of a case.

Same rules as ``ctis.cases.actions``: MANAGE_CASES on the case's organisation to add
(SUPERVISE_CASES to delete a document), nothing personal written for an erased person, every
write audited with field names only. Additions overwrite nothing and need no case revision;
a plan item's status change carries the item's revision (a stale one is refused).
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from ctis.accounts.models import Organisation
from ctis.accounts.roles import Perm
from ctis.audit import actions as audit
from ctis.audit.context import Actor
from ctis.cases import documents, vulnerability
from ctis.cases.actions import _refuse_if_erased, _require
from ctis.cases.assistance_models import (
    AssistanceEntry,
    CaseDocument,
    Need,
    PlanItem,
    SupportType,
    VulnerabilityAssessment,
)
from ctis.cases.models import Case


class StalePlanItem(Exception):
    """The plan item changed since the form was loaded."""

    def __init__(self, item: PlanItem) -> None:
        super().__init__(f"plan item {item.pk} changed meanwhile")
        self.item = item


def _check_type(value: str, field: str = "type") -> None:
    if value not in SupportType.values:
        raise ValidationError({field: "Choose a type of support."})


def _not_future(day: datetime.date, field: str) -> None:
    if day > timezone.localdate():
        raise ValidationError({field: "This date cannot be in the future."})


def _audit(actor: Actor, action: audit.Action, object_type: str, case: Case, fields: list[str],
           detail: str = "") -> None:  # fmt: skip
    audit.record(
        actor=actor,
        action=action,
        object_type=object_type,
        object_id=case.code,
        changed_fields=fields,
        detail=detail,
    )


def add_assessment(
    *,
    actor: Actor,
    case: Case,
    assessed_on: datetime.date,
    factors: dict[str, str],
    note: str = "",
) -> VulnerabilityAssessment:
    """Record a vulnerability assessment: every factor of the fixed list present, absent or
    unknown (missing ones are unknown), with an optional encrypted note."""
    user = _require(actor, Perm.MANAGE_CASES, case.organisation)
    _refuse_if_erased(case)
    _not_future(assessed_on, "assessed_on")
    try:
        answers = vulnerability.clean_answers(factors)
    except ValueError as error:
        raise ValidationError({"factors": str(error)}) from None
    with transaction.atomic():
        assessment = VulnerabilityAssessment.objects.create(
            case=case,
            assessed_on=assessed_on,
            factors=answers,
            note=note.strip(),
            assessed_by=user,
            recorded_at=timezone.now(),
        )
        _audit(actor, audit.Action.CREATE, "vulnerability_assessment", case,
               ["assessed_on", "factors", *(["note"] if note.strip() else [])])  # fmt: skip
    return assessment


def add_need(*, actor: Actor, case: Case, type: str, note: str = "") -> Need:
    user = _require(actor, Perm.MANAGE_CASES, case.organisation)
    _refuse_if_erased(case)
    _check_type(type)
    with transaction.atomic():
        need = Need.objects.create(
            case=case, type=type, note=note.strip(), recorded_by=user, recorded_at=timezone.now()
        )
        _audit(actor, audit.Action.CREATE, "need", case,
               ["type", *(["note"] if note.strip() else [])])  # fmt: skip
    return need


def add_plan_item(
    *,
    actor: Actor,
    case: Case,
    type: str,
    description: str,
    responsible_organisation: Organisation | None = None,
    responsible_text: str = "",
    target_date: datetime.date | None = None,
) -> PlanItem:
    """Add an item to the assistance plan; responsible: an organisation or a typed name."""
    user = _require(actor, Perm.MANAGE_CASES, case.organisation)
    _refuse_if_erased(case)
    _check_type(type)
    if not description.strip():
        raise ValidationError({"description": "Describe what is planned."})
    if responsible_organisation is not None and responsible_text.strip():
        raise ValidationError(
            {"responsible_text": "Choose an organisation or type a name, not both."}
        )
    if responsible_organisation is None and not responsible_text.strip():
        raise ValidationError({"responsible_text": "Say who is responsible."})
    now = timezone.now()
    with transaction.atomic():
        item = PlanItem.objects.create(
            case=case,
            type=type,
            description=description.strip(),
            responsible_organisation=responsible_organisation,
            responsible_text=responsible_text.strip(),
            target_date=target_date,
            created_by=user,
            created_at=now,
            updated_at=now,
        )
        _audit(
            actor,
            audit.Action.CREATE,
            "plan_item",
            case,
            ["type", "description", "responsible", "target_date"],
            detail=f"item:{item.pk}",
        )
    return item


def set_plan_item_status(*, actor: Actor, item: PlanItem, revision: int, status: str) -> PlanItem:
    """Move a plan item to ``status``; refused if someone changed it since ``revision``."""
    case = item.case
    _require(actor, Perm.MANAGE_CASES, case.organisation)
    _refuse_if_erased(case)
    if status not in PlanItem.Status.values:
        raise ValidationError({"status": "Choose a status."})
    with transaction.atomic():
        updated = PlanItem.objects.filter(pk=item.pk, revision=revision).update(
            status=status, revision=revision + 1, updated_at=timezone.now()
        )
        if updated != 1:
            raise StalePlanItem(PlanItem.objects.get(pk=item.pk))
        item.status = status
        item.revision = revision + 1
        _audit(actor, audit.Action.UPDATE, "plan_item", case, ["status"],
               detail=f"item:{item.pk};status:{status}")  # fmt: skip
    return item


def log_assistance(
    *,
    actor: Actor,
    case: Case,
    type: str,
    given_on: datetime.date,
    provided_by: str,
    note: str = "",
    plan_item: PlanItem | None = None,
) -> AssistanceEntry:
    """Record assistance given, optionally against an item of the case's plan."""
    user = _require(actor, Perm.MANAGE_CASES, case.organisation)
    _refuse_if_erased(case)
    _check_type(type)
    _not_future(given_on, "given_on")
    if not provided_by.strip():
        raise ValidationError({"provided_by": "Say who provided it."})
    if plan_item is not None and plan_item.case_id != case.pk:
        raise ValidationError({"plan_item": "That item is not in this case's plan."})
    with transaction.atomic():
        entry = AssistanceEntry.objects.create(
            case=case,
            type=type,
            given_on=given_on,
            provided_by=provided_by.strip(),
            plan_item=plan_item,
            note=note.strip(),
            recorded_by=user,
            recorded_at=timezone.now(),
        )
        fields = ["type", "given_on", "provided_by"]
        fields += ["plan_item"] if plan_item is not None else []
        fields += ["note"] if note.strip() else []
        _audit(actor, audit.Action.CREATE, "assistance", case, fields)
    return entry


def upload_document(*, actor: Actor, case: Case, name: str, content: bytes) -> CaseDocument:
    """Store a file for the case, encrypted; pdf, jpg, png or docx by content, ≤ 10 MB."""
    user = _require(actor, Perm.MANAGE_CASES, case.organisation)
    _refuse_if_erased(case)
    if not content:
        raise ValidationError({"file": "The file is empty."})
    if len(content) > documents.MAX_BYTES:
        raise ValidationError({"file": "The file is larger than 10 MB."})
    kind = documents.sniff(content)
    if kind is None:
        raise ValidationError({"file": "Only PDF, JPEG, PNG and Word (docx) files can be added."})
    original = (name or "").replace("\\", "/").rsplit("/", 1)[-1].strip()[
        :255
    ] or f"document.{kind}"
    storage_name = documents.new_storage_name()
    with transaction.atomic():
        document = CaseDocument.objects.create(
            case=case,
            storage_name=storage_name,
            original_name=original,
            kind=kind,
            size=len(content),
            uploaded_by=user,
            uploaded_at=timezone.now(),
        )
        documents.write(storage_name, content)
        _audit(actor, audit.Action.CREATE, "case_document", case, ["original_name", "file"],
               detail=f"document:{document.pk};{kind}")  # fmt: skip
    return document


def read_document(*, actor: Actor, document: CaseDocument) -> bytes:
    """The decrypted bytes of a document (audited as an export). The caller has checked that
    the case is visible to the actor (``queries.get_case_for``)."""
    if document.is_deleted:
        raise ValidationError("The document was deleted.")
    content = documents.read(document.storage_name)
    _audit(actor, audit.Action.EXPORT, "case_document", document.case, [],
           detail=f"document:{document.pk}")  # fmt: skip
    return content


def delete_document(*, actor: Actor, document: CaseDocument) -> CaseDocument:
    """Delete a document's file and name (SUPERVISE_CASES); the row stays for the timeline."""
    case = document.case
    user = _require(actor, Perm.SUPERVISE_CASES, case.organisation)
    if document.is_deleted:
        raise ValidationError("The document was already deleted.")
    with transaction.atomic():
        document.original_name = ""
        document.deleted_at = timezone.now()
        document.deleted_by = user
        document.save(update_fields=["original_name", "deleted_at", "deleted_by"])
        documents.remove(document.storage_name)
        _audit(actor, audit.Action.DELETE, "case_document", case, ["original_name", "file"],
               detail=f"document:{document.pk}")  # fmt: skip
    return document
