"""The region's countries and how they are named. No Django import: used by plain modules too.

Kosovo* is always named with its asterisk and the footnote below wherever it appears.
"""

from __future__ import annotations

KOSOVO_FOOTNOTE = (
    "References to Kosovo shall be understood in the context of United Nations Security "
    "Council Resolution 1244 (1999)."
)

# The programme's six countries, ISO 3166-1 alpha-2 (XK is the common user-assigned code).
REGION: dict[str, str] = {
    "AL": "Albania",
    "BA": "Bosnia and Herzegovina",
    "XK": "Kosovo*",
    "ME": "Montenegro",
    "MK": "North Macedonia",
    "RS": "Serbia",
}

# Languages staff work in, per country (region.md).
STAFF_LANGUAGES: dict[str, tuple[str, ...]] = {
    "AL": ("sq",),
    "BA": ("bs", "hr", "sr", "sr-latn"),
    "XK": ("sq", "sr"),
    "ME": ("sr-latn",),
    "MK": ("mk", "sq"),
    "RS": ("sr", "sr-latn"),
}


def country_name(code: str) -> str:
    """Display name of a region country; an unknown code is returned as given."""
    return REGION.get(code.upper(), code)


def needs_footnote(code: str) -> bool:
    return code.upper() == "XK"
