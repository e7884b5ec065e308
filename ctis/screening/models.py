"""Indicator catalogue versions, screenings and their results.

A screening is anonymous by default: it holds age, sex, nationality and answers, never a
name. A name enters ctis only when the person agrees to be referred and a case is opened.
"""

from __future__ import annotations

import secrets
import uuid
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from django.db import models
from django.utils.translation import gettext_lazy as _

from ctis.accounts.models import Country, Organisation, User
from ctis.core.fields import EncryptedTextField
from ctis.screening.catalogue import CATALOGUE_DIR, Catalogue, parse_catalogue

# Answers are stored as {"<answerable id>": "yes" | "no" | "unknown"}; ids missing are unknown.
ANSWERS_SCHEMA = 1
_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud on the phone


def new_code(prefix: str) -> str:
    return prefix + "-" + "".join(secrets.choice(_CODE_ALPHABET) for _ in range(6))


class CatalogueVersion(models.Model):
    """One immutable version of an indicator catalogue once approved.

    The built-in ILO/EC catalogue is the regional version (no country). A national coordinator
    may publish their country's own version (their SOP's list, the sexual-exploitation
    profiles): drafted, then approved, then never changed; screenings keep pointing at it.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        APPROVED = "approved", _("Approved")
        RETIRED = "retired", _("Retired")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    catalogue_id = models.CharField(_("catalogue"), max_length=64)
    version = models.CharField(_("version"), max_length=32)
    country = models.ForeignKey(
        Country, null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("country")
    )
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.DRAFT)
    source = models.TextField(_("catalogue (YAML)"))
    notes = models.TextField(_("what changed and why"), blank=True)
    created_by = models.CharField(max_length=150, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    approved_by = models.CharField(max_length=150, blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["catalogue_id", "-created_at"]
        verbose_name = _("catalogue version")
        constraints = [
            models.UniqueConstraint(
                fields=["catalogue_id", "version"], name="catalogue_version_unique"
            )
        ]

    def __str__(self) -> str:
        return self.ref

    @property
    def ref(self) -> str:
        return f"{self.catalogue_id}@{self.version}"

    @property
    def catalogue(self) -> Catalogue:
        """The parsed catalogue. Question translations come from the built-in catalogue's
        files, matched by indicator id, so a national version needs to translate only what
        it adds."""
        return _parsed(self.ref, self.source)


@lru_cache(maxsize=32)
def _parsed(ref: str, source: str) -> Catalogue:
    # Keyed on the text itself: a draft that changes is parsed again; approved ones never change.
    data: Any = yaml.safe_load(source)
    return parse_catalogue(data, path=ref, source=Path(CATALOGUE_DIR / "ilo-ec-2009.yaml"))


class Screening(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("In progress")
        COMPLETED = "completed", _("Completed")

    class Sex(models.TextChoices):
        FEMALE = "female", _("Female")
        MALE = "male", _("Male")
        OTHER = "other", _("Other")
        UNKNOWN = "unknown", _("Not said")

    class Exploitation(models.TextChoices):
        LABOUR = "labour", _("Labour")
        SEXUAL = "sexual", _("Sexual")
        BOTH = "both", _("Both")
        UNKNOWN = "unknown", _("Not known")

    class Source(models.TextChoices):
        WEB = "web", _("Web interview")
        OFFLINE = "offline", _("Offline form (KoboCollect / ODK Collect)")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    code = models.CharField(max_length=12, unique=True, editable=False)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="screenings"
    )
    country = models.ForeignKey(Country, on_delete=models.PROTECT)
    screener = models.ForeignKey(
        User, null=True, on_delete=models.PROTECT, related_name="screenings"
    )
    catalogue = models.ForeignKey(CatalogueVersion, on_delete=models.PROTECT)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.DRAFT)
    source = models.CharField(max_length=16, choices=Source.choices, default=Source.WEB)
    submission_id = models.CharField(max_length=100, blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    # Bumped on every save; a save based on an older version is refused (two tabs, two phones).
    revision = models.PositiveIntegerField(default=1)
    # The page (a random id the interview page carries) that saved last. A page whose answer
    # reached the server but whose confirmation was lost may send it again: its revision is old,
    # but no one else saved since, so the save is repeated, not refused (idempotent).
    writer = models.CharField(max_length=36, blank=True, editable=False)

    # Consent and information given (HTCDS / IOM checklist).
    consent_interview = models.BooleanField(_("agrees to the interview"), default=False)
    told_purpose = models.BooleanField(_("told the purpose"), default=False)
    told_uses = models.BooleanField(_("told how the answers are used"), default=False)
    told_research = models.BooleanField(_("told of anonymous use for research"), default=False)
    told_right_to_see = models.BooleanField(_("told of the right to see their data"), default=False)
    told_retention = models.BooleanField(_("told how long it is kept"), default=False)
    told_withdrawal = models.BooleanField(_("told how to withdraw"), default=False)
    is_child = models.BooleanField(_("the person is under 18"), default=False)
    child_assent = models.BooleanField(_("the child agrees"), default=False)
    guardian_consent = models.BooleanField(_("a guardian consents"), default=False)

    # Who is being screened, without identifying them.
    respondent_language = models.CharField(_("respondent's language"), max_length=8, default="en")
    interpreter = models.BooleanField(_("through an interpreter"), default=False)
    age = models.PositiveSmallIntegerField(_("age"), null=True, blank=True)
    age_at_exploitation = models.PositiveSmallIntegerField(
        _("age when it happened"), null=True, blank=True
    )
    sex = models.CharField(_("sex"), max_length=8, choices=Sex.choices, default=Sex.UNKNOWN)
    nationality = models.CharField(_("nationality"), max_length=3, blank=True)
    exploitation = models.CharField(
        _("kind of exploitation"),
        max_length=8,
        choices=Exploitation.choices,
        default=Exploitation.UNKNOWN,
    )
    answers = models.JSONField(default=dict)
    answers_schema = models.PositiveSmallIntegerField(default=ANSWERS_SCHEMA)

    # The result, as the engine gave it (with the catalogue version it used).
    result = models.CharField(max_length=32, blank=True, db_index=True)
    profile = models.CharField(max_length=32, blank=True)
    completeness = models.FloatField(null=True, blank=True)
    outcome = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("screening")
        verbose_name_plural = _("screenings")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "submission_id"],
                condition=~models.Q(submission_id=""),
                name="screening_unique_submission",
            )
        ]

    def __str__(self) -> str:
        return self.code

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self.code:
            self.code = new_code("S")
        super().save(*args, **kwargs)

    def typed_answers(self) -> dict[str, str]:
        """The answers, checked against their schema version."""
        if self.answers_schema != ANSWERS_SCHEMA:
            raise ValueError(f"screening {self.code}: unknown answers schema {self.answers_schema}")
        return {str(k): str(v) for k, v in dict(self.answers).items()}

    @property
    def consent_complete(self) -> bool:
        told = all(
            [
                self.told_purpose,
                self.told_uses,
                self.told_research,
                self.told_right_to_see,
                self.told_retention,
                self.told_withdrawal,
            ]
        )
        agreed = (
            (self.child_assent and self.guardian_consent)
            if self.is_child
            else self.consent_interview
        )
        return told and agreed


class ConsentRefusal(models.Model):
    """A refused interview leaves nothing but this anonymous count."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT)
    month = models.DateField()  # the first day of the month
    count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("consent refusals")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "month"], name="refusal_unique_month")
        ]

    def __str__(self) -> str:
        return f"{self.organisation} {self.month:%Y-%m}: {self.count}"


class CaseRequest(models.Model):
    """The "open a case" step: who asked, and what the person agreed to. The screener may note
    the person's name (encrypted) once they agree; it is handed to the case when a caseworker
    opens it, and then erased here."""

    screening = models.OneToOneField(
        Screening, on_delete=models.PROTECT, related_name="case_request"
    )
    consent_services = models.BooleanField(_("agrees to be referred to services"), default=False)
    consent_disclosure = models.BooleanField(
        _("agrees that another organisation is told about them"), default=False
    )
    consent_cross_border = models.BooleanField(
        _("agrees that an organisation in another country is told"), default=False
    )
    name = EncryptedTextField(
        _("name (as the person writes it)"), max_length=200, blank=True, default=""
    )
    name_script = models.CharField(_("script of the name"), max_length=4, blank=True)
    name_latin = EncryptedTextField(
        _("name in Latin letters"), max_length=200, blank=True, default=""
    )
    requested_by = models.ForeignKey(User, on_delete=models.PROTECT)
    requested_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("case request")

    def __str__(self) -> str:
        return f"case request for {self.screening}"
