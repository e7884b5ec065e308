"""API: /api/v1/cases/ list and detail, scoped exactly like the pages (404 for outsiders).

The list names no one; the detail, like the page, includes the names and is audited as a view
of the person's record.
"""

from __future__ import annotations

from django.db.models import QuerySet
from rest_framework import generics, serializers

from ctis.accounts.api_permissions import HasPerm
from ctis.accounts.roles import Perm
from ctis.audit import actions as audit
from ctis.audit.context import Actor
from ctis.cases import queries
from ctis.cases.models import Case


class CaseSerializer(serializers.ModelSerializer[Case]):
    id = serializers.UUIDField(source="public_id", read_only=True)
    country = serializers.CharField(source="country.code", help_text="ISO 3166-1 alpha-2")
    owner = serializers.CharField(source="organisation.name")
    opened = serializers.DateTimeField(source="opened_at")

    class Meta:
        model = Case
        fields = ["id", "code", "country", "status", "owner", "opened", "closed_at"]


class CaseDetailSerializer(CaseSerializer):
    name = serializers.CharField(source="person.name")
    name_latin = serializers.CharField(source="person.name_latin")
    person = serializers.CharField(source="person.code")
    reflection_start = serializers.DateField()
    reflection_end = serializers.DateField()
    no_removal = serializers.BooleanField()

    class Meta(CaseSerializer.Meta):
        fields = [
            *CaseSerializer.Meta.fields,
            "person",
            "name",
            "name_latin",
            "reflection_start",
            "reflection_end",
            "no_removal",
        ]


class CaseList(generics.ListAPIView[Case]):
    serializer_class = CaseSerializer
    permission_classes = [HasPerm(Perm.VIEW_CASES)]

    def get_queryset(self) -> QuerySet[Case]:
        return queries.cases_visible_to(self.request.user).order_by("-opened_at")  # type: ignore[arg-type]


class CaseDetail(generics.RetrieveAPIView[Case]):
    serializer_class = CaseDetailSerializer
    permission_classes = [HasPerm(Perm.VIEW_CASES)]
    lookup_field = "public_id"

    def get_queryset(self) -> QuerySet[Case]:
        return queries.cases_visible_to(self.request.user)  # type: ignore[arg-type]

    def get_object(self) -> Case:
        case: Case = super().get_object()
        audit.record(
            actor=Actor.from_request(self.request._request),
            action=audit.Action.VIEW,
            object_type="person",
            object_id=case.person.code,
            detail=f"case:{case.code}:api",
        )
        return case
