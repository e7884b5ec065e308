"""The screening interview: consent, who, questions by stage of the journey, result."""

from __future__ import annotations

import json
import uuid
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ctis.accounts import permissions
from ctis.accounts.country_labels import country_label
from ctis.accounts.guards import requires
from ctis.accounts.models import User
from ctis.accounts.roles import Perm
from ctis.audit import actions as audit
from ctis.audit.context import Actor
from ctis.screening import actions, queries, result, rules
from ctis.screening.forms import CaseRequestForm, ConsentForm, ProfileForm, StageForm
from ctis.screening.models import Screening

RESULT_LABELS = {
    "trafficking_pattern": gettext_lazy("Trafficking pattern"),
    "exploitation_without_means": gettext_lazy("Exploitation, without the means of trafficking"),
    "indicators_present": gettext_lazy("Some indicators present"),
    "no_indicators": gettext_lazy("No indicators"),
}


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


@requires(Perm.VIEW_OWN_SCREENINGS)
def screening_list(request: HttpRequest) -> HttpResponse:
    screenings = queries.screenings_visible_to(_user(request)).order_by("-created_at")
    page = Paginator(screenings, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "screening/list.html",
        {
            "page": page,
            "result_labels": RESULT_LABELS,
            "can_screen": permissions.can(_user(request), Perm.SCREEN),
        },
    )


@requires(Perm.SCREEN)
def screening_start(request: HttpRequest) -> HttpResponse:
    form = ConsentForm(request.POST or None)
    if request.method == "POST":
        actor = Actor.from_request(request)
        organisation = _user(request).organisation
        if "refuse" in request.POST and organisation is not None:
            actions.record_refusal(actor=actor, organisation=organisation)
            messages.info(
                request,
                _(
                    "Nothing was recorded except that someone did not agree. Give them "
                    "information on risks and where to get help."
                ),
            )
            return redirect("screening:list")
        if form.is_valid():
            screening = actions.start_screening(actor=actor, consent=form.cleaned_data)
            return redirect("screening:profile", public_id=screening.public_id)
    return render(request, "screening/consent.html", {"form": form})


def _draft_or_redirect(request: HttpRequest, public_id: uuid.UUID) -> Screening | HttpResponse:
    screening = queries.get_screening_for(_user(request), public_id)
    if screening.status != Screening.Status.DRAFT:
        return redirect("screening:result", public_id=screening.public_id)
    return screening


@requires(Perm.SCREEN)
def screening_profile(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    screening = _draft_or_redirect(request, public_id)
    if isinstance(screening, HttpResponse):
        return screening
    catalogue = screening.catalogue.catalogue
    early = [q for q in EARLY_QUESTIONS if q in catalogue.answerable_ids]
    answers = screening.typed_answers()
    initial: dict[str, Any] = {field: getattr(screening, field) for field in actions.PROFILE_FIELDS}
    initial["unaccompanied"] = answers.get(UNACCOMPANIED, "")
    writer = _writer(request)
    form = ProfileForm(
        request.POST or None,
        initial={**initial, "revision": screening.revision},
        ask_unaccompanied=bool(early),
    )
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k in actions.PROFILE_FIELDS}
        try:
            actions.save_profile(
                actor=Actor.from_request(request),
                screening=screening,
                revision=form.cleaned_data["revision"],
                data=data,
                writer=writer,
            )
            answers = _pending_answers(request, catalogue.answerable_ids, [])
            if early and form.cleaned_data.get("unaccompanied"):
                answers[UNACCOMPANIED] = form.cleaned_data["unaccompanied"]
            actions.save_answers(
                actor=Actor.from_request(request),
                screening=screening,
                revision=screening.revision,
                answers=answers,
                writer=writer,
            )
        except actions.StaleEdit:
            screening.refresh_from_db()
            messages.warning(
                request,
                _(
                    "Someone else saved this screening meanwhile. Your entries are kept below: "
                    "check them and save again."
                ),
            )
            form = ProfileForm(
                data={**request.POST.dict(), "revision": screening.revision},
                ask_unaccompanied=bool(early),
            )
            form.is_valid()
        else:
            return redirect("screening:stage", public_id=screening.public_id, number=1)
    return render(
        request,
        "screening/profile.html",
        {
            "screening": screening,
            "form": form,
            "step": 0,
            "steps": _steps(screening),
            "writer": writer,
            "stored_json": _stored_json(screening),
        },
    )


