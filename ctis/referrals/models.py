"""Referrals of a case to a directory service or another organisation, and transfers of case
ownership. Each change of status leaves a ``ReferralEvent``.

The receiver never reads the case: what they see is built from the referral and its sharing
level (``ctis.referrals.sharing``). Free text that may name people (the written summary, the
reason for overriding missing consent, the reason for declining) is encrypted at rest.
"""

from __future__ import annotations

import datetime
import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from ctis.accounts.models import Country, Organisation, User
from ctis.cases.models import Case
from ctis.core.fields import EncryptedTextField
from ctis.directory.models import Service
from ctis.referrals import sharing
from ctis.referrals import transitions as machine

# What a service may restrict, and so what a sender may knowingly override.
ELIGIBILITY = {
    "sex": _("the service is for another sex"),
    "age": _("the person's age is outside the service's age range"),
    "language": _("nobody at the service speaks the person's languages"),
}


class Referral(models.Model):
    class Kind(models.TextChoices):
        # Values are those of ctis.referrals.transitions.Kind; a test keeps them equal.
        REFERRAL = "referral", _("Referral for help")
        TRANSFER = "transfer", _("Transfer of the case")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for an answer")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        COMPLETED = "completed", _("Completed")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    class Sharing(models.TextChoices):
        MINIMAL = "minimal", _("Minimal: first name, age group and needs")
        SUMMARY = (
            "summary",
            _("Summary: also sex, identification status, languages, nationality and a summary"),
        )
        FULL = "full", _("Full: also the full name, date of birth, phone and address")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    code = models.CharField(max_length=12, unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.REFERRAL)
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="referrals")

    from_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="referrals_sent"
    )
    from_country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="+")
    # A service in the directory, or an organisation directly. A service whose provider does
    # not use ctis has no receiving organisation: the sender records its answer.
    service = models.ForeignKey(
        Service, null=True, blank=True, on_delete=models.PROTECT, related_name="referrals"
    )
    to_organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="referrals_received",
    )
    to_country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="+")
    cross_border = models.BooleanField(default=False)

    sharing = models.CharField(
        _("what to share"), max_length=8, choices=Sharing.choices, default=Sharing.MINIMAL
    )
    # Service kinds (``Service.Kind`` values, space-separated): no free text, so no names.
    needs = models.CharField(_("needs"), max_length=300, blank=True)
    summary = EncryptedTextField(
        _("summary for the receiver"), max_length=4000, null=True, blank=True
    )
    # A short note to the receiver, allowed at every level (even minimal): "please call before
    # Tuesday". The form warns against identifying details; it is encrypted all the same.
    message = EncryptedTextField(
        _("message to the receiver"), max_length=500, null=True, blank=True
    )

    # Purposes (``ConsentEvent.Purpose`` values, space-separated) that had no standing consent
    # when the referral was made, and the written reason for going ahead anyway.
    consent_overridden = models.CharField(max_length=100, blank=True)
    override_reason = EncryptedTextField(
        _("reason for referring without consent"), max_length=2000, null=True, blank=True
    )

    # Eligibility rules of the service that the person did not meet when the referral was sent
    # (``ELIGIBILITY`` keys, space-separated), which the sender chose to override.
    eligibility_overridden = models.CharField(max_length=50, blank=True)

    status = models.CharField(
        max_length=16, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    due_on = models.DateField(_("answer needed by"))
    decline_reason = EncryptedTextField(
        _("reason for declining"), max_length=2000, null=True, blank=True
    )

    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)  # declined, completed or withdrawn

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")

    def __str__(self) -> str:
        return self.code

    @property
    def need_codes(self) -> list[str]:
        return self.needs.split()

    @property
    def shared_fields(self) -> tuple[str, ...]:
        return sharing.SHARED_FIELDS[sharing.Level(self.sharing)]

    @property
    def shares_data(self) -> bool:
        """Whether the receiver may see the shared record now."""
        return machine.Status(self.status) in machine.SHARES_DATA

    @property
    def is_transfer(self) -> bool:
        return self.kind == self.Kind.TRANSFER

    @property
    def receiver_name(self) -> str:
        if self.service is not None:
            return f"{self.service.name} ({self.service.provider.name})"
        return self.to_organisation.name if self.to_organisation else ""

    @property
    def is_off_system(self) -> bool:
        """Sent to a provider that does not use ctis: nobody in ctis receives it; the sender
        hands over a printed letter and records the provider's answer."""
        return self.to_organisation_id is None

    @property
    def eligibility_overridden_labels(self) -> list[str]:
        return [str(ELIGIBILITY.get(code, code)) for code in self.eligibility_overridden.split()]

    def is_due(self, today: datetime.date) -> bool:
        """Waiting for an answer and due today (an off-system referral: follow up today)."""
        return self.status == self.Status.PENDING and self.due_on == today

    def is_overdue(self, today: datetime.date) -> bool:
        """Still waiting for an answer after the day it was due."""
        return self.status == self.Status.PENDING and self.due_on < today


class ReferralEvent(models.Model):
    """One change of a referral's status (append-only); the first has no ``from_status``."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(max_length=16, blank=True)
    to_status = models.CharField(max_length=16, choices=Referral.Status.choices)
    by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    by_organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("referral event")

    def __str__(self) -> str:
        return f"{self.referral.code}: {self.from_status or '∅'} → {self.to_status}"
