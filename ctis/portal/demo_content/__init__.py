"""Seed text of the portal's pages, one module per language.

English is the reviewed source, written from IOM and UNODC public guidance for people on the
move. Every other language is a draft that needs review by a native speaker: the loader marks
it so, and the portal shows English with a notice until a reviewer approves it.
"""

from __future__ import annotations

from importlib import import_module

from ctis.portal.languages import PORTAL_LANGUAGES

# slug: position in lists
SLUGS: dict[str, int] = {
    "warning-signs": 10,
    "debts-and-documents": 20,
    "your-rights": 30,
    "get-help": 40,
}


def pages(language: str) -> dict[str, tuple[str, str, str]]:
    """{slug: (title, summary, body)} in ``language``."""
    if language not in PORTAL_LANGUAGES:
        raise KeyError(language)
    module = import_module(f"ctis.portal.demo_content.{language}")
    return dict(module.PAGES)
