"""The programme report: every area's figures for a period and a country (or the region).

Figures come from each area's own query functions (one per concept: a case's status on a
date, people trained, meetings a country took part in), never from their tables directly.
Counts of people go through the one suppression rule (``ctis.lib.disclosure``): 1 to k-1 is
"<k", zero stays zero, and a breakdown never gives a hidden cell away through its total ("x").
A part whose data is not recorded in ctis yet says so and shows nothing invented.
"""

from __future__ import annotations

import math
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from ctis.accounts.countries import REGION
from ctis.accounts.country_labels import country_label
from ctis.accounts.models import Organisation
from ctis.analytics.prevalence import Options, prevalence
from ctis.cases import queries as case_queries
from ctis.cases.assistance_models import AssistanceEntry, SupportType
from ctis.cases.models import Case
from ctis.coordination import queries as coordination
from ctis.core import disclosure
from ctis.directory.models import Service
from ctis.lib.disclosure import enough, suppress, suppress_breakdown
from ctis.portal.models import DailyCount, Material, OutreachSession
from ctis.referrals import queries as referral_queries
from ctis.screening.models import ConsentRefusal, Screening
from ctis.surveys.models import Submission
from ctis.training import queries as training

Cell = int | float | str | None


@dataclass(frozen=True)
class Filters:
    start: date
    end: date
    country: str | None  # alpha-2; None is the whole region


@dataclass
class Table:
    title: str
    header: list[str]
    rows: list[list[Cell]]
    chart: bool = True  # draw the first numeric column as bars

    def bars(self) -> list[tuple[str, str, float]]:
        """(label, value as shown, bar length in percent of the largest); "<k" draws no bar."""
        values = [r[1] if isinstance(r[1], int | float) else 0 for r in self.rows]
        top = max(values, default=0) or 1
        return [
            (str(row[0]), str(row[1]), 100 * float(v) / top)
            for row, v in zip(self.rows, values, strict=True)
        ]


@dataclass
class Section:
    key: str
    title: str
    figures: list[tuple[str, Cell]] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    note: str = ""

    @property
    def empty(self) -> bool:
        return not self.figures and not self.tables


@dataclass
class ProgrammeReport:
    filters: Filters
    produced_at: datetime
    produced_by: str
    threshold: int
    sections: list[Section]

    @property
    def where(self) -> str:
        return str(country_label(self.filters.country)) if self.filters.country else _("Region")

    @property
    def names_kosovo(self) -> bool:
        if self.filters.country == "XK":
            return True
        return any(
            "Kosovo" in str(row[0]) for s in self.sections for t in s.tables for row in t.rows
        )


def threshold() -> int:
    return disclosure.threshold()


def people(count: int | None, k: int) -> Cell:
    """A count of people shown alone (no total beside it that could give it away)."""
    if count is None:
        return None
    return suppress(count, k)


def breakdown(cells: dict[str, int], total: int, k: int) -> dict[str, Cell]:
    """The cells of a breakdown of ``total`` (shown as the section's headline)."""
    shown, _total = suppress_breakdown(cells, total, k)
    return dict(shown)


def build(filters: Filters, *, produced_by: str) -> ProgrammeReport:
    k = threshold()
    return ProgrammeReport(
        filters=filters,
        produced_at=timezone.now(),
        produced_by=produced_by,
        threshold=k,
        sections=[
            _training(filters, k),
            _flow_monitoring(filters, k),
            _screenings(filters, k),
            *_cases(filters, k),
            _campaigns(filters, k),
            _coordination(filters),
        ],
    )


def _countries(filters: Filters) -> list[str] | None:
    return [filters.country] if filters.country else None


