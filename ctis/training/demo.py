"""Fictional demo training: a two-day screening course in Tirana for 24 border police officers.

Created through the real actions; running it again changes nothing. Dates are relative to
today, so the session always lies a few weeks in the past.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from ctis.accounts import actions as accounts
from ctis.accounts.models import Country, Organisation
from ctis.audit.context import Actor
from ctis.training import actions
from ctis.training.models import Module, Session

ACTOR = Actor.system("demo loader")
TITLE = "Screening at the border: two-day course for border police (demo)"
ORGANISER = ("AL", "National Anti-Trafficking Office of Albania (demo)")
POLICE = "interior_police"

# (name, sex, country, unit, role, pre, post) — every person and unit is invented.
OFFICERS: tuple[tuple[str, str, str, str, str, int | None, int | None], ...] = (
    ("Arta Berisha-Lika", "female", "AL", "Kapshticë", "Border police officer", 45, 70),
    ("Blerina Dushku", "female", "AL", "Kapshticë", "Border police inspector", 52, 78),
    ("Dritan Meçe", "male", "AL", "Kakavijë", "Border police officer", 38, 65),
    ("Erion Gjata", "male", "AL", "Kakavijë", "Shift commander", 60, 82),
    ("Fatjon Leka", "male", "AL", "Qafë Thanë", "Border police officer", 41, 59),
    ("Gentian Rrapi", "male", "AL", "Qafë Thanë", "Border police officer", 55, 55),
    ("Ilda Shkreli", "female", "AL", "Rinas airport", "Document examiner", 63, 88),
    ("Klodian Hasani", "male", "AL", "Rinas airport", "Border police officer", 47, 73),
    ("Lindita Zeqo", "female", "AL", "Durrës port", "Border police officer", 50, 76),
    ("Mirela Tafaj", "female", "AL", "Durrës port", "Border police inspector", 58, 80),
    ("Nertil Basha", "male", "AL", "Hani i Hotit", "Border police officer", 36, 62),
    ("Orjola Kaçi", "female", "AL", "Hani i Hotit", "Border police officer", 44, None),
    ("Petrit Ndreu", "male", "AL", "Morinë", "Border police officer", 49, 71),
    ("Rezarta Kola", "female", "AL", "Morinë", "Border police officer", 53, 74),
    ("Sokol Marku", "male", "AL", "Tirana directorate", "Migration officer", 61, 58),
    ("Teuta Prifti", "female", "AL", "Tirana directorate", "Migration officer", 57, 83),
    ("Valbona Xhafa", "female", "AL", "Vlorë port", "Border police officer", 42, 69),
    ("Xhevdet Çela", "male", "AL", "Vlorë port", "Border police officer", None, 66),
    ("Agron Krasniqi-Demo", "male", "XK", "Vërmicë", "Border police officer", 46, 72),
    ("Fjolla Rexhepi", "female", "XK", "Vërmicë", "Border police officer", 51, 77),
    ("Shpend Gashi", "male", "XK", "Prishtina airport", "Document examiner", 59, 81),
    ("Milena Vukotić", "female", "ME", "Božaj", "Border police officer", 48, 75),
    ("Dejan Radonjić", "male", "ME", "Sukobin", "Border police officer", 43, 68),
    ("Nemanja Šćekić", "male", "ME", "Dobrakovo", "Shift commander", 62, 85),
)
UNIT_NAMES = {
    "AL": "Border and Migration Police, {unit} (demo)",
    "XK": "Border Police, {unit} (demo)",
    "ME": "Border Police, {unit} (demo)",
}
# The one officer called back to the border on day two: present on the first day only.
MISSED_DAY_TWO = "Gentian Rrapi"


def load() -> Session:
    """Create the demo session with its participants, scores and attendance if missing."""
    if settings.PRODUCTION:
        raise RuntimeError("Demo data is never loaded in production mode.")
    with transaction.atomic():
        actions.ensure_standard_modules(actor=ACTOR)
        existing = Session.objects.filter(title=TITLE).first()
        if existing is not None:
            return existing
        albania = Country.objects.get(code="AL")
        organiser = Organisation.objects.filter(name=ORGANISER[1], country=albania).first()
        if organiser is None:
            organiser = accounts.create_organisation(
                actor=ACTOR,
                name=ORGANISER[1],
                kind=Organisation.Kind.NATIONAL_OFFICE,
                country=albania,
            )
        start = timezone.localdate() - timedelta(days=45)
        session = actions.create_session(
            actor=ACTOR,
            title=TITLE,
            country=albania,
            place="Tirana, Police Academy training hall (demo)",
            start_date=start,
            end_date=start + timedelta(days=1),
            organiser=organiser,
            modules=Module.objects.filter(
                code__in=["screening-identification", "referral", "victim-centred-interviewing"]
            ),
            trainers="Elira Demo-Trainer, Bojan Demo-Trainer",
        )
        countries = {c.code: c for c in Country.objects.filter(code__in=["AL", "XK", "ME"])}
        present = {}
        for name, sex, code, unit, role, pre, post in OFFICERS:
            participant = actions.add_participant(
                actor=ACTOR,
                session=session,
                data={
                    "name": name,
                    "organisation_name": UNIT_NAMES[code].format(unit=unit),
                    "agency_type": POLICE,
                    "role": role,
                    "sex": sex,
                    "country": countries[code],
                    "pre_score": pre,
                    "post_score": post,
                },
            )
            present[participant.public_id] = (
                session.days[:1] if name == MISSED_DAY_TWO else session.days
            )
        actions.record_attendance(actor=ACTOR, session=session, present=present)
    return session
