"""Template helpers for the public portal's interface text."""

from __future__ import annotations

from django import template

from ctis.portal.interface import fill
from ctis.portal.languages import PORTAL_LANGUAGES, direction

register = template.Library()


@register.simple_tag
def tr(text: dict[str, str], prefix: str, key: str) -> str:
    """``{% tr t "need_" service.kind %}``: the interface string ``need_<kind>``."""
    return text.get(f"{prefix}{key}", key)


@register.simple_tag
def filled(template_text: str, **values: object) -> str:
    """``{% filled t.call_emergency number=n %}``: a string with its placeholders filled."""
    return fill(template_text, **values)


@register.filter
def language_name(code: str) -> str:
    """A language named in itself (the portal's, else the code)."""
    from ctis.directory.languages import SERVICE_LANGUAGES

    return PORTAL_LANGUAGES.get(code) or SERVICE_LANGUAGES.get(code, code)


@register.filter
def text_direction(code: str) -> str:
    return direction(code)