def _training(filters: Filters, k: int) -> Section:
    section = Section("training", _("Officials and civil-society staff trained"))
    participants = training.participants_for_report(
        countries=_countries(filters), start=filters.start, end=filters.end
    )
    counts = training.trained_counts(participants)
    total = int(counts["total"])  # type: ignore[call-overload]
    if not total:
        section.note = _("No training sessions ended in this period.")
        return section
    section.figures = [
        (_("People trained"), people(total, k)),
        (_("Sessions"), counts["sessions"]),  # type: ignore[list-item]
    ]
    sex_labels = {
        "female": _("Women"),
        "male": _("Men"),
        "other": _("Other"),
        "not_stated": _("Not stated"),
    }
    by_sex: dict[str, int] = counts["by_sex"]  # type: ignore[assignment]
    shown = breakdown(by_sex, total, k)
    section.tables.append(
        Table(
            _("By sex"),
            [_("Sex"), _("People")],
            [[str(sex_labels.get(s, s)), shown[s]] for s, n in by_sex.items() if n],
        )
    )
    by_agency: dict[str, int] = counts["by_agency_type"]  # type: ignore[assignment]
    kinds = dict(Organisation.Kind.choices)
    shown = breakdown(by_agency, total, k)
    section.tables.append(
        Table(
            _("By agency type"),
            [_("Agency type"), _("People")],
            [[str(kinds.get(a, a)), shown[a]] for a, n in by_agency.items() if n],
        )
    )
    by_country: dict[str, int] = counts["by_country"]  # type: ignore[assignment]
    shown = breakdown(by_country, total, k)
    section.tables.append(
        Table(
            _("By country"),
            [_("Country"), _("People")],
            [[str(country_label(c)), shown[c]] for c in by_country],
        )
    )
    gain = training.report_gain(participants)
    if gain.tested >= k and gain.mean_pre is not None and gain.mean_post is not None:
        section.tables.append(
            Table(
                _("Knowledge gain (pre- and post-test, 0–100)"),
                [_("Measure"), _("Value")],
                [
                    [_("Took both tests"), gain.tested],
                    [_("Mean score before"), round(gain.mean_pre, 1)],
                    [_("Mean score after"), round(gain.mean_post, 1)],
                    [_("Mean change (points)"), round(gain.mean_change or 0.0, 1)],
                    [_("Share who improved"), f"{100 * (gain.share_improved or 0):.0f}%"],
                ],
                chart=False,
            )
        )
    else:
        section.note = _("Knowledge gain is shown when at least %(k)s people took both tests.") % {
            "k": k
        }
    return section


def _flow_monitoring(filters: Filters, k: int) -> Section:
    section = Section(
        "flow_monitoring", _("Migrants surveyed and the prevalence of trafficking indicators")
    )
    rows = Submission.objects.filter(survey_date__gte=filters.start, survey_date__lte=filters.end)
    if filters.country:
        rows = rows.filter(country_of_interview=filters.country)
    surveyed = rows.count()
    if not surveyed:
        section.note = _("No flow-monitoring interviews in this period.")
        return section
    section.figures.append((_("Migrants surveyed"), people(surveyed, k)))
    from ctis.analytics.dashboard import frame_of

    with tempfile.TemporaryDirectory(prefix="ctis-report-") as folder:
        path = Path(folder) / "interviews.parquet"
        frame_of(rows).write_parquet(path)
        report = prevalence([path], Options(indicators=("any_indicator",), lonely_psu="adjust"))
    headline = next((r for r in report.results if not r.group), None)
    if headline is None or headline.n < k or math.isnan(headline.estimate):
        section.note = _("Too few answers to estimate the share with at least one indicator.")
        return section
    section.figures += [
        (
            _("Share with at least one trafficking or exploitation indicator"),
            f"{100 * headline.estimate:.1f}%",
        ),
        (
            # xgettext:no-python-format
            _("95% confidence interval"),
            f"{100 * headline.ci_low:.1f}% – {100 * headline.ci_high:.1f}%",
        ),
        (_("Respondents in the estimate"), headline.n),
    ]
    return section


