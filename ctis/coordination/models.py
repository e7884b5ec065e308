"""Coordination meetings, their action items with follow-ups, and cross-border focal points.

Holds no personal data about beneficiaries. Focal points are staff contacts, shown to staff.
"""

from __future__ import annotations

import uuid
from datetime import date

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ctis.accounts.models import Country, Organisation
from ctis.coordination import rules


class Meeting(models.Model):
    class Level(models.TextChoices):
        REGIONAL = "regional", _("Regional")
        NATIONAL = "national", _("National")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    title = models.CharField(_("title"), max_length=200)
    level = models.CharField(_("level"), max_length=16, choices=Level.choices)
    date = models.DateField(_("date"))
    host_country = models.ForeignKey(
        Country, verbose_name=_("host country"), on_delete=models.PROTECT, related_name="+"
    )
    place = models.CharField(_("place"), max_length=200)
    organisations = models.ManyToManyField(
        Organisation,
        verbose_name=_("participating organisations"),
        blank=True,
        related_name="coordination_meetings",
    )
    other_participants = models.CharField(
        _("other participating organisations"),
        max_length=500,
        blank=True,
        help_text=_("Organisations that do not use ctis, separated by commas."),
    )
    agenda = models.TextField(_("agenda"), blank=True)
    minutes = models.TextField(_("minutes"), blank=True)
    decisions = models.TextField(_("decisions"), blank=True)
    # The organisation whose officer logged the meeting (none: loaded by the system). Its
    # country's programme managers may keep a regional meeting they logged up to date.
    recorded_by = models.ForeignKey(
        Organisation,
        verbose_name=_("logged by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "title"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")

    def __str__(self) -> str:
        return self.title


class ActionItem(models.Model):
    class Status(models.TextChoices):
        OPEN = rules.Status.OPEN, _("Open")
        IN_PROGRESS = rules.Status.IN_PROGRESS, _("In progress")
        DONE = rules.Status.DONE, _("Done")
        DROPPED = rules.Status.DROPPED, _("Dropped")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="action_items"
    )
    description = models.TextField(_("what is to be done"))
    owner = models.ForeignKey(
        Organisation,
        verbose_name=_("owner organisation"),
        on_delete=models.PROTECT,
        related_name="coordination_action_items",
    )
    due_date = models.DateField(_("due date"))
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.OPEN
    )
    status_changed_at = models.DateTimeField(_("status changed"), default=timezone.now)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_date", "pk"]
        verbose_name = _("action item")
        verbose_name_plural = _("action items")

    def __str__(self) -> str:
        return self.description[:60]

    def is_overdue(self, today: date | None = None) -> bool:
        return rules.is_overdue(self.status, self.due_date, today or timezone.localdate())

    @property
    def overdue(self) -> bool:
        return self.is_overdue()


class FollowUp(models.Model):
    """A dated note on an action item; the history of its status changes."""

    action_item = models.ForeignKey(ActionItem, on_delete=models.CASCADE, related_name="follow_ups")
    date = models.DateField(_("date"))
    note = models.TextField(_("note"))
    status_before = models.CharField(max_length=16, choices=ActionItem.Status.choices)
    status_after = models.CharField(max_length=16, choices=ActionItem.Status.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["date", "pk"]
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")

    def __str__(self) -> str:
        return f"{self.date} {self.status_after}"


class FocalPoint(models.Model):
    """Who to contact in a country for cross-border referrals and identification."""

    class Topic(models.TextChoices):
        REFERRAL = "referral", _("Referrals")
        IDENTIFICATION = "identification", _("Identification")
        CHILDREN = "children", _("Unaccompanied and separated children")
        RETURN = "return", _("Return and reintegration")
        INVESTIGATION = "investigation", _("Police investigation")
        DATA_EXCHANGE = "data_exchange", _("Data exchange")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    country = models.ForeignKey(
        Country, verbose_name=_("country"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("name"), max_length=200)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="focal_points",
    )
    role = models.CharField(_("role"), max_length=200)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    email = models.EmailField(_("email"), blank=True)
    # Space-separated codes: ISO 639 languages and Topic values (validated by the form).
    languages = models.CharField(_("languages"), max_length=100, blank=True)
    handles = models.CharField(_("handles"), max_length=200)
    notes = models.CharField(_("notes"), max_length=500, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["country__name", "organisation__name", "name"]
        verbose_name = _("focal point")
        verbose_name_plural = _("focal points")

    def __str__(self) -> str:
        return self.name

    @property
    def language_codes(self) -> list[str]:
        return self.languages.split()

    @property
    def topic_codes(self) -> list[str]:
        return self.handles.split()

    @property
    def topic_labels(self) -> list[str]:
        labels = dict(self.Topic.choices)
        return [str(labels.get(code, code)) for code in self.topic_codes]
