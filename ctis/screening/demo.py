"""Fictional demo screenings in every country, made through the real actions.

Deterministic: the same answers every run, from a fixed seed. Loading again adds nothing.
"""

from __future__ import annotations

import random

from django.db import transaction

from ctis.accounts.models import User
from ctis.audit.context import Actor
from ctis.screening import actions
from ctis.screening.models import Screening

CONSENT = dict.fromkeys(
    ("consent_interview", "told_purpose", "told_uses", "told_research", "told_right_to_see",
     "told_retention", "told_withdrawal"),
    True,
)  # fmt: skip
PER_COUNTRY = 12
# Answer sets that tell a story: deceived and held at a farm; unpaid, exhausting work without
# means; a child recruited and forced to work.
STORIES = (
    ("dr.nature_of_job", "dr.wages", "ex.excessive_hours", "ex.low_no_salary", "cd.isolation",
     "cd.document_confiscation"),
    ("ex.excessive_hours", "ex.low_no_salary", "ex.bad_living"),
    ("act.recruited_or_moved", "ex.excessive_hours", "ex.hazardous_work", "ex.no_education",
     "rf.unaccompanied_child"),
)  # fmt: skip
NATIONALITIES = ("AFG", "SYR", "PAK", "IRQ", "MAR", "BGD", "IRN")
LANGUAGES = {
    "AFG": "prs",
    "SYR": "ar",
    "PAK": "ur",
    "IRQ": "ar",
    "MAR": "ar",
    "BGD": "bn",
    "IRN": "fa",
}


def load() -> None:
    if Screening.objects.filter(screener__is_demo=True).exists():
        return
    rng = random.Random(2026)  # noqa: S311 - demo data, not security
    catalogue = actions.builtin_catalogue().catalogue
    indicator_ids = list(catalogue.indicators)
    for screener in User.objects.filter(is_demo=True, username__startswith="screener.").order_by(
        "username"
    ):
        actor = Actor(user=screener, label="demo loader")
        for _ in range(PER_COUNTRY):
            with transaction.atomic():
                screening = actions.start_screening(actor=actor, consent=CONSENT)
                nationality = rng.choice(NATIONALITIES)
                age = rng.choice([15, 16, 17, 19, 22, 24, 27, 31, 36, 44, 52])
                actions.save_profile(
                    actor=actor,
                    screening=screening,
                    revision=screening.revision,
                    data={
                        "age": age,
                        "sex": rng.choice(["male", "male", "male", "female"]),
                        "nationality": nationality,
                        "respondent_language": LANGUAGES[nationality],
                        "interpreter": True,
                        "exploitation": rng.choice(["labour", "labour", "unknown", "sexual"]),
                    },
                )
                # Most people report little; a few tell one of the stories below.
                story = rng.choice([None, None, None, None, *STORIES])
                if story is None:
                    count = rng.choice([0, 0, 0, 1, 2, 3])
                    answers = {i: "yes" for i in rng.sample(indicator_ids, count)}
                else:
                    answers = dict.fromkeys(story, "yes")
                answers.update({i: "no" for i in rng.sample(indicator_ids, 10) if i not in answers})
                actions.save_answers(
                    actor=actor, screening=screening, revision=screening.revision, answers=answers
                )
                actions.complete_screening(
                    actor=actor, screening=screening, revision=screening.revision
                )