RESULT_LABELS = {
    "trafficking_pattern": "Trafficking pattern",
    "exploitation_without_means": "Exploitation, without the means of trafficking",
    "indicators_present": "Some indicators present",
    "no_indicators": "No indicators",
}


def _screenings(filters: Filters, k: int) -> Section:
    section = Section("screenings", _("Screenings and their results"))
    done = Screening.objects.filter(
        status=Screening.Status.COMPLETED,
        completed_at__date__gte=filters.start,
        completed_at__date__lte=filters.end,
    )
    refusals = ConsentRefusal.objects.filter(
        month__gte=filters.start.replace(day=1), month__lte=filters.end
    )
    if filters.country:
        done = done.filter(country__code=filters.country)
        refusals = refusals.filter(organisation__country__code=filters.country)
    total = done.count()
    refused = refusals.aggregate(n=Sum("count"))["n"] or 0
    if not total and not refused:
        section.note = _("No screenings in this period.")
        return section
    section.figures = [
        (_("Screenings"), people(total, k)),
        (_("Did not agree to an interview"), people(refused, k)),
    ]
    counts = {result: done.filter(result=result).count() for result in RESULT_LABELS}
    shown = breakdown(counts, total, k)
    section.tables.append(
        Table(
            _("By result"),
            [_("Result"), _("Screenings")],
            [[_(label), shown[r]] for r, label in RESULT_LABELS.items()],
        )
    )
    return section


def _cases(filters: Filters, k: int) -> list[Section]:
    """Identification from the cases' status decisions (``case_queries.identification``: the
    status on the last day of the period of each case with a decision that took effect in it),
    then referrals and assistance."""
    identified = Section("identified", _("People identified, by status"))
    cases = Case.objects.all()
    if filters.country:
        cases = cases.filter(country__code=filters.country)
    statuses = case_queries.identification(cases, filters.start, filters.end)
    if statuses:
        counts = Counter(statuses.values())
        labels = dict(Case.Status.choices)
        shown = breakdown({s: counts.get(s, 0) for s in labels}, len(statuses), k)
        identified.figures = [
            (_("People with a status decision in the period"), people(len(statuses), k))
        ]
        identified.tables.append(
            Table(
                _("By status at the end of the period"),
                [_("Status"), _("People")],
                [[str(labels[s]), shown[s]] for s in labels],
            )
        )
    else:
        identified.note = _("No identification decisions in this period.")
    return [identified, _referrals(filters, k), _assisted(filters, k)]


def _assisted(filters: Filters, k: int) -> Section:
    """People who received assistance in the period (from the cases' assistance logs)."""
    section = Section("assisted", _("People assisted"))
    entries = AssistanceEntry.objects.filter(given_on__gte=filters.start, given_on__lte=filters.end)
    if filters.country:
        entries = entries.filter(case__country__code=filters.country)
    rows = list(entries.values_list("case__person_id", "type"))
    if not rows:
        section.note = _("No assistance recorded in this period.")
        return section
    by_type: dict[str, set[int]] = {}
    for person, kind in rows:
        by_type.setdefault(kind, set()).add(person)
    section.figures = [
        (_("People assisted"), people(len({person for person, _kind in rows}), k)),
        (_("Assistance given (entries)"), people(len(rows), k)),
    ]
    labels = dict(SupportType.choices)
    section.tables.append(
        Table(
            _("By type of assistance"),
            [_("Assistance"), _("People")],
            [[str(labels.get(t, t)), people(len(p), k)] for t, p in sorted(by_type.items())],
        )
    )
    return section


SERVICE_LABELS = {
    "organisation": "To an organisation",
    "transfer": "Transfers of the case",
}


