"""Coordination pages: meetings, action items with follow-ups, and the focal-point directory."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ctis.accounts.guards import deny, requires
from ctis.accounts.models import User
from ctis.accounts.roles import Perm
from ctis.audit.context import Actor
from ctis.coordination import actions, queries
from ctis.coordination.forms import (
    ActionItemFilterForm,
    ActionItemForm,
    FocalPointFilterForm,
    FocalPointForm,
    FollowUpForm,
    MeetingForm,
)
from ctis.coordination.models import ActionItem, FocalPoint, Meeting

GET_POST = ["GET", "POST"]


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _meeting_form(request: HttpRequest, instance: Meeting | None = None) -> MeetingForm:
    return MeetingForm(
        request.POST or None,
        instance=instance,
        countries=queries.countries_for(_user(request)),
        organisations=queries.active_organisations(),
    )


def _item_form(request: HttpRequest, instance: ActionItem | None = None) -> ActionItemForm:
    return ActionItemForm(
        request.POST or None, instance=instance, organisations=queries.active_organisations()
    )


@require_GET
@requires(Perm.MANAGE_PROGRAMME)
def meeting_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    meetings = queries.meetings_visible_to(user)
    return render(
        request,
        "coordination/meeting_list.html",
        {
            "meetings": meetings[:200],
            "overdue_total": queries.overdue(queries.action_items_visible_to(user)).count(),
        },
    )


@require_http_methods(GET_POST)
@requires(Perm.MANAGE_PROGRAMME)
def meeting_create(request: HttpRequest) -> HttpResponse:
    form = _meeting_form(request)
    if request.method == "POST" and form.is_valid():
        meeting = actions.create_meeting(
            actor=Actor.from_request(request),
            data=form.meeting_data(),
            organisations=form.cleaned_data["organisations"],
        )
        messages.success(request, _("The meeting is logged. Now add its action items."))
        return redirect("coordination:meeting_detail", public_id=meeting.public_id)
    return render(request, "coordination/meeting_form.html", {"form": form, "creating": True})


@require_GET
@requires(Perm.MANAGE_PROGRAMME)
def meeting_detail(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    user = _user(request)
    meeting = queries.get_meeting_for(user, public_id)
    items = list(meeting.action_items.select_related("owner__country"))
    can_manage = queries.can_manage_meeting(user, meeting)
    return render(
        request,
        "coordination/meeting_detail.html",
        {
            "meeting": meeting,
            "items": items,
            "overdue_count": sum(1 for item in items if item.overdue),
            "can_manage": can_manage,
            "item_form": _item_form(request) if can_manage else None,
        },
    )


@require_http_methods(GET_POST)
@requires(Perm.MANAGE_PROGRAMME)
def meeting_edit(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    user = _user(request)
    meeting = queries.get_meeting_for(user, public_id)
    if not queries.can_manage_meeting(user, meeting):
        raise deny(request, Perm.MANAGE_PROGRAMME)
    form = _meeting_form(request, instance=meeting)
    if request.method == "POST" and form.is_valid():
        fresh = Meeting.objects.select_related("host_country", "recorded_by__country").get(
            pk=meeting.pk
        )
        actions.update_meeting(
            actor=Actor.from_request(request),
            meeting=fresh,
            data=form.meeting_data(),
            organisations=form.cleaned_data["organisations"],
        )
        messages.success(request, _("Saved."))
        return redirect("coordination:meeting_detail", public_id=meeting.public_id)
    return render(request, "coordination/meeting_form.html", {"form": form, "meeting": meeting})


@require_POST
@requires(Perm.MANAGE_PROGRAMME)
def action_item_create(request: HttpRequest, public_id: uuid.UUID) -> HttpResponseBase:
    user = _user(request)
    meeting = queries.get_meeting_for(user, public_id)
    if not queries.can_manage_meeting(user, meeting):
        raise deny(request, Perm.MANAGE_PROGRAMME)
    form = _item_form(request)
    if form.is_valid():
        actions.add_action_item(
            actor=Actor.from_request(request), meeting=meeting, **form.cleaned_data
        )
        messages.success(request, _("Action item added."))
        return redirect(f"{meeting_url(meeting)}#action-items")
    items = list(meeting.action_items.select_related("owner__country"))
    return render(
        request,
        "coordination/meeting_detail.html",
        {
            "meeting": meeting,
            "items": items,
            "overdue_count": sum(1 for item in items if item.overdue),
            "can_manage": True,
            "item_form": form,
        },
        status=422,
    )


def meeting_url(meeting: Meeting) -> str:
    return reverse("coordination:meeting_detail", kwargs={"public_id": meeting.public_id})


@require_GET
@requires(Perm.MANAGE_PROGRAMME)
def action_item_list(request: HttpRequest) -> HttpResponse:
    form = ActionItemFilterForm(request.GET or None)
    items = queries.action_items_visible_to(_user(request))
    if form.is_valid():
        if form.cleaned_data["status"]:
            items = items.filter(status=form.cleaned_data["status"])
        if form.cleaned_data["overdue"]:
            items = queries.overdue(items)
    return render(
        request,
        "coordination/action_item_list.html",
        {"form": form, "items": items[:500], "count": items.count()},
    )


@require_http_methods(GET_POST)
@requires(Perm.MANAGE_PROGRAMME)
def action_item_detail(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    user = _user(request)
    item = queries.get_action_item_for(user, public_id)
    may_follow_up = queries.can_follow_up(user, item)
    form = FollowUpForm(request.POST or None, item=item)
    if request.method == "POST":
        if not may_follow_up:
            raise deny(request, Perm.MANAGE_PROGRAMME)
        if form.is_valid():
            try:
                actions.add_follow_up(
                    actor=Actor.from_request(request),
                    item=item,
                    note=form.cleaned_data["note"],
                    status=form.cleaned_data["status"],
                    on=form.cleaned_data["date"],
                )
            except ValidationError as exc:  # the status changed meanwhile
                form.add_error(None, exc)
            else:
                messages.success(request, _("Follow-up saved."))
                return redirect("coordination:action_item_detail", public_id=item.public_id)
    return render(
        request,
        "coordination/action_item_detail.html",
        {
            "item": item,
            "follow_ups": item.follow_ups.select_related("author"),
            "form": form if may_follow_up else None,
            "today": timezone.localdate(),
        },
        status=422 if request.method == "POST" else 200,
    )


# --- Focal points -----------------------------------------------------------------------------
@require_GET
@requires(Perm.VIEW_DIRECTORY)
def focal_point_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    form = FocalPointFilterForm(request.GET or None)
    points = queries.focal_points_visible_to(user)
    if form.is_valid():
        if form.cleaned_data["country"]:
            points = points.filter(country=form.cleaned_data["country"])
        if form.cleaned_data["handles"]:
            points = points.filter(handles__contains=form.cleaned_data["handles"])
    manageable = queries.countries_for(user)
    return render(
        request,
        "coordination/focal_point_list.html",
        {
            "form": form,
            "points": points,
            "manageable": manageable,
            "can_add": bool(manageable),
        },
    )


def _focal_form(request: HttpRequest, instance: FocalPoint | None = None) -> FocalPointForm:
    return FocalPointForm(
        request.POST or None,
        instance=instance,
        countries=queries.countries_for(_user(request)),
        organisations=queries.active_organisations(),
    )


@require_http_methods(GET_POST)
@requires(Perm.MANAGE_PROGRAMME)
def focal_point_create(request: HttpRequest) -> HttpResponse:
    form = _focal_form(request)
    if request.method == "POST" and form.is_valid():
        actions.create_focal_point(actor=Actor.from_request(request), data=form.focal_point_data())
        messages.success(request, _("The focal point is in the directory."))
        return redirect("coordination:focal_point_list")
    return render(request, "coordination/focal_point_form.html", {"form": form, "creating": True})


@require_http_methods(GET_POST)
@requires(Perm.MANAGE_PROGRAMME)
def focal_point_edit(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    point = queries.get_focal_point_to_manage(_user(request), public_id)
    form = _focal_form(request, instance=point)
    if request.method == "POST" and form.is_valid():
        fresh = FocalPoint.objects.select_related("country").get(pk=point.pk)
        data = form.focal_point_data()
        data["is_active"] = "remove" not in request.POST
        actions.update_focal_point(actor=Actor.from_request(request), point=fresh, data=data)
        messages.success(request, _("Saved.") if data["is_active"] else _("Removed."))
        return redirect("coordination:focal_point_list")
    return render(request, "coordination/focal_point_form.html", {"form": form, "point": point})
