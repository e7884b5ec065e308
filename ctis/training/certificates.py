"""PDF certificates of attendance, rendered with WeasyPrint.

A certificate names the person, the modules (by their neutral certificate wording), the dates,
the place and the organiser — never the session's free-text title, the participant's
organisation or scores, so nothing sensitive can reach a paper someone carries across a border.
WeasyPrint is imported inside the function: the application starts without Pango installed.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.template.loader import render_to_string

from ctis.accounts.countries import needs_footnote
from ctis.accounts.country_labels import KOSOVO_FOOTNOTE, country_label
from ctis.core import pdf
from ctis.training.models import Participant, Session


def render_html(session: Session, participants: Iterable[Participant]) -> str:
    people = list(participants)
    return render_to_string(
        "training/certificate.html",
        {
            "session": session,
            "participants": people,
            "modules": [m.certificate_title for m in session.modules.all()],
            "country": country_label(session.country.code),
            "footnote": KOSOVO_FOOTNOTE if needs_footnote(session.country.code) else "",
        },
    )


def render_pdf(session: Session, participants: Iterable[Participant]) -> bytes:
    """One A4 landscape page per participant, in the order given."""
    return pdf.render_pdf(render_html(session, participants))
