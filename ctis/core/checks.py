"""Deployment checks of our own (``ctis check --deploy``)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.caches, deploy=True)
def shared_cache_for_rate_limits(app_configs: Any, **kwargs: Any) -> list[checks.CheckMessage]:
    if settings.PRODUCTION and not settings.CTIS_CACHE_URL:
        return [
            checks.Warning(
                "CTIS_CACHE_URL is not set: rate limits are counted by each worker on its own.",
                hint="Set CTIS_CACHE_URL=redis://host:6379/0 (see docs/security.md).",
                id="ctis.W001",
            )
        ]
    return []
