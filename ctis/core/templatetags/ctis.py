"""Template helpers shared by every page."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from ctis.accounts.countries import needs_footnote
from ctis.accounts.country_labels import KOSOVO_FOOTNOTE, country_label
from ctis.core import locale_names

register = template.Library()


@register.simple_tag(takes_context=True)
def country(context: template.Context, code: Any) -> str:
    """A country's display name; naming Kosovo* makes the page carry the UNSCR 1244 footnote."""
    code = str(getattr(code, "code", code) or "")
    if not code:
        return _("Regional")
    if needs_footnote(code):
        request = context.get("request")
        if request is not None:
            request.ctis_kosovo_footnote = True
        context.render_context["ctis_kosovo_footnote"] = True
    return str(country_label(code))


@register.simple_tag(takes_context=True)
def nationality(context: template.Context, code: Any) -> str:
    """A nationality code (alpha-3) as the country's name, by ``locale_names``; Kosovo* keeps
    the project's name and brings the footnote. "—" when blank."""
    code = str(code or "").strip()
    if not code:
        return "—"
    if code.upper() in {"XK", "XKX"}:
        return str(country(context, "XK"))
    return locale_names.country_name(code, get_language() or "en")


@register.simple_tag(takes_context=True)
def kosovo_footnote(context: template.Context) -> str:
    """The footnote, once, on any page that named Kosovo* above it."""
    request = context.get("request")
    if getattr(request, "ctis_kosovo_footnote", False):
        return format_html('<p class="footnote" id="kosovo-footnote">* {}</p>', KOSOVO_FOOTNOTE)
    return ""


@register.filter
def split(value: str) -> list[str]:
    """``"a b c"|split`` gives ["a", "b", "c"] (for lists of field names in templates)."""
    return str(value).split()


@register.filter
def field(form: Any, name: str) -> Any:
    """The bound field ``name`` of ``form``."""
    return form[name]


@register.filter
def get_item(mapping: Any, key: Any) -> Any:
    return mapping.get(key, key) if hasattr(mapping, "get") else key
