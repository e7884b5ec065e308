"""An action item can be owned by a body outside ctis (IOM, UNHCR, OSCE), named as typed."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from conftest import SYSTEM
from ctis.coordination import actions
from ctis.coordination.models import ActionItem


def test_an_outside_body_owns_an_action_item_from_the_meeting_page(
    verified_client, coordinator, national_mk
):
    client = verified_client(coordinator)
    url = f"/coordination/meetings/{national_mk.public_id}/action-items/"
    response = client.post(
        url,
        {
            "description": "Test share the return guide",
            "owner_name": " IOM ",
            "due_date": "2026-12-20",
        },
    )
    assert response.status_code == 302
    item = ActionItem.objects.get()
    assert (item.owner, item.owner_name) == (None, "IOM")
    html = client.get(f"/coordination/meetings/{national_mk.public_id}/").content.decode()
    assert "IOM" in html
    assert "IOM" in client.get(f"/coordination/action-items/{item.public_id}/").content.decode()
    assert "IOM" in client.get("/coordination/action-items/").content.decode()


def test_one_owner_is_required_and_never_two(
    verified_client, coordinator, national_mk, organisations
):
    client = verified_client(coordinator)
    url = f"/coordination/meetings/{national_mk.public_id}/action-items/"
    none = client.post(url, {"description": "Test keep me", "due_date": "2026-12-20"})
    assert none.status_code == 422
    assert "type the name of the outside body" in none.content.decode()
    both = client.post(
        url,
        {
            "description": "Test keep me too",
            "owner": str(organisations["office_mk"].public_id),
            "owner_name": "UNHCR",
            "due_date": "2026-12-20",
        },
    )
    assert both.status_code == 422
    assert "not both" in both.content.decode()
    assert not ActionItem.objects.exists()
    with pytest.raises(ValidationError):
        actions.add_action_item(
            actor=SYSTEM, meeting=national_mk, description="Test", due_date=date(2026, 12, 1)
        )
