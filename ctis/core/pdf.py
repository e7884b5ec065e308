"""Every PDF ctis makes (reports, leaflets, certificates, a person's document) is rendered here.

WeasyPrint would fetch each stylesheet, image and font a page names over HTTP, from whatever
host the request named: a worker could wait on itself, or be sent to another site. Here the
fetcher reads static files from disk (STATIC_ROOT, else the staticfiles finders), passes
``data:`` URIs through, and refuses everything else. No PDF makes a network request.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.utils._os import safe_join

# Relative addresses in a PDF's HTML resolve against this origin, which is never contacted:
# the fetcher maps its /static/ paths to files. (.invalid never resolves, by RFC 2606.)
BASE_URL = "https://ctis.invalid/"


def static_file(url: str) -> Path | None:
    """The file behind a static URL of ``BASE_URL`` (or a bare /static/ path), or None."""
    parts = urlsplit(url)
    if parts.scheme not in {"", "https"} or parts.netloc not in {"", urlsplit(BASE_URL).netloc}:
        return None
    prefix = "/" + settings.STATIC_URL.strip("/") + "/"
    path = unquote(parts.path)
    if not path.startswith(prefix):
        return None
    relative = path[len(prefix) :]
    if not relative or ".." in Path(relative).parts:
        return None
    try:
        collected = Path(safe_join(str(settings.STATIC_ROOT), relative))
    except Exception:  # SuspiciousFileOperation: outside STATIC_ROOT
        return None
    if collected.is_file():
        return collected
    found = finders.find(relative)
    return Path(found) if isinstance(found, str) else None


def _fetcher() -> Any:
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticFilesFetcher(URLFetcher):
        def __init__(self) -> None:
            super().__init__(allowed_protocols=("data", "https"), allow_redirects=False)

        def fetch(self, url: str, headers: Any = None) -> Any:
            if url.startswith("data:"):
                return super().fetch(url, headers)
            path = static_file(url)
            if path is None:
                raise ValueError(f"PDFs load only this site's static files, not {url[:80]}")
            content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return URLFetcherResponse(
                url, path.read_bytes(), headers={"Content-Type": content_type}, status=200
            )

    return StaticFilesFetcher()


def render_pdf(html: str) -> bytes:
    """The PDF of ``html``. Raises ImportError/OSError when WeasyPrint or Pango is missing."""
    import weasyprint  # needs Pango at run time; imported here so the app starts without it

    pdf = weasyprint.HTML(string=html, base_url=BASE_URL, url_fetcher=_fetcher()).write_pdf()
    assert pdf is not None
    return bytes(pdf)
