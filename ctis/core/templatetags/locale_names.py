"""``{{ code|language_name }}``, ``{{ "ar ps"|language_names }}``, ``{{ "AFG"|country_name }}``,
``{{ moment|ago }}``: names and times in the reader's language instead of codes."""

from __future__ import annotations

import datetime

from babel.dates import format_timedelta
from django import template
from django.utils import timezone
from django.utils.translation import get_language

from ctis.core import locale_names

register = template.Library()


@register.filter
def language_name(code: str) -> str:
    return locale_names.language_name(str(code or ""), get_language() or "en")


@register.filter
def language_names(codes: str) -> str:
    return ", ".join(language_name(code) for code in str(codes or "").split())


@register.filter
def country_name(alpha3: str) -> str:
    return locale_names.country_name(str(alpha3 or ""), get_language() or "en")


@register.filter
def ago(moment: datetime.datetime | None) -> str:
    """ "5 minutes ago" in the reader's language ("prije 5 minuta"), from CLDR, not Django's
    timesince (whose words some of our languages lack)."""
    if moment is None:
        return ""
    delta = moment - timezone.now()
    return str(
        format_timedelta(
            delta, add_direction=True, locale=locale_names.locale_for(get_language() or "en")
        )
    )
