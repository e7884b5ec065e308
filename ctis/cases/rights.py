"""Rights of the person: export of everything held about a person, and erasure.

For the data protection officer (``Perm.HANDLE_DATA_REQUESTS``, country scope). Every export
and erasure is audited; audit events carry codes and field names, never values, so they
survive the erasure unchanged.

**Export**: ``export_data`` (JSON, complete, for the DPO to hand over) and ``export_pdf`` (a
calm document for the person). The PDF never states an identification status: decisions are
listed as "decisions about the support you can receive", with the date and the kind of body
only; staff-written text (grounds, notes) and organisation names that would reveal it are left
out of the PDF and are in the JSON.

**Erasure** (``erase``): overwrites every encrypted value of the person, of their cases'
decisions and of anything else linked to their cases, deletes their notes and their blind
indexes, and clears the plain columns that could single them out (script of the name,
nationality, languages). What remains counts and identifies no one: the codes, status,
country, sex, age group, dates, consent flags, edit history (field names). The erasure is
written to the ``Erasure`` table **and** appended to the ledger file (``ledger_path``),
which lives outside the database: after a backup is restored, ``ctis erasures reapply``
erases again everyone the ledger names (idempotent), and ``ctis erasures check`` fails
while any of them still has personal data. See docs/data-protection.md, "Rights of the
person".
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, models, transaction
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from ctis.accounts import permissions
from ctis.accounts.models import User
from ctis.accounts.roles import Perm
from ctis.audit import actions as audit
from ctis.audit.context import Actor
from ctis.cases import documents, person_document
from ctis.cases.models import (
    Case,
    CaseEvent,
    CaseNote,
    ConsentEvent,
    Erasure,
    Person,
    StatusDecision,
)
from ctis.core.fields import EncryptedField, EncryptedTextField, delete_blind_indexes
from ctis.core.fields import encrypted_fields as encrypted_fields_of
from ctis.core.pdf import render_pdf

EXPORT_FORMAT = "ctis-person-export/1"
LEDGER_FORMAT = "ctis-erasure/1"

# Plain columns of Person cleared on erasure: they could single someone out in a small
# country (a rare nationality, language or script). Sex and age group stay, for counts.
PERSON_PLAIN_CLEARED = {"name_script": Person.Script.OTHER, "nationality": "", "languages": ""}

# --- Who may ------------------------------------------------------------------------------


def cases_for_requests(user: User) -> QuerySet[Case]:
    """Cases in the countries where ``user`` handles data requests."""
    countries = permissions.countries_for(user, Perm.HANDLE_DATA_REQUESTS)
    return Case.objects.filter(country__code__in=countries).select_related(
        "person", "organisation", "country"
    )


def get_case_for_request(user: User, code: str) -> Case:
    case = cases_for_requests(user).filter(code=code.strip().upper()).first()
    if case is None:
        raise Http404
    return case


def _require(actor: Actor, person: Person) -> User:
    user = actor.user
    countries = set(person.cases.values_list("country__code", flat=True))
    if (
        user is None
        or not countries
        or not all(
            permissions.can_in_country(user, Perm.HANDLE_DATA_REQUESTS, code) for code in countries
        )
    ):
        audit.record(
            actor=actor,
            action=audit.Action.PERMISSION_DENIED,
            detail=f"{Perm.HANDLE_DATA_REQUESTS}:rights",
        )
        raise PermissionDenied
    return user


def is_erased(person: Person) -> bool:
    return Erasure.objects.filter(person=person).exists()


# --- Collecting what is held --------------------------------------------------------------

# Relations of Case handled by name; any other model pointing at Case (referrals, documents,
# break-glass grants, later slices) is found through the model meta and handled generically.
_CASE_KNOWN = {StatusDecision, ConsentEvent, CaseNote, CaseEvent}


def _json_value(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [_json_value(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _json_value(v) for k, v in value.items()}
    return str(value)


def _label(related: models.Model) -> str:
    """How a related object is named in an export: its code, a username, or its name."""
    if isinstance(related, User):
        return related.get_username()
    for attribute in ("code", "name"):
        value = getattr(related, attribute, None)
        if isinstance(value, str) and value:
            return value
    return str(related)


def _row(instance: models.Model, *, skip: Iterable[str] = ()) -> dict[str, Any]:
    """Every concrete field of ``instance`` (decrypted), foreign keys by code or name.

    Integer primary keys are left out (internal); so are the fields named in ``skip``.
    """
    row: dict[str, Any] = {}
    skipped = set(skip)
    for model_field in instance._meta.concrete_fields:
        if model_field.primary_key or model_field.name in skipped:
            continue
        if model_field.is_relation:
            related = getattr(instance, model_field.name)
            row[model_field.name] = None if related is None else _label(related)
        else:
            row[model_field.name] = _json_value(getattr(instance, model_field.attname))
    return row


def _other_relations(model: type[models.Model], known: set[type[models.Model]]) -> Iterator[Any]:
    for relation in model._meta.related_objects:
        if relation.many_to_many or relation.related_model in known:
            continue
        yield relation


def _linked(owner: models.Model, known: set[type[models.Model]]) -> dict[str, list[Any]]:
    """Rows of other models that point at ``owner`` (not those in ``known``), by table."""
    found: dict[str, list[models.Model]] = {}
    for relation in _other_relations(type(owner), known):
        related_model = relation.related_model
        rows = list(related_model._base_manager.filter(**{relation.field.name: owner}))
        if rows:
            found.setdefault(related_model._meta.label_lower, []).extend(rows)
    return found


def collect(person: Person) -> dict[str, Any]:
    """Everything held about ``person``, as JSON-ready data (no audit: see ``export_data``)."""
    cases = []
    for case in person.cases.select_related(
        "organisation", "country", "caseworker", "screening", "opened_by"
    ).order_by("opened_at"):
        item = _row(case, skip=["person"])
        item["decisions"] = [_row(d, skip=["case"]) for d in case.decisions.all()]
        item["consents"] = [_row(c, skip=["case"]) for c in case.consents.all()]
        item["notes"] = [_row(n, skip=["case"]) for n in case.notes.all()]
        item["edit_history"] = [
            {
                "revision": e.revision,
                "kind": e.kind,
                "fields": e.field_names,
                "reason": e.reason,
                "by": e.by.get_username(),
                "at": e.at.isoformat(),
            }
            for e in case.events.select_related("by")
        ]
        if case.screening is not None:
            item["screening"] = _row(case.screening)
        item["other"] = {
            table: [_row(row, skip=["case"]) for row in rows]
            for table, rows in _linked(case, _CASE_KNOWN).items()
        }
        cases.append(item)
    other = {
        table: [_row(row, skip=["person"]) for row in rows]
        for table, rows in _linked(person, {Case, Erasure}).items()
    }
    erasure = Erasure.objects.filter(person=person).first()
    return {
        "format": EXPORT_FORMAT,
        "exported_at": timezone.now().isoformat(),
        "person": _row(person),
        "cases": cases,
        "other": other,
        "erasure": None if erasure is None else _row(erasure, skip=["person"]),
    }


def export_data(*, actor: Actor, case: Case) -> dict[str, Any]:
    """Everything held about the person of ``case`` (JSON-ready); audited as an export."""
    person = case.person
    _require(actor, person)
    data = collect(person)
    audit.record(
        actor=actor,
        action=audit.Action.EXPORT,
        object_type="person",
        object_id=person.code,
        detail=f"json;case:{case.code}",
    )
    return data


# --- The person's PDF ---------------------------------------------------------------------


def export_pdf(*, actor: Actor, case: Case) -> bytes:
    """The person's document (PDF, WeasyPrint); audited as an export."""
    person = case.person
    _require(actor, person)
    pdf = render_pdf(person_document.render_html(person))
    audit.record(
        actor=actor,
        action=audit.Action.EXPORT,
        object_type="person",
        object_id=person.code,
        detail=f"pdf;case:{case.code}",
    )
    return pdf


