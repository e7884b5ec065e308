"""The data budget: what one portal page costs a visitor, compressed, in every language.

Used by the tests and by ``python -m benchmarks portal``. A page's cost is its compressed
HTML and headers plus the gzip-compressed stylesheet (the only other file a page loads; no
script, no image, no font).
"""

from __future__ import annotations

import gzip
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from django.contrib.staticfiles import finders

from ctis.accounts.countries import REGION
from ctis.portal.languages import PORTAL_LANGUAGES
from ctis.portal.models import Page

BUDGET_BYTES = 50 * 1024


class Client(Protocol):
    def get(self, path: str, **extra: Any) -> Any: ...


@dataclass(frozen=True)
class Cost:
    language: str
    path: str
    html_bytes: int  # compressed body and response headers
    css_bytes: int

    @property
    def total(self) -> int:
        return self.html_bytes + self.css_bytes


def stylesheet_bytes() -> int:
    """The stylesheet as production serves it (WhiteNoise sends a pre-compressed copy)."""
    found = finders.find("portal/portal.css")
    assert isinstance(found, str)
    return len(gzip.compress(Path(found).read_bytes(), compresslevel=9))


def paths(language: str) -> list[str]:
    """Every public page in one language, and a find-help search with results."""
    base = f"/help/{language}/"
    pages = [f"{base}page/{slug}/" for slug in Page.objects.values_list("slug", flat=True)]
    countries = [f"{base}{code.lower()}/" for code in REGION]
    return [
        base,
        *countries,
        *pages,
        f"{base}numbers/",
        f"{base}find/",
        f"{base}find/?speaks={language}",
        f"{base}find/?country=ba",
        f"{base}find/?need=shelter",
    ]


def measure(client: Client) -> list[Cost]:
    css = stylesheet_bytes()
    costs = []
    for language in PORTAL_LANGUAGES:
        for path in paths(language):
            response = client.get(path, HTTP_ACCEPT_ENCODING="gzip")
            assert response.status_code == 200, (path, response.status_code)
            headers = sum(len(k) + len(v) + 4 for k, v in response.items()) + 17
            costs.append(Cost(language, path, len(response.content) + headers, css))
    return costs
