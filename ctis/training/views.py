"""Training pages: sessions, participants, scores, attendance, import and certificates.

Every page needs MANAGE_PROGRAMME; sessions outside the user's countries are 404. Pages that
show participants' names write a VIEW audit event; certificates write an EXPORT event.
"""

from __future__ import annotations

import csv
import io
import uuid
from datetime import date

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBase, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ctis.accounts.guards import requires
from ctis.accounts.models import User
from ctis.accounts.roles import Perm
from ctis.audit import actions as audit
from ctis.audit.context import Actor
from ctis.core.uploads import upload_limit
from ctis.training import actions, certificates, importing, queries, spellings, template
from ctis.training.forms import (
    MAX_UPLOAD_BYTES,
    AttendanceForm,
    ImportForm,
    ModuleForm,
    ParticipantForm,
    ScoresForm,
    SessionForm,
)
from ctis.training.models import Participant, Session

GET_POST = ["GET", "POST"]
PROBLEMS_SHOWN = 200


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _audit_view(request: HttpRequest, kind: str, public_id: object, detail: str = "") -> None:
    audit.record(
        actor=Actor.from_request(request),
        action=audit.Action.VIEW,
        object_type=kind,
        object_id=str(public_id),
        detail=detail,
    )


def _session_form(request: HttpRequest, instance: Session | None = None) -> SessionForm:
    user = _user(request)
    return SessionForm(
        request.POST or None,
        instance=instance,
        countries=queries.countries_for(user),
        organisers=queries.organisers_for(user),
        modules=queries.active_modules(),
    )


@require_GET
@requires(Perm.MANAGE_PROGRAMME)
def session_list(request: HttpRequest) -> HttpResponse:
    sessions = queries.sessions_visible_to(_user(request))
    return render(request, "training/session_list.html", {"sessions": sessions[:200]})


@require_http_methods(GET_POST)
@requires(Perm.MANAGE_PROGRAMME)
def session_create(request: HttpRequest) -> HttpResponse:
    form = _session_form(request)
    if request.method == "POST" and form.is_valid():
        data = form.session_data()
        session = actions.create_session(
            actor=Actor.from_request(request), modules=form.cleaned_data["modules"], **data
        )
        messages.success(request, _("The session is saved. Now register its participants."))
        return redirect("training:session_detail", public_id=session.public_id)
    return render(request, "training/session_form.html", {"form": form, "creating": True})


