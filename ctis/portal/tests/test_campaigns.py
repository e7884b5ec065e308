"""Campaigns, leaflets with QR codes, outreach sessions and the reach dashboard."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from conftest import SYSTEM, _country
from ctis.audit.context import Actor
from ctis.audit.models import AuditEvent
from ctis.portal import actions
from ctis.portal.models import Campaign, DailyCount


@pytest.fixture
def campaign(db):
    return actions.create_campaign(
        actor=SYSTEM,
        name="Test campaign",
        countries=[_country("BA")],
        languages=["prs", "ps"],
        target_groups="Men travelling alone",
        starts_on=datetime.date(2026, 9, 1),
    )


def test_a_bosnian_country_administrator_creates_a_campaign(verified_client, country_admin):
    client = verified_client(country_admin)
    response = client.post(
        "/help/staff/campaigns/new/",
        {
            "name": "Safe journey",
            "country_codes": ["BA"],
            "language_codes": ["prs", "ar"],
            "target_groups": "Men travelling alone",
            "starts_on": "2026-10-01",
            "ends_on": "2026-12-31",
        },
    )
    assert response.status_code == 302
    campaign = Campaign.objects.get(name="Safe journey")
    assert (campaign.languages, campaign.country_codes) == ("ar prs", ["BA"])
    event = AuditEvent.objects.filter(object_type="campaign").first()
    assert (event.action, event.object_id) == ("create", str(campaign.public_id))


def test_a_campaign_cannot_be_created_in_another_country(coordinator):
    with pytest.raises(PermissionDenied):
        actions.create_campaign(
            actor=Actor(user=coordinator),
            name="Not mine",
            countries=[_country("BA")],
            languages=["ar"],
            starts_on=datetime.date(2026, 9, 1),
        )
    assert not Campaign.objects.exists()


def test_a_coordinator_in_another_country_does_not_see_the_campaign(
    verified_client, coordinator, campaign
):
    client = verified_client(coordinator)
    assert "Test campaign" not in client.get("/help/staff/campaigns/").content.decode()
    assert client.get(f"/help/staff/campaigns/{campaign.public_id}/").status_code == 404


def test_a_leaflet_gets_its_own_code_and_the_scans_show_on_the_campaign(
    verified_client, country_admin, campaign, client
):
    staff = verified_client(country_admin)
    response = staff.post(
        f"/help/staff/campaigns/{campaign.public_id}/materials/",
        {"country": "BA", "language": "prs"},
    )
    assert response.status_code == 302
    material = campaign.materials.get()
    assert len(material.code) == 8
    assert AuditEvent.objects.filter(object_type="campaign_material", action="create").exists()
    staff.logout()
    client.get(f"/help/prs/ba/?c={material.code}")
    html = verified_client(country_admin).get(f"/help/staff/campaigns/{campaign.public_id}/")
    text = html.content.decode()
    assert f"http://testserver/help/prs/ba/?c={material.code}" in text
    assert f"<td><code>{material.code}</code></td>" in text
    assert "</code></td><td>1</td>" in text  # one scan


def test_a_leaflet_must_be_in_one_of_the_campaigns_languages(campaign):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        actions.add_material(actor=SYSTEM, campaign=campaign, country=_country("BA"), language="fr")


def test_an_outreach_session_records_counts_by_sex_and_age(
    verified_client, country_admin, campaign
):
    client = verified_client(country_admin)
    response = client.post(
        f"/help/staff/campaigns/{campaign.public_id}/sessions/new/",
        {
            "country_code": "BA",
            "held_on": "2026-10-03",
            "place": "Test park",
            "language": "prs",
            "women": "1",
            "men": "20",
            "girls": "0",
            "boys": "4",
            "others": "0",
        },
    )
    assert response.status_code == 302
    session = campaign.sessions.get()
    assert (session.men, session.boys, session.reached) == (20, 4, 25)
    event = AuditEvent.objects.filter(object_type="outreach_session").first()
    assert event.action == "create"
    assert "men" in event.changed_fields


def test_the_reach_dashboard_sums_people_and_scans_by_country_and_month(
    verified_client, country_admin, campaign
):
    ba = _country("BA")
    for day, men in ((datetime.date(2026, 10, 3), 20), (datetime.date(2026, 10, 20), 5)):
        actions.record_outreach_session(
            actor=SYSTEM,
            campaign=campaign,
            country=ba,
            data={"held_on": day, "place": "Test", "language": "prs", "men": men, "boys": 1},
        )
    material = actions.add_material(actor=SYSTEM, campaign=campaign, country=ba, language="ps")
    DailyCount.objects.create(
        day=datetime.date(2026, 10, 5),
        kind="scan",
        campaign_code=material.code,
        language="ps",
        page="country:BA",
        count=7,
    )
    html = verified_client(country_admin).get("/help/staff/reach/").content.decode()
    assert (
        "<tr><td>2026-10</td><td>Bosnia and Herzegovina</td><td>2</td><td>0</td><td>25</td>"
        "<td>0</td><td>2</td><td>0</td><td>27</td><td>7</td></tr>"
    ) in html