# --- Erasure ------------------------------------------------------------------------------


def ledger_path() -> Path:
    """The erasure ledger: a file outside the database, so restoring a backup keeps it.

    ``CTIS_ERASURE_LEDGER`` if the settings define it, else ``<VAR_DIR>/erasure-ledger.jsonl``.
    """
    configured = getattr(settings, "CTIS_ERASURE_LEDGER", None)
    return Path(configured) if configured else Path(settings.VAR_DIR) / "erasure-ledger.jsonl"


def _append_ledger(erasure: Erasure, path: Path | None = None) -> None:
    path = path or ledger_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    entry = {
        "format": LEDGER_FORMAT,
        "person": erasure.person_code,
        "cases": erasure.case_codes.split(),
        "reason": erasure.reason,
        "erased_at": erasure.erased_at.isoformat(),
    }
    with path.open("a", encoding="utf-8") as ledger:
        ledger.write(json.dumps(entry, sort_keys=True) + "\n")
        ledger.flush()


def read_ledger(path: Path | None = None) -> list[dict[str, Any]]:
    """The ledger's entries (a missing file is an empty ledger); malformed lines raise."""
    path = path or ledger_path()
    if not path.exists():
        return []
    entries = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            entry = json.loads(line)
        except json.JSONDecodeError as error:
            raise ValueError(f"{path}:{number}: not a ledger entry ({error.msg})") from None
        if entry.get("format") != LEDGER_FORMAT or not entry.get("person"):
            raise ValueError(f"{path}:{number}: not a ledger entry")
        entries.append(entry)
    return entries


