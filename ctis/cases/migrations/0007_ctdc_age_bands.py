"""People in cases are counted in CTDC's ageBroad bands: recompute every person's band from
the date of birth (age on the day the person was entered) or the age given at screening."""

from __future__ import annotations

from typing import Any

from django.db import migrations

from ctis.cases import status as machine


def rebands(apps: Any, schema_editor: Any) -> None:
    Person = apps.get_model("cases", "Person")
    Case = apps.get_model("cases", "Case")
    ages = {
        person_id: age
        for person_id, age in Case.objects.filter(screening__isnull=False).values_list(
            "person_id", "screening__age"
        )
    }
    for person in Person.objects.all().iterator():
        if person.birth_date is not None:
            band = machine.age_group(machine.age_on(person.birth_date, person.created_at.date()))
        else:
            band = machine.age_group(ages.get(person.pk))
        if band != person.age_group:
            Person.objects.filter(pk=person.pk).update(age_group=band)


class Migration(migrations.Migration):
    dependencies = [("cases", "0006_row_identity_for_encryption")]
    operations = [migrations.RunPython(rebands, migrations.RunPython.noop)]
