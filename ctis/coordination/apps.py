from __future__ import annotations

from django.apps import AppConfig


class CoordinationConfig(AppConfig):
    name = "ctis.coordination"
    label = "coordination"
    verbose_name = "Coordination"
