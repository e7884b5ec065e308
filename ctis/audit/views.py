"""The data protection officer's search of the audit trail."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from ctis.accounts.guards import requires
from ctis.accounts.roles import Perm
from ctis.audit import actions, queries
from ctis.audit.context import Actor
from ctis.audit.forms import AuditSearchForm


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
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "audit/search.html",
        {"form": form, "page": page, "query": query.urlencode()},
    )
