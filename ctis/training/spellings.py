"""What people type in a participant file, in every interface language, mapped to codes.

An officer's list says "Policia kufitare", "Femër" and "Shqipëri", not ``interior_police``,
``female`` and ``AL``. Every code, every label of every interface language, and a few common
synonyms are accepted; the template's sheet of allowed values lists them in the reader's
language.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from ctis.accounts.countries import REGION
from ctis.accounts.country_labels import country_label
from ctis.accounts.models import Organisation
from ctis.training import importing
from ctis.training.importing import fold
from ctis.training.models import Participant

# Column headings of the template (and accepted as headers in any interface language).
COLUMN_LABELS: dict[str, Any] = {
    "name": _("Name"),
    "organisation": _("Organisation"),
    "agency_type": _("Agency type"),
    "role": _("Role"),
    "sex": _("Sex"),
    "country": _("Country"),
    "pre_score": _("Pre-test score"),
    "post_score": _("Post-test score"),
}

# Words people use for an agency type besides its label (translated like the labels).
AGENCY_SYNONYMS: dict[str, tuple[str, ...]] = {
    Organisation.Kind.INTERIOR_POLICE: (
        gettext_noop("Border police"),
        gettext_noop("Police"),
        gettext_noop("Ministry of interior"),
    ),
    Organisation.Kind.NGO: (gettext_noop("NGO"),),
    Organisation.Kind.INTERNATIONAL: (gettext_noop("International organisation"),),
}

# The template's example row: obviously fictional, and refused if left in the file.
EXAMPLE_NAME = gettext_noop("Example Person (delete this row)")


def _languages() -> Iterator[str]:
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            yield code


def _every_language(pairs: Callable[[], Iterable[tuple[str, str]]]) -> dict[str, str]:
    """folded spelling → code, for the codes themselves and each language's wording."""
    spellings: dict[str, str] = {}
    for _code in _languages():
        for text, code in pairs():
            spellings.setdefault(fold(str(text)), code)
    return spellings


def agency_types() -> dict[str, str]:
    def pairs() -> Iterator[tuple[str, str]]:
        for value, label in Organisation.Kind.choices:
            yield value, value
            yield str(label), value
            for word in AGENCY_SYNONYMS.get(value, ()):
                yield word, value
                yield translation.gettext(word), value

    return _every_language(pairs)


def sexes() -> dict[str, str]:
    def pairs() -> Iterator[tuple[str, str]]:
        yield from ((text, code) for text, code in importing.SEX_VALUES.items())
        for value, label in Participant.Sex.choices:
            yield value, value
            yield str(label), value

    return _every_language(pairs)


def countries() -> dict[str, str]:
    def pairs() -> Iterator[tuple[str, str]]:
        for code, name in REGION.items():
            yield code, code
            yield name, code
            yield str(country_label(code)), code

    return _every_language(pairs)


def header_aliases() -> dict[str, str]:
    aliases: dict[str, str] = {}
    for _code in _languages():
        for key, label in COLUMN_LABELS.items():
            aliases.setdefault(importing.fold_header(str(label)), key)
    return aliases


def example_names() -> frozenset[str]:
    names = set()
    for _code in _languages():
        names.add(translation.gettext(EXAMPLE_NAME).casefold())
    return frozenset(names)


def allowed_values() -> list[tuple[str, str, str]]:
    """(column, what to type, code) in the active language, for the template's second sheet."""
    rows: list[tuple[str, str, str]] = []
    for value, label in Organisation.Kind.choices:
        rows.append((str(COLUMN_LABELS["agency_type"]), str(label), value))
        for word in AGENCY_SYNONYMS.get(value, ()):
            rows.append((str(COLUMN_LABELS["agency_type"]), translation.gettext(word), value))
    for value, label in Participant.Sex.choices:
        rows.append((str(COLUMN_LABELS["sex"]), str(label), value))
    for code in REGION:
        rows.append((str(COLUMN_LABELS["country"]), str(country_label(code)), code))
    return rows