def _stored_json(screening: Screening) -> str:
    """Everything the server holds of the interview, as the pages' fields hold it: ctis.js
    drops from the phone whatever is confirmed here, whichever page it was typed on."""
    answers = screening.typed_answers()
    state = {field: _as_field_value(getattr(screening, field)) for field in actions.PROFILE_FIELDS}
    state["unaccompanied"] = answers.get(UNACCOMPANIED, "unknown")
    return json.dumps({**state, **answers})


def _as_field_value(value: Any) -> str:
    """A stored value as the page's field holds it (ctis.js compares the two)."""
    if isinstance(value, bool):
        return "on" if value else ""
    return "" if value is None else str(value)


def _writer(request: HttpRequest) -> str:
    """The id of this page of the interview: kept from the form it sends, else new."""
    sent = request.POST.get("writer", "")
    try:
        return uuid.UUID(sent).hex
    except ValueError:
        return uuid.uuid4().hex


# Asked on the first page with the age, not with the questions of the journey: an
# unaccompanied child needs the social-work authority at once, and it is known at the start.
UNACCOMPANIED = "rf.unaccompanied_child"
EARLY_QUESTIONS = (UNACCOMPANIED,)


QUESTIONS_PER_PAGE = 8


def _steps(screening: Screening) -> list[Any]:
    """Pages of the interview: each stage of the journey, in pages short enough for a phone
    (a dropped connection then costs at most one short page)."""
    catalogue = screening.catalogue.catalogue
    pages = []
    for stage, all_ids in catalogue.interview(_interview_profile(screening)):
        ids = [q for q in all_ids if q not in EARLY_QUESTIONS]
        if not ids:
            continue
        chunks = [ids[i : i + QUESTIONS_PER_PAGE] for i in range(0, len(ids), QUESTIONS_PER_PAGE)]
        for part, chunk in enumerate(chunks, start=1):
            pages.append((stage, chunk, part, len(chunks)))
    return pages


def _interview_profile(screening: Screening) -> str:
    """The profile whose questions to ask: child or adult by age, labour questions (the
    sexual-exploitation lists are asked only where a national catalogue has them)."""
    catalogue = screening.catalogue.catalogue
    age = (
        screening.age_at_exploitation
        if screening.age_at_exploitation is not None
        else screening.age
    )
    group = "child" if screening.is_child or (age is not None and age < 18) else "adult"
    kind = "sexual" if screening.exploitation == "sexual" else "labour"
    name = f"{group}_{kind}"
    return name if name in catalogue.profiles else f"{group}_labour"


