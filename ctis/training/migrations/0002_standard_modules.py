"""Seed the standard training modules (a copy of actions.STANDARD_MODULES at this point)."""

import uuid

from django.db import migrations

MODULES = (
    ("screening-identification", "Screening and identification of victims of trafficking", "Screening and identification"),
    ("referral", "Referral and the national referral mechanism", "Referral procedures"),
    ("victim-centred-interviewing", "Victim-centred and child-sensitive interviewing", "Person-centred and child-sensitive interviewing"),
    ("data-protection", "Data protection and confidentiality", "Data protection and confidentiality"),
    ("cross-border-cooperation", "Cross-border cooperation", "Cross-border cooperation"),
    ("legal-framework", "Legal framework, investigation and prosecution", "Legal framework and investigation"),
    ("psychological-first-aid", "Psychological first aid and self-care", "Psychological first aid and self-care"),
)


def seed(apps, schema_editor):
    Module = apps.get_model("training", "Module")
    for code, title, certificate_title in MODULES:
        Module.objects.get_or_create(
            code=code,
            defaults={"title": title, "certificate_title": certificate_title, "public_id": uuid.uuid4()},
        )


class Migration(migrations.Migration):
    dependencies = [("training", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
