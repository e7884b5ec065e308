"""A UUID for every row with encrypted values and no identity set before its INSERT, so the
values can be bound to their row (ctis.core.fields). Existing rows get distinct UUIDs; their
values stay readable (format e1) until `ctis keys rotate` re-encrypts them bound to the row."""

import uuid

from django.db import migrations, models

MODELS = ("statusdecision", "casenote", "vulnerabilityassessment", "need", "planitem",
          "assistanceentry")  # fmt: skip


def fill(apps, schema_editor):
    for name in MODELS:
        model = apps.get_model("cases", name)
        for pk in model.objects.filter(public_id__isnull=True).values_list("pk", flat=True):
            model.objects.filter(pk=pk).update(public_id=uuid.uuid4())


class Migration(migrations.Migration):
    dependencies = [("cases", "0005_screening_markers")]

    operations = [
        *(
            migrations.AddField(
                model_name=name, name="public_id", field=models.UUIDField(null=True, editable=False)
            )
            for name in MODELS
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        *(
            migrations.AlterField(
                model_name=name,
                name="public_id",
                field=models.UUIDField(default=uuid.uuid4, unique=True, editable=False),
            )
            for name in MODELS
        ),
    ]
