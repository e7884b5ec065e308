"""The programme report as a page, a PDF for the donor and an XLSX for the finance team."""

from __future__ import annotations

import io

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from ctis.accounts import permissions
from ctis.accounts.country_labels import KOSOVO_FOOTNOTE
from ctis.accounts.guards import requires
from ctis.accounts.models import Country, User
from ctis.accounts.roles import Perm
from ctis.audit import actions as audit
from ctis.audit.context import Actor
from ctis.core.pdf import render_pdf
from ctis.reports import programme
from ctis.reports.forms import ReportForm
from ctis.reports.models import ReportRun


def _form(request: HttpRequest) -> ReportForm:
    user: User = request.user  # type: ignore[assignment]
    countries = permissions.countries_for(user, Perm.PROGRAMME_REPORT)
    return ReportForm(
        request.GET or None,
        countries=sorted(countries),
        region=countries == permissions.ALL_COUNTRIES,
    )


def _record(request: HttpRequest, filters: programme.Filters, fmt: str) -> None:
    user: User = request.user  # type: ignore[assignment]
    run = ReportRun.objects.create(
        period_start=filters.start,
        period_end=filters.end,
        country=Country.objects.filter(code=filters.country).first() if filters.country else None,
        format=fmt,
        produced_by=user.get_username(),
    )
    audit.record(
        actor=Actor.from_request(request),
        action=audit.Action.EXPORT if fmt != "page" else audit.Action.VIEW,
        object_type="programme_report",
        object_id=str(run.public_id),
        detail=fmt,
    )


def _filters(form: ReportForm) -> programme.Filters:
    return programme.Filters(
        start=form.cleaned_data["start"],
        end=form.cleaned_data["end"],
        country=form.cleaned_data["country"] or None,
    )


@requires(Perm.PROGRAMME_REPORT)
def programme_report(request: HttpRequest) -> HttpResponse:
    form = _form(request)
    report = None
    if form.is_bound and form.is_valid():
        filters = _filters(form)
        report = programme.build(filters, produced_by=request.user.get_username())
        _record(request, filters, "page")
    return render(
        request,
        "reports/programme.html",
        {"form": form, "report": report, "query": request.GET.urlencode()},
    )


@requires(Perm.PROGRAMME_REPORT)
def programme_download(request: HttpRequest, fmt: str) -> HttpResponse:
    form = _form(request)
    if not form.is_valid():
        return render(request, "reports/programme.html", {"form": form, "report": None}, status=400)
    filters = _filters(form)
    report = programme.build(filters, produced_by=request.user.get_username())
    _record(request, filters, fmt)
    name = f"ctis-programme-{filters.country or 'region'}-{filters.start}-{filters.end}"
    if fmt == "pdf":
        html = render_to_string("reports/programme_print.html", {"report": report}, request=request)
        try:
            pdf = render_pdf(html)
        except OSError:  # the system's Pango libraries are missing
            return HttpResponse(
                _("PDF output needs the Pango libraries on the server."), status=503
            )
        response = HttpResponse(pdf, content_type="application/pdf")
    else:
        response = HttpResponse(
            _xlsx(report),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


def _xlsx(report: programme.ProgrammeReport) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    about = book.active
    assert about is not None
    about.title = _("About")
    bold = Font(bold=True)
    about.append([_("Programme report"), report.where])
    about["A1"].font = bold
    about.append([_("Period"), f"{report.filters.start} – {report.filters.end}"])
    about.append([_("Produced"), report.produced_at.strftime("%Y-%m-%d %H:%M %Z")])
    about.append([_("Produced by"), report.produced_by])
    about.append(
        [
            _("Small cells"),
            _("Counts of people below %(k)s are shown as <%(k)s.") % {"k": report.threshold},
        ]
    )
    if report.names_kosovo:
        about.append([f"* {KOSOVO_FOOTNOTE}"])
    for section in report.sections:
        sheet = book.create_sheet(section.key[:31])
        sheet.append([section.title])
        sheet["A1"].font = bold
        if section.note:
            sheet.append([section.note])
        for label, value in section.figures:
            sheet.append([label, value])
        for table in section.tables:
            sheet.append([])
            sheet.append([table.title])
            sheet.append(table.header)
            for row in table.rows:
                sheet.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
