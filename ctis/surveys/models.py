"""Surveys, their anonymous submissions, and the batches that imported them.

Interviews are anonymous: no column here holds a name, a phone number or a document number.
Each submission keeps its canonical columns (shared/domain/flow-monitoring.md) and the raw
submission exactly as it was received.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from ctis.accounts.models import Country, Organisation
from ctis.surveys import dictionary as dd

DEFAULT_KOBO_TOKEN_VARIABLE = "CTIS_KOBO_TOKEN"  # noqa: S105 - a variable name, not a token
DEFAULT_ODK_PASSWORD_VARIABLE = "CTIS_ODK_PASSWORD"  # noqa: S105 - a variable name


class Survey(models.Model):
    """A flow-monitoring survey run by an organisation, with where its data comes from.

    Server credentials are never stored: ``kobo_token_variable`` and ``odk_password_variable``
    name an environment variable that holds the secret (or ``NAME_FILE``, a file that does).
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.SlugField(_("name"), max_length=64, unique=True)
    title = models.CharField(_("title"), max_length=200)
    instrument_version = models.CharField(
        _("default instrument version"),
        max_length=32,
        choices=[(v, v) for v in dd.INSTRUMENT_VERSIONS],
        default=dd.CURRENT_VERSION,
    )
    country = models.ForeignKey(
        Country,
        verbose_name=_("country"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="surveys",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="surveys",
    )
    kobo_url = models.URLField(_("KoboToolbox server"), blank=True)
    kobo_asset_uid = models.CharField(_("KoboToolbox form (asset uid)"), max_length=64, blank=True)
    kobo_token_variable = models.CharField(
        _("environment variable holding the KoboToolbox token"),
        max_length=100,
        default=DEFAULT_KOBO_TOKEN_VARIABLE,
    )
    odk_url = models.URLField(_("ODK Central server"), blank=True)
    odk_project_id = models.PositiveIntegerField(_("ODK Central project"), null=True, blank=True)
    odk_form_id = models.CharField(_("ODK Central form id"), max_length=100, blank=True)
    odk_username = models.CharField(_("ODK Central user (e-mail)"), max_length=200, blank=True)
    odk_password_variable = models.CharField(
        _("environment variable holding the ODK Central password"),
        max_length=100,
        default=DEFAULT_ODK_PASSWORD_VARIABLE,
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")

    def __str__(self) -> str:
        return self.title or self.name


class ImportBatch(models.Model):
    """One import of one file or one server pull, accepted whole or rejected whole."""

    class Source(models.TextChoices):
        UPLOAD_CSV = "upload_csv", _("CSV file")
        UPLOAD_XLSX = "upload_xlsx", _("XLSX file")
        UPLOAD_PARQUET = "upload_parquet", _("Parquet file")
        KOBO_JSON = "kobo_json", _("KoboToolbox JSON file")
        ODK_JSON = "odk_json", _("ODK Central OData JSON file")
        KOBO_SERVER = "kobo_server", _("KoboToolbox server")
        ODK_CENTRAL = "odk_central", _("ODK Central server")

    class Status(models.TextChoices):
        IMPORTED = "imported", _("Imported")
        CHECKED = "checked", _("Checked (dry run), nothing written")
        REJECTED = "rejected", _("Rejected, nothing written")
        FAILED = "failed", _("Failed, nothing written")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    survey = models.ForeignKey(Survey, on_delete=models.PROTECT, related_name="batches")
    source = models.CharField(_("source"), max_length=32, choices=Source.choices)
    original_name = models.CharField(_("file name"), max_length=255, blank=True)
    dry_run = models.BooleanField(_("dry run"), default=False)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices)
    rows = models.PositiveIntegerField(_("rows read"), default=0)
    created = models.PositiveIntegerField(_("created"), default=0)
    updated = models.PositiveIntegerField(_("updated"), default=0)
    unchanged = models.PositiveIntegerField(_("unchanged"), default=0)
    rejected = models.PositiveIntegerField(_("rows with problems"), default=0)
    # {"version": 1, "items": [{"row", "column", "value", "reason"}, ...], "ignored_columns":
    # [header, ...]}: read through ``problem_list`` / ``ignored_columns``, written through
    # ``set_problems``.
    problems = models.JSONField(default=dict, editable=False)
    actor_username = models.CharField(max_length=150, blank=True, editable=False)
    started_at = models.DateTimeField(_("started"))
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    PROBLEMS_VERSION = 1

    class Meta:
        ordering = ["-started_at", "-pk"]
        verbose_name = _("import batch")
        verbose_name_plural = _("import batches")

    def __str__(self) -> str:
        return f"{self.survey.name} · {self.original_name or self.source} · {self.status}"

    @property
    def problem_list(self) -> list[StoredProblem]:
        return load_problems(self.problems)

    @property
    def ignored_columns(self) -> list[str]:
        """Headers that were neither a canonical column nor export metadata (kept in raw)."""
        load_problems(self.problems)  # checks the schema version
        return [str(h) for h in (self.problems or {}).get("ignored_columns", [])]

    def set_problems(
        self, problems: list[dict[str, Any]], ignored_columns: list[str] | None = None
    ) -> None:
        self.problems = {
            "version": self.PROBLEMS_VERSION,
            "items": problems,
            "ignored_columns": list(ignored_columns or []),
        }


@dataclass(frozen=True)
class StoredProblem:
    row: int | None
    column: str
    value: str
    reason: str


def load_problems(data: Any) -> list[StoredProblem]:
    """The typed problems of a batch; an unknown schema version is an error, not a guess."""
    if not data:
        return []
    if not isinstance(data, dict) or data.get("version") != ImportBatch.PROBLEMS_VERSION:
        raise ValueError(f"unknown problems schema: {str(data)[:60]}")
    return [
        StoredProblem(
            row=item.get("row"),
            column=str(item.get("column", "")),
            value=str(item.get("value", "")),
            reason=str(item.get("reason", "")),
        )
        for item in data.get("items", [])
    ]


def _text(max_length: int) -> models.CharField[str, str]:
    """A text column of the dictionary: the empty string is "not asked"."""
    return models.CharField(max_length=max_length, blank=True, default="")


#: Canonical columns stored as text, where the empty string stands for "not asked" (blank).
TEXT_COLUMNS: frozenset[str] = frozenset(
    c.name for c in dd.COLUMNS if c.kind not in (dd.Kind.DATE, dd.Kind.INTEGER, dd.Kind.NUMBER)
)


class Submission(models.Model):
    """One anonymous interview in canonical columns, with the raw submission as received."""

    survey = models.ForeignKey(Survey, on_delete=models.PROTECT, related_name="submissions")
    submission_id = models.CharField(max_length=200)
    instrument_version = _text(32)
    survey_date = models.DateField(null=True, blank=True)
    country_of_interview = _text(2)
    location = _text(200)
    enumerator_id = _text(200)
    stratum = _text(200)
    cluster = _text(200)
    weight = models.FloatField(null=True, blank=True)
    sex = _text(32)
    age = models.IntegerField(null=True, blank=True)
    nationality = _text(3)
    country_of_departure = _text(3)
    education = _text(32)
    employment_before = _text(32)
    marital_status = _text(32)
    reasons_for_leaving = models.TextField(blank=True, default="")
    travelling_with = _text(32)
    journey_days = models.FloatField(null=True, blank=True)
    journey_cost_usd = models.FloatField(null=True, blank=True)
    countries_transited = models.TextField(blank=True, default="")
    intended_destination = _text(3)
    ht_unpaid_work = _text(16)
    ht_forced_work = _text(16)
    ht_job_offer = _text(16)
    ht_marriage_offer = _text(16)
    ht_held_against_will = _text(16)
    ht_organ_offer = _text(16)
    ht_physical_violence = _text(16)
    htf_unpaid_work = _text(16)
    htf_forced_work = _text(16)
    htf_job_offer = _text(16)
    htf_marriage_offer = _text(16)
    htf_held_against_will = _text(16)
    htf_organ_offer = _text(16)
    htf_physical_violence = _text(16)
    ht_unpaid_work_country = _text(2)
    ht_forced_work_country = _text(2)
    ht_job_offer_country = _text(2)
    ht_marriage_offer_country = _text(2)
    ht_held_against_will_country = _text(2)
    ht_organ_offer_country = _text(2)
    ht_physical_violence_country = _text(2)
    raw = models.JSONField(default=dict)  # the submission exactly as received
    batch = models.ForeignKey(ImportBatch, on_delete=models.PROTECT, related_name="submissions")
    imported_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "submission_id"], name="submission_unique_per_survey"
            )
        ]

    def __str__(self) -> str:
        return f"{self.survey.name}:{self.submission_id}"

    def canonical(self) -> dict[str, Any]:
        """The canonical columns in dictionary order; not asked is None whatever the type."""
        return {
            name: getattr(self, name) if getattr(self, name) != "" else None for name in dd.NAMES
        }
