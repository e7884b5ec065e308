"""Training modules, sessions, participants, attendance and test scores.

Participants are front-line officials and civil-society staff, never beneficiaries. Only what
the programme report needs is held: name, organisation, agency type, role, sex, country.
"""

from __future__ import annotations

import uuid
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from ctis.accounts.models import Country, Organisation

SCORE_MAX = 100
# Words a certificate must never print: it is shown to employers and at borders.
CERTIFICATE_DENIED_WORDS = ("victim", "trafficked", "survivor", "exploited", "exploitation")


# The standard modules' wording (code → staff title, title on certificates), stored in English
# and shown in the reader's language. Seeded by migration 0002 through actions.STANDARD_MODULES.
STANDARD_MODULE_WORDING: dict[str, tuple[str, str]] = {
    "screening-identification": (
        gettext_noop("Screening and identification of victims of trafficking"),
        gettext_noop("Screening and identification"),
    ),
    "referral": (
        gettext_noop("Referral and the national referral mechanism"),
        gettext_noop("Referral procedures"),
    ),
    "victim-centred-interviewing": (
        gettext_noop("Victim-centred and child-sensitive interviewing"),
        gettext_noop("Person-centred and child-sensitive interviewing"),
    ),
    "data-protection": (
        gettext_noop("Data protection and confidentiality"),
        gettext_noop("Data protection and confidentiality"),
    ),
    "cross-border-cooperation": (
        gettext_noop("Cross-border cooperation"),
        gettext_noop("Cross-border cooperation"),
    ),
    "legal-framework": (
        gettext_noop("Legal framework, investigation and prosecution"),
        gettext_noop("Legal framework and investigation"),
    ),
    "psychological-first-aid": (
        gettext_noop("Psychological first aid and self-care"),
        gettext_noop("Psychological first aid and self-care"),
    ),
}


def _wording(code: str, stored: str, which: int) -> str:
    """The standard wording in the active language; wording someone typed is shown as typed."""
    standard = STANDARD_MODULE_WORDING.get(code)
    if standard is not None and stored == standard[which]:
        return gettext(stored)
    return stored


def certificate_wording_problem(text: str) -> str:
    folded = text.casefold()
    for word in CERTIFICATE_DENIED_WORDS:
        if word in folded:
            return str(_("Certificates must not mention “%(word)s”.") % {"word": word})
    return ""


class Module(models.Model):
    """A topic a session teaches. The standard list is seeded by migration 0002."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    code = models.SlugField(_("code"), max_length=50, unique=True)
    title = models.CharField(_("title"), max_length=200)
    # Certificates are carried and shown by participants: they print this wording, which must
    # say nothing sensitive (see CERTIFICATE_DENIED_WORDS), not the staff-facing title.
    certificate_title = models.CharField(
        _("title on certificates"),
        max_length=200,
        help_text=_("Neutral wording: certificates never mention victims or trafficking cases."),
    )
    description = models.TextField(_("description"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["title"]
        verbose_name = _("training module")
        verbose_name_plural = _("training modules")

    def __str__(self) -> str:
        return self.display_title

    @property
    def display_title(self) -> str:
        return _wording(self.code, self.title, 0)

    @property
    def display_certificate_title(self) -> str:
        return _wording(self.code, self.certificate_title, 1)

    def clean(self) -> None:
        problem = certificate_wording_problem(self.certificate_title)
        if problem:
            raise ValidationError({"certificate_title": problem})


class Session(models.Model):
    """One training event: a place, consecutive days, an organiser and the modules taught."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    title = models.CharField(_("title"), max_length=200)
    country = models.ForeignKey(
        Country, verbose_name=_("country"), on_delete=models.PROTECT, related_name="+"
    )
    place = models.CharField(_("place"), max_length=200, help_text=_("Town and venue."))
    start_date = models.DateField(_("first day"))
    end_date = models.DateField(_("last day"))
    organiser = models.ForeignKey(
        Organisation,
        verbose_name=_("organiser"),
        on_delete=models.PROTECT,
        related_name="training_sessions",
    )
    trainers = models.CharField(
        _("trainers"), max_length=500, blank=True, help_text=_("Names, separated by commas.")
    )
    modules = models.ManyToManyField(Module, verbose_name=_("modules"), related_name="sessions")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-start_date", "title"]
        verbose_name = _("training session")
        verbose_name_plural = _("training sessions")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(start_date__lte=models.F("end_date")),
                name="training_session_dates_ordered",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def days(self) -> list[date]:
        count = (self.end_date - self.start_date).days + 1
        return [self.start_date + timedelta(days=n) for n in range(count)]


class Participant(models.Model):
    """A person registered for one session. Nothing more than the report needs."""

    class Sex(models.TextChoices):
        FEMALE = "female", _("Female")
        MALE = "male", _("Male")
        NOT_STATED = "not_stated", _("Not stated")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    session = models.ForeignKey(
        Session, verbose_name=_("session"), on_delete=models.CASCADE, related_name="participants"
    )
    name = models.CharField(_("name"), max_length=200)
    # An organisation in ctis when there is one; its name is then copied into organisation_name
    # so that certificates and exports read the same either way.
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation in ctis"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    organisation_name = models.CharField(_("organisation"), max_length=200)
    agency_type = models.CharField(
        _("agency type"), max_length=32, choices=Organisation.Kind.choices
    )
    role = models.CharField(_("role"), max_length=200, blank=True)
    sex = models.CharField(_("sex"), max_length=16, choices=Sex.choices)
    country = models.ForeignKey(
        Country, verbose_name=_("country"), on_delete=models.PROTECT, related_name="+"
    )
    pre_score = models.PositiveSmallIntegerField(
        _("pre-test score"), null=True, blank=True, validators=[MaxValueValidator(SCORE_MAX)]
    )
    post_score = models.PositiveSmallIntegerField(
        _("post-test score"), null=True, blank=True, validators=[MaxValueValidator(SCORE_MAX)]
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(pre_score__isnull=True) | models.Q(pre_score__lte=SCORE_MAX),
                name="training_pre_score_range",
            ),
            models.CheckConstraint(
                condition=models.Q(post_score__isnull=True) | models.Q(post_score__lte=SCORE_MAX),
                name="training_post_score_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Attendance(models.Model):
    """A participant was present on one day of the session (absent days have no row)."""

    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="attendance"
    )
    day = models.DateField(_("day"))

    class Meta:
        ordering = ["day"]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(fields=["participant", "day"], name="training_attendance_once")
        ]

    def __str__(self) -> str:
        return f"{self.participant_id} {self.day}"
