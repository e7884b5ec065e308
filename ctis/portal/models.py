"""Public information pages, emergency numbers, awareness campaigns and anonymous counters.

Nothing here describes a visitor: the portal stores no address, no device and no identifier of
anyone who reads it, only how many times a page was read or a leaflet's QR code was scanned
on a day, per campaign code and language.
"""

from __future__ import annotations

import secrets
import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from ctis.accounts.models import Country
from ctis.portal.languages import PORTAL_LANGUAGES

LANGUAGE_CHOICES = list(PORTAL_LANGUAGES.items())


class Page(models.Model):
    """One topic (warning signs, rights…), shown in every language; English is the source.

    A page with a country is shown only on that country's portal pages.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    slug = models.SlugField(_("address in the portal"), max_length=60, unique=True)
    country = models.ForeignKey(
        Country,
        verbose_name=_("country"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        help_text=_("Leave empty for a page shown in every country."),
    )
    position = models.PositiveSmallIntegerField(_("position in lists"), default=100)
    is_published = models.BooleanField(_("published"), default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["position", "slug"]
        verbose_name = _("portal page")
        verbose_name_plural = _("portal pages")

    def __str__(self) -> str:
        return self.slug


class PageTranslation(models.Model):
    """A page's text in one language. Visitors see it only once it is reviewed.

    ``body`` is plain text: blank lines separate paragraphs, ``## `` starts a heading and
    ``- `` a list item (see ``rendering.py``); no HTML is ever taken from it.
    """

    class Status(models.TextChoices):
        NEEDS_REVIEW = "needs_review", _("Needs review by a native speaker")
        REVIEWED = "reviewed", _("Reviewed")

    page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="translations")
    language = models.CharField(_("language"), max_length=8, choices=LANGUAGE_CHOICES)
    title = models.CharField(_("title"), max_length=200)
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    body = models.TextField(_("text"))
    status = models.CharField(
        _("review status"), max_length=16, choices=Status.choices, default=Status.NEEDS_REVIEW
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["page", "language"]
        verbose_name = _("page translation")
        constraints = [
            models.UniqueConstraint(fields=["page", "language"], name="page_translation_unique")
        ]

    def __str__(self) -> str:
        return f"{self.page} [{self.language}]"

    @property
    def is_reviewed(self) -> bool:
        return self.status == self.Status.REVIEWED


class EmergencyNumber(models.Model):
    """A number to call in a country; real numbers are entered by administrators."""

    class Kind(models.TextChoices):
        EMERGENCY = "emergency", _("Emergency")
        POLICE = "police", _("Police")
        AMBULANCE = "ambulance", _("Ambulance")
        TRAFFICKING = "trafficking", _("Anti-trafficking hotline")
        CHILDREN = "children", _("Help for children")

    country = models.ForeignKey(Country, verbose_name=_("country"), on_delete=models.PROTECT)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    number = models.CharField(_("number"), max_length=40)
    position = models.PositiveSmallIntegerField(default=100)

    class Meta:
        ordering = ["country__code", "position", "kind"]
        verbose_name = _("emergency number")
        constraints = [
            models.UniqueConstraint(fields=["country", "kind"], name="emergency_number_unique")
        ]

    def __str__(self) -> str:
        return f"{self.country.code} {self.kind}"


class Campaign(models.Model):
    """An awareness campaign in one or more countries and languages."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=200)
    countries = models.ManyToManyField(Country, verbose_name=_("countries"), related_name="+")
    # Space-separated portal language codes, validated by the form and the action.
    languages = models.CharField(_("languages"), max_length=100)
    target_groups = models.CharField(
        _("target groups"),
        max_length=300,
        blank=True,
        help_text=_("For example: men travelling alone; unaccompanied children."),
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_on", "name"]
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="campaign_period_ordered",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def language_codes(self) -> list[str]:
        return self.languages.split()

    @property
    def country_codes(self) -> list[str]:
        return sorted(country.code for country in self.countries.all())


def new_material_code() -> str:
    """A short code for a QR target: 8 characters, no look-alikes (0/O, 1/l)."""
    alphabet = "abcdefghjkmnpqrstuvwxyz23456789"
    return "".join(secrets.choice(alphabet) for _ in range(8))


class Material(models.Model):
    """A leaflet for one country and language; its QR code carries ``code``."""

    class Kind(models.TextChoices):
        LEAFLET = "leaflet", _("Leaflet (A5)")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="materials")
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.LEAFLET)
    country = models.ForeignKey(Country, verbose_name=_("country"), on_delete=models.PROTECT)
    language = models.CharField(_("language"), max_length=8, choices=LANGUAGE_CHOICES)
    code = models.CharField(max_length=16, unique=True, default=new_material_code)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["country__code", "language"]
        verbose_name = _("campaign material")
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "kind", "country", "language"], name="material_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.campaign} {self.country.code} {self.language}"


class OutreachSession(models.Model):
    """A session where outreach workers reached people in person: only counts, no names."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="sessions")
    country = models.ForeignKey(Country, verbose_name=_("country"), on_delete=models.PROTECT)
    held_on = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=200)
    language = models.CharField(_("main language"), max_length=8, choices=LANGUAGE_CHOICES)
    women = models.PositiveIntegerField(_("women (18 and over)"), default=0)
    men = models.PositiveIntegerField(_("men (18 and over)"), default=0)
    girls = models.PositiveIntegerField(_("girls (under 18)"), default=0)
    boys = models.PositiveIntegerField(_("boys (under 18)"), default=0)
    others = models.PositiveIntegerField(
        _("others or not known"), default=0, validators=[MaxValueValidator(100_000)]
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-held_on"]
        verbose_name = _("outreach session")

    def __str__(self) -> str:
        return f"{self.held_on} {self.place}"

    @property
    def reached(self) -> int:
        return self.women + self.men + self.girls + self.boys + self.others


class DailyCount(models.Model):
    """How many times something happened on a day: never who, from where or on what device."""

    class Kind(models.TextChoices):
        VIEW = "view", _("Page read")
        SCAN = "scan", _("QR code scanned")

    day = models.DateField()
    kind = models.CharField(max_length=8, choices=Kind.choices)
    campaign_code = models.CharField(max_length=16, blank=True)
    language = models.CharField(max_length=8)
    page = models.CharField(max_length=80, blank=True)
    count = models.PositiveBigIntegerField(default=0)

    class Meta:
        ordering = ["-day"]
        verbose_name = _("daily count")
        constraints = [
            models.UniqueConstraint(
                fields=["day", "kind", "campaign_code", "language", "page"],
                name="daily_count_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.kind} {self.language} {self.page}: {self.count}"