@require_GET
@requires(Perm.MANAGE_PROGRAMME)
def session_detail(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    session = queries.get_session_for(_user(request), public_id)
    participants = list(queries.participants_of(session))
    _audit_view(request, "training_session", session.public_id, "participants")
    eligible = {p.pk for p in queries.certificate_eligible(session, participants)}
    return render(
        request,
        "training/session_detail.html",
        {
            "session": session,
            "participants": participants,
            "eligible": eligible,
            "attendance_recorded": any(p.attendance.all() for p in participants),
            "gain": queries.session_gain(session),
            "days": session.days,
        },
    )


@require_http_methods(GET_POST)
@requires(Perm.MANAGE_PROGRAMME)
def session_edit(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    session = queries.get_session_for(_user(request), public_id)
    form = _session_form(request, instance=session)
    if request.method == "POST" and form.is_valid():
        fresh = Session.objects.get(pk=session.pk)
        actions.update_session(
            actor=Actor.from_request(request),
            session=fresh,
            data=form.session_data(),
            modules=form.cleaned_data["modules"],
        )
        messages.success(request, _("Saved."))
        return redirect("training:session_detail", public_id=session.public_id)
    return render(request, "training/session_form.html", {"form": form, "session": session})


def _participant_form(request: HttpRequest, instance: Participant | None = None) -> ParticipantForm:
    return ParticipantForm(
        request.POST or None,
        instance=instance,
        organisations=queries.organisers_for(_user(request)),
    )


def _carried_over(session: Session, like: str) -> dict[str, object]:
    """What "save and add another" keeps from the person just registered: where they work."""
    try:
        previous = session.participants.select_related("organisation", "country").get(
            public_id=like
        )
    except (ValidationError, ValueError, Participant.DoesNotExist):
        return {}
    return {
        "organisation": previous.organisation.public_id if previous.organisation else None,
        "organisation_name": "" if previous.organisation else previous.organisation_name,
        "agency_type": previous.agency_type,
        "country": previous.country.code,
    }


@require_http_methods(GET_POST)
@requires(Perm.MANAGE_PROGRAMME)
def participant_create(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    session = queries.get_session_for(_user(request), public_id)
    form = _participant_form(request)
    if request.method == "GET":
        form.initial["country"] = session.country.code
        carried = _carried_over(session, request.GET.get("like", ""))
        form.initial.update(carried)
        if carried:
            form.fields["name"].widget.attrs["autofocus"] = True
    if request.method == "POST" and form.is_valid():
        participant = actions.add_participant(
            actor=Actor.from_request(request), session=session, data=form.participant_data()
        )
        messages.success(request, _("Participant registered."))
        if "another" in request.POST:
            url = reverse("training:participant_create", kwargs={"public_id": session.public_id})
            return redirect(f"{url}?like={participant.public_id}")
        return redirect("training:session_detail", public_id=session.public_id)
    return render(
        request,
        "training/participant_form.html",
        {"form": form, "session": session, "creating": True},
    )


@require_http_methods(GET_POST)
@requires(Perm.MANAGE_PROGRAMME)
def participant_edit(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    participant = queries.get_participant_for(_user(request), public_id)
    form = _participant_form(request, instance=participant)
    if request.method == "GET":
        _audit_view(request, "training_participant", participant.public_id)
    if request.method == "POST" and form.is_valid():
        fresh = Participant.objects.select_related("session__country").get(pk=participant.pk)
        actions.update_participant(
            actor=Actor.from_request(request), participant=fresh, data=form.participant_data()
        )
        messages.success(request, _("Saved."))
        return redirect("training:session_detail", public_id=participant.session.public_id)
    return render(
        request,
        "training/participant_form.html",
        {"form": form, "session": participant.session, "participant": participant},
    )


@require_POST
@requires(Perm.MANAGE_PROGRAMME)
def participant_remove(request: HttpRequest, public_id: uuid.UUID) -> HttpResponseBase:
    participant = queries.get_participant_for(_user(request), public_id)
    session_id = participant.session.public_id
    actions.remove_participant(actor=Actor.from_request(request), participant=participant)
    messages.success(request, _("The registration was removed."))
    return redirect("training:session_detail", public_id=session_id)


@upload_limit(MAX_UPLOAD_BYTES)
@require_http_methods(GET_POST)
@requires(Perm.MANAGE_PROGRAMME)
def participant_import(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    session = queries.get_session_for(_user(request), public_id)
    form = ImportForm(request.POST or None, request.FILES or None)
    result: actions.ImportResult | None = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        result = actions.import_participants(
            actor=Actor.from_request(request),
            session=session,
            data=upload.read(),
            file_name=upload.name or "upload.csv",
            default_country=form.cleaned_data["default_country"],
            dry_run=form.cleaned_data["dry_run"],
        )
        if result.ok and not result.dry_run:
            messages.success(
                request,
                _("%(count)s participants registered.") % {"count": result.imported},
            )
            return redirect("training:session_detail", public_id=session.public_id)
    problems = result.problems if result is not None else []
    return render(
        request,
        "training/participant_import.html",
        {
            "session": session,
            "form": form,
            "result": result,
            "problems": problems[:PROBLEMS_SHOWN],
            "problems_total": len(problems),
        },
        status=422 if result is not None and not result.ok else 200,
    )


@require_GET
@requires(Perm.MANAGE_PROGRAMME)
def import_template(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """The header and a fictional example row as CSV, to fill in."""
    queries.get_session_for(_user(request), public_id)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(str(spellings.COLUMN_LABELS[key]) for key in importing.FIELDS)
    writer.writerow(template.example_row())
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="participants.csv"'
    return response


@require_GET
@requires(Perm.MANAGE_PROGRAMME)
def import_template_xlsx(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """The template workbook: the list with an example row, and the allowed values."""
    queries.get_session_for(_user(request), public_id)
    response = HttpResponse(
        template.workbook(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="participants.xlsx"'
    return response


@require_http_methods(GET_POST)
@requires(Perm.MANAGE_PROGRAMME)
def session_scores(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    session = queries.get_session_for(_user(request), public_id)
    form = ScoresForm(request.POST or None, participants=queries.participants_of(session))
    if request.method == "GET":
        _audit_view(request, "training_session", session.public_id, "participants")
    if request.method == "POST" and form.is_valid():
        changed = actions.record_scores(
            actor=Actor.from_request(request), session=session, scores=form.scores()
        )
        messages.success(request, _("Scores saved (%(count)s changed).") % {"count": changed})
        return redirect("training:session_detail", public_id=session.public_id)
    return render(request, "training/session_scores.html", {"session": session, "form": form})


def _day_of(session: Session, text: str) -> date | None:
    try:
        day = date.fromisoformat(text)
    except ValueError:
        return None
    return day if day in session.days else None


@require_http_methods(GET_POST)
@requires(Perm.MANAGE_PROGRAMME)
def session_attendance(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    session = queries.get_session_for(_user(request), public_id)
    participants = list(queries.participants_of(session))
    data: QueryDict | None = request.POST or None
    everyone_on = _day_of(session, request.POST.get("all_present", ""))
    if data is not None and everyone_on is not None:
        # "All present" saves the grid as ticked, with the whole column of that day ticked.
        ticked = request.POST.copy()
        for p in participants:
            ticked[AttendanceForm.field_name(p, everyone_on)] = "on"
        data = ticked
    form = AttendanceForm(data, participants=participants, days=session.days)
    if request.method == "GET":
        _audit_view(request, "training_session", session.public_id, "participants")
    if request.method == "POST" and form.is_valid():
        changed = actions.record_attendance(
            actor=Actor.from_request(request), session=session, present=form.present()
        )
        messages.success(request, _("Attendance saved (%(count)s changed).") % {"count": changed})
        if everyone_on is not None:
            return redirect("training:session_attendance", public_id=session.public_id)
        return redirect("training:session_detail", public_id=session.public_id)
    return render(request, "training/session_attendance.html", {"session": session, "form": form})


def _pdf(
    request: HttpRequest, session: Session, people: list[Participant], name: str
) -> HttpResponse:
    audit.record(
        actor=Actor.from_request(request),
        action=audit.Action.EXPORT,
        object_type="training_session",
        object_id=str(session.public_id),
        detail=f"certificates:{len(people)}",
    )
    response = HttpResponse(
        certificates.render_pdf(session, people), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_GET
@requires(Perm.MANAGE_PROGRAMME)
def session_certificates(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    session = queries.get_session_for(_user(request), public_id)
    people = queries.certificate_eligible(session, queries.participants_of(session))
    if not people:
        messages.error(request, _("No participant is eligible for a certificate yet."))
        return redirect("training:session_detail", public_id=session.public_id)
    name = f"certificates-{slugify(session.place) or 'session'}-{session.start_date:%Y%m%d}.pdf"
    return _pdf(request, session, people, name)


@require_GET
@requires(Perm.MANAGE_PROGRAMME)
def participant_certificate(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    participant = queries.get_participant_for(_user(request), public_id)
    session = participant.session
    if not queries.certificate_eligible(session, [participant]):
        messages.error(request, _("This participant did not attend every day of the session."))
        return redirect("training:session_detail", public_id=session.public_id)
    name = f"certificate-{slugify(participant.name) or 'participant'}.pdf"
    return _pdf(request, session, [participant], name)


@require_http_methods(GET_POST)
@requires(Perm.MANAGE_PROGRAMME)
def module_list(request: HttpRequest) -> HttpResponse:
    form = ModuleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.create_module(actor=Actor.from_request(request), **form.cleaned_data)
        except ValidationError as exc:  # a race on the code: show it like a form error
            form.add_error(None, exc)
        else:
            messages.success(request, _("Module added."))
            return redirect("training:module_list")
    return render(
        request,
        "training/module_list.html",
        {"modules": queries.active_modules(), "form": form},
    )