def _referrals(filters: Filters, k: int) -> Section:
    section = Section("referrals", _("Referrals"))
    countries = [filters.country] if filters.country else list(REGION)
    counts = referral_queries.report_counts(countries, filters.start, filters.end)
    if not counts["total"]:
        section.note = _("No referrals in this period.")
        return section
    rate, median = counts["completion_rate"], counts["median_days_to_acceptance"]
    if not enough(counts["ever_accepted"], k):  # a median of three waits describes three people
        rate = median = None
    section.figures = [
        (_("Referrals made"), people(counts["total"], k)),
        (_("Across a border"), people(counts["cross_border"], k)),
        (_("Completed"), people(counts["completed"], k)),
        (_("Completion rate (of those accepted)"), "—" if rate is None else f"{100 * rate:.0f}%"),
        (_("Median days to acceptance"), "—" if median is None else median),
        (_("Waiting past their due date"), people(counts["overdue"], k)),
    ]
    kinds = {**dict(Service.Kind.choices), **{k_: _(v) for k_, v in SERVICE_LABELS.items()}}
    shown = breakdown(counts["by_service_type"], counts["total"], k)
    section.tables.append(
        Table(
            _("By type of service"),
            [_("Service"), _("Referrals")],
            [[str(kinds.get(kind, kind)), shown[kind]] for kind in counts["by_service_type"]],
        )
    )
    return section


def _campaigns(filters: Filters, k: int) -> Section:
    section = Section("campaigns", _("Information campaigns: people reached"))
    sessions = OutreachSession.objects.filter(held_on__gte=filters.start, held_on__lte=filters.end)
    codes = Material.objects.all()
    if filters.country:
        sessions = sessions.filter(country__code=filters.country)
        codes = codes.filter(country__code=filters.country)
    sums = sessions.aggregate(
        women=Sum("women"),
        men=Sum("men"),
        girls=Sum("girls"),
        boys=Sum("boys"),
        others=Sum("others"),
    )
    reached = sum(v or 0 for v in sums.values())
    scans = (
        DailyCount.objects.filter(
            kind=DailyCount.Kind.SCAN,
            day__gte=filters.start,
            day__lte=filters.end,
            campaign_code__in=codes.values_list("code", flat=True),
        ).aggregate(n=Sum("count"))["n"]
        or 0
    )
    if not reached and not scans:
        section.note = _("No outreach sessions or leaflet scans in this period.")
        return section
    section.figures = [
        (_("Outreach sessions"), sessions.count()),
        (_("People reached in person"), people(reached, k)),
        (_("Leaflet QR codes scanned"), scans),
    ]
    labels = {
        "women": _("Women"),
        "men": _("Men"),
        "girls": _("Girls"),
        "boys": _("Boys"),
        "others": _("Others or not known"),
    }
    shown = breakdown({g: n or 0 for g, n in sums.items()}, reached, k)
    section.tables.append(
        Table(
            _("Reached in person, by sex and age"),
            [_("Group"), _("People")],
            [[str(labels[g]), shown[g]] for g in sums],
        )
    )
    return section


def _coordination(filters: Filters) -> Section:
    section = Section("coordination", _("Coordination meetings and their action items"))
    meetings = coordination.meetings_for_report(
        countries=_countries(filters), start=filters.start, end=filters.end
    )
    counts = coordination.meeting_counts(meetings)
    if not counts["total"]:
        section.note = _("No coordination meetings in this period.")
        return section
    items = coordination.action_item_counts(
        coordination.action_items_for_report(
            countries=_countries(filters), start=filters.start, end=filters.end
        )
    )
    share = items["completed_share"]
    section.figures = [
        (_("Meetings held"), counts["total"]),  # type: ignore[list-item]
        (_("Regional"), counts["regional"]),  # type: ignore[list-item]
        (_("National"), counts["national"]),  # type: ignore[list-item]
        (_("Action items agreed"), items["total"]),
        (_("Action items completed"), items["done"]),
        (_("Share completed"), "—" if share is None else f"{100 * float(share):.0f}%"),
        (_("Overdue now"), items["overdue"]),
    ]
    return section
