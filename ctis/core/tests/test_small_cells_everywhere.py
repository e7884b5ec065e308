"""Every aggregate page and download, walked on data with small groups: none shows a count
of 1 to k-1 people, and no breakdown has exactly one hidden cell beside a shown total.

Counts that are not of people (sessions, meetings, days) are marked as such: on the pages
with the class ``measure``, in the programme report by the labels of ``NOT_PEOPLE``. Survey
estimates follow the survey form of the rule: no figure for a group of fewer than k
respondents (or one that would give such a group away).
"""

from __future__ import annotations

import csv
import io
import re
from html.parser import HTMLParser

import pytest
from django.utils import timezone

from conftest import SYSTEM, _country
from ctis.analytics.tests.conftest import interviews  # noqa: F401  (a fixture)
from ctis.audit.context import Actor
from ctis.cases import actions as case_actions
from ctis.cases.tests.conftest import completed_screening, decision
from ctis.referrals.tests.conftest import consent, move, receiver_abroad, refer  # noqa: F401

K = 10
PAGES = ("/screening/statistics/", "/cases/statistics/", "/referrals/statistics/", "/analytics/")
DOWNLOADS = ("/analytics/prevalence.csv", "/analytics/prevalence.hxl")
NOT_PEOPLE = {
    "Sessions",
    "Outreach sessions",
    "Leaflet QR codes scanned",
    "Meetings held",
    "Regional",
    "National",
    "Action items agreed",
    "Action items completed",
    "Overdue now",
    "Took both tests",  # shown only from k people on
}


class Cells(HTMLParser):
    """The text of every table cell and definition, with whether it is marked ``measure``."""

    def __init__(self) -> None:
        super().__init__()
        self.cells: list[tuple[str, bool]] = []
        self._open: list[tuple[str, bool, list[str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"td", "dd"}:
            classes = (dict(attrs).get("class") or "").split()
            self._open.append((tag, "measure" in classes, []))

    def handle_data(self, data: str) -> None:
        for _tag, _measure, text in self._open:
            text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if self._open and self._open[-1][0] == tag:
            _tag, measure, text = self._open.pop()
            self.cells.append(("".join(text).strip(), measure))


def small(value: object) -> bool:
    text = str(value).strip()
    return bool(re.fullmatch(r"\d+", text)) and 0 < int(text) < K


@pytest.fixture
def small_groups(settings, caseworker, receiver_abroad, organisations, interviews):  # noqa: F811
    """A few screenings, cases, a referral, a training session and the interviews of the
    analytics tests (North Macedonia: 6): every group small somewhere."""
    settings.CTIS_SMALL_CELL_THRESHOLD = K
    actor = Actor(user=caseworker)
    cases = []
    for age in (16, 24, 24):
        screening = completed_screening(caseworker, age=age)
        cases.append(
            case_actions.open_case(
                actor=actor,
                person={"name": "Test Person", "name_latin": "Test Person", "sex": "female"},
                screening=screening,
            )
        )
    completed_screening(caseworker, age=40, request=False)
    case_actions.change_status(
        actor=actor, case=cases[0], revision=cases[0].revision, to="presumed", decision=decision()
    )
    consent(caseworker, cases[1], "services", "disclosure", "cross_border")
    move(receiver_abroad, refer(caseworker, cases[1], receiver_abroad), "accepted")
    from ctis.training import actions as training

    training.ensure_standard_modules(actor=SYSTEM)
    today = timezone.localdate()
    session = training.create_session(
        actor=SYSTEM, title="Test session", country=_country("RS"), place="Test Hall",
        start_date=today, end_date=today, organiser=organisations["ngo_rs"], modules=[],
    )  # fmt: skip
    for n in range(3):
        training.add_participant(
            actor=SYSTEM, session=session,
            data={"name": f"Test Officer {n}", "organisation_name": "Test Police",
                  "agency_type": "interior_police", "role": "Officer", "sex": "female",
                  "country": _country("RS")},
        )  # fmt: skip


def test_no_aggregate_page_shows_a_small_count(verified_client, analyst, small_groups):
    client = verified_client(analyst)
    for url in PAGES:
        response = client.get(url)
        assert response.status_code == 200, url
        parser = Cells()
        parser.feed(response.content.decode())
        assert parser.cells, url  # the walk reads something
        shown = [text for text, measure in parser.cells if not measure and small(text)]
        assert not shown, (url, shown)
        assert f"&lt;{K}" in response.content.decode(), url  # the small groups are there, hidden


def test_no_download_shows_a_small_count(verified_client, analyst, small_groups):
    client = verified_client(analyst)
    for url in DOWNLOADS:
        text = client.get(url).content.decode()
        rows = [r for r in csv.DictReader(io.StringIO(text)) if not r["indicator"].startswith("#")]
        assert rows, url
        for row in rows:
            # Survey estimates follow the survey rule: the group's respondents (n) reach
            # k, or nothing of the group is shown (the positives of a shown share are not
            # a population count; see ctis.analytics.prevalence.suppress).
            assert not small(row["n"]), (url, row)
            if row["suppressed"] == "true":
                assert row["n"] == row["positives"] == row["estimate"] == "", (url, row)
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(client.get("/analytics/prevalence.xlsx").content))
    sheet = book["Prevalence"]
    header = [c.value for c in sheet[1]]
    for row in sheet.iter_rows(min_row=2, values_only=True):
        record = dict(zip(header, row, strict=False))
        value = record.get("n")
        assert not (isinstance(value, int | float) and 0 < value < K), record


def test_the_programme_report_shows_no_small_count(verified_client, analyst, small_groups):
    today = timezone.localdate().isoformat()
    client = verified_client(analyst)
    response = client.get("/reports/", {"start": "2020-01-01", "end": today})
    report = response.context["report"]
    seen = 0
    for section in report.sections:
        for label, value in section.figures:
            seen += 1
            assert str(label) in NOT_PEOPLE or not small(value), (section.key, label, value)
        for table in section.tables:
            if not table.chart:
                continue  # measures (scores, shares), shown only from k people on
            values = [row[1] for row in table.rows]
            assert not any(small(v) for v in values), (section.key, table.title, values)
            # A breakdown of the section's headline gives no hidden cell away through it.
            headline = section.figures[0][1] if section.figures else None
            hidden = sum(isinstance(v, str) for v in values)
            assert not (hidden == 1 and isinstance(headline, int)), (section.key, values)
    assert seen
    html = response.content.decode()
    assert f"&lt;{K}" in html
    from openpyxl import load_workbook

    book = load_workbook(
        io.BytesIO(
            client.get("/reports/programme.xlsx", {"start": "2020-01-01", "end": today}).content
        )
    )
    for sheet in book.worksheets:
        if sheet.title == "About":
            continue
        for row in sheet.iter_rows(values_only=True):
            label, value = (row[0], row[1]) if len(row) > 1 else (row[0], None)
            if isinstance(value, int) and str(label) not in NOT_PEOPLE:
                assert not 0 < value < K, (sheet.title, label, value)
