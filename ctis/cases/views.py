"""Case pages: thin views that fetch through ``queries`` (404 for outsiders), validate a form,
call one action and redirect. Every page that shows a person's details writes an audit VIEW."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from ctis.accounts import permissions
from ctis.accounts.guards import deny, requires
from ctis.accounts.models import User
from ctis.accounts.roles import Perm
from ctis.audit import actions as audit
from ctis.audit.context import Actor
from ctis.cases import actions, breakglass, from_screening, queries
from ctis.cases import status as machine
from ctis.cases.assistance_forms import page_context as assistance_context
from ctis.cases.forms import (
    CloseForm,
    ConsentForm,
    NoteForm,
    OpenCaseForm,
    PersonForm,
    RevisionForm,
    SearchForm,
    StatusForm,
)
from ctis.cases.models import Case, ConsentEvent, Erasure, Person
from ctis.core import disclosure
from ctis.core.period import period_form as period_form_of
from ctis.lib.age_bands import CTDC_AGE_BROAD
from ctis.lib.disclosure import Tables
from ctis.referrals import queries as referral_queries
from ctis.screening import queries as screening_queries
from ctis.screening.models import Screening


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _audit_view(request: HttpRequest, case: Case) -> None:
    audit.record(
        actor=Actor.from_request(request),
        action=audit.Action.VIEW,
        object_type="person",
        object_id=case.person.code,
        detail=f"case:{case.code}",
    )


def _apply_errors(form: Any, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


@require_GET
@requires(Perm.VIEW_CASES)
def case_list(request: HttpRequest) -> HttpResponse:
    """The organisation's cases (codes, no names) and screenings waiting for a case."""
    user = _user(request)
    cases = queries.cases_visible_to(user).order_by("-opened_at")[:200]
    waiting: list[Screening] = []
    if permissions.can(user, Perm.MANAGE_CASES):
        waiting = list(
            screening_queries.screenings_visible_to(user)
            .filter(
                status=Screening.Status.COMPLETED,
                case_request__consent_services=True,
                case__isnull=True,
            )
            .order_by("-completed_at")[:50]
        )
    return render(
        request,
        "cases/list.html",
        {
            "cases": cases,
            "waiting": waiting,
            "search_form": SearchForm(),
            "today": timezone.localdate(),
        },
    )


@require_POST
@requires(Perm.VIEW_CASES)
def case_search(request: HttpRequest) -> HttpResponse:
    """Find a case by name (any script, any common spelling) or code. POST: names stay out of
    URLs and logs; the audit event names the filters used, never their values."""
    user = _user(request)
    form = SearchForm(request.POST)
    results: list[Case] | None = None
    close: set[int] = set()
    if form.is_valid():
        found = queries.find_cases(
            queries.cases_visible_to(user),
            name=form.cleaned_data["name"],
            code=form.cleaned_data["code"],
        )
        results = [item.case for item in found]
        close = {item.case.pk for item in found if not item.exact}
        audit.record(
            actor=Actor.from_request(request),
            action=audit.Action.SEARCH,
            object_type="case",
            changed_fields=form.filters_used(),
            detail=f"results:{len(results)}",
        )
    return render(
        request,
        "cases/search.html",
        {"search_form": form, "results": results, "close_matches": close},
    )


@requires(Perm.MANAGE_CASES)
def case_open(request: HttpRequest, public_id: uuid.UUID) -> HttpResponseBase:
    """Open a case from a completed screening with a case request, in one step."""
    user = _user(request)
    screening = screening_queries.get_screening_for(user, public_id)
    existing = Case.objects.filter(screening=screening).first()
    if existing is not None:
        return redirect("cases:detail", code=existing.code)
    initial = {
        "sex": screening.sex,
        "nationality": screening.nationality,
        "languages": [screening.respondent_language],
        "decided_on": timezone.localdate(),
    }
    case_request = getattr(screening, "case_request", None)
    if case_request is not None and case_request.name:  # noted by the screener
        initial.update(
            name=case_request.name,
            name_latin=case_request.name_latin,
            name_script=case_request.name_script or "Latn",
        )
    form = OpenCaseForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        decision = (
            form.decision() if form.cleaned_data["status"] == machine.Status.PRESUMED else None
        )
        try:
            case = actions.open_case(
                actor=Actor.from_request(request),
                person=form.person_data(),
                screening=screening,
                status=form.cleaned_data["status"],
                decision=decision,
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("The case is open."))
            return redirect("cases:detail", code=case.code)
    return render(request, "cases/open.html", {"form": form, "screening": screening})


