from __future__ import annotations

from django.apps import AppConfig


class ScreeningConfig(AppConfig):
    name = "ctis.screening"
    label = "screening"
    verbose_name = "Screening"
