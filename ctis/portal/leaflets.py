"""Printable A5 leaflets with a QR code that opens the portal in the leaflet's language.

WeasyPrint needs the pango libraries of the operating system; it is imported only here, when
a leaflet is asked for, so the rest of ctis runs on a machine without them. Debian packages:
libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b, and fonts with Arabic-script shaping
(fonts-noto-core), see docs/portal.md.
"""

from __future__ import annotations

import segno
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from ctis.accounts.countries import needs_footnote
from ctis.accounts.country_labels import KOSOVO_FOOTNOTE, country_label
from ctis.core.pdf import render_pdf
from ctis.portal import queries
from ctis.portal.interface import fill, text_for
from ctis.portal.languages import direction


class LeafletUnavailable(RuntimeError):
    """The PDF engine cannot run here (WeasyPrint or its system libraries are missing)."""


def qr_svg(url: str) -> str:
    """The QR code for ``url`` as an SVG data URI (error correction M, quiet zone kept)."""
    return str(segno.make(url, error="m", micro=False).svg_data_uri(scale=4, border=4))


def leaflet_html(*, country: str, language: str, target_url: str) -> str:
    t = text_for(language)
    with translation.override(language):
        name = str(country_label(country))
        footnote = str(KOSOVO_FOOTNOTE) if needs_footnote(country) else ""
        numbers = queries.numbers(language, country)
        return render_to_string(
            "portal/leaflet.html",
            {
                "lang": language,
                "dir": direction(language),
                "t": t,
                "heading": fill(t["numbers_in"], country=name),
                "points": [p for p in t["leaflet_points"].split("\n") if p],
                "numbers": numbers,
                "qr": qr_svg(target_url),
                "target_url": target_url,
                "footnote": footnote,
                "demo": not settings.PRODUCTION,
            },
        )


def render_leaflet(*, country: str, language: str, target_url: str) -> bytes:
    """The leaflet as PDF bytes; raises LeafletUnavailable when WeasyPrint cannot load."""
    html = leaflet_html(country=country, language=language, target_url=target_url)
    try:
        return render_pdf(html)
    except (ImportError, OSError) as exc:  # OSError: pango or harfbuzz missing
        raise LeafletUnavailable(str(exc)) from exc
