"""Names of languages and countries in the reader's language, from their codes (Babel's CLDR
data, shipped with the package: no outside call). A code is never shown where a name exists."""

from __future__ import annotations

from functools import lru_cache

from babel import Locale, UnknownLocaleError

from ctis.directory.languages import SERVICE_LANGUAGES
from ctis.surveys.iso3166 import COUNTRIES

# Interface languages CLDR spells differently (Dari is Persian as written in Afghanistan).
_CLDR = {"prs": "fa_AF", "sr-latn": "sr_Latn"}
_ALPHA2 = {alpha3: alpha2 for alpha2, alpha3, _name in COUNTRIES}


@lru_cache(maxsize=64)
def locale_for(language: str) -> Locale:
    """The CLDR locale of an interface language (English if CLDR has none)."""
    code = language.lower()
    try:
        return Locale.parse(_CLDR.get(code, code.replace("-", "_")))
    except (UnknownLocaleError, ValueError):
        return Locale.parse("en")


def language_name(code: str, reader: str) -> str:
    """``ps`` → "paštu" for a Bosnian reader; the language's own name where CLDR has none."""
    if not code:
        return ""
    name = locale_for(reader).languages.get(_CLDR.get(code, code))
    return str(name or SERVICE_LANGUAGES.get(code, code))


def country_name(alpha3: str, reader: str) -> str:
    """``AFG`` → "Afganistan" for a Bosnian reader; the code itself if it is unknown."""
    alpha2 = _ALPHA2.get((alpha3 or "").upper())
    if alpha2 is None:
        return alpha3
    return str(locale_for(reader).territories.get(alpha2) or alpha3)
