"""The portal's interface text, one module per language, English as the fallback.

Why not gettext: people on the move read the portal in languages the staff interface hardly
uses, and its words are reviewed with the pages, by the same native speakers. Every module
except ``en`` is a draft that needs review by a native speaker, like the page drafts.
"""

from __future__ import annotations

from functools import cache
from importlib import import_module

from ctis.portal.interface.en import TEXT as ENGLISH
from ctis.portal.languages import PORTAL_LANGUAGES


@cache
def text_for(language: str) -> dict[str, str]:
    """Every interface string in ``language``, English where a translation is missing."""
    if language not in PORTAL_LANGUAGES:
        raise KeyError(language)
    text = dict(ENGLISH)
    if language != "en":
        module = import_module(f"ctis.portal.interface.{language}")
        text.update({key: value for key, value in module.TEXT.items() if key in ENGLISH})
    return text


def fill(template: str, **values: object) -> str:
    """Replace ``{name}`` placeholders; unknown braces stay as written."""
    for name, value in values.items():
        template = template.replace("{" + name + "}", str(value))
    return template
