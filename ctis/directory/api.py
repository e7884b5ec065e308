"""API: the services directory, read-only, with the same search as the pages."""

from __future__ import annotations

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import generics, serializers

from ctis.accounts.api_permissions import HasPerm
from ctis.accounts.roles import Perm
from ctis.directory import queries
from ctis.directory.forms import SearchForm
from ctis.directory.models import Service


class ServiceSerializer(serializers.ModelSerializer[Service]):
    id = serializers.UUIDField(source="public_id", read_only=True)
    provider = serializers.CharField(source="provider.name")
    country = serializers.CharField(source="provider.country.code", help_text="ISO 3166-1 alpha-2")
    languages = serializers.SerializerMethodField()
    organisation = serializers.UUIDField(
        source="provider.organisation.public_id",
        allow_null=True,
        default=None,
        help_text="The provider's organisation in ctis; null if the provider is not in ctis "
        "(referrals to it are off-system).",
    )
    in_ctis = serializers.SerializerMethodField()

    class Meta:
        model = Service
        fields = [
            "id",
            "name",
            "kind",
            "provider",
            "organisation",
            "in_ctis",
            "country",
            "municipality",
            "address",
            "phone",
            "email",
            "opening_hours",
            "available_24_7",
            "eligible_sex",
            "min_age",
            "max_age",
            "availability",
            "availability_updated_at",
            "capacity",
            "languages",
            "description",
        ]

    def get_in_ctis(self, service: Service) -> bool:
        return service.provider.ctis_organisation is not None

    def get_languages(self, service: Service) -> list[str]:
        return sorted(language.code for language in service.languages.all())


SEARCH_PARAMETERS = [
    OpenApiParameter("kind", str, enum=Service.Kind.values),
    OpenApiParameter("country", str, description="ISO 3166-1 alpha-2"),
    OpenApiParameter("municipality", str),
    OpenApiParameter("language", str, description="ISO 639 code"),
    OpenApiParameter("age", int),
    OpenApiParameter("sex", str, enum=["female", "male"]),
    OpenApiParameter("available_only", bool),
]


@extend_schema_view(get=extend_schema(parameters=SEARCH_PARAMETERS))
class ServiceList(generics.ListAPIView[Service]):
    serializer_class = ServiceSerializer
    permission_classes = [HasPerm(Perm.VIEW_DIRECTORY)]

    def get_queryset(self) -> QuerySet[Service]:
        form = SearchForm(self.request.query_params)
        if self.request.query_params and not form.is_valid():
            raise serializers.ValidationError(form.errors.get_json_data())
        return queries.search(queries.services_visible_to(self.request.user), form.query())  # type: ignore[arg-type]


class ServiceDetail(generics.RetrieveAPIView[Service]):
    serializer_class = ServiceSerializer
    permission_classes = [HasPerm(Perm.VIEW_DIRECTORY)]
    lookup_field = "public_id"

    def get_queryset(self) -> QuerySet[Service]:
        return queries.services_visible_to(self.request.user)  # type: ignore[arg-type]