def _detail_context(request: HttpRequest, case: Case) -> dict[str, Any]:
    user = _user(request)
    today = timezone.localdate()
    consents = queries.current_consents(case)
    # An erased person's case is kept for counts only: no live deadline, and no form that
    # the actions would refuse (they write nothing personal for an erased person).
    erased = Erasure.objects.filter(person_id=case.person_id).exists()
    can_manage = not erased and permissions.can_for_organisation(
        user, Perm.MANAGE_CASES, case.organisation
    )
    referrals = referral_queries.of_case(user, case)
    entries: list[Any] = [*queries.timeline(case), *referral_queries.case_timeline(referrals)]
    timeline = sorted(entries, key=lambda entry: entry.at, reverse=True)
    return {
        "case": case,
        "person": case.person,
        "today": today,
        "erased": erased,
        "red_flag_actions": from_screening.red_flag_actions(case, get_language() or "en"),
        "can_see_screening": case.screening is not None
        and permissions.can_for_organisation(
            user, Perm.VIEW_OWN_SCREENINGS, case.screening.organisation
        ),
        "days_left": None if erased else case.reflection_days_left(today),
        "in_reflection": not erased and case.in_reflection(today),
        "consents": [
            (purpose, label, consents[purpose]) for purpose, label in ConsentEvent.Purpose.choices
        ],
        "timeline": timeline,
        "referrals": referrals,
        "can_manage": can_manage,
        "can_supervise": permissions.can_for_organisation(
            user, Perm.SUPERVISE_CASES, case.organisation
        ),
        "next_statuses": machine.next_statuses(case.status),
        "consent_form": ConsentForm(),
        "note_form": NoteForm(),
        "close_form": CloseForm(initial={"revision": case.revision}),
        "reopen_form": RevisionForm(initial={"revision": case.revision}),
        "closure_labels": dict(Case.ClosureReason.choices),
        "can_refer": not erased
        and permissions.can_for_organisation(user, Perm.REFER, case.organisation),
        **assistance_context(case),
    }