def _blank(model_field: EncryptedField) -> Any:
    if model_field.null:
        return None
    if isinstance(model_field, EncryptedTextField):
        return ""
    return datetime.date(1, 1, 1)


def _overwrite(instance: models.Model) -> list[str]:
    """Blank every encrypted value of ``instance`` and drop its blind indexes."""
    fields = encrypted_fields_of(type(instance))
    delete_blind_indexes(instance)
    if not fields:
        return []
    for model_field in fields:
        setattr(instance, model_field.attname, _blank(model_field))
    instance.save(update_fields=[f.name for f in fields])
    return [f"{instance._meta.model_name}.{f.name}" for f in fields]


def _secure_delete() -> None:
    """SQLite: zero freed content from now on in this connection (PostgreSQL: VACUUM)."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA secure_delete = ON")


def _erase(person: Person) -> list[str]:
    """Destroy the personal data of ``person`` and what hangs off their cases; return the
    names (``model.field``) of what was erased. The caller holds a transaction."""
    erased: set[str] = set()
    for case in person.cases.all():
        for decision in case.decisions.all():
            erased.update(_overwrite(decision))
        notes = list(case.notes.all())
        for note in notes:
            delete_blind_indexes(note)
        if notes:
            CaseNote.objects.filter(pk__in=[n.pk for n in notes]).delete()
            erased.add("casenote.*")
        for rows in _linked(case, _CASE_KNOWN).values():
            for row in rows:
                erased.update(_overwrite(row))
        for document in case.documents.all():  # the encrypted files of its documents
            if documents.remove(document.storage_name):
                erased.add("casedocument.file")
    for rows in _linked(person, {Case, Erasure}).values():
        for row in rows:
            erased.update(_overwrite(row))
    for name, value in PERSON_PLAIN_CLEARED.items():
        setattr(person, name, value)
    person.save(update_fields=list(PERSON_PLAIN_CLEARED))
    erased.update(_overwrite(person))
    erased.update(f"person.{name}" for name in PERSON_PLAIN_CLEARED)
    return sorted(erased)


def residue(person: Person) -> list[str]:
    """What personal data ``person`` still has (empty once erased): ``model.field`` names."""
    from django.contrib.contenttypes.models import ContentType

    from ctis.core.models import BlindIndex

    left: set[str] = set()

    def check(instance: models.Model) -> None:
        for model_field in encrypted_fields_of(type(instance)):
            if getattr(instance, model_field.attname) not in (None, "", _blank(model_field)):
                left.add(f"{instance._meta.model_name}.{model_field.name}")
        content_type = ContentType.objects.get_for_model(type(instance), for_concrete_model=False)
        if BlindIndex.objects.filter(
            content_type=content_type, object_id=str(instance.pk)
        ).exists():
            left.add(f"{instance._meta.model_name}.blind_index")

    check(person)
    for name, value in PERSON_PLAIN_CLEARED.items():
        if getattr(person, name) != value:
            left.add(f"person.{name}")
    for case in person.cases.all():
        for decision in case.decisions.all():
            check(decision)
        if case.notes.exists():
            left.add("casenote.*")
        for rows in _linked(case, _CASE_KNOWN).values():
            for row in rows:
                check(row)
        if any(documents.exists(d.storage_name) for d in case.documents.all()):
            left.add("casedocument.file")
    for rows in _linked(person, {Case, Erasure}).values():
        for row in rows:
            check(row)
    return sorted(left)


def erase(
    *,
    actor: Actor,
    case: Case,
    reason: str,
    confirm: str,
    now: datetime.datetime | None = None,
) -> Erasure:
    """Erase the personal data of the person of ``case`` (two-step: ``confirm`` is the case
    code typed again). Audited (field names, no values); recorded in the ledger file."""
    person = case.person
    user = _require(actor, person)
    codes = sorted(person.cases.values_list("code", flat=True))
    # Exactly as shown: no case folding, no trimming. A confirmation that forgives typing
    # confirms nothing.
    if confirm != case.code:
        raise ValidationError({"confirm": _("Type the case code exactly as shown to confirm.")})
    if reason not in Erasure.Reason.values:
        raise ValidationError({"reason": _("Choose why the data is erased.")})
    if is_erased(person):
        raise ValidationError(_("This person's data has already been erased."))
    now = now or timezone.now()
    _secure_delete()
    with transaction.atomic():
        erased = _erase(person)
        erasure = Erasure.objects.create(
            person=person,
            person_code=person.code,
            case_codes=" ".join(codes),
            reason=reason,
            erased_by=user,
            erased_at=now,
        )
        audit.record(
            actor=actor,
            action=audit.Action.DELETE,
            object_type="person",
            object_id=person.code,
            changed_fields=erased,
            detail=f"erasure:{reason};cases:{' '.join(codes)}"[:200],
        )
        # Written before the commit: an entry can only be in excess (erasing again someone
        # whose erasure was asked for), never missing.
        _append_ledger(erasure)
    return erasure


@dataclass
class Reapplied:
    erased: list[str] = field(default_factory=list)  # person codes erased again
    already: int = 0  # entries whose person holds no personal data
    absent: int = 0  # entries whose person is not in this database
    added_to_ledger: int = 0  # erasures known to the database but missing from the file


def reapply(*, actor: Actor, path: Path | None = None) -> Reapplied:
    """Erase again everyone the ledger names who still has personal data (after a restore).

    Idempotent. Erasures the database knows but the file lacks are appended to the file
    first, so the two agree afterwards.
    """
    path = path or ledger_path()
    entries = read_ledger(path)
    result = Reapplied()
    known = {entry["person"] for entry in entries}
    for missing in Erasure.objects.exclude(person_code__in=known).order_by("erased_at"):
        _append_ledger(missing, path)
        entries.append({"person": missing.person_code, "reason": missing.reason})
        result.added_to_ledger += 1
    seen: set[str] = set()
    _secure_delete()
    for entry in entries:
        code = str(entry["person"])
        if code in seen:
            continue
        seen.add(code)
        person = Person.objects.filter(code=code).first()
        if person is None:
            result.absent += 1
            continue
        erasure = Erasure.objects.filter(person=person).first()
        if erasure is not None and not residue(person):
            result.already += 1
            continue
        with transaction.atomic():
            erased = _erase(person)
            if erasure is None:
                erased_at = entry.get("erased_at")
                Erasure.objects.create(
                    person=person,
                    person_code=person.code,
                    case_codes=" ".join(sorted(person.cases.values_list("code", flat=True))),
                    reason=entry.get("reason") or Erasure.Reason.REQUEST,
                    erased_by=None,
                    erased_at=datetime.datetime.fromisoformat(erased_at)
                    if erased_at
                    else timezone.now(),
                    reapplied=1,
                )
            else:
                erasure.reapplied += 1
                erasure.save(update_fields=["reapplied"])
            audit.record(
                actor=actor,
                action=audit.Action.DELETE,
                object_type="person",
                object_id=person.code,
                changed_fields=erased,
                detail="erasure:reapplied",
            )
        result.erased.append(code)
    return result
