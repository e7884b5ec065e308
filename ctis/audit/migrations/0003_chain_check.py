from __future__ import annotations

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_append_only_triggers")]

    operations = [
        migrations.CreateModel(
            name="ChainCheck",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("checked_at", models.DateTimeField()),
                ("checked_by", models.CharField(max_length=150)),
                ("events", models.PositiveBigIntegerField()),
                ("intact", models.BooleanField()),
                ("broken_at", models.PositiveBigIntegerField(blank=True, null=True)),
                ("reason", models.CharField(blank=True, max_length=200)),
            ],
            options={"ordering": ["-checked_at", "-pk"], "verbose_name": "audit chain check"},
        ),
    ]
