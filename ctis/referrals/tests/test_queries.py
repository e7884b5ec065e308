"""Lists with overdue referrals first; counts for the programme report, the median wait for
acceptance computed by hand."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from ctis.audit.context import Actor
from ctis.cases.tests.conftest import open_case
from ctis.referrals import actions, queries
from ctis.referrals.tests.conftest import ALL_PURPOSES, consent, move, refer

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


def test_lists_show_overdue_referrals_first_on_both_sides(
    caseworker, case, receiver_abroad, receiver_home
):
    now = timezone.now()
    today = timezone.localdate()
    waiting = refer(caseworker, case, receiver_abroad, due_on=today + 3 * DAY)
    answered = move(receiver_abroad, refer(caseworker, case, receiver_abroad), "accepted")
    late = actions.refer(
        actor=Actor(user=caseworker), case=case, to_organisation=receiver_abroad.organisation,
        sharing_level="minimal", now=now - 10 * DAY, due_on=(now - 5 * DAY).date(),
    )  # fmt: skip
    home = refer(caseworker, case, receiver_home)
    outgoing = queries.outgoing(caseworker, today)
    assert [r.code for r in outgoing][:2] == [late.code, waiting.code]
    assert {r.code for r in outgoing} == {late.code, waiting.code, answered.code, home.code}
    incoming = queries.incoming(receiver_abroad, today)
    assert [r.code for r in incoming] == [late.code, waiting.code, answered.code]
    assert queries.incoming(receiver_home, today) == [home]
    assert queries.outgoing(receiver_abroad, today) == []


def test_median_days_to_acceptance_by_hand(caseworker, case, receiver_abroad):
    sent = timezone.now() - 20 * DAY
    receiver = Actor(user=receiver_abroad)
    # Accepted after 1, 2, 3 and 6 days (the last then completed); one still pending.
    for days in (1, 2, 3, 6):
        referral = actions.refer(
            actor=Actor(user=caseworker), case=case, to_organisation=receiver_abroad.organisation,
            sharing_level="minimal", now=sent,
        )  # fmt: skip
        actions.change_status(
            actor=receiver, referral=referral, to="accepted", now=sent + days * DAY
        )
        if days == 6:
            actions.change_status(actor=receiver, referral=referral, to="completed")
    refer(caseworker, case, receiver_abroad)
    from ctis.referrals.models import Referral

    # (2 + 3) / 2
    assert queries.median_days_to_acceptance(Referral.objects.all()) == 2.5
    assert queries.median_days_to_acceptance(Referral.objects.filter(status="pending")) is None


def test_report_counts_by_hand(caseworker, case, receiver_abroad, receiver_home, make_user):
    from ctis.accounts.roles import Role

    today = timezone.localdate()
    accepted = move(receiver_abroad, refer(caseworker, case, receiver_abroad), "accepted")
    move(receiver_abroad, refer(caseworker, case, receiver_abroad), "declined", reason="Full.")
    done = move(receiver_home, refer(caseworker, case, receiver_home), "accepted")
    move(receiver_home, done, "completed")
    refer(caseworker, case, receiver_home, kind="transfer")
    # Sent from Bosnia and Herzegovina to Bosnia and Herzegovina: not Serbia's.
    omar = make_user("omar2", Role.CASEWORKER, "ngo_ba")
    other = open_case(omar)
    consent(omar, other, *ALL_PURPOSES)
    refer(omar, other, receiver_abroad)

    serbia = queries.report_counts({"RS"}, today - 30 * DAY, today)
    assert serbia == {
        "total": 4,
        "by_status": {
            "pending": 1,
            "accepted": 1,
            "declined": 1,
            "completed": 1,
            "withdrawn": 0,
        },
        "by_service_type": {"organisation": 3, "transfer": 1},
        "cross_border": 2,
        "transfers": 1,
        "overdue": 0,
        "completed": 1,
        "completion_rate": 0.5,  # 1 completed of 2 ever accepted
        "median_days_to_acceptance": 0.0,
        "ever_accepted": 2,
    }
    assert accepted.cross_border
    region = queries.report_counts({"RS", "BA"}, today - 30 * DAY, today)
    assert region["total"] == 5 and region["cross_border"] == 2
    assert queries.report_counts({"BA"}, today - 30 * DAY, today)["total"] == 3
    # The period is of sending dates.
    assert queries.report_counts({"RS"}, today + DAY, today + 2 * DAY)["total"] == 0
    empty = queries.report_counts({"ME"}, today - DAY, today)
    assert empty["completion_rate"] is None and empty["median_days_to_acceptance"] is None
