"""``ctis keys generate | check | rotate``: the operator's tools for the data and index keys.

* ``generate`` prints a fresh 32-byte key (URL-safe base64) for ``CTIS_DATA_KEYS`` or
  ``CTIS_BLIND_INDEX_KEY``.
* ``check`` decrypts every encrypted value of every model and compares blind indexes with what
  the values should give; it reports counts, field names and primary keys, never values, and
  fails (exit 1) on any value that does not decrypt or any missing or stale index.
* ``rotate`` re-encrypts every value not under the newest data key and rebuilds blind-index rows
  made with another index key or older normalisation rules (``--reindex``: all of them); the
  rebuilt rows include the forgiving name index (``ctis.core.fuzzy_names``).
* ``reindex`` rebuilds stale blind indexes, and builds the forgiving name index of values that
  have none yet (people saved before it existed): run once after upgrading. Resumable too.

Rotation is resumable and idempotent: it selects, in SQL, only values whose token does not
start with the newest key's prefix, works in primary-key order in batches, each batch one
transaction with its rows locked; an interrupted run leaves finished batches done and the next
run continues with what is left. Every re-encrypted token is decrypted again and compared with
the plaintext before it is written; a value that does not decrypt is counted and left as it is
(nothing is overwritten with anything that is not the same plaintext). It writes one audit
event per model with the counts.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, models, transaction
from django.db.models import Q
from django.db.models.functions import Cast

from ctis.audit.actions import Action, record
from ctis.audit.context import Actor
from ctis.core import encryption
from ctis.core.encryption import DecryptionError, KeyRing
from ctis.core.fields import (
    EncryptedField,
    blind_indexed_fields,
    data_keyring,
    encrypted_fields,
    index_families,
    index_key_id,
    sync_blind_indexes,
)
from ctis.core.models import BlindIndex

DEFAULT_BATCH = 500
MAX_LISTED = 20


def encrypted_models() -> list[type[models.Model]]:
    """Every installed model with at least one encrypted field."""
    return [model for model in apps.get_models() if encrypted_fields(model)]


def _label(model: type[models.Model]) -> str:
    return model._meta.label


def _raw(field: EncryptedField) -> str:
    return f"_raw_{field.attname}"


def _raw_rows(queryset: models.QuerySet[Any], fields: list[EncryptedField]) -> models.QuerySet[Any]:
    """The stored tokens as plain text (a cast, so the fields do not decrypt them)."""
    return queryset.annotate(
        **{_raw(f): Cast(f.attname, output_field=models.TextField()) for f in fields}
    )


def _batches(
    fetch: Callable[[Any], list[dict[str, Any]]],
) -> Iterator[list[dict[str, Any]]]:
    last: Any = None
    while True:
        rows = fetch(last)
        if not rows:
            return
        yield rows
        last = rows[-1]["pk"]


@dataclass
class RotateCounts:
    values: int = 0
    reencrypted: int = 0
    failed: int = 0
    reindexed: int = 0
    failed_rows: list[str] = field(default_factory=list)

    def detail(self) -> str:
        return (
            f"values={self.values} reencrypted={self.reencrypted} failed={self.failed} "
            f"reindexed={self.reindexed}"
        )


def _write_tokens(
    model: type[models.Model], columns: tuple[str, ...], params: list[list[Any]]
) -> None:
    """Write verified tokens straight to their columns (the values are already encrypted)."""
    quote = connection.ops.quote_name
    pk_field = model._meta.pk
    assert pk_field is not None
    assignments = ", ".join(f"{quote(column)} = %s" for column in columns)
    sql = (
        f"UPDATE {quote(model._meta.db_table)} SET {assignments} "  # noqa: S608 - names quoted
        f"WHERE {quote(pk_field.column)} = %s"
    )
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


def rotate_model(
    model: type[models.Model], *, ring: KeyRing, batch_size: int, reindex: bool
) -> RotateCounts:
    counts = RotateCounts()
    fields = encrypted_fields(model)
    prefix = ring.current_prefix()
    base = _raw_rows(model._base_manager.all(), fields)
    counts.values = sum(base.filter(**{f"{_raw(f)}__isnull": False}).count() for f in fields)
    stale = Q()
    for f in fields:
        stale |= Q(**{f"{_raw(f)}__isnull": False}) & ~Q(**{f"{_raw(f)}__startswith": prefix})

    def fetch(last: Any) -> list[dict[str, Any]]:
        queryset = base.filter(stale)
        if last is not None:
            queryset = queryset.filter(pk__gt=last)
        return list(
            queryset.select_for_update()
            .order_by("pk")
            .values("pk", *(_raw(f) for f in fields))[:batch_size]
        )

    # Values that fail to decrypt stay stale; the cursor keeps the loop from meeting them again.
    last: Any = None
    while True:
        # Each batch reads its rows under lock and writes them in one transaction.
        with transaction.atomic():
            batch = fetch(last)
            if not batch:
                break
            # Rows grouped by which columns change; one executemany per group.
            groups: dict[tuple[str, ...], list[list[Any]]] = defaultdict(list)
            for row in batch:
                updates: dict[str, str] = {}
                for f in fields:
                    token = row[_raw(f)]
                    if token is None or token.startswith(prefix):
                        continue
                    try:
                        plaintext = ring.decrypt(token, aad=f.aad_label)
                    except DecryptionError:
                        counts.failed += 1
                        if len(counts.failed_rows) < MAX_LISTED:
                            counts.failed_rows.append(f"{f.name} pk={row['pk']}")
                        continue
                    new_token = ring.encrypt(plaintext, aad=f.aad_label)
                    if ring.decrypt(new_token, aad=f.aad_label) != plaintext:
                        raise CommandError(f"{f.aad_label}: re-encryption check failed")
                    updates[f.column] = new_token
                if updates:
                    columns = tuple(sorted(updates))
                    groups[columns].append([updates[c] for c in columns] + [row["pk"]])
                    counts.reencrypted += len(updates)
            for columns, params in groups.items():
                _write_tokens(model, columns, params)
            last = batch[-1]["pk"]
    counts.reindexed = reindex_model(model, batch_size=batch_size, everything=reindex)
    return counts


def reindex_model(
    model: type[models.Model], *, batch_size: int, everything: bool, missing: bool = False
) -> int:
    """Rebuild blind-index rows that are stale (other key or rules), or all of them; with
    ``missing``, also build the forgiving index of values that have none."""
    fields = blind_indexed_fields(model)
    if not fields:
        return 0
    content_type = ContentType.objects.get_for_model(model, for_concrete_model=False)
    key_id = index_key_id()
    if everything:
        targets = [
            str(pk) for pk in model._base_manager.order_by("pk").values_list("pk", flat=True)
        ]
        owners = set(
            BlindIndex.objects.filter(content_type=content_type).values_list("object_id", flat=True)
        )
        orphans = sorted(owners - set(targets))
        for start in range(0, len(orphans), batch_size):
            BlindIndex.objects.filter(
                content_type=content_type, object_id__in=orphans[start : start + batch_size]
            ).delete()
    else:
        families = index_families(model)
        stale = Q()
        for family in families:
            stale |= Q(purpose=family.purpose) & (~Q(key_id=key_id) | ~Q(rules=family.rules))
        found = set(
            BlindIndex.objects.filter(content_type=content_type)
            .filter(stale)
            .values_list("object_id", flat=True)
        )
        # Values with no row at all in the forgiving name index (added after them): built too,
        # so that the same resumable run backfills it (a finished batch is not redone).
        for family in families if missing else []:
            if family.purpose != family.field.fuzzy_index:
                continue
            with_rows = BlindIndex.objects.filter(
                content_type=content_type, purpose=family.purpose
            ).values("object_id")
            not_null: dict[str, Any] = {f"{family.field.name}__isnull": False}
            without_rows = (
                model._base_manager.filter(**not_null)
                .annotate(_pk_text=Cast("pk", models.CharField()))
                .exclude(_pk_text__in=with_rows)
                .values_list("pk", flat=True)
            )
            found |= {str(pk) for pk in without_rows}
        targets = sorted(found)
    pk_field = model._meta.pk
    assert pk_field is not None
    done = 0
    for start in range(0, len(targets), batch_size):
        chunk = [pk_field.to_python(object_id) for object_id in targets[start : start + batch_size]]
        with transaction.atomic():
            for pk in chunk:
                try:
                    instance = model._base_manager.filter(pk=pk).first()
                except DecryptionError:
                    continue  # reported by ``keys check``; its old rows stay
                if instance is None:
                    BlindIndex.objects.filter(content_type=content_type, object_id=str(pk)).delete()
                    continue
                sync_blind_indexes(instance, fields=[f.name for f in fields])
                done += 1
    return done


@dataclass
class CheckCounts:
    rows: int = 0
    values: int = 0
    old_key: int = 0
    failed: int = 0
    index_wrong: int = 0
    orphans: int = 0
    listed: list[str] = field(default_factory=list)

    def note(self, text: str) -> None:
        if len(self.listed) < MAX_LISTED:
            self.listed.append(text)


def check_model(model: type[models.Model], *, ring: KeyRing, batch_size: int) -> CheckCounts:
    counts = CheckCounts()
    fields = encrypted_fields(model)
    indexed = [f for f in fields if f.blind_index]
    content_type = ContentType.objects.get_for_model(model, for_concrete_model=False)
    key_id = index_key_id()
    base = _raw_rows(model._base_manager.all(), fields)
    seen: set[str] = set()

    def fetch(last: Any) -> list[dict[str, Any]]:
        queryset = base if last is None else base.filter(pk__gt=last)
        return list(queryset.order_by("pk").values("pk", *(_raw(f) for f in fields))[:batch_size])

    for batch in _batches(fetch):
        ids = [str(row["pk"]) for row in batch]
        stored: dict[tuple[str, str], set[str]] = defaultdict(set)
        if indexed:
            for object_id, purpose, digest, row_key, rules in BlindIndex.objects.filter(
                content_type=content_type, object_id__in=ids
            ).values_list("object_id", "purpose", "digest", "key_id", "rules"):
                stored[(object_id, purpose)].add(f"{digest}/{row_key}/{rules}")
        for row in batch:
            counts.rows += 1
            seen.add(str(row["pk"]))
            instance_values: dict[str, Any] = {}
            for f in fields:
                token = row[_raw(f)]
                if token is None:
                    instance_values[f.attname] = None
                    continue
                counts.values += 1
                try:
                    if ring.needs_rotation(token):
                        counts.old_key += 1
                    instance_values[f.attname] = f.from_text(ring.decrypt(token, aad=f.aad_label))
                except (DecryptionError, ValueError):
                    counts.failed += 1
                    counts.note(f"{f.name} pk={row['pk']}: does not decrypt")
            instance = model(pk=row["pk"], **instance_values)
            for f in indexed:
                if f.attname not in instance_values:
                    continue  # did not decrypt: already counted
                value = getattr(instance, f.attname)
                for family in f.index_families():
                    want = {f"{digest}/{key_id}/{family.rules}" for digest in family.digests(value)}
                    if stored.get((str(row["pk"]), family.purpose), set()) != want:
                        counts.index_wrong += 1
                        counts.note(f"{f.name} pk={row['pk']}: blind index missing or stale")
                        break
    if indexed:
        owners = set(
            BlindIndex.objects.filter(content_type=content_type)
            .values_list("object_id", flat=True)
            .distinct()
        )
        counts.orphans = len(owners - seen)
    return counts


class Command(BaseCommand):
    help = (
        "Key tools: 'generate' prints a new key; 'check' decrypts every encrypted value and "
        "checks the blind indexes; 'rotate' re-encrypts under the newest key of "
        "CTIS_DATA_KEYS and rebuilds stale blind indexes; 'reindex' rebuilds stale and "
        "missing blind indexes (after an upgrade)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("operation", choices=["generate", "check", "rotate", "reindex"])
        parser.add_argument("--batch-size", type=int, default=DEFAULT_BATCH)
        parser.add_argument(
            "--reindex",
            action="store_true",
            help="rotate: rebuild every blind index (after the name rules changed)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        operation = options["operation"]
        if operation == "generate":
            self.stdout.write(encryption.generate_key())
            return
        batch_size = options["batch_size"]
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1")
        try:
            ring = data_keyring()
            index_key_id()
        except encryption.KeyConfigError as exc:
            raise CommandError(str(exc)) from None
        if operation == "check":
            self._check(ring, batch_size)
        elif operation == "reindex":
            self._reindex(batch_size)
        else:
            self._rotate(ring, batch_size, reindex=options["reindex"])

    def _rotate(self, ring: KeyRing, batch_size: int, *, reindex: bool) -> None:
        actor = Actor.system("keys rotate")
        failed = 0
        for model in encrypted_models():
            started = time.perf_counter()
            counts = rotate_model(model, ring=ring, batch_size=batch_size, reindex=reindex)
            record(
                actor=actor,
                action=Action.UPDATE,
                object_type=_label(model),
                changed_fields=[f.name for f in encrypted_fields(model)],
                detail=f"keys rotate to key {ring.current_version}: {counts.detail()}",
            )
            failed += counts.failed
            self.stdout.write(
                f"{_label(model)}: {counts.values} values, {counts.reencrypted} re-encrypted "
                f"under key {ring.current_version}, {counts.failed} failed, "
                f"{counts.reindexed} re-indexed ({time.perf_counter() - started:.1f} s)"
            )
            for line in counts.failed_rows:
                self.stdout.write(f"  does not decrypt: {line}")
        for config in apps.get_app_configs():
            # Apps that keep encrypted files (not columns) rotate them through this hook.
            rotate_files = getattr(config, "rotate_encrypted_files", None)
            if rotate_files is None:
                continue
            rotated, file_failures = rotate_files(ring)
            record(
                actor=actor,
                action=Action.UPDATE,
                object_type=f"{config.label}.files",
                detail=f"keys rotate to key {ring.current_version}: {rotated} files "
                f"re-encrypted, {file_failures} failed",
            )
            failed += file_failures
            self.stdout.write(
                f"{config.label} files: {rotated} re-encrypted, {file_failures} failed"
            )
        if failed:
            raise CommandError(f"{failed} values did not decrypt and were left as they are")
        self.stdout.write(self.style.SUCCESS("rotation complete"))

    def _reindex(self, batch_size: int) -> None:
        actor = Actor.system("keys reindex")
        for model in encrypted_models():
            if not blind_indexed_fields(model):
                continue
            started = time.perf_counter()
            done = reindex_model(model, batch_size=batch_size, everything=False, missing=True)
            record(
                actor=actor,
                action=Action.UPDATE,
                object_type=_label(model),
                detail=f"keys reindex: reindexed={done}",
            )
            self.stdout.write(
                f"{_label(model)}: {done} re-indexed ({time.perf_counter() - started:.1f} s)"
            )
        self.stdout.write(self.style.SUCCESS("blind indexes rebuilt"))

    def _check(self, ring: KeyRing, batch_size: int) -> None:
        problems = 0
        summary: list[str] = []
        for model in encrypted_models():
            counts = check_model(model, ring=ring, batch_size=batch_size)
            problems += counts.failed + counts.index_wrong
            summary.append(f"{_label(model)} failed={counts.failed} index={counts.index_wrong}")
            self.stdout.write(
                f"{_label(model)}: {counts.rows} rows, {counts.values} values, "
                f"{counts.old_key} under an older key, {counts.failed} do not decrypt, "
                f"{counts.index_wrong} blind indexes missing or stale, "
                f"{counts.orphans} orphaned index owners"
            )
            for line in counts.listed:
                self.stdout.write(f"  {line}")
        record(
            actor=Actor.system("keys check"),
            action=Action.VIEW,
            object_type="core.encryption",
            detail=("; ".join(summary) or "no encrypted models")[:200],
        )
        if problems:
            raise CommandError(f"{problems} problems found")
        self.stdout.write(self.style.SUCCESS("every value decrypts; blind indexes are current"))
