"""Who a user is: countries, organisations, users and their roles in an organisation."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from ctis.accounts.countries import needs_footnote
from ctis.accounts.country_labels import country_label
from ctis.accounts.roles import PERSONAL_DATA_ROLES, Role

if TYPE_CHECKING:
    from collections.abc import Iterable

StrOrPromise = str | Promise


ROLE_LABELS: dict[Role, StrOrPromise] = {
    Role.SCREENER: _("Screener"),
    Role.CASEWORKER: _("Caseworker"),
    Role.SUPERVISOR: _("Case supervisor"),
    Role.COORDINATOR: _("National coordinator"),
    Role.ANALYST: _("Regional analyst"),
    Role.COUNTRY_ADMIN: _("Country administrator"),
    Role.SYSTEM_ADMIN: _("System administrator"),
    Role.DPO: _("Data protection officer"),
}


class Country(models.Model):
    """One of the programme's six countries, with the settings that vary by country."""

    code = models.CharField(_("code"), max_length=2, unique=True)
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        ordering = ["name"]
        verbose_name = _("country")
        verbose_name_plural = _("countries")

    def __str__(self) -> str:
        return str(country_label(self.code))  # in the reader's language, as forms list it

    @property
    def needs_footnote(self) -> bool:
        return needs_footnote(self.code)


class Organisation(models.Model):
    class Kind(models.TextChoices):
        INTERIOR_POLICE = "interior_police", _("Ministry of interior / police / border police")
        NATIONAL_OFFICE = "national_office", _("National anti-trafficking office")
        SOCIAL_WORK = "social_work", _("Centre for social work")
        PROSECUTION = "prosecution", _("Prosecution")
        NGO = "ngo", _("NGO / civil-society organisation")
        SHELTER = "shelter", _("Shelter")
        HEALTH = "health", _("Health service")
        LEGAL_AID = "legal_aid", _("Legal aid")
        INTERNATIONAL = "international", _("IOM / international organisation")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("type"), max_length=32, choices=Kind.choices)
    # No country means the regional level (e.g. IOM's regional office).
    country = models.ForeignKey(
        Country,
        verbose_name=_("country"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="organisations",
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            models.UniqueConstraint(fields=["country", "name"], name="organisation_unique_name")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_regional(self) -> bool:
        return self.country_id is None


class User(AbstractUser):
    """A staff member. Beneficiaries are never users."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # Set only by the demo loader; lets demo accounts skip 2FA enrolment in development.
    is_demo = models.BooleanField(default=False, editable=False)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    @property
    def roles(self) -> frozenset[Role]:
        """Every role the user holds, in any organisation (cached per instance)."""
        cached: frozenset[Role] | None = getattr(self, "_roles_cache", None)
        if cached is None:
            cached = frozenset(Role(m.role) for m in self.active_memberships())
            self._roles_cache = cached
        return cached

    def active_memberships(self) -> Iterable[Membership]:
        cached: list[Membership] | None = getattr(self, "_memberships_cache", None)
        if cached is None:
            if not self.is_active or self.pk is None:
                cached = []
            else:
                cached = list(
                    self.memberships.filter(organisation__is_active=True).select_related(
                        "organisation__country"
                    )
                )
            self._memberships_cache = cached
        return cached

    @property
    def organisation(self) -> Organisation | None:
        """The organisation the user works for (one per user by policy)."""
        memberships = list(self.active_memberships())
        return memberships[0].organisation if memberships else None

    @property
    def requires_two_factor(self) -> bool:
        return bool(self.roles & PERSONAL_DATA_ROLES) or self.is_superuser


class Membership(models.Model):
    """A role held by a user in an organisation."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField(
        _("role"), max_length=32, choices=[(r.value, label) for r, label in ROLE_LABELS.items()]
    )
    granted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation", "role"], name="membership_unique_role"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.role} · {self.organisation}"
