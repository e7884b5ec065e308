"""Fictional demo people and cases in every country and every identification status, made
through the real actions. Names in Arabic, Cyrillic and Latin scripts, all invented; phone
numbers start with +000, which no country uses.

Deterministic; loading again adds nothing. Needs the demo accounts (``ctis.accounts.demo``)
and refuses to run in production mode.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from ctis.accounts.models import User
from ctis.audit.context import Actor
from ctis.cases import actions
from ctis.cases import status as machine
from ctis.cases.actions import Decision
from ctis.cases.models import Case, StatusDecision

COUNTRIES = ("AL", "BA", "XK", "ME", "MK", "RS")

# (name as written, script, Latin transliteration, sex, nationality, languages)
PEOPLE: tuple[tuple[str, str, str, str, str, str], ...] = (
    ("أمينة حداد", "Arab", "Amina Haddad", "female", "SYR", "ar"),
    ("Јована Илић", "Cyrl", "Jovana Ilić", "female", "SRB", "sr"),
    ("محمد نوري", "Arab", "Mohammed Nouri", "male", "IRQ", "ar en"),
    ("Besa Krasniqi", "Latn", "Besa Krasniqi", "female", "ALB", "sq"),
    ("فریبا احمدی", "Arab", "Fariba Ahmadi", "female", "AFG", "prs"),
    ("Марија Стојановска", "Cyrl", "Marija Stojanovska", "female", "MKD", "mk"),
    ("Emir Hodžić", "Latn", "Emir Hodzic", "male", "BIH", "bs"),
)

# Each status, and the path of decisions that reaches it from "potential".
PATHS: dict[str, tuple[str, ...]] = {
    machine.Status.SCREENED: (),
    machine.Status.POTENTIAL: (),
    machine.Status.PRESUMED: ("presumed",),
    machine.Status.IDENTIFIED: ("presumed", "identified"),
    machine.Status.NOT_A_VICTIM: ("not_a_victim",),
    machine.Status.WITHDRAWN: ("presumed", "withdrawn"),
    machine.Status.LOST_CONTACT: ("lost_contact",),
}

IDENTIFICATION_BODY = {
    "AL": ("Joint police and state social services interview (demo)", "other_governmental"),
    "BA": ("Cantonal prosecutor's office (demo)", "court_or_prosecution"),
    "XK": ("Investigator and victim advocate (demo)", "police"),
    "ME": ("Team for Formal Identification (demo)", "other_governmental"),
    "MK": ("National referral mechanism mobile team (demo)", "other_governmental"),
    "RS": ("Centre for Protection of Trafficking Victims (demo)", "other_governmental"),
}


def load() -> None:
    if settings.PRODUCTION:
        raise RuntimeError("Demo data is never loaded in production mode.")
    if Case.objects.filter(opened_by__is_demo=True).exists():
        return
    today = timezone.localdate()
    for country_index, country in enumerate(COUNTRIES):
        caseworker = User.objects.filter(
            is_demo=True, username=f"caseworker.{country.lower()}"
        ).first()
        supervisor = User.objects.filter(
            is_demo=True, username=f"supervisor.{country.lower()}"
        ).first()
        if caseworker is None or supervisor is None:
            continue
        body, org_type = IDENTIFICATION_BODY[country]
        actor = Actor(user=caseworker, label="demo loader")
        for status_index, (target, path) in enumerate(PATHS.items()):
            name, script, latin, sex, nationality, languages = PEOPLE[
                (country_index + status_index) % len(PEOPLE)
            ]
            # Decisions spread over the last weeks, so some periods run and some have ended.
            decided = today - datetime.timedelta(days=(country_index * 7 + status_index * 5) % 40)
            with transaction.atomic():
                case = actions.open_case(
                    actor=actor,
                    person={
                        "name": name,
                        "name_script": script,
                        "name_latin": latin,
                        "sex": sex,
                        "nationality": nationality,
                        "languages": languages,
                        "birth_date": datetime.date(
                            1985 + (status_index * 3) % 24, 1 + status_index, 10
                        ),
                        "phone": f"+000 {country_index + 1}{status_index} 555 {status_index:04d}",
                    },
                    status=machine.Status.SCREENED
                    if target == machine.Status.SCREENED
                    else machine.Status.POTENTIAL,
                    today=today,
                )
                for step in path:
                    actions.change_status(
                        actor=actor,
                        case=case,
                        revision=case.revision,
                        to=step,
                        decision=Decision(
                            deciding_org_type=org_type
                            if step in {"presumed", "identified", "not_a_victim"}
                            else StatusDecision.DecidingOrg.NGO,
                            deciding_body=body,
                            decided_on=decided,
                            grounds="Demonstration decision (fictional).",
                        ),
                        today=today,
                    )
                actions.record_consent(
                    actor=actor, case=case, purpose="statistics", given=True,
                    child_assent=True, guardian_consent=True,
                )  # fmt: skip
                actions.add_note(actor=actor, case=case, text="Demonstration note (fictional).")
                if target == machine.Status.WITHDRAWN:
                    actions.close_case(
                        actor=Actor(user=supervisor, label="demo loader"),
                        case=case,
                        revision=case.revision,
                        reason=Case.ClosureReason.DECLINED,
                    )
