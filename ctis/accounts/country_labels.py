"""Translated display names of the region's countries and the Kosovo* footnote."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from ctis.accounts.countries import REGION

COUNTRY_LABELS: dict[str, str | Promise] = {
    "AL": _("Albania"),
    "BA": _("Bosnia and Herzegovina"),
    "XK": _("Kosovo*"),
    "ME": _("Montenegro"),
    "MK": _("North Macedonia"),
    "RS": _("Serbia"),
}
KOSOVO_FOOTNOTE = _(
    "References to Kosovo shall be understood in the context of United Nations Security "
    "Council Resolution 1244 (1999)."
)
assert set(COUNTRY_LABELS) == set(REGION)


def country_label(code: str) -> str | Promise:
    return COUNTRY_LABELS.get(code.upper(), code)
