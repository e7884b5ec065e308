"""Shared tables of the core app: the blind indexes that make encrypted values findable."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class BlindIndex(models.Model):
    """One keyed hash (HMAC-SHA256) of one search key of one encrypted value.

    Holds no plaintext: ``digest`` is ``blind_index(search key, purpose=...)`` under
    ``CTIS_BLIND_INDEX_KEY``. A value has as many rows as it has search keys (a name up to
    16, see ``ctis.core.names``). ``key_id`` (a fingerprint of the index key) and ``rules``
    (the normaliser's version) tell ``ctis keys rotate`` which rows are stale.

    The owner is named by content type and primary key (as text, so any key type fits); the
    row is written and deleted by ``ctis.core.fields.sync_blind_indexes`` /
    ``delete_blind_indexes`` inside the owner's action, never by a signal.
    """

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.CharField(max_length=64)
    purpose = models.CharField(max_length=64)
    digest = models.CharField(max_length=64)
    key_id = models.CharField(max_length=8)
    rules = models.CharField(max_length=16)

    class Meta:
        verbose_name = _("blind index")
        verbose_name_plural = _("blind indexes")
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "purpose", "digest"],
                name="core_blindindex_unique_digest",
            )
        ]
        indexes = [
            models.Index(fields=["purpose", "digest"], name="core_blindindex_lookup"),
            models.Index(fields=["content_type", "object_id"], name="core_blindindex_owner"),
        ]

    def __str__(self) -> str:
        return f"{self.purpose}:{self.digest[:8]}…"
