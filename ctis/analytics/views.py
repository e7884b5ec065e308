"""The prevalence dashboard for coordinators (their country) and analysts (the region)."""

from __future__ import annotations

import io
import math
from datetime import date
from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ctis.accounts.country_labels import COUNTRY_LABELS, KOSOVO_FOOTNOTE
from ctis.accounts.guards import requires
from ctis.accounts.models import User
from ctis.accounts.roles import Perm
from ctis.analytics import charts, dashboard, output
from ctis.analytics.prevalence import COMPLEX, SIMPLE, Report, Result
from ctis.audit import actions as audit
from ctis.audit.context import Actor
from ctis.lib.disclosure import SECONDARY
from ctis.surveys.queries import surveys_visible_to

INDICATOR_LABELS: dict[str, Any] = {
    "any_indicator": _("At least one trafficking or exploitation indicator"),
    "two_or_more_indicators": _("Two or more indicators"),
    "any_indicator_family_only": _("Additional share via a travelling family member"),
    "ht_unpaid_work": _("Worked without the expected payment"),
    "ht_forced_work": _("Forced to work against their will"),
    "ht_job_offer": _("Approached with a job offer"),
    "ht_marriage_offer": _("Approached with an offer of arranged marriage"),
    "ht_held_against_will": _("Held against their will"),
    "ht_organ_offer": _("Offered money for blood or organs"),
    "ht_physical_violence": _("Physical violence on the journey"),
}
GROUP_LABELS: dict[str, dict[str | None, Any]] = {
    "sex": {
        "male": _("Men and boys"),
        "female": _("Women and girls"),
        "other": _("Other"),
        "refused": _("Refused"),
    },
    "child": {"child": _("Children (under 18)"), "adult": _("Adults")},
    "country_of_interview": {code: label for code, label in COUNTRY_LABELS.items()},
    "travelling_with": {
        "alone": _("Alone"),
        "family": _("With family"),
        "group_non_family": _("With a group, not family"),
    },
}
# How the estimates were made, in words (the report holds codes).
DESIGN_LABELS: dict[str, Any] = {
    SIMPLE: _("simple random sample"),
    COMPLEX: _("complex survey design"),
}
METHOD_LABELS: dict[str, Any] = {
    "wilson": _("Wilson score"),
    "exact": _("exact (Clopper-Pearson)"),
    "wald": _("Wald"),
    "logit": _("logit"),
    "beta": _("beta"),
}

BREAKDOWN_LABELS = {
    "sex": _("Sex"),
    "age_group": _("Age group"),
    "child": _("Child or adult"),
    "nationality": _("Nationality"),
    "country_of_interview": _("Country of interview"),
    "travelling_with": _("Travelling with"),
    "month": _("Month of interview"),
}


