from django.db import migrations

REGION = {
    "AL": "Albania",
    "BA": "Bosnia and Herzegovina",
    "XK": "Kosovo*",
    "ME": "Montenegro",
    "MK": "North Macedonia",
    "RS": "Serbia",
}


def seed(apps, schema_editor):
    Country = apps.get_model("accounts", "Country")
    for code, name in REGION.items():
        Country.objects.update_or_create(code=code, defaults={"name": name})


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
