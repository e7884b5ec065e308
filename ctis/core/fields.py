"""Model fields that keep personal values encrypted at rest, and their blind indexes.

``EncryptedTextField`` and ``EncryptedDateField`` store an AES-256-GCM token (see
``ctis.core.encryption``) in a text column; in Python the value is plaintext (``str`` /
``date`` / ``None``). The associated data is ``db_table.column``, so a token copied into another
column does not decrypt. Reading a value that does not decrypt raises ``DecryptionError`` — the
ciphertext is never handed back as if it were the value.

Equality and every other lookup on these fields (except ``isnull``) raise ``FieldError``:
ciphertexts are randomised, so ``filter(name="…")`` could only ever silently find nothing.
Search goes through blind indexes instead.

Blind-index storage: one generic table, ``core.BlindIndex`` (owner content type + primary key,
purpose, digest, key fingerprint, rules version), rather than a digest column beside each field:

* a name has a *set* of search keys (up to 16: đ → dj | d, Cyrillic → Latin …), which needs a
  child table anyway, and ArrayField exists only on PostgreSQL;
* one table serves every app, works the same on SQLite and PostgreSQL, and gives
  ``ctis keys rotate`` one place to find and rebuild stale digests;
* erasing a person deletes their rows there with one query.

The price is that rows are kept in step explicitly: the owning app's action calls
``sync_blind_indexes(instance)`` after saving and ``delete_blind_indexes(instance)`` before
deleting, in the same transaction (no signals: house style), and ``ctis keys check`` reports
values whose digests are missing or stale.

Declaring a searchable field::

    given_name = EncryptedTextField(max_length=200, blind_index="person.name",
                                    normaliser="name")
    # in the action, after instance.save():
    sync_blind_indexes(instance)
    # in the read path:
    search(Person.objects.visible_to(user), "given_name", "Марко Петровић")

Renaming a table or an encrypted column changes the associated data: pin the old label with
``aad="old_table.old_column"`` (or re-encrypt in a data migration) before renaming.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django import forms
from django.conf import settings
from django.core import validators
from django.core.exceptions import FieldError, ValidationError
from django.db import models, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models.expressions import Expression
from django.db.models.functions import Cast

from ctis.core import encryption, fuzzy_names, names
from ctis.core.encryption import DecryptionError, KeyRing

__all__ = [
    "NORMALISERS",
    "DecryptionError",
    "EncryptedDateField",
    "EncryptedField",
    "EncryptedTextField",
    "blind_indexed_fields",
    "data_keyring",
    "delete_blind_indexes",
    "encrypted_fields",
    "expected_digests",
    "fuzzy_candidates",
    "index_families",
    "index_key",
    "index_key_id",
    "search",
    "search_digests",
    "sync_blind_indexes",
]


# --- Keys from settings ---------------------------------------------------------------------


@lru_cache(maxsize=8)
def _ring(spec: str) -> KeyRing:
    return KeyRing.parse(spec)


@lru_cache(maxsize=8)
def _index_key(text: str) -> bytes:
    return encryption.decode_key(text, label="CTIS_BLIND_INDEX_KEY")


def data_keyring() -> KeyRing:
    """The key ring of ``CTIS_DATA_KEYS`` (parsed once per distinct setting value)."""
    return _ring(str(settings.CTIS_DATA_KEYS))


def index_key() -> bytes:
    """The blind-index key, ``CTIS_BLIND_INDEX_KEY``."""
    return _index_key(str(settings.CTIS_BLIND_INDEX_KEY))


def index_key_id() -> str:
    return encryption.key_fingerprint(index_key())


# --- Normalisers: value -> search keys ----------------------------------------------------


def _exact_keys(value: str) -> set[str]:
    key = encryption.normalise_exact(value)
    return {key} if key else set()


def _alnum_keys(value: str) -> set[str]:
    """Document and phone numbers: letters and digits only (``AB 12-34`` = ``ab1234``)."""
    key = re.sub(r"[\W_]+", "", encryption.normalise_exact(value))
    return {key} if key else set()


# name -> (function, rules version); a change of rules must change the version.
NORMALISERS: dict[str, tuple[Callable[[str], set[str]], str]] = {
    "exact": (_exact_keys, "exact-1"),
    "alnum": (_alnum_keys, "alnum-1"),
    "name": (names.search_keys, names.RULES_VERSION),
}

# Normalisers with a second, forgiving index (per-token keys for typos and partial names; see
# ``ctis.core.fuzzy_names``), stored under the field's purpose + FUZZY_SUFFIX.
FUZZY_NORMALISERS: dict[str, tuple[Callable[[str], set[str]], str]] = {
    "name": (fuzzy_names.index_keys, fuzzy_names.RULES_VERSION),
}
FUZZY_SUFFIX = "~fuzzy"


@dataclass(frozen=True)
class IndexFamily:
    """One set of blind-index rows of a field: its purpose, its keys and their rules."""

    field: EncryptedField
    purpose: str
    keys: Callable[[str], set[str]]
    rules: str

    def digests(self, value: Any) -> set[str]:
        if value is None:
            return set()
        key = index_key()
        text = self.field.to_text(self.field.to_python(value))
        return {
            encryption.blind_index(search_key, key=key, purpose=self.purpose)
            for search_key in self.keys(text)
        }


# --- Fields ---------------------------------------------------------------------------------


class EncryptedField(models.Field):
    """Base of the encrypted fields: a text column holding a token, plaintext in Python."""

    empty_strings_allowed = False

    def __init__(
        self,
        *args: Any,
        blind_index: str | None = None,
        normaliser: str = "exact",
        aad: str | None = None,
        **kwargs: Any,
    ) -> None:
        if normaliser not in NORMALISERS:
            raise ValueError(f"unknown normaliser {normaliser!r}; one of {sorted(NORMALISERS)}")
        if kwargs.get("unique") or kwargs.get("db_index") or kwargs.get("primary_key"):
            raise ValueError("an encrypted field cannot be unique, indexed or a primary key")
        self.blind_index = blind_index
        self.normaliser = normaliser
        self.aad = aad
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        if self.blind_index is not None:
            kwargs["blind_index"] = self.blind_index
        if self.normaliser != "exact":
            kwargs["normaliser"] = self.normaliser
        if self.aad is not None:
            kwargs["aad"] = self.aad
        return name, path, args, kwargs

    def get_internal_type(self) -> str:
        return "TextField"

    @property
    def aad_label(self) -> str:
        """What the ciphertext is bound to: ``db_table.column`` unless pinned with ``aad=``."""
        return self.aad or f"{self.model._meta.db_table}.{self.column}"

    # Subclasses convert between the Python value and the text that is encrypted.
    def to_text(self, value: Any) -> str:
        raise NotImplementedError

    def from_text(self, text: str) -> Any:
        raise NotImplementedError

    def from_db_value(
        self, value: str | None, expression: Expression, connection: BaseDatabaseWrapper
    ) -> Any:
        if value is None:
            return None
        return self.from_text(data_keyring().decrypt(value, aad=self.aad_label))

    def get_db_prep_save(self, value: Any, connection: BaseDatabaseWrapper) -> Any:
        if value is None:
            return None
        if hasattr(value, "resolve_expression"):
            raise FieldError(f"{self.aad_label} is encrypted: it cannot be set from an expression")
        return data_keyring().encrypt(self.to_text(self.to_python(value)), aad=self.aad_label)

    def get_db_prep_value(
        self, value: Any, connection: BaseDatabaseWrapper, prepared: bool = False
    ) -> Any:
        # Only saves reach here (lookups are refused below); encrypt rather than leak.
        return self.get_db_prep_save(value, connection)

    def get_lookup(self, lookup_name: str) -> Any:
        if lookup_name == "isnull":
            return super().get_lookup(lookup_name)
        raise FieldError(
            f"{self.model.__name__}.{self.name} is encrypted: the '{lookup_name}' lookup cannot "
            "work on randomised ciphertext. Search with ctis.core.fields.search() on a field "
            "declared with blind_index=…"
        )

    def get_transform(self, lookup_name: str) -> Any:
        return None

    def search_keys(self, value: Any) -> set[str]:
        """The normalised keys of a Python value (empty for None)."""
        if value is None:
            return set()
        function, _version = NORMALISERS[self.normaliser]
        return function(self.to_text(self.to_python(value)))

    @property
    def rules_version(self) -> str:
        return NORMALISERS[self.normaliser][1]

    @property
    def fuzzy_index(self) -> str | None:
        """The purpose of the forgiving index, if this field's normaliser has one."""
        if self.blind_index is None or self.normaliser not in FUZZY_NORMALISERS:
            return None
        return self.blind_index + FUZZY_SUFFIX

    def index_families(self) -> list[IndexFamily]:
        """The blind-index row sets this field keeps: exact keys, and forgiving keys if any."""
        if self.blind_index is None:
            return []
        function, version = NORMALISERS[self.normaliser]
        families = [IndexFamily(self, self.blind_index, function, version)]
        if self.fuzzy_index is not None:
            function, version = FUZZY_NORMALISERS[self.normaliser]
            families.append(IndexFamily(self, self.fuzzy_index, function, version))
        return families


