"""Vulnerability assessments, needs, the assistance plan, the assistance log and documents
of a case (imported by ``ctis.cases.models``; written only by ``ctis.cases.assistance_actions``).

Free text and the original names of documents are encrypted; factor answers, types, dates and
statuses are plain columns for counts. Document contents are files under ``MEDIA_ROOT``,
encrypted with the data key ring (``ctis.cases.documents``).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from ctis.accounts.models import Organisation, User
from ctis.cases.models import Case
from ctis.core.fields import EncryptedTextField


class SupportType(models.TextChoices):
    """HTCDS support-plan types (``spl_``)."""

    EDUCATION = "education", _("Education")
    FINANCIAL = "financial", _("Financial")
    HEALTH = "health", _("Health")
    LABOUR_REHABILITATION = "labour_rehabilitation", _("Labour exploitation rehabilitation")
    SEXUAL_REHABILITATION = "sexual_rehabilitation", _("Sexual exploitation rehabilitation")
    LEGAL = "legal", _("Legal")
    LIVELIHOOD = "livelihood", _("Livelihood")
    RIGHTS_TRAINING = "rights_training", _("Rights-based training")
    SOCIAL_CARE = "social_care", _("Social care")


class VulnerabilityAssessment(models.Model):
    """One dated assessment; ``factors`` maps every key of ``ctis.cases.vulnerability.FACTORS``
    to present | absent | unknown."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="assessments")
    assessed_on = models.DateField(_("date of the assessment"))
    factors = models.JSONField(default=dict)
    note = EncryptedTextField(_("note"), max_length=4000, blank=True, default="")
    assessed_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["-assessed_on", "-recorded_at", "-pk"]
        verbose_name = _("vulnerability assessment")

    def __str__(self) -> str:
        return f"assessment of {self.case.code} on {self.assessed_on}"


class Need(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="needs")
    type = models.CharField(_("need"), max_length=24, choices=SupportType.choices)
    note = EncryptedTextField(_("note"), max_length=2000, blank=True, default="")
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["recorded_at", "pk"]
        verbose_name = _("need")

    def __str__(self) -> str:
        return f"{self.case.code}: {self.type}"


class PlanItem(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", _("Cancelled")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="plan_items")
    type = models.CharField(_("type"), max_length=24, choices=SupportType.choices)
    description = EncryptedTextField(_("description"), max_length=4000)
    # Either an organisation of the system or a name typed in (one of the two).
    responsible_organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("responsible organisation"),
    )
    responsible_text = models.CharField(_("responsible (other)"), max_length=200, blank=True)
    target_date = models.DateField(_("target date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PLANNED
    )
    # Bumped by each status change; a change based on an older revision is refused.
    revision = models.PositiveIntegerField(default=1)
    # The screening's red flag this item carries over ("rf.unaccompanied_child"): shown at the
    # top of the case page, in the reader's language, until done.
    red_flag = models.CharField(max_length=64, blank=True, editable=False)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("plan item")

    def __str__(self) -> str:
        return f"{self.case.code}: {self.type} ({self.status})"

    @property
    def responsible(self) -> str:
        if self.responsible_organisation is not None:
            return self.responsible_organisation.name
        return self.responsible_text


class AssistanceEntry(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="assistance")
    type = models.CharField(_("type"), max_length=24, choices=SupportType.choices)
    given_on = models.DateField(_("date"))
    provided_by = models.CharField(_("provided by"), max_length=200)
    plan_item = models.ForeignKey(
        PlanItem,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assistance",
        verbose_name=_("plan item"),
    )
    note = EncryptedTextField(_("note"), max_length=4000, blank=True, default="")
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["-given_on", "-recorded_at", "-pk"]
        verbose_name = _("assistance given")
        verbose_name_plural = _("assistance given")

    def __str__(self) -> str:
        return f"{self.case.code}: {self.type} on {self.given_on}"


class CaseDocument(models.Model):
    """An uploaded file; its bytes live encrypted in ``MEDIA_ROOT/case-documents/<storage_name>``.

    Deleting (supervisors) or erasing removes the file and keeps the row, without its name."""

    class Kind(models.TextChoices):
        PDF = "pdf", "PDF"
        JPEG = "jpg", "JPEG"
        PNG = "png", "PNG"
        DOCX = "docx", "Word (docx)"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="documents")
    storage_name = models.CharField(max_length=64, unique=True, editable=False)
    original_name = EncryptedTextField(_("file name"), max_length=255)
    kind = models.CharField(max_length=8, choices=Kind.choices)
    size = models.PositiveIntegerField()  # bytes of the plaintext
    uploaded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField()
    deleted_at = models.DateTimeField(null=True, blank=True)
    deleted_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-uploaded_at", "-pk"]
        verbose_name = _("case document")

    def __str__(self) -> str:
        return f"document {self.pk} of {self.case.code}"  # never the file name

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None
