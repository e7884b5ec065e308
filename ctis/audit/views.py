"""The data protection officer's audit pages: the search, and the check of the chain."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from ctis.accounts.guards import requires
from ctis.accounts.roles import Perm
from ctis.audit import actions, labels, queries
from ctis.audit.context import Actor
from ctis.audit.forms import AuditSearchForm
from ctis.audit.models import ChainCheck


@requires(Perm.VIEW_AUDIT)
def search(request: HttpRequest) -> HttpResponse:
    form = AuditSearchForm(request.GET or None)
    events = queries.events_visible_to(request.user)  # type: ignore[arg-type]
    if form.is_valid():
        filters = {key: value for key, value in form.cleaned_data.items() if value}
        events = queries.search(events, **filters)
        actions.record(
            actor=Actor.from_request(request),
            action=actions.Action.SEARCH,
            object_type="audit_event",
            detail=",".join(sorted(filters)),  # which filters were used, not their values
        )
    else:
        events = events.order_by("-seq")
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    rows = [
        {
            "event": event,
            "roles": labels.roles(event.roles),
            "record_type": labels.record_type(event.object_type) if event.object_type else "",
            "record_code": labels.record_code(event.object_id),
        }
        for event in page
    ]
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "audit/search.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "query": query.urlencode(),
            "last_check": ChainCheck.objects.first(),
        },
    )


@requires(Perm.VIEW_AUDIT)
def chain(request: HttpRequest) -> HttpResponseBase:
    """GET: the last checks of the chain. POST: check it now (the whole chain, as
    ``ctis audit verify`` does) and store the result."""
    if request.method == "POST":
        check = actions.check_chain(actor=Actor.from_request(request))
        if check.intact:
            messages.success(request, _("The audit log is intact."))
        else:
            messages.error(request, _("The audit log has been tampered with."))
        return redirect("audit:chain")
    return render(request, "audit/chain.html", {"checks": ChainCheck.objects.all()[:20]})
