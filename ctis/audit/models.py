"""The audit trail: append-only events, each keyed-hash chained to the one before it.

Events hold who, what kind of object (type and public id), which fields changed and when —
never the personal values themselves, so the trail outlives an erasure unchanged.
"""

from __future__ import annotations

from typing import Any, NoReturn

from django.db import models
from django.utils.translation import gettext_lazy as _


class AppendOnlyError(Exception):
    """Raised on any attempt to change or remove an audit event through the application."""


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    def update(self, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("audit events cannot be changed")

    def delete(self) -> NoReturn:
        raise AppendOnlyError("audit events cannot be deleted")


class AuditEvent(models.Model):
    class Action(models.TextChoices):
        LOGIN = "login", _("Logged in")
        LOGIN_FAILED = "login_failed", _("Failed login")
        LOCKED_OUT = "locked_out", _("Locked out")
        LOGOUT = "logout", _("Logged out")
        TWO_FACTOR_ENROLLED = "2fa_enrolled", _("Enrolled two-factor device")
        TWO_FACTOR_VERIFIED = "2fa_verified", _("Passed two-factor check")
        TWO_FACTOR_FAILED = "2fa_failed", _("Failed two-factor check")
        TWO_FACTOR_RESET = "2fa_reset", _("Two-factor device removed")
        PASSWORD_CHANGED = "password_changed", _("Changed password")
        PASSWORD_RESET_REQUESTED = "password_reset_requested", _("Requested password reset")
        PASSWORD_RESET = "password_reset", _("Reset password")
        TOKEN_ISSUED = "token_issued", _("Issued API token")
        PERMISSION_DENIED = "permission_denied", _("Permission denied")
        CREATE = "create", _("Created")
        UPDATE = "update", _("Changed")
        DELETE = "delete", _("Deleted")
        VIEW = "view", _("Viewed")
        EXPORT = "export", _("Exported")
        SEARCH = "search", _("Searched")

    seq = models.PositiveBigIntegerField(unique=True, editable=False)
    occurred_at = models.DateTimeField(db_index=True, editable=False)
    actor_id = models.CharField(max_length=36, blank=True, db_index=True, editable=False)
    actor_username = models.CharField(max_length=150, blank=True, editable=False)
    roles = models.CharField(max_length=200, blank=True, editable=False)
    organisation_id = models.CharField(max_length=36, blank=True, editable=False)
    organisation_name = models.CharField(max_length=200, blank=True, editable=False)
    action = models.CharField(max_length=32, choices=Action.choices, db_index=True)
    object_type = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    object_id = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    changed_fields = models.JSONField(default=list, editable=False)
    # Machine-readable context (a permission name, a view name); never a personal value.
    detail = models.CharField(max_length=200, blank=True, editable=False)
    client_address = models.CharField(max_length=45, blank=True, editable=False)
    prev_hash = models.CharField(max_length=64, editable=False)
    hash = models.CharField(max_length=64, unique=True, editable=False)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-seq"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} {self.object_type}:{self.object_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError("audit events cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("audit events cannot be deleted")


class AuditHead(models.Model):
    """The chain's newest link; its row lock serialises appends on PostgreSQL."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    seq = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64, default="0" * 64)

    class Meta:
        verbose_name = _("audit chain head")

    def __str__(self) -> str:
        return f"head #{self.seq}"


class ChainCheck(models.Model):
    """One verification of the hash chain (from the DPO's page or ``ctis audit verify``), so
    the page can say when it was last checked and what was found."""

    checked_at = models.DateTimeField()
    checked_by = models.CharField(max_length=150)  # username, or the command's label
    events = models.PositiveBigIntegerField()  # how many events the check covered
    intact = models.BooleanField()
    broken_at = models.PositiveBigIntegerField(null=True, blank=True)
    reason = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-checked_at", "-pk"]
        verbose_name = _("audit chain check")

    def __str__(self) -> str:
        return f"check {self.checked_at:%Y-%m-%d %H:%M}: {'intact' if self.intact else 'broken'}"
