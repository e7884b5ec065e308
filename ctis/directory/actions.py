"""The only write path for the services directory. Each action is atomic and audited."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from ctis.accounts import permissions
from ctis.accounts.models import Country, Organisation
from ctis.accounts.roles import Perm
from ctis.audit import actions as audit
from ctis.audit.context import Actor
from ctis.directory.models import Provider, Service, ServiceLanguage, ServiceTranslation

SERVICE_FIELDS = (
    "kind",
    "name",
    "description",
    "municipality",
    "address",
    "address_is_public",
    "phone",
    "email",
    "opening_hours",
    "available_24_7",
    "eligible_sex",
    "min_age",
    "max_age",
    "availability",
    "capacity",
    "is_public",
    "is_active",
)


def _require(actor: Actor, country: Country) -> None:
    if actor.user is None:
        return
    if not permissions.can_in_country(actor.user, Perm.MANAGE_DIRECTORY, country.code):
        audit.record(actor=actor, action=audit.Action.PERMISSION_DENIED, detail="manage_directory")
        raise PermissionDenied


def create_provider(
    *,
    actor: Actor,
    name: str,
    country: Country,
    organisation: Organisation | None = None,
    website: str = "",
) -> Provider:
    _require(actor, country)
    with transaction.atomic():
        provider = Provider.objects.create(
            name=name, country=country, organisation=organisation, website=website
        )
        audit.record(
            actor=actor,
            action=audit.Action.CREATE,
            object_type="provider",
            object_id=str(provider.public_id),
            changed_fields=["name", "country", "organisation", "website"],
        )
    return provider


def link_organisation(
    *, actor: Actor, provider: Provider, organisation: Organisation | None
) -> bool:
    """Link the provider to its organisation in ctis (or unlink it with None): referrals to
    its services then reach that organisation instead of leaving ctis. Returns whether it
    changed."""
    _require(actor, provider.country)
    if provider.organisation_id == (organisation.pk if organisation else None):
        return False
    if organisation is not None and organisation.country_id != provider.country_id:
        raise ValidationError({"organisation": "The organisation is in another country."})
    with transaction.atomic():
        provider.organisation = organisation
        provider.save(update_fields=["organisation"])
        audit.record(
            actor=actor,
            action=audit.Action.UPDATE,
            object_type="provider",
            object_id=str(provider.public_id),
            changed_fields=["organisation"],
            detail=f"organisation:{organisation.public_id}" if organisation else "organisation:-",
        )
    return True


def create_service(
    *, actor: Actor, provider: Provider, data: Mapping[str, Any], languages: Iterable[str]
) -> Service:
    """Create a service from validated ``data`` (keys from SERVICE_FIELDS)."""
    _require(actor, provider.country)
    with transaction.atomic():
        service = Service(
            provider=provider, **{k: v for k, v in data.items() if k in SERVICE_FIELDS}
        )
        if "availability" in data:
            service.availability_updated_at = timezone.now()
        service.full_clean()
        service.save()
        ServiceLanguage.objects.bulk_create(
            ServiceLanguage(service=service, code=code) for code in sorted(set(languages))
        )
        audit.record(
            actor=actor,
            action=audit.Action.CREATE,
            object_type="service",
            object_id=str(service.public_id),
            changed_fields=[*sorted(k for k in data if k in SERVICE_FIELDS), "languages"],
        )
    return service


def update_service(
    *,
    actor: Actor,
    service: Service,
    data: Mapping[str, Any],
    languages: Iterable[str] | None = None,
) -> list[str]:
    """Apply changed fields; returns the names of the fields that changed."""
    _require(actor, service.provider.country)
    changed = [k for k in SERVICE_FIELDS if k in data and getattr(service, k) != data[k]]
    with transaction.atomic():
        for field in changed:
            setattr(service, field, data[field])
        if "availability" in changed:
            service.availability_updated_at = timezone.now()
        if languages is not None:
            wanted = set(languages)
            if wanted != set(service.language_codes):
                service.languages.exclude(code__in=wanted).delete()
                have = set(service.languages.values_list("code", flat=True))
                ServiceLanguage.objects.bulk_create(
                    ServiceLanguage(service=service, code=code) for code in sorted(wanted - have)
                )
                changed.append("languages")
        if changed:
            service.full_clean()
            service.save()
            audit.record(
                actor=actor,
                action=audit.Action.UPDATE,
                object_type="service",
                object_id=str(service.public_id),
                changed_fields=changed,
            )
    return changed


def set_availability(
    *, actor: Actor, service: Service, availability: Service.Availability | str
) -> None:
    """The quick update a shelter makes daily: taking people, limited, full."""
    update_service(actor=actor, service=service, data={"availability": availability})


def save_translation(
    *,
    actor: Actor,
    service: Service,
    language: str,
    name: str,
    description: str,
    reviewed: bool,
) -> ServiceTranslation:
    """Add or replace the text in ``language``. Only reviewed texts reach the public."""
    _require(actor, service.provider.country)
    with transaction.atomic():
        translation, created = ServiceTranslation.objects.update_or_create(
            service=service,
            language=language,
            defaults={
                "name": name,
                "description": description,
                "status": ServiceTranslation.Status.REVIEWED
                if reviewed
                else ServiceTranslation.Status.NEEDS_REVIEW,
            },
        )
        audit.record(
            actor=actor,
            action=audit.Action.CREATE if created else audit.Action.UPDATE,
            object_type="service_translation",
            object_id=f"{service.public_id}:{language}",
            changed_fields=["name", "description", "status"],
        )
    return translation
