from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from conftest import SYSTEM
from ctis.audit.context import Actor
from ctis.audit.models import AuditEvent
from ctis.directory import actions
from ctis.directory.models import Service


def test_creating_a_service_is_audited_with_its_fields(services):
    event = AuditEvent.objects.filter(
        object_type="service", object_id=str(services["boys"].public_id)
    ).get()
    assert event.action == "create"
    assert "eligible_sex" in event.changed_fields
    assert "Secret Lane" not in str(event.changed_fields)


def test_an_update_records_only_what_changed(services, country_admin):
    boys = services["boys"]
    changed = actions.update_service(
        actor=Actor(user=country_admin),
        service=boys,
        data={"availability": "full", "name": boys.name},
    )
    assert changed == ["availability"]
    boys.refresh_from_db()
    assert boys.availability == "full"
    assert boys.availability_updated_at is not None
    event = AuditEvent.objects.filter(action="update", object_id=str(boys.public_id)).get()
    assert event.changed_fields == ["availability"]


def test_languages_are_replaced_as_a_set(services, country_admin):
    boys = services["boys"]
    actions.update_service(
        actor=Actor(user=country_admin), service=boys, data={}, languages=["bs", "ar"]
    )
    assert sorted(boys.language_codes) == ["ar", "bs"]


def test_a_country_administrator_cannot_change_another_countrys_services(services, country_admin):
    with pytest.raises(PermissionDenied):
        actions.set_availability(
            actor=Actor(user=country_admin), service=services["women"], availability="available"
        )
    services["women"].refresh_from_db()
    assert services["women"].availability == "full"
    assert AuditEvent.objects.filter(action="permission_denied", actor_username="adnan").exists()


def test_an_age_range_upside_down_is_refused(services):
    with pytest.raises(ValidationError):
        actions.create_service(
            actor=SYSTEM,
            provider=services["boys"].provider,
            data={
                "kind": "shelter",
                "name": "Bad",
                "municipality": "X",
                "min_age": 18,
                "max_age": 12,
            },
            languages=[],
        )
    assert not Service.objects.filter(name="Bad").exists()


def test_a_service_knows_whom_it_serves(services):
    boys = services["boys"]
    assert boys.serves(age=16, sex="male")
    assert not boys.serves(age=16, sex="female")
    assert not boys.serves(age=19, sex="male")
    assert boys.serves()  # unknown age and sex do not exclude
