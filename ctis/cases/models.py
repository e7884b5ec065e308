"""People and their cases: personal data encrypted at rest, the NRM status with a decision per
change, the recovery and reflection period, consent per purpose, notes and an edit history.

Personal values (names, date of birth, phone, document numbers, address, notes, the grounds of
a decision) are ``Encrypted*Field``s; names are findable only through their blind indexes,
kept in step by ``ctis.cases.actions``. What is needed for counts (sex, nationality, languages,
age group, status, country) is in plain columns and identifies no one on its own.

Left for later slices, designed to hang off ``Case`` by foreign key: referrals and transfers,
break-glass access, export and erasure (erasure deletes a ``Person``'s encrypted values and
blind indexes and keeps the plain counting columns), vulnerability assessments, assistance
plans and documents.
"""

from __future__ import annotations

import datetime
import uuid

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from ctis.accounts.models import Country, Organisation, User
from ctis.cases import status as machine
from ctis.core.fields import EncryptedDateField, EncryptedTextField
from ctis.screening.models import Screening


class CountryCaseSettings(models.Model):
    """What varies by country in case management: the length of the reflection period."""

    country = models.OneToOneField(
        Country, on_delete=models.CASCADE, related_name="case_settings", verbose_name=_("country")
    )
    reflection_days_adult = models.PositiveSmallIntegerField(
        _("reflection period for adults (days)"),
        default=machine.COE_MINIMUM_DAYS,
        validators=[MinValueValidator(machine.COE_MINIMUM_DAYS)],
    )
    reflection_days_child = models.PositiveSmallIntegerField(
        _("reflection period for children (days)"),
        default=machine.COE_MINIMUM_DAYS,
        validators=[MinValueValidator(machine.COE_MINIMUM_DAYS)],
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("case settings of a country")
        verbose_name_plural = _("case settings of countries")

    def __str__(self) -> str:
        return f"{self.country.code}: {self.reflection_days_adult}/{self.reflection_days_child}"


class Person(models.Model):
    """Someone a case is about. Never a user; never named in a URL, a log or an audit event."""

    class Sex(models.TextChoices):
        FEMALE = "female", _("Female")
        MALE = "male", _("Male")
        OTHER = "other", _("Other")
        UNKNOWN = "unknown", _("Not said")

    class Script(models.TextChoices):
        LATIN = "Latn", _("Latin")
        CYRILLIC = "Cyrl", _("Cyrillic")
        ARABIC = "Arab", _("Arabic")
        OTHER = "Zyyy", _("Other")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    code = models.CharField(max_length=12, unique=True, editable=False)

    # The name as the person writes it, and in Latin letters; both findable in any script.
    name = EncryptedTextField(
        _("name (as the person writes it)"),
        max_length=200,
        blind_index="cases.person.name",
        normaliser="name",
    )
    name_script = models.CharField(
        _("script of the name"), max_length=4, choices=Script.choices, default=Script.LATIN
    )
    name_latin = EncryptedTextField(
        _("name in Latin letters"),
        max_length=200,
        blind_index="cases.person.name_latin",
        normaliser="name",
    )
    birth_date = EncryptedDateField(_("date of birth"), null=True, blank=True)
    phone = EncryptedTextField(
        _("phone"), max_length=40, null=True, blank=True, blind_index="cases.person.phone",
        normaliser="alnum",
    )  # fmt: skip
    document_numbers = EncryptedTextField(
        _("identity document numbers"), max_length=500, null=True, blank=True
    )
    address = EncryptedTextField(_("address"), max_length=500, null=True, blank=True)

    # Plain columns for counts: none identifies a person on its own.
    sex = models.CharField(_("sex"), max_length=8, choices=Sex.choices, default=Sex.UNKNOWN)
    nationality = models.CharField(_("nationality (ISO 3166 alpha-3)"), max_length=3, blank=True)
    # ISO 639 codes separated by spaces ("ar en"); see ``language_codes``.
    languages = models.CharField(_("languages (ISO 639)"), max_length=100, blank=True)
    # Kept by the actions from the date of birth (or the age given at screening), so that
    # statistics never decrypt a date of birth.
    age_group = models.CharField(max_length=8, default=machine.UNKNOWN_AGE, editable=False)

    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self) -> str:
        return self.code  # never the name: __str__ ends up in logs and error pages

    @property
    def language_codes(self) -> list[str]:
        return self.languages.split()

    @property
    def is_child(self) -> bool:
        return machine.is_child_group(self.age_group)


