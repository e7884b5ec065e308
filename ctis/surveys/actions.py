"""The only write path for surveys: creating a survey and importing submissions.

An import is all or nothing: the file (or server pull) is read and checked against the data
dictionary first; with any problem nothing is written but the batch record that lists every
problem. Otherwise every submission is created, updated or left unchanged (keyed on
``submission_id``) in one transaction with the batch and its audit event. A dry run checks and
counts, and writes only the batch record. Audit events carry counts, never values.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, Protocol

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, transaction
from django.utils import timezone

from ctis.accounts import permissions
from ctis.accounts.models import Country, Organisation
from ctis.accounts.roles import Perm
from ctis.audit import actions as audit
from ctis.audit.context import Actor
from ctis.surveys import dictionary as dd
from ctis.surveys.importing import remote, tables
from ctis.surveys.importing.validate import CanonicalRow, Problem, validate
from ctis.surveys.models import TEXT_COLUMNS, ImportBatch, Submission, Survey

CHUNK = 500  # rows per query: under SQLite's limit on query parameters
FIELDS = [name for name in dd.NAMES if name != "submission_id"]

SOURCE_OF_FORMAT = {
    tables.Format.CSV: ImportBatch.Source.UPLOAD_CSV,
    tables.Format.XLSX: ImportBatch.Source.UPLOAD_XLSX,
    tables.Format.PARQUET: ImportBatch.Source.UPLOAD_PARQUET,
    tables.Format.KOBO_JSON: ImportBatch.Source.KOBO_JSON,
    tables.Format.ODK_JSON: ImportBatch.Source.ODK_JSON,
}


class Progress(Protocol):
    """What an import reports as it goes (a progress bar in the command line)."""

    def stage(self, name: str, total: int | None) -> None: ...

    def advance(self, count: int) -> None: ...


class _Quiet:
    def stage(self, name: str, total: int | None) -> None:
        return None

    def advance(self, count: int) -> None:
        return None


def _require(actor: Actor, survey_country: str | None) -> None:
    """Commands run by an operator (no user) may import; users need IMPORT_SURVEYS there."""
    if actor.user is None:
        return
    if not permissions.can_in_country(actor.user, Perm.IMPORT_SURVEYS, survey_country):
        audit.record(
            actor=actor, action=audit.Action.PERMISSION_DENIED, detail=str(Perm.IMPORT_SURVEYS)
        )
        raise PermissionDenied


def _country_code(survey: Survey) -> str | None:
    return survey.country.code if survey.country_id and survey.country else None


def create_survey(
    *,
    actor: Actor,
    name: str,
    title: str,
    organisation: Organisation,
    country: Country | None = None,
    instrument_version: str = dd.CURRENT_VERSION,
    **source: Any,
) -> Survey:
    """Create a survey; ``source`` holds the optional Kobo / ODK Central settings.

    Secrets are not accepted here: only the names of the variables that hold them.
    """
    _require(actor, country.code if country else None)
    survey = Survey(
        name=name,
        title=title,
        organisation=organisation,
        country=country,
        instrument_version=instrument_version,
        **source,
    )
    survey.full_clean()
    with transaction.atomic():
        survey.save()
        audit.record(
            actor=actor,
            action=audit.Action.CREATE,
            object_type="survey",
            object_id=str(survey.public_id),
            changed_fields=["name", "title", "organisation", "country", *sorted(source)],
        )
    return survey


def connect_survey(*, actor: Actor, survey: Survey, **source: Any) -> list[str]:
    """Change where the survey pulls from (Kobo / ODK Central settings and the *names* of the
    variables holding their secrets). Returns the changed settings; audited by name."""
    _require(actor, _country_code(survey))
    allowed = {
        "kobo_url",
        "kobo_asset_uid",
        "kobo_token_variable",
        "odk_url",
        "odk_project_id",
        "odk_form_id",
        "odk_username",
        "odk_password_variable",
    }
    unknown = set(source) - allowed
    if unknown:
        raise ValueError(f"not a server setting: {sorted(unknown)}")
    changed = sorted(name for name, value in source.items() if getattr(survey, name) != value)
    if not changed:
        return []
    for name in changed:
        setattr(survey, name, source[name])
    survey.full_clean()
    with transaction.atomic():
        survey.save(update_fields=changed)
        audit.record(
            actor=actor,
            action=audit.Action.UPDATE,
            object_type="survey",
            object_id=str(survey.public_id),
            changed_fields=changed,
        )
    return changed


def import_file(
    *,
    actor: Actor,
    survey: Survey,
    data: bytes,
    file_name: str,
    file_format: tables.Format | str | None = None,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> ImportBatch:
    """Import one file (CSV, XLSX, Parquet, Kobo JSON or ODK OData JSON) into ``survey``.

    Returns the batch: ``status`` says whether it was imported, checked (dry run) or rejected,
    and ``problem_list`` holds every problem. Raises PermissionDenied for a user without
    IMPORT_SURVEYS where the survey is.
    """
    _require(actor, _country_code(survey))
    progress = progress or _Quiet()
    started = timezone.now()
    try:
        fmt = tables.Format(file_format) if file_format else tables.guess_format(file_name, data)
    except (tables.FormatError, ValueError) as exc:
        return _reject_unreadable(
            actor, survey, ImportBatch.Source.UPLOAD_CSV, file_name, dry_run, started, exc
        )
    source = SOURCE_OF_FORMAT[fmt]
    progress.stage("reading", None)
    try:
        table = tables.read(data, fmt)
    except tables.FormatError as exc:
        return _reject_unreadable(actor, survey, source, file_name, dry_run, started, exc)
    return import_table(
        actor=actor,
        survey=survey,
        table=table,
        source=source,
        original_name=file_name,
        dry_run=dry_run,
        progress=progress,
        started=started,
    )


def pull_kobo(
    *, actor: Actor, survey: Survey, dry_run: bool = False, progress: Progress | None = None
) -> ImportBatch:
    """Pull every submission of the survey's KoboToolbox form (paged, ≤ 1,000 a page).

    Raises ``remote.RemoteError`` when the server cannot be used (nothing is written then but
    a failed batch record).
    """
    _require(actor, _country_code(survey))
    progress = progress or _Quiet()
    started = timezone.now()
    if not (survey.kobo_url and survey.kobo_asset_uid):
        raise ValidationError("This survey has no KoboToolbox server and form configured.")
    progress.stage("downloading", None)
    first = True

    def on_page(records: int, total: int | None) -> None:
        nonlocal first
        if first and total is not None:
            progress.stage("downloading", total)
        first = False
        progress.advance(records)

    try:
        token = remote.read_secret(survey.kobo_token_variable)
        pages = remote.kobo_pages(survey.kobo_url, survey.kobo_asset_uid, token, on_page=on_page)
        table = tables.read_kobo(pages)
    except (remote.RemoteError, tables.FormatError) as exc:
        _record_failure(actor, survey, ImportBatch.Source.KOBO_SERVER, dry_run, started, exc)
        raise remote.RemoteError(str(exc)) from None
    return import_table(
        actor=actor,
        survey=survey,
        table=table,
        source=ImportBatch.Source.KOBO_SERVER,
        original_name=f"{survey.kobo_asset_uid}",
        dry_run=dry_run,
        progress=progress,
        started=started,
    )


def pull_odk(
    *, actor: Actor, survey: Survey, dry_run: bool = False, progress: Progress | None = None
) -> ImportBatch:
    """Pull the survey's ODK Central form's submissions table through pyodk."""
    _require(actor, _country_code(survey))
    progress = progress or _Quiet()
    started = timezone.now()
    if not (
        survey.odk_url and survey.odk_project_id and survey.odk_form_id and survey.odk_username
    ):
        raise ValidationError("This survey has no ODK Central server, project, form and user.")
    progress.stage("downloading", None)
    try:
        password = remote.read_secret(survey.odk_password_variable)
        payload = remote.odk_table(
            survey.odk_url, survey.odk_project_id, survey.odk_form_id, survey.odk_username, password
        )
        table = tables.read_odata([payload])
    except (remote.RemoteError, tables.FormatError) as exc:
        _record_failure(actor, survey, ImportBatch.Source.ODK_CENTRAL, dry_run, started, exc)
        raise remote.RemoteError(str(exc)) from None
    progress.advance(len(table.records))
    return import_table(
        actor=actor,
        survey=survey,
        table=table,
        source=ImportBatch.Source.ODK_CENTRAL,
        original_name=survey.odk_form_id,
        dry_run=dry_run,
        progress=progress,
        started=started,
    )


def import_table(
    *,
    actor: Actor,
    survey: Survey,
    table: tables.Table,
    source: ImportBatch.Source,
    original_name: str,
    dry_run: bool = False,
    progress: Progress | None = None,
    started: Any = None,
) -> ImportBatch:
    """Check ``table`` against the dictionary and write it whole, or reject it whole."""
    _require(actor, _country_code(survey))
    progress = progress or _Quiet()
    started = started or timezone.now()
    batch = ImportBatch(
        survey=survey,
        source=source,
        original_name=original_name[:255],
        dry_run=dry_run,
        rows=len(table.records),
        actor_username=_actor_name(actor),
        started_at=started,
    )
    progress.stage("checking", len(table.records))
    result = validate(table, default_version=survey.instrument_version, progress=progress.advance)
    ignored = result.header_map.ignored
    if result.problems:
        return _save_rejected(actor, batch, result.problems, ignored_columns=ignored)
    rows = result.rows
    progress.stage("writing" if not dry_run else "comparing", len(rows))
    try:
        with transaction.atomic():
            new, changed, unchanged = _compare(survey, rows)
            batch.created, batch.updated, batch.unchanged = len(new), len(changed), unchanged
            batch.status = ImportBatch.Status.CHECKED if dry_run else ImportBatch.Status.IMPORTED
            batch.finished_at = timezone.now()
            batch.set_problems([], ignored_columns=ignored)
            batch.save()
            if not dry_run:
                _write(survey, batch, new, changed, progress)
            _audit(actor, batch)
    except DatabaseError as exc:
        batch.pk = None
        batch.created = batch.updated = batch.unchanged = 0
        return _save_rejected(
            actor,
            batch,
            [Problem(None, "", "", f"the database refused the import: {type(exc).__name__}")],
            status=ImportBatch.Status.FAILED,
        )
    return batch


def _actor_name(actor: Actor) -> str:
    return actor.user.get_username() if actor.user is not None else actor.label


def _compare(
    survey: Survey, rows: Sequence[CanonicalRow]
) -> tuple[list[CanonicalRow], list[tuple[int, CanonicalRow]], int]:
    """Split rows into new, changed (with the stored row's pk) and the count unchanged."""
    new: list[CanonicalRow] = []
    changed: list[tuple[int, CanonicalRow]] = []
    unchanged = 0
    for start in range(0, len(rows), CHUNK):
        chunk = rows[start : start + CHUNK]
        stored = {
            values["submission_id"]: values
            for values in Submission.objects.filter(
                survey=survey, submission_id__in=[r.values["submission_id"] for r in chunk]
            ).values("pk", *dd.NAMES)
        }
        for row in chunk:
            existing = stored.get(row.values["submission_id"])
            if existing is None:
                new.append(row)
            elif any(existing[name] != _stored(name, row.values[name]) for name in FIELDS):
                changed.append((existing["pk"], row))
            else:
                unchanged += 1
    return new, changed, unchanged


def _stored(name: str, value: Any) -> Any:
    """A canonical value as its column stores it (text columns hold "" for not asked)."""
    return "" if value is None and name in TEXT_COLUMNS else value


def _columns(row: CanonicalRow) -> dict[str, Any]:
    return {name: _stored(name, value) for name, value in row.values.items()}


def _write(
    survey: Survey,
    batch: ImportBatch,
    new: list[CanonicalRow],
    changed: list[tuple[int, CanonicalRow]],
    progress: Progress,
) -> None:
    for start in range(0, len(new), CHUNK):
        chunk = new[start : start + CHUNK]
        Submission.objects.bulk_create(
            [Submission(survey=survey, batch=batch, raw=row.raw, **_columns(row)) for row in chunk]
        )
        progress.advance(len(chunk))
    now = timezone.now()
    for start in range(0, len(changed), CHUNK):
        pairs = changed[start : start + CHUNK]
        objects = []
        for pk, row in pairs:
            submission = Submission(pk=pk, survey=survey, batch=batch, raw=row.raw, **_columns(row))
            submission.updated_at = now
            objects.append(submission)
        Submission.objects.bulk_update(objects, [*FIELDS, "raw", "batch", "updated_at"])
        progress.advance(len(pairs))


def _counts(batch: ImportBatch) -> str:
    return (
        f"status={batch.status} dry_run={int(batch.dry_run)} rows={batch.rows} "
        f"created={batch.created} updated={batch.updated} unchanged={batch.unchanged} "
        f"rejected={batch.rejected} problems={len(batch.problems.get('items', []))}"
    )


def _audit(actor: Actor, batch: ImportBatch) -> None:
    changed: Iterable[str] = ["submissions"] if batch.created or batch.updated else []
    if batch.dry_run:
        changed = []
    audit.record(
        actor=actor,
        action=audit.Action.CREATE,
        object_type="survey_import",
        object_id=str(batch.public_id),
        changed_fields=changed,
        detail=f"survey={batch.survey.name} " + _counts(batch),
    )


def _save_rejected(
    actor: Actor,
    batch: ImportBatch,
    problems: list[Problem],
    status: ImportBatch.Status = ImportBatch.Status.REJECTED,
    ignored_columns: list[str] | None = None,
) -> ImportBatch:
    batch.status = status
    batch.rejected = len({p.row for p in problems if p.row is not None})
    batch.set_problems([p.as_dict() for p in problems], ignored_columns=ignored_columns)
    batch.finished_at = timezone.now()
    with transaction.atomic():
        batch.save()
        _audit(actor, batch)
    return batch


def _reject_unreadable(
    actor: Actor,
    survey: Survey,
    source: ImportBatch.Source,
    file_name: str,
    dry_run: bool,
    started: Any,
    exc: Exception,
) -> ImportBatch:
    batch = ImportBatch(
        survey=survey,
        source=source,
        original_name=file_name[:255],
        dry_run=dry_run,
        actor_username=_actor_name(actor),
        started_at=started,
    )
    return _save_rejected(actor, batch, [Problem(None, "", "", f"cannot be read: {exc}")])


def _record_failure(
    actor: Actor,
    survey: Survey,
    source: ImportBatch.Source,
    dry_run: bool,
    started: Any,
    exc: Exception,
) -> None:
    batch = ImportBatch(
        survey=survey,
        source=source,
        original_name="",
        dry_run=dry_run,
        actor_username=_actor_name(actor),
        started_at=started,
    )
    _save_rejected(actor, batch, [Problem(None, "", "", str(exc))], ImportBatch.Status.FAILED)