class FilterForm(forms.Form):
    survey = forms.ChoiceField(label=_("Survey"), required=False)
    since = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    indicator = forms.ChoiceField(
        label=_("Indicator"), required=False, choices=list(INDICATOR_LABELS.items())
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        surveys = surveys_visible_to(user, Perm.VIEW_AGGREGATES)
        survey_field: forms.ChoiceField = self.fields["survey"]  # type: ignore[assignment]
        survey_field.choices = [
            ("", _("All surveys")),
            *[(str(s.public_id), s.title) for s in surveys],
        ]

    def filters(self) -> dashboard.Filters:
        data = self.cleaned_data if self.is_valid() else {}
        return dashboard.Filters(
            survey=data.get("survey") or "", since=data.get("since"), until=data.get("until")
        )

    def chosen_indicator(self) -> str:
        data = self.cleaned_data if self.is_valid() else {}
        return data.get("indicator") or dashboard.HEADLINE


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _row(result: Result, labels: dict[str | None, Any], small_below: int) -> dict[str, Any]:
    key = next(iter(result.group.values()), None) if result.group else None

    def pct(value: float) -> str:
        return "—" if math.isnan(value) else f"{100 * value:.1f}%"

    hidden = f"<{small_below}" if result.n < small_below else SECONDARY
    return {
        "label": labels.get(key, key if key is not None else _("not asked")),
        "n": hidden if result.suppressed else result.n,
        "positives": result.positives,
        "excluded": result.excluded,
        "estimate": pct(result.estimate),
        "interval": "—"
        if math.isnan(result.ci_low)
        else f"{pct(result.ci_low)} – {pct(result.ci_high)}",
        "small": result.suppressed,
        "note": result.note,
    }


@requires(Perm.VIEW_AGGREGATES)
def prevalence_dashboard(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    form = FilterForm(request.GET or None, user=user)
    computed = dashboard.compute(user, form.filters())
    # The page shows what the downloads share: the one small-cell rule applies to both.
    report = dashboard.for_sharing(computed) if computed is not None else None
    context: dict[str, Any] = {"form": form, "report": report, "query": request.GET.urlencode()}
    if report is not None:
        small = dashboard.small_cell_threshold()
        indicator = form.chosen_indicator()
        headline = dashboard.results_for(report, indicator, None)
        sections = []
        for column, _label in dashboard.BREAKDOWNS:
            results = dashboard.results_for(report, indicator, column)
            if not results:
                continue
            labels = GROUP_LABELS.get(column, {})
            sections.append(
                {
                    "column": column,
                    "title": BREAKDOWN_LABELS[column],
                    "chart": charts.chart(results, labels, small),
                    "rows": [_row(r, labels, small) for r in results],
                }
            )
        items = [
            {"name": INDICATOR_LABELS.get(name, name), **_row(r, {}, small)}
            for name in (*dashboard.COMPOSITES, *dashboard.ITEMS)
            for r in dashboard.results_for(report, name, None)
        ]
        context.update(
            {
                "indicator_label": INDICATOR_LABELS.get(indicator, indicator),
                "headline": _row(headline[0], {}, small) if headline else None,
                "headline_result": headline[0] if headline else None,
                "design_label": DESIGN_LABELS.get(report.design, report.design),
                "method_label": METHOD_LABELS.get(headline[0].method, headline[0].method)
                if headline
                else "",
                "sections": sections,
                "items": items,
                "small_below": small,
                "names_kosovo": any(
                    r.group.get("country_of_interview") == "XK" for r in report.results
                ),
            }
        )
    return render(request, "analytics/dashboard.html", context)


@requires(Perm.VIEW_AGGREGATES)
def prevalence_download(request: HttpRequest, fmt: str) -> HttpResponse:
    """The dashboard's tables for sharing: small cells suppressed, and the files say so."""
    user = _user(request)
    form = FilterForm(request.GET or None, user=user)
    report = dashboard.compute(user, form.filters())
    if report is None:
        return HttpResponse(
            _("No interviews in your reach yet."), status=404, content_type="text/plain"
        )
    shared = dashboard.for_sharing(report)
    audit.record(
        actor=Actor.from_request(request),
        action=audit.Action.EXPORT,
        object_type="prevalence",
        detail=fmt,
    )
    stamp = timezone.localdate().isoformat()
    if fmt in {"csv", "hxl"}:
        body = output.to_csv(shared, hxl=fmt == "hxl") + _footer_lines(shared)
        response = HttpResponse(body, content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = (
            f'attachment; filename="ctis-prevalence-{stamp}{"-hxl" if fmt == "hxl" else ""}.csv"'
        )
        return response
    response = HttpResponse(
        _xlsx(shared),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="ctis-prevalence-{stamp}.xlsx"'
    return response


def _footer_lines(report: Report) -> str:
    """Notes as CSV comment rows a person reads and HXL tools skip (no hashtag row)."""
    lines = [f"# {note}" for note in report.notes]
    if any(r.group.get("country_of_interview") == "XK" for r in report.results):
        lines.append(f"# * {KOSOVO_FOOTNOTE}")
    return "".join(f"{line}\r\n" for line in lines)


def _xlsx(report: Report) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = str(_("Prevalence"))[:31]
    rows = output.to_csv(report).splitlines()
    import csv

    for values in csv.reader(rows):
        sheet.append([_number(v) for v in values])
    notes = book.create_sheet(str(_("Notes"))[:31])
    notes.append(["Produced by ctis", date.today().isoformat()])
    for note in report.notes:
        notes.append([note])
    if any(r.group.get("country_of_interview") == "XK" for r in report.results):
        notes.append([f"* {KOSOVO_FOOTNOTE}"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _number(value: str) -> float | str:
    try:
        return float(value) if value not in {"", "nan"} else value
    except ValueError:
        return value