class Case(models.Model):
    class Status(models.TextChoices):
        # The values are those of ctis.cases.status.Status (the machine); a test keeps them equal.
        SCREENED = "screened", _("Screened")
        POTENTIAL = "potential", _("Potential victim")
        PRESUMED = "presumed", _("Presumed victim (reasonable grounds)")
        IDENTIFIED = "identified", _("Identified victim")
        NOT_A_VICTIM = "not_a_victim", _("Not a victim")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        LOST_CONTACT = "lost_contact", _("Lost contact")

    class ClosureReason(models.TextChoices):
        ASSISTANCE_COMPLETED = "assistance_completed", _("Assistance completed")
        DECLINED = "declined", _("The person declined further assistance")
        RETURNED = "returned", _("Returned or moved to another country")
        LOST_CONTACT = "lost_contact", _("Contact lost")
        NOT_A_VICTIM = "not_a_victim", _("Not identified as a victim")
        DUPLICATE = "duplicate", _("Duplicate case")
        OTHER = "other", _("Other")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    code = models.CharField(max_length=12, unique=True, editable=False)
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="cases")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="cases", verbose_name=_("owner")
    )
    caseworker = models.ForeignKey(
        User,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assigned_cases",
        verbose_name=_("caseworker"),
    )
    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="cases")
    screening = models.OneToOneField(
        Screening, null=True, blank=True, on_delete=models.PROTECT, related_name="case"
    )

    status = models.CharField(
        _("identification status"), max_length=16, choices=Status.choices, db_index=True
    )
    status_changed_at = models.DateTimeField()

    # The recovery and reflection period: set on entering "presumed".
    reflection_start = models.DateField(null=True, blank=True)
    reflection_end = models.DateField(null=True, blank=True)
    reflection_for_child = models.BooleanField(default=False)
    # "Not to be removed meanwhile": set with the period, cleared only by a final negative
    # decision (it outlives the period; the identification body decides what follows it).
    no_removal = models.BooleanField(_("not to be removed from the country"), default=False)
    # A child without a parent or other adult looking after them: the guardianship authority
    # (the centre for social work) must be involved. Carried over from the screening.
    unaccompanied = models.BooleanField(_("unaccompanied child"), default=False)

    opened_at = models.DateTimeField()
    opened_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    closed_at = models.DateTimeField(null=True, blank=True)
    closure_reason = models.CharField(
        _("reason for closing"), max_length=24, choices=ClosureReason.choices, blank=True
    )
    # Bumped by every edit of the case or its person; a save based on an older revision is
    # refused (two caseworkers, two tabs).
    revision = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-opened_at"]
        verbose_name = _("case")
        verbose_name_plural = _("cases")

    def __str__(self) -> str:
        return self.code

    @property
    def is_open(self) -> bool:
        return self.closed_at is None

    def reflection_days_left(self, today: datetime.date) -> int | None:
        """Days of the reflection period left (None: no period was started)."""
        if self.reflection_end is None:
            return None
        return machine.days_left(self.reflection_end, today)

    def in_reflection(self, today: datetime.date) -> bool:
        left = self.reflection_days_left(today)
        return left is not None and left > 0


class StatusDecision(models.Model):
    """One change of identification status, and who decided it on what grounds (append-only)."""

    class DecidingOrg(models.TextChoices):
        # HTCDS TraffickingStatusDecisionMakingOrg
        POLICE = "police", _("Police")
        NGO = "ngo", _("NGO")
        COURT_OR_PROSECUTION = "court_or_prosecution", _("Court or prosecution")
        OTHER_GOVERNMENTAL = "other_governmental", _("Other governmental body")
        OTHER = "other", _("Other")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="decisions")
    from_status = models.CharField(max_length=16, blank=True)  # blank: the case was opened
    to_status = models.CharField(max_length=16, choices=Case.Status.choices)
    deciding_org_type = models.CharField(
        _("deciding organisation type"), max_length=24, choices=DecidingOrg.choices
    )
    # The body, not a person: "Centre for Protection of Trafficking Victims", "Team for
    # Formal Identification".
    deciding_body = models.CharField(_("who decided"), max_length=200)
    decided_on = models.DateField(_("date of the decision"))
    grounds = EncryptedTextField(_("grounds"), max_length=4000)
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["recorded_at", "pk"]
        verbose_name = _("status decision")

    def __str__(self) -> str:
        return f"{self.case.code}: {self.from_status or '∅'} → {self.to_status}"


