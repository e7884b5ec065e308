"""API: tokens and the signed-in user's own profile."""

from __future__ import annotations

import hashlib
from typing import Any

from django.conf import settings
from django.contrib.auth import authenticate
from django.db.models import QuerySet
from django_otp.plugins.otp_totp.models import TOTPDevice
from drf_spectacular.utils import extend_schema, inline_serializer
from knox import views as knox_views
from rest_framework import generics, serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle, SimpleRateThrottle
from rest_framework.views import APIView

from ctis.accounts import queries, tokens
from ctis.accounts.api_auth import TokenAuthentication
from ctis.accounts.api_permissions import HasPerm, IsSignedIn
from ctis.accounts.models import User
from ctis.accounts.roles import Perm
from ctis.audit import actions as audit
from ctis.audit.context import Actor


class TokenRequestSerializer(serializers.Serializer[Any]):
    username = serializers.CharField()
    password = serializers.CharField(style={"input_type": "password"}, trim_whitespace=False)
    otp = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text=(
            "Current code from the authenticator app; required for roles that see personal data."
        ),
    )


class TokenThrottle(AnonRateThrottle):
    """Token requests per address."""

    scope = "token"


class TokenAccountThrottle(SimpleRateThrottle):
    """Token requests per account asked for: bounds the guesses at its one-time code."""

    scope = "token_account"

    def get_cache_key(self, request: Request, view: Any) -> str | None:
        data = request.data
        username = str(data.get("username", "")).strip().lower() if hasattr(data, "get") else ""
        if not username:
            return None
        ident = hashlib.sha256(username.encode()).hexdigest()  # no username in the cache
        return self.cache_format % {"scope": self.scope, "ident": ident}


class TokenView(APIView):
    """Exchange username, password (and a one-time code) for an API token."""

    authentication_classes: list[Any] = []
    permission_classes = [AllowAny]
    throttle_classes = [TokenThrottle, TokenAccountThrottle]

    @extend_schema(
        request=TokenRequestSerializer,
        responses={
            200: inline_serializer(
                "Token", {"token": serializers.CharField(), "expiry": serializers.DateTimeField()}
            )
        },
    )
    def post(self, request: Request) -> Response:
        data = TokenRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        user: User | None = authenticate(
            request._request,
            username=data.validated_data["username"],
            password=data.validated_data["password"],
        )
        if user is None:
            return Response({"detail": "Invalid credentials."}, status=status.HTTP_400_BAD_REQUEST)
        if user.requires_two_factor and not (settings.CTIS_DEMO_SKIPS_2FA and user.is_demo):
            device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
            token = "".join(str(data.validated_data.get("otp") or "").split())
            if device is None:
                return Response(
                    {"detail": "Set up two-factor login in the web application first."},
                    status=status.HTTP_400_BAD_REQUEST,
                )
            allowed, _throttle = device.verify_is_allowed()
            if not (allowed and token and device.verify_token(token)):
                audit.record(
                    actor=Actor(
                        user=user,
                        client_address=Actor.from_request(request._request).client_address,
                    ),
                    action=audit.Action.TWO_FACTOR_FAILED,
                    object_type="user",
                    object_id=str(user.public_id),
                    detail="api",
                )
                return Response(
                    {"detail": "A valid one-time code is required."},
                    status=status.HTTP_400_BAD_REQUEST,
                )
        instance, token_value = tokens.issue_token(
            user,
            actor=Actor(
                user=user, client_address=Actor.from_request(request._request).client_address
            ),
        )
        return Response({"token": token_value, "expiry": instance.expiry})


class LogoutView(knox_views.LogoutView):
    """End the token this request carries (401 without one)."""

    authentication_classes = [TokenAuthentication]

    @extend_schema(request=None, responses={204: None})
    def post(self, request: Request, format: Any = None) -> Response:
        user: User = request.user  # type: ignore[assignment]
        tokens.revoke_token(
            user,
            tokens.token_id(request.auth),
            tokens.Reason.LOGOUT,
            actor=Actor.from_request(request._request),
        )
        return Response(None, status=status.HTTP_204_NO_CONTENT)


class LogoutAllView(knox_views.LogoutAllView):
    """End every token of the caller ("log out everywhere")."""

    authentication_classes = [TokenAuthentication]

    @extend_schema(request=None, responses={204: None})
    def post(self, request: Request, format: Any = None) -> Response:
        user: User = request.user  # type: ignore[assignment]
        tokens.revoke_all_tokens(
            user, tokens.Reason.LOGOUT_ALL, actor=Actor.from_request(request._request)
        )
        return Response(None, status=status.HTTP_204_NO_CONTENT)


class MeSerializer(serializers.Serializer[Any]):
    id = serializers.UUIDField(source="public_id")
    username = serializers.CharField()
    organisation = serializers.SerializerMethodField()
    country = serializers.SerializerMethodField()
    roles = serializers.SerializerMethodField()

    def get_organisation(self, user: User) -> str | None:
        return user.organisation.name if user.organisation else None

    def get_country(self, user: User) -> str | None:
        org = user.organisation
        return org.country.code if org and org.country else None

    def get_roles(self, user: User) -> list[str]:
        return sorted(user.roles)


class MeView(APIView):
    """The signed-in user, their organisation, country (alpha-2, none for regional) and roles."""

    permission_classes = [IsSignedIn]

    @extend_schema(responses=MeSerializer)
    def get(self, request: Request) -> Response:
        return Response(MeSerializer(request.user).data)


class AccountSerializer(serializers.Serializer[Any]):
    id = serializers.UUIDField(source="public_id")
    username = serializers.CharField()
    is_active = serializers.BooleanField()
    organisation = serializers.SerializerMethodField()
    country = serializers.SerializerMethodField()
    roles = serializers.SerializerMethodField()

    def get_organisation(self, user: User) -> str | None:
        return user.organisation.name if user.organisation else None

    def get_country(self, user: User) -> str | None:
        org = user.organisation
        return org.country.code if org and org.country else None

    def get_roles(self, user: User) -> list[str]:
        return sorted({m.role for m in user.memberships.all()})


class AccountList(generics.ListAPIView[User]):
    """Accounts the caller administers (their country's, or all for a system administrator)."""

    serializer_class = AccountSerializer
    permission_classes = [HasPerm(Perm.MANAGE_USERS)]

    def get_queryset(self) -> QuerySet[User]:
        return queries.users_visible_to(self.request.user)  # type: ignore[arg-type]


class AccountDetail(generics.RetrieveAPIView[User]):
    serializer_class = AccountSerializer
    permission_classes = [HasPerm(Perm.MANAGE_USERS)]

    def get_object(self) -> User:
        account = queries.get_user_for(self.request.user, self.kwargs["public_id"])  # type: ignore[arg-type]
        audit.record(
            actor=Actor.from_request(self.request._request),
            action=audit.Action.VIEW,
            object_type="user",
            object_id=str(account.public_id),
            detail="api",
        )
        return account