@requires(Perm.SCREEN)
def screening_stage(request: HttpRequest, public_id: uuid.UUID, number: int) -> HttpResponse:
    screening = _draft_or_redirect(request, public_id)
    if isinstance(screening, HttpResponse):
        return screening
    steps = _steps(screening)
    if not 1 <= number <= len(steps):
        return redirect("screening:stage", public_id=screening.public_id, number=1)
    stage, question_ids, _part, _parts = steps[number - 1]
    catalogue = screening.catalogue.catalogue
    ui_language = get_language() or "en"
    mine = queries.question_texts(catalogue, ui_language)
    theirs = queries.question_texts(catalogue, screening.respondent_language)
    answers = screening.typed_answers()
    writer = _writer(request)
    form = StageForm(
        request.POST or None,
        question_ids=question_ids,
        labels={q: mine[q].text for q in question_ids},
        initial={**{q: answers.get(q, "") for q in question_ids}, "revision": screening.revision},
    )
    conflict = False
    if request.method == "POST" and form.is_valid():
        try:
            language = request.POST.get("respondent_language")
            if language and language != screening.respondent_language:
                actions.save_profile(
                    actor=Actor.from_request(request),
                    screening=screening,
                    revision=form.cleaned_data["revision"],
                    data={"respondent_language": language},
                    writer=writer,
                )
                form.cleaned_data["revision"] = screening.revision
            actions.save_answers(
                actor=Actor.from_request(request),
                screening=screening,
                revision=form.cleaned_data["revision"],
                answers={
                    **_pending_answers(request, catalogue.answerable_ids, question_ids),
                    **form.answers(),
                },
                writer=writer,
            )
        except actions.StaleEdit:
            conflict = True
            screening.refresh_from_db()
            messages.warning(
                request,
                _(
                    "Someone else saved this screening meanwhile. Your answers on this page are "
                    "kept: check them and save again."
                ),
            )
            form = StageForm(
                data={**request.POST.dict(), "revision": screening.revision},
                question_ids=question_ids,
                labels={q: mine[q].text for q in question_ids},
            )
            form.is_valid()
        if request.htmx:  # type: ignore[attr-defined]
            if conflict:  # the page keeps the answers; pressing Next shows the conflict
                return HttpResponse(status=409)
            return render(request, "screening/_revision.html", {"screening": screening})
        if not conflict:
            if "stay" in request.POST:
                return redirect("screening:stage", public_id=screening.public_id, number=number)
            if "back" in request.POST:
                if number == 1:
                    return redirect("screening:profile", public_id=screening.public_id)
                return redirect("screening:stage", public_id=screening.public_id, number=number - 1)
            if number < len(steps):
                return redirect("screening:stage", public_id=screening.public_id, number=number + 1)
            return redirect("screening:review", public_id=screening.public_id)
    questions = [
        {
            "field": form[q],
            # Beside the screener's wording, the respondent's, where it is a different text.
            "respondent": theirs[q].text if theirs[q].text != mine[q].text else "",
            "needs_review": theirs[q].needs_review,
            "red_flag": q in catalogue.red_flag_ids,
        }
        for q in question_ids
    ]
    return render(
        request,
        "screening/stage.html",
        {
            "screening": screening,
            "form": form,
            "stage_title": mine[f"stage.{stage.id}"].text,
            "stage_title_respondent": ""
            if theirs[f"stage.{stage.id}"].text == mine[f"stage.{stage.id}"].text
            else theirs[f"stage.{stage.id}"].text,
            "untranslated": screening.respondent_language != ui_language
            and all(theirs[q].text == mine[q].text for q in question_ids),
            "questions": questions,
            "number": number,
            "steps": steps,
            "respondent_rtl": screening.respondent_language in queries.RTL,
            "languages": ProfileForm.base_fields["respondent_language"].choices,  # type: ignore[attr-defined]
            "writer": writer,
            "stored_json": _stored_json(screening),
        },
    )


def _pending_answers(
    request: HttpRequest, known: frozenset[str], here: list[str]
) -> dict[str, str]:
    """Answers of other pages that this phone kept while the connection was down (sent along
    by ctis.js as JSON). Anything that is not a known question with a valid answer is ignored:
    the answers of this page come from its own fields."""
    try:
        pending = json.loads(request.POST.get("pending") or "{}")
    except ValueError:
        return {}
    if not isinstance(pending, dict):
        return {}
    return {
        str(k): str(v)
        for k, v in pending.items()
        if k in known and k not in here and v in rules.ANSWERS
    }


