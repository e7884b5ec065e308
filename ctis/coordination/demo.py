"""Fictional demo coordination: the regional meeting in Podgorica with five action items (two
overdue), a national meeting in Tirana, and one cross-border focal point per country.

Created through the real actions; running it again changes nothing. Dates are relative to
today so that the overdue flags always show. Phone numbers start with +000, which no country
uses.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from ctis.accounts import actions as accounts
from ctis.accounts.models import Country, Organisation
from ctis.audit.context import Actor
from ctis.coordination import actions
from ctis.coordination.models import FocalPoint, Meeting

ACTOR = Actor.system("demo loader")
REGIONAL_TITLE = "Regional coordination meeting on cross-border referral (demo)"
NATIONAL_TITLE = "National referral mechanism quarterly meeting, Albania (demo)"

OFFICES = {
    None: ("Regional Programme Office (demo)", Organisation.Kind.INTERNATIONAL),
    "AL": ("National Anti-Trafficking Office of Albania (demo)", Organisation.Kind.NATIONAL_OFFICE),
    "BA": (
        "State Anti-Trafficking Coordinator's Office of BiH (demo)",
        Organisation.Kind.NATIONAL_OFFICE,
    ),
    "XK": (
        "National Anti-Trafficking Coordinator's Office of Kosovo* (demo)",
        Organisation.Kind.NATIONAL_OFFICE,
    ),
    "ME": ("Anti-Trafficking Office of Montenegro (demo)", Organisation.Kind.NATIONAL_OFFICE),
    "MK": (
        "National Commission against Trafficking of North Macedonia (demo)",
        Organisation.Kind.NATIONAL_OFFICE,
    ),
    "RS": (
        "Office of the National Anti-Trafficking Coordinator of Serbia (demo)",
        Organisation.Kind.NATIONAL_OFFICE,
    ),
}

# (owner country, description, due in days from today, status, follow-up note or "")
ACTION_ITEMS = (
    (
        "ME",
        "Circulate the draft standard operating procedure for cross-border referral to all "
        "national coordinators for comment.",
        -30,
        "done",
        "Draft circulated; comments received from five offices.",
    ),
    (
        "RS",
        "Nominate one focal point per country for identification requests from neighbouring "
        "countries.",
        -21,
        "in_progress",
        "Four of six nominations received.",
    ),
    (
        "AL",
        "Share the screening training curriculum and pre/post test with the other national "
        "offices.",
        -7,
        "open",
        "",
    ),
    (
        None,
        "Propose a common set of indicators for the regional programme report.",
        14,
        "in_progress",
        "First draft discussed with the regional analysts.",
    ),
    (
        "MK",
        "Organise the next regional meeting in Skopje and circulate the agenda.",
        60,
        "open",
        "",
    ),
)

# (country, name, role, languages, handles) — invented people, +000 numbers.
FOCAL_POINTS = (
    ("AL", "Elona Demo-Kastrati", "Referral officer", "sq en it", "referral identification"),
    ("BA", "Selma Demo-Hodžić", "Cross-border liaison", "bs hr sr en", "referral children"),
    ("XK", "Arben Demo-Morina", "Identification focal point", "sq sr en", "identification"),
    ("ME", "Ivana Demo-Popović", "Referral coordinator", "cnr sr en", "referral return"),
    (
        "MK",
        "Марија Демо-Стојанова",
        "Focal point for identification",
        "mk sq en",
        "identification investigation",
    ),
    ("RS", "Никола Демо-Јовановић", "Referral and return liaison", "sr en de", "referral return"),
)


def _office(code: str | None) -> Organisation:
    name, kind = OFFICES[code]
    country = Country.objects.get(code=code) if code else None
    existing = Organisation.objects.filter(name=name, country=country).first()
    if existing is not None:
        return existing
    return accounts.create_organisation(actor=ACTOR, name=name, kind=kind, country=country)


def load() -> Meeting:
    """Create the demo meetings, action items and focal points if missing."""
    if settings.PRODUCTION:
        raise RuntimeError("Demo data is never loaded in production mode.")
    today = timezone.localdate()
    with transaction.atomic():
        offices = {code: _office(code) for code in OFFICES}
        regional = Meeting.objects.filter(title=REGIONAL_TITLE).first()
        if regional is None:
            regional = actions.create_meeting(
                actor=ACTOR,
                data={
                    "title": REGIONAL_TITLE,
                    "level": Meeting.Level.REGIONAL,
                    "date": today - timedelta(days=60),
                    "host_country": Country.objects.get(code="ME"),
                    "place": "Podgorica",
                    "other_participants": "Regional border police liaison network (demo)",
                    "agenda": "1. Cross-border referral procedure\n2. Focal points for "
                    "identification\n3. Training curricula\n4. Programme reporting\n"
                    "5. Next meeting",
                    "minutes": "Representatives of the six national offices and the regional "
                    "programme office reviewed cross-border referrals since the last meeting "
                    "and agreed the steps below.",
                    "decisions": "Adopt a common referral form for cross-border cases.\n"
                    "Name one focal point per country for identification requests.",
                },
                organisations=list(offices.values()),
            )
            for owner, description, due_in, status, note in ACTION_ITEMS:
                item = actions.add_action_item(
                    actor=ACTOR,
                    meeting=regional,
                    description=description,
                    owner=offices[owner],
                    due_date=today + timedelta(days=due_in),
                )
                if note or status != "open":
                    actions.add_follow_up(
                        actor=ACTOR,
                        item=item,
                        note=note or "Status updated.",
                        status=status,
                        on=today - timedelta(days=5),
                    )
        if not Meeting.objects.filter(title=NATIONAL_TITLE).exists():
            national = actions.create_meeting(
                actor=ACTOR,
                data={
                    "title": NATIONAL_TITLE,
                    "level": Meeting.Level.NATIONAL,
                    "date": today - timedelta(days=20),
                    "host_country": Country.objects.get(code="AL"),
                    "place": "Tirana",
                    "agenda": "Referral statistics; shelter capacity; border screening.",
                    "decisions": "Extend screening training to the southern border crossings.",
                },
                organisations=[offices["AL"]],
            )
            actions.add_action_item(
                actor=ACTOR,
                meeting=national,
                description="Plan two more screening courses for the southern border crossings.",
                owner=offices["AL"],
                due_date=today + timedelta(days=40),
            )
        for code, name, role, languages, handles in FOCAL_POINTS:
            if FocalPoint.objects.filter(name=name).exists():
                continue
            actions.create_focal_point(
                actor=ACTOR,
                data={
                    "country": Country.objects.get(code=code),
                    "name": name,
                    "organisation": offices[code],
                    "role": role,
                    "phone": f"+000 555 02{len(name) % 10}{ord(code[0]) % 10}",
                    "email": f"focal.{code.lower()}@demo.invalid",
                    "languages": languages,
                    "handles": handles,
                },
            )
    return regional
