"""Erasing the person (ctis.cases.rights) also destroys what their referrals wrote about them:
the encrypted summary, message, override reason and decline reason; the counts stay."""

from __future__ import annotations

import pytest

from ctis.audit.context import Actor
from ctis.cases import rights
from ctis.cases.tests.conftest import open_case
from ctis.referrals.models import Referral
from ctis.referrals.tests.conftest import move, refer

pytestmark = pytest.mark.django_db


def test_erasure_blanks_the_referrals_free_text(caseworker, receiver_abroad, dpo):
    case = open_case(caseworker)  # no consent: the referral goes with an override
    referral = refer(
        caseworker, case, receiver_abroad, sharing_level="summary", summary="Vesna's story.",
        override_reason="Vesna is in danger.", message="Call Vesna's sister first.",
    )  # fmt: skip
    move(receiver_abroad, referral, "declined", reason="No place for Vesna.")
    rights.erase(actor=Actor(user=dpo), case=case, reason="request", confirm=case.code)
    erased = Referral.objects.get(pk=referral.pk)
    assert (erased.summary, erased.override_reason, erased.decline_reason) == (None, None, None)
    assert erased.message is None
    assert erased.status == "declined" and erased.consent_overridden
