"""Who is acting, passed explicitly to every action so it can be audited."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from django.http import HttpRequest

    from ctis.accounts.models import User


@dataclass(frozen=True)
class Actor:
    user: User | None
    client_address: str = ""
    label: str = ""  # for actions with no user: "system", "demo loader", a command's name

    @classmethod
    def from_request(cls, request: HttpRequest) -> Actor:
        from axes.helpers import get_client_ip_address

        user = getattr(request, "user", None)
        if user is not None and not user.is_authenticated:
            user = None
        return cls(user=user, client_address=get_client_ip_address(request) or "")

    @classmethod
    def system(cls, label: str) -> Actor:
        return cls(user=None, label=label)
