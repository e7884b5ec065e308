"""Every role that can reach personal data passes a second factor before anything else."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django_otp.plugins.otp_totp.models import TOTPDevice

# Paths a signed-in user may reach before the second factor.
_OPEN_PREFIXES = ("/static/", "/healthz", "/i18n/")


def needs_second_factor(user: object) -> bool:
    """Whether this signed-in user must still pass (or enrol) a second factor."""
    if not getattr(user, "is_authenticated", False):
        return False
    if not user.requires_two_factor:  # type: ignore[attr-defined]
        return False
    if settings.CTIS_DEMO_SKIPS_2FA and user.is_demo:  # type: ignore[attr-defined]
        return False
    is_verified = getattr(user, "is_verified", None)
    # A user object that neither django-otp nor the token authentication marked has not
    # proven a second factor: refuse rather than fail.
    return is_verified is None or not is_verified()


class RequireTwoFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if needs_second_factor(request.user) and not self._open(request.path):
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": "Two-factor verification required."}, status=403)
            confirmed = TOTPDevice.objects.filter(user=request.user, confirmed=True).exists()
            step = reverse(
                "accounts:two_factor_verify" if confirmed else "accounts:two_factor_enrol"
            )
            # After the code, go on to the page asked for (checked again by the step's view).
            if request.method in {"GET", "HEAD"} and request.path != "/":
                step += "?" + urlencode({"next": request.get_full_path()})
            return redirect(step)
        return self.get_response(request)

    @staticmethod
    def _open(path: str) -> bool:
        allowed = (
            reverse("accounts:two_factor_verify"),
            reverse("accounts:two_factor_enrol"),
            reverse("accounts:logout"),
        )
        return path in allowed or path.startswith(_OPEN_PREFIXES)
