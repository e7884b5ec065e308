"""Referral pages: thin views that fetch through ``queries`` (404 for outsiders), validate a
form, call one action and redirect. Showing the receiver what a referral shares writes an
audit VIEW of the person's record."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.staticfiles import finders
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from ctis.accounts import permissions
from ctis.accounts.guards import requires
from ctis.accounts.models import User
from ctis.accounts.roles import Perm
from ctis.audit import actions as audit
from ctis.audit.context import Actor
from ctis.cases import queries as case_queries
from ctis.cases.models import ConsentEvent, Person
from ctis.core import disclosure
from ctis.core.pdf import render_pdf
from ctis.core.period import period_form as period_form_of
from ctis.directory.models import Service
from ctis.lib.age_bands import CTDC_AGE_BROAD
from ctis.lib.disclosure import Tables, enough, suppress
from ctis.referrals import actions, eligibility, queries
from ctis.referrals import transitions as machine
from ctis.referrals.forms import ReferralForm, StatusForm
from ctis.referrals.models import ELIGIBILITY, Referral


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _apply_errors(form: Any, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def audit_shared_view(
    request: HttpRequest,
    referral: Referral,
    channel: str = "page",
    action: audit.Action = audit.Action.VIEW,
) -> None:
    audit.record(
        actor=Actor.from_request(request),
        action=action,
        object_type="person",
        object_id=referral.case.person.code,
        detail=f"referral:{referral.code}:{referral.sharing}:{channel}",
    )


@require_GET
@requires(Perm.VIEW_CASES)
def referral_list(request: HttpRequest) -> HttpResponse:
    """Incoming and outgoing referrals of the user's organisation, overdue ones first (codes,
    never names)."""
    user = _user(request)
    today = timezone.localdate()
    return render(
        request,
        "referrals/list.html",
        {
            "incoming": queries.incoming(user, today),
            "outgoing": queries.outgoing(user, today),
            "today": today,
        },
    )


def _consent_rows(case: Any) -> list[tuple[str, bool]]:
    labels = dict(ConsentEvent.Purpose.choices)
    return [
        (str(labels[purpose]), case_queries.has_consent(case, purpose))
        for purpose in (
            ConsentEvent.Purpose.SERVICES,
            ConsentEvent.Purpose.DISCLOSURE,
            ConsentEvent.Purpose.CROSS_BORDER,
        )
    ]


def _eligibility_warning(form: ReferralForm, case: Any) -> list[str]:
    """The service's rules the person does not meet, unless the sender ticked the override;
    shown before anything is sent."""
    service = form.cleaned_data.get("service")
    if service is None or form.cleaned_data.get("eligibility_override"):
        return []
    unmet = eligibility.mismatches(service, case.person, timezone.localdate())
    return [str(ELIGIBILITY[code]) for code in unmet]


def _sent_message(referral: Referral) -> str:
    if referral.is_off_system:
        return _(
            "Off-system referral recorded: %(provider)s does not use ctis. Print the letter for "
            "them, and record their answer here. Follow up by %(date)s."
        ) % {"provider": referral.receiver_name, "date": referral.due_on.isoformat()}
    assert referral.to_organisation is not None
    return _("The referral is sent: %(organisation)s sees it in ctis and answers there.") % {
        "organisation": referral.to_organisation.name
    }


@requires(Perm.REFER)
def referral_new(request: HttpRequest, case_code: str) -> HttpResponseBase:
    """Refer a case (or transfer it): the consent that stands is shown; what is missing needs
    a written reason to go ahead. A service the person does not match is warned about before
    sending and needs an explicit override."""
    user = _user(request)
    case = case_queries.get_case_for(user, case_code)
    form = ReferralForm(request.POST or None, case=case)
    warning: list[str] = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        warning = _eligibility_warning(form, case)
        if warning:
            form.add_error(
                "eligibility_override",
                _("Tick this box to send it anyway, or choose another service."),
            )
        else:
            try:
                referral = actions.refer(
                    actor=Actor.from_request(request),
                    case=case,
                    kind=data["kind"],
                    service=data["service"],
                    to_organisation=data["to_organisation"],
                    sharing_level=data["sharing"],
                    needs=data["needs"],
                    summary=data["summary"],
                    message=data["message"],
                    due_on=data["due_on"],
                    override_reason=data["override_reason"],
                    eligibility_override=data["eligibility_override"],
                )
            except ValidationError as error:
                _apply_errors(form, error)
            else:
                messages.success(request, _sent_message(referral))
                return redirect("referrals:detail", code=referral.code)
    return render(
        request,
        "referrals/new.html",
        {
            "case": case,
            "form": form,
            "consents": _consent_rows(case),
            "eligibility_warning": warning,
            "show_override": bool(warning) or bool(form.data.get("eligibility_override")),
        },
    )


@require_GET
@requires(Perm.VIEW_CASES)
def referral_detail(request: HttpRequest, code: str) -> HttpResponse:
    """One referral. The receiver sees what it shares and nothing else of the case; the sender
    sees its course and which fields it shares, not their values."""
    user = _user(request)
    referral = queries.get_referral_for(user, code)
    receiver = queries.is_receiver(user, referral)
    shared = queries.shared_record(referral) if receiver else []
    if shared:
        audit_shared_view(request, referral)
    moves = []
    for status in machine.next_statuses(referral.kind, referral.status):
        if actions.side_actor(user, referral, machine.SIDE_OF[status]):
            moves.append(
                {
                    "status": str(status),
                    "label": dict(Referral.Status.choices)[status],
                    "needs_reason": status in machine.NEEDS_REASON,
                    "form": StatusForm(initial={"to": str(status)}),
                }
            )
    labels = dict(Service.Kind.choices)
    today = timezone.localdate()
    sender = queries.is_sender(user, referral)
    return render(
        request,
        "referrals/detail.html",
        {
            "referral": referral,
            "is_receiver": receiver,
            "is_sender": sender,
            "contact": referral.service if referral.is_off_system else None,
            "can_print": sender and referral.is_off_system and referral.shares_data,
            "can_see_case": queries.can_see_case(user, referral),
            "shared": shared,
            "shared_labels": [str(queries.LABELS[name]) for name in referral.shared_fields],
            "needs": [labels.get(c, c) for c in referral.need_codes],
            "history": queries.history(referral),
            "moves": moves,
            "overdue": referral.is_overdue(today),
            "due_today": referral.is_due(today),
            "status_labels": dict(Referral.Status.choices),
        },
    )


def _letter_language(request: HttpRequest) -> str:
    wanted = request.GET.get("language", "")
    return wanted if wanted in dict(settings.LANGUAGES) else translation.get_language()


@require_GET
@requires(Perm.REFER)
def referral_letter(request: HttpRequest, code: str) -> HttpResponse:
    """The letter of an off-system referral, for the sender to print or send as PDF, in the
    language chosen for the provider. It carries what the sharing level shares (never more) and
    the provider's contact; each rendering is audited like a view of the shared record."""
    user = _user(request)
    referral = queries.get_referral_for(user, code)
    if not (referral.is_off_system and queries.is_sender(user, referral) and referral.shares_data):
        raise Http404
    language = _letter_language(request)
    bidi = language.split("-")[0] in settings.LANGUAGES_BIDI
    want_pdf = request.GET.get("format") == "pdf"
    with translation.override(language):
        body = render_to_string(
            "referrals/letter_body.html",
            {
                "referral": referral,
                "shared": queries.shared_record(referral),
                "service": referral.service,
                "sender": user,
                "today": timezone.localdate(),
                "letter_language": language,
            },
        )
    if want_pdf:
        css = Path(finders.find("referrals/letter.css") or "").read_text()
        html = render_to_string(
            "referrals/letter_pdf.html",
            {
                "body": body,
                "css": css,
                "letter_language": language,
                "referral": referral,
                "bidi": bidi,
            },
        )
        pdf = render_pdf(html)
        audit_shared_view(request, referral, "letter-pdf", action=audit.Action.EXPORT)
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="referral-{referral.code}.pdf"'
        return response
    audit_shared_view(request, referral, "letter")
    return render(
        request,
        "referrals/letter.html",
        {
            "referral": referral,
            "body": body,
            "letter_language": language,
            "languages": settings.LANGUAGES,
            "bidi": bidi,
        },
    )


