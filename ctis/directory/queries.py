"""Reading the directory: staff search, the public subset, and what a user may edit."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from ctis.accounts import permissions
from ctis.accounts.models import User
from ctis.accounts.roles import Perm
from ctis.directory.models import Service


@dataclass(frozen=True)
class ServiceSearch:
    """What someone looking for help needs; every part optional."""

    kind: str = ""
    country: str = ""
    municipality: str = ""
    language: str = ""
    age: int | None = None
    sex: str = ""
    available_only: bool = False


def active_services() -> QuerySet[Service]:
    return (
        Service.objects.filter(is_active=True)
        .select_related("provider__country", "provider__organisation")
        .prefetch_related("languages", "translations")
    )


def services_visible_to(user: User) -> QuerySet[Service]:
    """Staff see every active service in the region (the directory holds no personal data)."""
    if not permissions.can(user, Perm.VIEW_DIRECTORY):
        return Service.objects.none()
    return active_services()


def public_services() -> QuerySet[Service]:
    """What the public portal may list."""
    return active_services().filter(is_public=True)


def search(services: QuerySet[Service], query: ServiceSearch) -> QuerySet[Service]:
    if query.kind:
        services = services.filter(kind=query.kind)
    if query.country:
        services = services.filter(provider__country__code=query.country.upper())
    if query.municipality:
        services = services.filter(municipality__icontains=query.municipality.strip())
    if query.language:
        services = services.filter(languages__code=query.language)
    if query.age is not None:
        services = services.filter(
            Q(min_age__isnull=True) | Q(min_age__lte=query.age),
            Q(max_age__isnull=True) | Q(max_age__gte=query.age),
        )
    if query.sex in {"female", "male"}:
        services = services.filter(eligible_sex__in=["any", query.sex])
    if query.available_only:
        services = services.exclude(availability=Service.Availability.FULL)
    return services.distinct()


def services_manageable_by(user: User) -> QuerySet[Service]:
    countries = permissions.countries_for(user, Perm.MANAGE_DIRECTORY)
    return Service.objects.filter(provider__country__code__in=countries).select_related(
        "provider__country"
    )


def can_manage(user: User, service: Service) -> bool:
    return permissions.can_in_country(user, Perm.MANAGE_DIRECTORY, service.provider.country.code)
