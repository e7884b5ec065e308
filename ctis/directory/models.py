"""Providers and the services they offer. Holds no personal data about beneficiaries."""

from __future__ import annotations

import uuid

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from ctis.accounts.models import Country, Organisation
from ctis.directory.languages import SERVICE_LANGUAGES


class Provider(models.Model):
    """Whoever runs services: a ctis organisation, or one that does not use ctis (a clinic)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=200)
    organisation = models.OneToOneField(
        Organisation,
        verbose_name=_("organisation in ctis"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="provider",
    )
    country = models.ForeignKey(Country, verbose_name=_("country"), on_delete=models.PROTECT)
    website = models.URLField(_("website"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("provider")
        verbose_name_plural = _("providers")
        constraints = [
            models.UniqueConstraint(fields=["country", "name"], name="provider_unique_name")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def ctis_organisation(self) -> Organisation | None:
        """The organisation that receives referrals in ctis: the linked one while it is
        active. Without one, referrals to the provider's services are off-system."""
        organisation = self.organisation
        return organisation if organisation is not None and organisation.is_active else None


class Service(models.Model):
    class Kind(models.TextChoices):
        SHELTER = "shelter", _("Shelter")
        MEDICAL = "medical", _("Medical care")
        PSYCHOSOCIAL = "psychosocial", _("Psychosocial support")
        LEGAL_AID = "legal_aid", _("Legal aid")
        INTERPRETATION = "interpretation", _("Interpretation")
        ACCOMMODATION = "accommodation", _("Accommodation")
        CHILD_PROTECTION = "child_protection", _("Child protection / guardianship")
        AVRR = "avrr", _("Assisted voluntary return and reintegration")
        HOTLINE = "hotline", _("Hotline")
        POLICE = "police", _("Police")
        OTHER = "other", _("Other")

    class Sex(models.TextChoices):
        ANY = "any", _("Anyone")
        FEMALE = "female", _("Women and girls")
        MALE = "male", _("Men and boys")

    class Availability(models.TextChoices):
        AVAILABLE = "available", _("Taking people now")
        LIMITED = "limited", _("Limited places")
        FULL = "full", _("Full")
        UNKNOWN = "unknown", _("Not known")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    provider = models.ForeignKey(
        Provider, verbose_name=_("provider"), on_delete=models.PROTECT, related_name="services"
    )
    kind = models.CharField(_("type of help"), max_length=32, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description (English)"), blank=True)
    municipality = models.CharField(_("town or municipality"), max_length=100)
    address = models.CharField(_("address"), max_length=300, blank=True)
    # Shelter addresses are confidential: shown to staff, never on the public portal.
    address_is_public = models.BooleanField(_("address may be shown to the public"), default=False)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    email = models.EmailField(_("email"), blank=True)
    opening_hours = models.CharField(_("opening hours"), max_length=200, blank=True)
    available_24_7 = models.BooleanField(_("open day and night"), default=False)
    eligible_sex = models.CharField(
        _("for whom"), max_length=8, choices=Sex.choices, default=Sex.ANY
    )
    min_age = models.PositiveSmallIntegerField(
        _("youngest age"), null=True, blank=True, validators=[MaxValueValidator(120)]
    )
    max_age = models.PositiveSmallIntegerField(
        _("oldest age"), null=True, blank=True, validators=[MaxValueValidator(120)]
    )
    availability = models.CharField(
        _("availability"), max_length=16, choices=Availability.choices, default=Availability.UNKNOWN
    )
    availability_updated_at = models.DateTimeField(_("availability updated"), null=True, blank=True)
    capacity = models.PositiveSmallIntegerField(
        _("places"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    is_public = models.BooleanField(_("listed on the public portal"), default=True)
    is_active = models.BooleanField(_("active"), default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["provider__country__name", "municipality", "name"]
        verbose_name = _("service")
        verbose_name_plural = _("services")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(min_age__isnull=True)
                | models.Q(max_age__isnull=True)
                | models.Q(min_age__lte=models.F("max_age")),
                name="service_age_range_ordered",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def language_codes(self) -> list[str]:
        return [language.code for language in self.languages.all()]

    def serves(self, *, age: int | None = None, sex: str | None = None) -> bool:
        """Whether a person of this age and sex is eligible (unknown values do not exclude)."""
        if age is not None:
            if self.min_age is not None and age < self.min_age:
                return False
            if self.max_age is not None and age > self.max_age:
                return False
        return not (sex in {"female", "male"} and self.eligible_sex not in {"any", sex})


class ServiceLanguage(models.Model):
    """A language someone at the service speaks (or interprets) with the people it helps."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="languages")
    code = models.CharField(_("language"), max_length=3, choices=list(SERVICE_LANGUAGES.items()))

    class Meta:
        verbose_name = _("service language")
        constraints = [
            models.UniqueConstraint(fields=["service", "code"], name="service_language_unique")
        ]

    def __str__(self) -> str:
        return self.code


class ServiceTranslation(models.Model):
    """The description in another language; shown publicly only once a reviewer approves it."""

    class Status(models.TextChoices):
        NEEDS_REVIEW = "needs_review", _("Needs review by a native speaker")
        REVIEWED = "reviewed", _("Reviewed")

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="translations")
    language = models.CharField(_("language"), max_length=8)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.NEEDS_REVIEW)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("service translation")
        constraints = [
            models.UniqueConstraint(
                fields=["service", "language"], name="service_translation_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.service} [{self.language}]"
