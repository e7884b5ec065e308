"""API: /api/v1/referrals/ list and detail, scoped exactly like the pages (404 for outsiders).

The list names no one. The detail gives the receiver what the referral shares (``shared``,
audited as a view of the person's record) and nothing else of the case; the sender gets the
case code only while their organisation holds the case.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from rest_framework import generics, serializers

from ctis.accounts.api_permissions import HasPerm
from ctis.accounts.models import User
from ctis.accounts.roles import Perm
from ctis.audit import actions as audit
from ctis.audit.context import Actor
from ctis.referrals import queries
from ctis.referrals.models import Referral


class ReferralSerializer(serializers.ModelSerializer[Referral]):
    id = serializers.UUIDField(source="public_id", read_only=True)
    from_organisation = serializers.CharField(source="from_organisation.name")
    from_country = serializers.CharField(source="from_country.code", help_text="ISO 3166-1 alpha-2")
    to = serializers.CharField(source="receiver_name")
    to_country = serializers.CharField(source="to_country.code", help_text="ISO 3166-1 alpha-2")
    service_type = serializers.SerializerMethodField()
    needs = serializers.ListField(source="need_codes", child=serializers.CharField())
    overdue = serializers.SerializerMethodField()
    off_system = serializers.BooleanField(
        source="is_off_system",
        read_only=True,
        help_text="Sent to a provider outside ctis: nobody in ctis receives it; the sender "
        "prints a letter and records the provider's answer.",
    )

    class Meta:
        model = Referral
        fields = [
            "id",
            "code",
            "kind",
            "status",
            "sharing",
            "from_organisation",
            "from_country",
            "to",
            "to_country",
            "cross_border",
            "off_system",
            "service_type",
            "needs",
            "due_on",
            "overdue",
            "created_at",
            "accepted_at",
            "closed_at",
        ]

    def get_service_type(self, referral: Referral) -> str | None:
        return referral.service.kind if referral.service else None

    def get_overdue(self, referral: Referral) -> bool:
        today: datetime.date = self.context.get("today") or timezone.localdate()
        return referral.is_overdue(today)


class ReferralDetailSerializer(ReferralSerializer):
    case = serializers.SerializerMethodField()
    shared = serializers.SerializerMethodField()

    class Meta(ReferralSerializer.Meta):
        fields = [*ReferralSerializer.Meta.fields, "case", "shared"]

    def _user(self) -> User:
        user: User = self.context["request"].user
        return user

    def get_case(self, referral: Referral) -> str | None:
        return referral.case.code if queries.can_see_case(self._user(), referral) else None

    def get_shared(self, referral: Referral) -> dict[str, Any] | None:
        if not queries.is_receiver(self._user(), referral):
            return None
        items = queries.shared_record(referral)
        if not items:
            return None
        return {
            item.name: (item.value.isoformat() if hasattr(item.value, "isoformat") else item.value)
            for item in items
        }


class ReferralList(generics.ListAPIView[Referral]):
    serializer_class = ReferralSerializer
    permission_classes = [HasPerm(Perm.VIEW_CASES)]

    def get_queryset(self) -> QuerySet[Referral]:
        return queries.referrals_visible_to(self.request.user).order_by("-created_at")  # type: ignore[arg-type]


class ReferralDetail(generics.RetrieveAPIView[Referral]):
    serializer_class = ReferralDetailSerializer
    permission_classes = [HasPerm(Perm.VIEW_CASES)]
    lookup_field = "public_id"

    def get_queryset(self) -> QuerySet[Referral]:
        return queries.referrals_visible_to(self.request.user)  # type: ignore[arg-type]

    def get_object(self) -> Referral:
        referral: Referral = super().get_object()
        user: User = self.request.user  # type: ignore[assignment]
        if queries.is_receiver(user, referral) and referral.shares_data:
            audit.record(
                actor=Actor.from_request(self.request._request),
                action=audit.Action.VIEW,
                object_type="person",
                object_id=referral.case.person.code,
                detail=f"referral:{referral.code}:{referral.sharing}:api",
            )
        return referral
