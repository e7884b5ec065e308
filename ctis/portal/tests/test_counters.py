"""Anonymous counts only: page reads and QR scans per campaign code, language and day."""

from __future__ import annotations

import datetime

import pytest

from ctis.audit.models import AuditEvent
from ctis.portal import actions, demo
from ctis.portal.models import DailyCount, Material


@pytest.fixture
def leaflet_code(portal):
    """The code printed in the QR code of the demo campaign's Dari leaflet for BiH."""
    demo.load_campaign()
    return Material.objects.get(country__code="BA", language="prs").code


def test_reading_a_page_adds_one_to_the_days_count(client, portal):
    client.get("/help/prs/page/your-rights/")
    client.get("/help/prs/page/your-rights/")
    row = DailyCount.objects.get(kind="view", page="page:your-rights")
    assert (row.language, row.campaign_code, row.count) == ("prs", "", 2)


def test_scanning_a_leaflets_qr_code_counts_a_scan_for_its_campaign_code(client, leaflet_code):
    code = leaflet_code
    client.get(f"/help/prs/ba/?c={code}")
    client.get(f"/help/prs/ba/?c={code}")
    scans = DailyCount.objects.get(kind="scan", campaign_code=code)
    assert (scans.language, scans.page, scans.count) == ("prs", "country:BA", 2)
    assert DailyCount.objects.get(kind="view", campaign_code=code).count == 2


def test_an_unknown_campaign_code_counts_as_a_plain_page_read(client, portal):
    client.get("/help/en/ba/?c=made-up")
    assert not DailyCount.objects.filter(kind="scan").exists()
    assert DailyCount.objects.get(kind="view", page="country:BA").campaign_code == ""


def test_the_counter_stores_nothing_about_the_visitor(client, portal):
    client.get(
        "/help/prs/",
        HTTP_USER_AGENT="CheapPhone/1.0",
        REMOTE_ADDR="203.0.113.7",
        HTTP_X_FORWARDED_FOR="198.51.100.9",
    )
    fields = {f.name for f in DailyCount._meta.get_fields()}
    assert fields == {"id", "day", "kind", "campaign_code", "language", "page", "count"}
    values = " ".join(str(v) for v in DailyCount.objects.values_list(flat=False)[0])
    assert "203.0.113.7" not in values
    assert "198.51.100.9" not in values
    assert "CheapPhone" not in values


def test_visits_write_no_audit_event(client, portal):
    before = AuditEvent.objects.count()
    client.get("/help/prs/")
    client.get("/help/prs/find/?speaks=prs")
    assert AuditEvent.objects.count() == before


def test_counts_are_kept_per_day(db):
    for day in (datetime.date(2026, 11, 1), datetime.date(2026, 11, 1), datetime.date(2026, 11, 2)):
        actions.count(kind="view", language="ar", page="home", day=day)
    assert list(DailyCount.objects.order_by("day").values_list("day", "count")) == [
        (datetime.date(2026, 11, 1), 2),
        (datetime.date(2026, 11, 2), 1),
    ]