@requires(Perm.SCREEN)
def screening_review(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    screening = _draft_or_redirect(request, public_id)
    if isinstance(screening, HttpResponse):
        return screening
    steps = _steps(screening)
    answers = screening.typed_answers()
    asked = [q for _stage, ids, _part, _parts in steps for q in ids]
    answered = sum(1 for q in asked if answers.get(q, "unknown") != "unknown")
    if request.method == "POST":
        try:
            actions.complete_screening(
                actor=Actor.from_request(request),
                screening=screening,
                revision=int(request.POST.get("revision", 0)),
                writer=_writer(request),
            )
        except actions.StaleEdit:
            screening.refresh_from_db()
            messages.warning(
                request,
                _(
                    "Someone else saved this screening meanwhile. Check the answers, then finish "
                    "again."
                ),
            )
        else:
            return redirect("screening:result", public_id=screening.public_id)
    return render(
        request,
        "screening/review.html",
        {
            "screening": screening,
            "answered": answered,
            "asked": len(asked),
            "steps": steps,
            "number": len(steps) + 1,
            "stored_json": _stored_json(screening),
        },
    )


@requires(Perm.VIEW_OWN_SCREENINGS)
def screening_result(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    screening = queries.get_screening_for(_user(request), public_id)
    if screening.status == Screening.Status.DRAFT:
        return redirect("screening:profile", public_id=screening.public_id)
    return _render_result(request, screening, CaseRequestForm())


def _render_result(
    request: HttpRequest, screening: Screening, case_form: CaseRequestForm, status: int = 200
) -> HttpResponse:
    audit.record(
        actor=Actor.from_request(request),
        action=audit.Action.VIEW,
        object_type="screening",
        object_id=screening.code,
    )
    context = result.context(screening, get_language() or "en")
    context.update(
        {
            "screening": screening,
            "result_label": RESULT_LABELS.get(screening.result, screening.result),
            "recommendation": _recommendation(screening.result),
            "services": queries.suggested_services(screening),
            "case_form": case_form,
            "case_request": getattr(screening, "case_request", None),
            "can_screen": permissions.can_for_organisation(
                _user(request), Perm.SCREEN, screening.organisation
            ),
        }
    )
    return render(request, "screening/result.html", context, status=status)


def _recommendation(result: str) -> str:
    return {
        "trafficking_pattern": _(
            "Refer for formal identification now, and tell the person about the recovery and "
            "reflection period."
        ),
        "exploitation_without_means": _(
            "Possible exploitation: refer to a caseworker for assessment."
        ),
        "indicators_present": _(
            "Potential vulnerability: inform the person, offer services and consider a follow-up."
        ),
        "no_indicators": _("Give information on risks and on where to get help."),
    }.get(result, "")


@require_POST
@requires(Perm.SCREEN)
def screening_case_request(request: HttpRequest, public_id: uuid.UUID) -> HttpResponseBase:
    screening = queries.get_screening_for(_user(request), public_id)
    form = CaseRequestForm(request.POST)
    if not form.is_valid():  # shown again with what was typed
        return _render_result(request, screening, form, status=400)
    try:
        actions.request_case(
            actor=Actor.from_request(request), screening=screening, consent=form.cleaned_data
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _(
                "The request to open a case is recorded. A caseworker of your organisation will "
                "take it up."
            ),
        )
    return redirect("screening:result", public_id=screening.public_id)


@requires(Perm.VIEW_AGGREGATES)
def screening_statistics(request: HttpRequest) -> HttpResponse:
    """Completed screenings in a period (this quarter by default) by result, age and sex,
    country and month; all tables suppressed together (they share their totals)."""
    from ctis.core import disclosure
    from ctis.core.period import period_form
    from ctis.lib.disclosure import Tables, suppress
    from ctis.screening import statistics

    form, period = period_form(request)
    counts = statistics.count(_user(request), since=period.start, until=period.end)
    results = list(statistics.RESULTS)
    k = disclosure.threshold()
    tables = Tables()
    tables.value("total", counts.total)
    tables.breakdown("result", {r: counts.by_result[r] for r in results}, total="total")
    bands = [b for b in statistics.BANDING.codes if b in counts.by_age_and_sex]
    sexes = list(Screening.Sex.choices)
    tables.grid("age_sex", counts.by_age_and_sex, bands, [s for s, _l in sexes], total="total")
    grids = {"country": counts.by_country, "month": counts.by_month}
    for name, table in grids.items():
        tables.grid(name, table, sorted(table), results, total="total")
        for r in results:  # a grid's column totals are the results above
            tables.line([(name, None, r)], ("result", r))
    shown = tables.suppressed(k)
    columns = [(r, RESULT_LABELS[r]) for r in results]
    band_labels = [(b, _("Not known") if b == "unknown" else b) for b in bands]
    return render(
        request,
        "screening/statistics.html",
        {
            "period_form": form,
            "period": period,
            "small": k,
            "counts": counts,  # raw, for tests; the template shows only the suppressed values
            "total": shown["total"],
            "refusals": suppress(counts.refusals, k),
            "by_result": [(RESULT_LABELS[r], shown[("result", r)]) for r in results],
            "grids": [
                disclosure.grid_context(
                    shown,
                    "age_sex",
                    _("People screened, by age and sex"),
                    band_labels,
                    sexes,
                    "total",
                ),
                disclosure.grid_context(
                    shown,
                    "country",
                    _("By country and result"),
                    [(c, country_label(c)) for c in sorted(counts.by_country)],
                    columns,
                    "total",
                ),
                disclosure.grid_context(
                    shown,
                    "month",
                    _("By month and result"),
                    [(m, m) for m in sorted(counts.by_month)],
                    columns,
                    "total",
                ),
            ],
        },
    )