@require_GET
def case_detail(request: HttpRequest, code: str) -> HttpResponseBase:
    """The case page: for the owning organisation, or for an administrator during an active
    break-glass grant for this case (each such view audited with the grant)."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    user = _user(request)
    if not (permissions.can(user, Perm.VIEW_CASES) or permissions.can(user, Perm.BREAK_GLASS)):
        raise deny(request, Perm.VIEW_CASES)
    case, grant = queries.get_case_to_read(user, code)
    if grant is None:
        _audit_view(request, case)
    else:
        breakglass.record_view(actor=Actor.from_request(request), grant=grant)
    context = _detail_context(request, case)
    context["break_glass"] = grant
    return render(request, "cases/detail.html", context)


def _conflict(case: Case, error: actions.StaleEdit) -> dict[str, Any]:
    """What others saved since the form was loaded, with the values now saved."""
    fresh = Case.objects.select_related("person").get(pk=case.pk)
    labels = {
        f.name: f.verbose_name for f in Person._meta.get_fields() if hasattr(f, "verbose_name")
    }
    labels.update(
        {f.name: f.verbose_name for f in Case._meta.get_fields() if hasattr(f, "verbose_name")}
    )
    changes = []
    for event in error.events:
        fields = []
        for name in event.field_names:
            owner: Any = (
                fresh.person
                if hasattr(fresh.person, name) and name in actions.PERSON_FIELDS
                else fresh
            )
            value = getattr(owner, name, "")
            if name == "status":
                value = fresh.get_status_display()
            fields.append({"name": name, "label": labels.get(name, name), "value": value})
        changes.append({"event": event, "fields": fields})
    return {"conflict": changes, "fresh": fresh}


@requires(Perm.MANAGE_CASES)
def person_edit(request: HttpRequest, code: str) -> HttpResponse:
    """Edit the person's details; a save based on an older revision shows what changed and
    keeps everything this user typed."""
    case = queries.get_case_for(_user(request), code)
    _audit_view(request, case)
    context: dict[str, Any] = {"case": case}
    if request.method == "POST":
        form = PersonForm(request.POST)
        if form.is_valid():
            try:
                actions.update_person(
                    actor=Actor.from_request(request),
                    case=case,
                    revision=form.cleaned_data["revision"],
                    data=form.person_data(),
                )
            except actions.StaleEdit as error:
                context.update(_conflict(case, error))
                fresh = context["fresh"]
                mine = set(form.changed_data)
                context["both_changed"] = [
                    str(form.fields[name].label)
                    for name in sorted(mine & error.changed_fields)
                    if name in form.fields
                ]
                # Keep what this user typed; take in what others changed that they did not;
                # saving again now is a deliberate overwrite of the fields in both_changed.
                data = form.merge_after_conflict(
                    PersonForm.initial_for(fresh), error.changed_fields
                )
                form = PersonForm(data)
                form.is_valid()
            except ValidationError as error:
                _apply_errors(form, error)
            else:
                messages.success(request, _("Saved."))
                return redirect("cases:detail", code=case.code)
    else:
        form = PersonForm(initial=PersonForm.initial_for(case))
    context["form"] = form
    return render(request, "cases/person_form.html", context)


@requires(Perm.MANAGE_CASES)
def case_status(request: HttpRequest, code: str) -> HttpResponse:
    """Record a decision that changes the identification status."""
    case = queries.get_case_for(_user(request), code)
    context: dict[str, Any] = {"case": case}
    if request.method == "POST":
        form = StatusForm(request.POST, case=case)
        if form.is_valid():
            try:
                actions.change_status(
                    actor=Actor.from_request(request),
                    case=case,
                    revision=form.cleaned_data["revision"],
                    to=form.cleaned_data["to"],
                    decision=form.decision(),
                )
            except actions.StaleEdit as error:
                context.update(_conflict(case, error))
                fresh = context["fresh"]
                data = request.POST.copy()
                data["revision"] = str(fresh.revision)
                form = StatusForm(data, case=fresh)
                form.is_valid()
                context["case"] = fresh
            except ValidationError as error:
                _apply_errors(form, error)
            else:
                messages.success(request, _("The decision is recorded."))
                return redirect("cases:detail", code=case.code)
    else:
        form = StatusForm(
            initial={"revision": case.revision, "decided_on": timezone.localdate()}, case=case
        )
    context["form"] = form
    return render(request, "cases/status_form.html", context)


@require_POST
@requires(Perm.MANAGE_CASES)
def case_consent(request: HttpRequest, code: str) -> HttpResponseBase:
    case = queries.get_case_for(_user(request), code)
    form = ConsentForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a purpose and whether consent is given or withdrawn."))
        return redirect("cases:detail", code=case.code)
    try:
        actions.record_consent(actor=Actor.from_request(request), case=case, **form.cleaned_data)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Consent recorded."))
    return redirect("cases:detail", code=case.code)


@require_POST
@requires(Perm.MANAGE_CASES)
def case_note(request: HttpRequest, code: str) -> HttpResponseBase:
    case = queries.get_case_for(_user(request), code)
    form = NoteForm(request.POST)
    if form.is_valid():
        try:
            actions.add_note(
                actor=Actor.from_request(request), case=case, text=form.cleaned_data["text"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Note added."))
    else:
        messages.error(request, _("Write the note."))
    return redirect("cases:detail", code=case.code)


def _stale_message(request: HttpRequest, error: actions.StaleEdit) -> None:
    who = ", ".join(sorted({event.by.username for event in error.events})) or "?"
    messages.error(
        request,
        _("Not saved: %(who)s changed the case meanwhile. Look at it again and retry.")
        % {"who": who},
    )


@require_POST
@requires(Perm.SUPERVISE_CASES)
def case_close(request: HttpRequest, code: str) -> HttpResponseBase:
    case = queries.get_case_for(_user(request), code)
    form = CloseForm(request.POST)
    if form.is_valid():
        try:
            actions.close_case(
                actor=Actor.from_request(request),
                case=case,
                revision=form.cleaned_data["revision"],
                reason=form.cleaned_data["reason"],
            )
        except actions.StaleEdit as error:
            _stale_message(request, error)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The case is closed."))
    return redirect("cases:detail", code=case.code)


@require_POST
@requires(Perm.SUPERVISE_CASES)
def case_reopen(request: HttpRequest, code: str) -> HttpResponseBase:
    case = queries.get_case_for(_user(request), code)
    form = RevisionForm(request.POST)
    if form.is_valid():
        try:
            actions.reopen_case(
                actor=Actor.from_request(request), case=case, revision=form.cleaned_data["revision"]
            )
        except actions.StaleEdit as error:
            _stale_message(request, error)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The case is open again."))
    return redirect("cases:detail", code=case.code)


@require_GET
@requires(Perm.VIEW_AGGREGATES)
def case_statistics(request: HttpRequest) -> HttpResponse:
    """Identification in a period (this quarter by default): cases with a status decision in
    it by their status on its last day, and the presumed and identified victims by country,
    sex and age band (CTDC ageBroad). Counts only, suppressed as one table with their totals."""
    period_form, period = period_form_of(request)
    counts = queries.identification_counts(
        queries.countable_cases(_user(request)), period.start, period.end
    )
    k = disclosure.threshold()
    bands = [(code, _("Not known") if code == machine.UNKNOWN_AGE else code)
             for code in CTDC_AGE_BROAD.codes if code in counts.by_age_and_sex]  # fmt: skip
    sexes = list(Person.Sex.choices)
    tables = Tables()
    tables.value("cases", counts.total)
    tables.value("victims", counts.victims)
    tables.breakdown("status", counts.by_status, total="cases")
    tables.line([("status", s) for s in queries.VICTIM_STATUSES], "victims")
    tables.grid("victims", counts.by_age_and_sex, [b for b, _l in bands], [s for s, _l in sexes],
                total="victims")  # fmt: skip
    tables.breakdown("country", counts.by_country, total="victims")
    shown = tables.suppressed(k)
    status_labels = dict(Case.Status.choices)
    victims = disclosure.grid_context(
        shown,
        "victims",
        _("Presumed and identified victims, by age (CTDC age bands) and sex"),
        bands,
        sexes,
        "victims",
    )
    return render(
        request,
        "cases/statistics.html",
        {
            "period_form": period_form,
            "period": period,
            "small": k,
            "total": shown["cases"],
            "by_status": [(status_labels[s], shown[("status", s)]) for s in counts.by_status],
            "victims": victims,
            "by_country": [(c, shown[("country", c)]) for c in counts.by_country],
        },
    )