class EncryptedTextField(EncryptedField):
    """Encrypted text; ``max_length`` limits the plaintext (the column itself is TEXT)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.max_length is not None:
            self.validators.append(validators.MaxLengthValidator(self.max_length))

    def to_text(self, value: Any) -> str:
        return str(value)

    def from_text(self, text: str) -> str:
        return text

    def to_python(self, value: Any) -> str | None:
        if value is None or isinstance(value, str):
            return value
        return str(value)

    def formfield(
        self,
        form_class: type[forms.Field] | None = None,
        choices_form_class: type[forms.ChoiceField] | None = None,
        **kwargs: Any,
    ) -> forms.Field | None:
        return super().formfield(
            form_class=form_class or forms.CharField,
            choices_form_class=choices_form_class,
            **{"max_length": self.max_length, **kwargs},
        )


class EncryptedDateField(EncryptedField):
    """An encrypted date (dates of birth); stored as the ISO date text, encrypted."""

    def to_text(self, value: Any) -> str:
        return str(value.isoformat())

    def from_text(self, text: str) -> datetime.date:
        return datetime.date.fromisoformat(text)

    def to_python(self, value: Any) -> datetime.date | None:
        if value is None:
            return None
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        try:
            return datetime.date.fromisoformat(str(value))
        except ValueError:
            raise ValidationError(
                "Enter a valid date (YYYY-MM-DD).", code="invalid", params={"value": value}
            ) from None

    def formfield(
        self,
        form_class: type[forms.Field] | None = None,
        choices_form_class: type[forms.ChoiceField] | None = None,
        **kwargs: Any,
    ) -> forms.Field | None:
        return super().formfield(
            form_class=form_class or forms.DateField,
            choices_form_class=choices_form_class,
            **kwargs,
        )


# --- Blind indexes --------------------------------------------------------------------------


def encrypted_fields(model: type[models.Model]) -> list[EncryptedField]:
    return [f for f in model._meta.concrete_fields if isinstance(f, EncryptedField)]


def blind_indexed_fields(model: type[models.Model]) -> list[EncryptedField]:
    return [f for f in encrypted_fields(model) if f.blind_index]


def _field(model: type[models.Model], field_name: str) -> EncryptedField:
    field = model._meta.get_field(field_name)
    if not isinstance(field, EncryptedField) or not field.blind_index:
        raise FieldError(f"{model.__name__}.{field_name} has no blind index to search")
    return field


def search_digests(field: EncryptedField, value: Any) -> set[str]:
    """The digests under which ``value`` is indexed (or looked up) for ``field``."""
    assert field.blind_index is not None
    key = index_key()
    return {
        encryption.blind_index(search_key, key=key, purpose=field.blind_index)
        for search_key in field.search_keys(value)
    }


def expected_digests(instance: models.Model, field: EncryptedField) -> set[str]:
    return search_digests(field, getattr(instance, field.attname))


def index_families(model: type[models.Model]) -> list[IndexFamily]:
    """Every blind-index row set of ``model`` (what ``ctis keys`` checks and rebuilds)."""
    return [family for f in blind_indexed_fields(model) for family in f.index_families()]


def sync_blind_indexes(instance: models.Model, fields: Iterable[str] | None = None) -> int:
    """Rewrite ``instance``'s blind-index rows from its current values; returns rows written.

    Call after ``instance.save()`` inside the same transaction (the owner needs a primary key).
    """
    from django.contrib.contenttypes.models import ContentType

    from ctis.core.models import BlindIndex

    model = type(instance)
    wanted = set(fields) if fields is not None else None
    content_type = ContentType.objects.get_for_model(model, for_concrete_model=False)
    key_id = index_key_id()
    rows: list[BlindIndex] = []
    purposes: list[str] = []
    for field in blind_indexed_fields(model):
        if wanted is not None and field.name not in wanted:
            continue
        value = getattr(instance, field.attname)
        for family in field.index_families():
            purposes.append(family.purpose)
            rows.extend(
                BlindIndex(
                    content_type=content_type,
                    object_id=str(instance.pk),
                    purpose=family.purpose,
                    digest=digest,
                    key_id=key_id,
                    rules=family.rules,
                )
                for digest in sorted(family.digests(value))
            )
    with transaction.atomic():
        BlindIndex.objects.filter(
            content_type=content_type, object_id=str(instance.pk), purpose__in=purposes
        ).delete()
        BlindIndex.objects.bulk_create(rows, ignore_conflicts=True, batch_size=500)
    return len(rows)


def delete_blind_indexes(instance: models.Model) -> int:
    """Remove every blind-index row of ``instance`` (before deleting or erasing it)."""
    from django.contrib.contenttypes.models import ContentType

    from ctis.core.models import BlindIndex

    content_type = ContentType.objects.get_for_model(type(instance), for_concrete_model=False)
    deleted, _by_model = BlindIndex.objects.filter(
        content_type=content_type, object_id=str(instance.pk)
    ).delete()
    return deleted


def search(queryset: models.QuerySet[Any], field_name: str, query: Any) -> models.QuerySet[Any]:
    """The rows of ``queryset`` whose ``field_name`` shares a search key with ``query``.

    Exact match on normalised keys only (see ``ctis.core.names``); the queryset keeps its
    scoping, so pass the caller's visible rows.
    """
    from django.contrib.contenttypes.models import ContentType

    from ctis.core.models import BlindIndex

    model = queryset.model
    field = _field(model, field_name)
    digests = search_digests(field, query)
    if not digests:
        return queryset.none()
    content_type = ContentType.objects.get_for_model(model, for_concrete_model=False)
    # The owner's type is checked here rather than in SQL: with it in the WHERE clause SQLite
    # walks the owner index over every row of the model instead of the (purpose, digest) one.
    object_ids = {
        object_id
        for object_id, owner_type in BlindIndex.objects.filter(
            purpose=field.blind_index, digest__in=digests
        ).values_list("object_id", "content_type_id")
        if owner_type == content_type.pk
    }
    pk_field = model._meta.pk
    assert pk_field is not None
    return queryset.filter(pk__in=[pk_field.to_python(object_id) for object_id in object_ids])


def fuzzy_candidates(
    queryset: models.QuerySet[Any], field_names: Iterable[str], query: str, *, limit: int
) -> list[Any]:
    """Primary keys of rows of ``queryset`` sharing a forgiving key with ``query`` in any of
    ``field_names``, those sharing most keys first, at most ``limit``.

    Candidates only: the caller decrypts them and ranks them (``ctis.core.fuzzy_names.compare``).
    The queryset keeps its scoping, so no row outside it is ever counted or decrypted.
    """
    from django.contrib.contenttypes.models import ContentType

    from ctis.core.models import BlindIndex

    model = queryset.model
    content_type = ContentType.objects.get_for_model(model, for_concrete_model=False)
    purposes: list[str] = []
    digests: set[str] = set()
    for name in field_names:
        field = _field(model, name)
        for family in field.index_families():
            if family.purpose == field.fuzzy_index:
                purposes.append(family.purpose)
                digests |= family.digests(query)
    if not digests:
        return []
    # Scope in SQL (the owner's key as text, as BlindIndex stores it), count shared keys there;
    # the owner's type is checked after, for the index choice explained in ``search``.
    scope = queryset.annotate(_ctis_pk_text=Cast("pk", models.CharField())).values("_ctis_pk_text")
    rows = (
        BlindIndex.objects.filter(
            purpose__in=purposes, digest__in=sorted(digests), object_id__in=scope
        )
        .values("content_type_id", "object_id")
        .annotate(shared=models.Count("id"))
        .order_by("-shared", "object_id")
        .values_list("content_type_id", "object_id")
    )
    pk_field = model._meta.pk
    assert pk_field is not None
    found = [pk_field.to_python(o) for owner_type, o in rows if owner_type == content_type.pk]
    return found[:limit]
