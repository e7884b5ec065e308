"""Every country starts with the Council of Europe minimum: 30 days for adults and children."""

from __future__ import annotations

from typing import Any

from django.db import migrations

COE_MINIMUM_DAYS = 30


def seed(apps: Any, schema_editor: Any) -> None:
    Country = apps.get_model("accounts", "Country")
    CountryCaseSettings = apps.get_model("cases", "CountryCaseSettings")
    for country in Country.objects.all():
        CountryCaseSettings.objects.get_or_create(
            country=country,
            defaults={
                "reflection_days_adult": COE_MINIMUM_DAYS,
                "reflection_days_child": COE_MINIMUM_DAYS,
            },
        )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_seed_countries"),
        ("cases", "0001_initial"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