@require_POST
@requires(Perm.REFER)
def referral_status(request: HttpRequest, code: str) -> HttpResponseBase:
    referral = queries.get_referral_for(_user(request), code)
    form = StatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose what happened to the referral."))
        return redirect("referrals:detail", code=referral.code)
    try:
        actions.change_status(
            actor=Actor.from_request(request),
            referral=referral,
            to=form.cleaned_data["to"],
            reason=form.cleaned_data["reason"],
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("The referral is now: %(status)s.")
            % {"status": dict(Referral.Status.choices)[form.cleaned_data["to"]]},
        )
    return redirect("referrals:detail", code=referral.code)


@require_GET
@requires(Perm.VIEW_AGGREGATES)
def referral_statistics(request: HttpRequest) -> HttpResponse:
    """Referrals of the user's countries over a period (this quarter by default): counts,
    how long they wait, and the people referred by age band and sex. Suppressed together;
    the median wait and the completion rate only over enough referrals."""
    user = _user(request)
    period_form, period = period_form_of(request)
    counts = queries.counts_for(user, period.start, period.end)
    countries = permissions.countries_for(user, Perm.VIEW_AGGREGATES)
    referred = queries.people_referred(countries, period.start, period.end)
    k = disclosure.threshold()
    statuses = dict(Referral.Status.choices)
    kinds = {
        **dict(Service.Kind.choices),
        "organisation": _("To an organisation"),
        "transfer": _("Transfer of the case"),
    }
    tables = Tables()
    tables.value("total", counts["total"])
    tables.breakdown("status", counts["by_status"], total="total")
    tables.breakdown("type", counts["by_service_type"], total="total")
    people = sum(n for row in referred.values() for n in row.values())
    tables.value("people", people)
    bands = [b for b in CTDC_AGE_BROAD.codes if b in referred]
    sexes = list(Person.Sex.choices)
    tables.grid("people", referred, bands, [s for s, _l in sexes], total="people")
    shown = tables.suppressed(k)
    accepted_enough = enough(counts["ever_accepted"], k)
    return render(
        request,
        "referrals/statistics.html",
        {
            "period_form": period_form,
            "period": period,
            "small": k,
            "counts": counts,
            "median_days": counts["median_days_to_acceptance"] if accepted_enough else None,
            "completion_percent": (
                round(counts["completion_rate"] * 100)
                if accepted_enough and counts["completion_rate"] is not None
                else None
            ),
            "by_status": [(statuses[s], shown[("status", s)]) for s in counts["by_status"]],
            "by_type": [(kinds.get(t, t), shown[("type", t)]) for t in counts["by_service_type"]],
            "total": shown["total"],
            "cross_border": suppress(counts["cross_border"], k),
            "overdue": suppress(counts["overdue"], k),
            "people": disclosure.grid_context(
                shown,
                "people",
                _("People referred, by age (CTDC age bands) and sex"),
                [(b, _("Not known") if b == "unknown" else b) for b in bands],
                sexes,
                "people",
            ),
        },
    )
