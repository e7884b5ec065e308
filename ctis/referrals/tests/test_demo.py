from __future__ import annotations

import pytest

from ctis.referrals import demo
from ctis.referrals.models import Referral


@pytest.mark.django_db
def test_demo_referrals_cover_every_state_cross_border_and_transfers_and_load_once():
    from ctis.accounts import demo as accounts_demo
    from ctis.cases import demo as cases_demo
    from ctis.directory import demo as directory_demo

    accounts_demo.load()
    directory_demo.load()
    cases_demo.load()
    demo.load()
    referrals = Referral.objects.all()
    assert set(referrals.values_list("status", flat=True)) == set(Referral.Status.values)
    cross = referrals.filter(cross_border=True)
    for status in Referral.Status.values:
        assert cross.filter(status=status).exists(), status
    assert {r.from_country.code for r in cross} == set(cases_demo.COUNTRIES)
    assert referrals.filter(kind="transfer", status="accepted").exists()
    assert referrals.filter(kind="transfer", status="pending").exists()
    assert referrals.exclude(consent_overridden="").exists()
    assert referrals.filter(service__isnull=False).exists()
    # Directory providers that are demo organisations are linked to them; the rest are
    # off-system, and the demo has off-system referrals with their recorded answers.
    from ctis.directory.models import Provider

    sava = Provider.objects.get(name="Sava Protection Centre (demo)")
    assert sava.organisation is not None and sava.organisation.name == sava.name
    assert Provider.objects.get(name="Danube Legal Aid (demo)").organisation is None
    off_system = referrals.filter(to_organisation__isnull=True)
    assert off_system.exists() and all(r.service_id for r in off_system)
    assert any(r.is_overdue(__import__("datetime").date.today()) for r in referrals)
    count = referrals.count()
    demo.load()
    assert Referral.objects.count() == count
