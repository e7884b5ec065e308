from __future__ import annotations

import pytest

from ctis.accounts.countries import REGION
from ctis.accounts.models import Country
from ctis.coordination import demo, queries
from ctis.coordination.models import FocalPoint, Meeting

# Demo data is a development convenience; production mode refuses it.
pytestmark = pytest.mark.usefixtures("development_mode")


def test_the_demo_regional_meeting_has_five_items_two_overdue_and_loads_once(db):
    for code, name in REGION.items():
        Country.objects.get_or_create(code=code, defaults={"name": name})
    meeting = demo.load()
    demo.load()
    assert meeting.place == "Podgorica"
    assert Meeting.objects.count() == 2
    items = list(meeting.action_items.all())
    assert len(items) == 5
    assert sum(1 for entry in items if entry.overdue) == 2
    assert FocalPoint.objects.count() == 6
    counts = queries.action_item_counts(queries.action_items_for_report(countries=["ME"]))
    assert (counts["total"], counts["done"], counts["overdue"]) == (5, 1, 2)