class ConsentEvent(models.Model):
    """Consent for one purpose given or withdrawn (append-only; the latest event counts).

    For a child, consent counts only with both the child's assent and a guardian's consent.
    """

    class Purpose(models.TextChoices):
        SERVICES = "services", _("Assistance and services")
        DISCLOSURE = "disclosure", _("Telling another organisation")
        CROSS_BORDER = "cross_border", _("Telling an organisation in another country")
        STATISTICS = "statistics", _("Non-identifiable statistics")
        FAMILY_TRACING = "family_tracing", _("Family tracing and contact")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="consents")
    purpose = models.CharField(max_length=16, choices=Purpose.choices)
    given = models.BooleanField()  # False: withdrawn (or refused)
    child_assent = models.BooleanField(default=False)
    guardian_consent = models.BooleanField(default=False)
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["recorded_at", "pk"]
        verbose_name = _("consent")

    def __str__(self) -> str:
        return f"{self.case.code} {self.purpose}: {'given' if self.given else 'withdrawn'}"


class CaseNote(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notes")
    text = EncryptedTextField(_("note"), max_length=10000)
    author = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("case note")

    def __str__(self) -> str:
        return f"note on {self.case.code}"


class CaseEvent(models.Model):
    """One saved edit of a case or its person: the revision it made and which fields changed
    (names of fields only, never values). Closing and reopening are events too.

    Used to tell a second writer what the first one changed, and for the timeline.
    """

    class Kind(models.TextChoices):
        OPENED = "opened", _("Case opened")
        EDITED = "edited", _("Details changed")
        STATUS = "status", _("Status changed")
        ASSIGNED = "assigned", _("Caseworker assigned")
        CLOSED = "closed", _("Case closed")
        REOPENED = "reopened", _("Case reopened")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    revision = models.PositiveIntegerField()
    kind = models.CharField(max_length=16, choices=Kind.choices)
    # Space-separated field names, e.g. "name_latin phone".
    fields = models.CharField(max_length=500, blank=True)
    reason = models.CharField(max_length=24, blank=True)  # closure reason
    by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()

    class Meta:
        ordering = ["revision", "pk"]
        verbose_name = _("case event")
        constraints = [
            models.UniqueConstraint(fields=["case", "revision"], name="case_event_unique_revision")
        ]

    def __str__(self) -> str:
        return f"{self.case.code} r{self.revision} {self.kind}"

    @property
    def field_names(self) -> list[str]:
        return self.fields.split()


class Erasure(models.Model):
    """A person's personal data was erased (rights of the person): one row per person.

    Names no one: the person's and cases' random codes, when, by whom and why. The same entry
    is appended to the erasure ledger file outside the database (``ctis.cases.rights``), so
    that ``ctis erasures reapply`` can erase again whatever a restored backup brought back.
    """

    class Reason(models.TextChoices):
        REQUEST = "request", _("The person asked for erasure")
        RETENTION = "retention", _("The retention period ended")
        UNLAWFUL = "unlawful", _("The data was held without a lawful basis")

    person = models.OneToOneField(Person, on_delete=models.PROTECT, related_name="erasure")
    person_code = models.CharField(max_length=12, unique=True)
    case_codes = models.CharField(max_length=500)  # space-separated
    reason = models.CharField(_("reason"), max_length=16, choices=Reason.choices)
    erased_by = models.ForeignKey(User, null=True, on_delete=models.PROTECT, related_name="+")
    erased_at = models.DateTimeField()
    # How many times a restore made it necessary to erase again.
    reapplied = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-erased_at"]
        verbose_name = _("erasure")

    def __str__(self) -> str:
        return f"erasure of {self.person_code}"


class BreakGlassGrant(models.Model):
    """An administrator's time-limited access to one case's content, with a written reason.

    Active while ``now < expires_at`` and not ended early; nothing needs to run for it to
    expire. Every start and every view is audited; the DPO sees the list.
    """

    code = models.CharField(max_length=12, unique=True, editable=False)
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="break_glass_grants")
    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="break_glass_grants")
    reason = EncryptedTextField(_("reason"), max_length=2000)
    started_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)  # ended early (by the DPO or user)
    ended_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("break-glass access")
        verbose_name_plural = _("break-glass accesses")
        indexes = [models.Index(fields=["user", "expires_at"], name="cases_bg_user_expiry")]

    def __str__(self) -> str:
        return self.code

    def is_active(self, now: datetime.datetime) -> bool:
        return self.ended_at is None and self.started_at <= now < self.expires_at


# Assessments, needs, plan, assistance log and documents live in their own module.
from ctis.cases.assistance_models import (  # noqa: E402, F401
    AssistanceEntry,
    CaseDocument,
    Need,
    PlanItem,
    VulnerabilityAssessment,
)
