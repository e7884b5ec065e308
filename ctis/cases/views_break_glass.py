"""Break-glass pages: administrators ask for one case with a reason; the DPO sees every grant
and may end one early."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from ctis.accounts import permissions
from ctis.accounts.guards import requires
from ctis.accounts.models import User
from ctis.accounts.roles import Perm
from ctis.audit import actions as audit
from ctis.audit.context import Actor
from ctis.cases import breakglass
from ctis.cases.forms_rights import BreakGlassForm
from ctis.cases.models import BreakGlassGrant


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


@requires(Perm.BREAK_GLASS)
def break_glass(request: HttpRequest) -> HttpResponseBase:
    """Ask for time-limited access to one case; the administrator's own grants."""
    user = _user(request)
    form = BreakGlassForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            grant = breakglass.start(
                actor=Actor.from_request(request),
                case_code=form.cleaned_data["case_code"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            for name, errors in error.message_dict.items():
                form.add_error(name if name in form.fields else None, errors)
        else:
            return redirect("cases:detail", code=grant.case.code)
    return render(
        request,
        "cases/break_glass.html",
        {
            "form": form,
            "grants": breakglass.grants_of(user)[:20],
            "now": timezone.now(),
        },
    )


@require_GET
@requires(Perm.VIEW_AUDIT)
def break_glass_grants(request: HttpRequest) -> HttpResponse:
    """For the DPO: every grant in their countries, with its reason (reading it is audited)."""
    grants = list(breakglass.grants_visible_to(_user(request))[:200])
    audit.record(
        actor=Actor.from_request(request),
        action=audit.Action.VIEW,
        object_type="break_glass",
        detail=f"list;grants:{len(grants)}",
    )
    return render(
        request,
        "cases/break_glass_grants.html",
        {"grants": grants, "now": timezone.now()},
    )


@require_POST
def break_glass_end(request: HttpRequest, code: str) -> HttpResponseBase:
    """End a grant now: its holder, or a DPO of the case's country."""
    user = _user(request)
    if not user.is_authenticated:
        raise Http404
    grant = (
        BreakGlassGrant.objects.select_related("case__country", "case__person")
        .filter(code=code.upper())
        .first()
    )
    if grant is None or not (
        grant.user_id == user.pk
        or permissions.can_in_country(user, Perm.VIEW_AUDIT, grant.case.country.code)
    ):
        raise Http404
    breakglass.end(actor=Actor.from_request(request), grant=grant)
    messages.success(request, _("The break-glass access has ended."))
    if grant.user_id == user.pk:
        return redirect("cases:break_glass")
    return redirect("cases:break_glass_grants")
