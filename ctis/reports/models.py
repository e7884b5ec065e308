"""A record of every programme report produced: its filters, format, who and when."""

from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from ctis.accounts.models import Country


class ReportRun(models.Model):
    class Format(models.TextChoices):
        PAGE = "page", _("Page")
        PDF = "pdf", "PDF"
        XLSX = "xlsx", "XLSX"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("to"))
    country = models.ForeignKey(
        Country, null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("country")
    )
    format = models.CharField(max_length=8, choices=Format.choices)
    produced_by = models.CharField(max_length=150)
    produced_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-produced_at"]
        verbose_name = _("report produced")

    def __str__(self) -> str:
        where = self.country.code if self.country else "region"
        return f"{where} {self.period_start}–{self.period_end} ({self.format})"
