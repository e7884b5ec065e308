"""Codes stored for counting, shown as names in the reader's language.

One helper per concept: ``language_name`` for ISO 639 language codes, ``nationality_name`` for
ISO 3166 country codes (alpha-3 as cases store them, or alpha-2). Names come from Babel's CLDR
data; the region's countries keep the project's own names (Kosovo* with its footnote).
"""

from __future__ import annotations

from functools import lru_cache

from babel import Locale, UnknownLocaleError
from babel.core import get_global
from django.utils import translation

from ctis.accounts.countries import REGION
from ctis.accounts.country_labels import country_label

# Interface languages Babel knows under another name (Dari is CLDR's Persian of Afghanistan).
_BABEL_LOCALE = {"prs": "fa_AF", "sr-latn": "sr_Latn", "sr": "sr_Cyrl"}
# Languages CLDR names only as a regional variant.
_BABEL_LANGUAGE = {"prs": "fa_AF"}
# Codes the region uses that ISO has not assigned (XK/XKX for Kosovo*).
_ALPHA3_EXTRA = {"XKX": "XK"}


@lru_cache(maxsize=32)
def _locale(language: str) -> Locale:
    code = _BABEL_LOCALE.get(language, translation.to_locale(language))
    try:
        return Locale.parse(code)
    except (UnknownLocaleError, ValueError):
        return Locale.parse("en")


def _active() -> Locale:
    return _locale(translation.get_language() or "en")


def language_name(code: str) -> str:
    """``ps`` → "paštu" in Bosnian; an unknown code is returned as given."""
    code = code.strip()
    if not code:
        return ""
    key = _BABEL_LANGUAGE.get(code.lower(), code.replace("-", "_"))
    for locale in (_active(), _locale("en")):
        name = locale.languages.get(key) or locale.languages.get(key.split("_")[0])
        if name:
            return name
    return code


def language_names(codes: str | list[str]) -> str:
    """A space- or comma-separated list of codes as names, joined by commas."""
    items = codes.replace(",", " ").split() if isinstance(codes, str) else codes
    return ", ".join(language_name(code) for code in items)


def alpha2(code: str) -> str:
    """The alpha-2 code of an alpha-2 or alpha-3 country code ('' when unknown)."""
    code = code.strip().upper()
    if len(code) == 2:
        return code
    if code in _ALPHA3_EXTRA:
        return _ALPHA3_EXTRA[code]
    aliases = get_global("territory_aliases").get(code)
    return aliases[0] if aliases else ""


def nationality_name(code: str) -> str:
    """``AFG`` → "Afganistan" in Albanian; region countries by the project's names."""
    two = alpha2(code)
    if not two:
        return code
    if two in REGION:
        return str(country_label(two))
    for locale in (_active(), _locale("en")):
        name = locale.territories.get(two)
        if name:
            return name
    return code
