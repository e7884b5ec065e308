"""The prevalence dashboard: coordinators see their country, analysts the region; downloads
leave out small cells. Expected figures are worked out by hand from the rows below."""

from __future__ import annotations

import csv
import io
import math

import pytest

from ctis.audit.models import AuditEvent


def _wilson(positives: int, n: int, z: float = 1.959963984540054) -> tuple[float, float]:
    p = positives / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return centre - half, centre + half


def test_the_analyst_sees_the_regional_headline_with_its_interval(
    verified_client, analyst, interviews
):
    response = verified_client(analyst).get("/analytics/")
    assert response.status_code == 200
    headline = response.context["headline_result"]
    assert headline.indicator == "any_indicator"
    assert (headline.n, headline.positives) == (46, 13)
    low, high = _wilson(13, 46)
    assert headline.ci_low == pytest.approx(low, rel=1e-9)
    assert headline.ci_high == pytest.approx(high, rel=1e-9)
    html = response.content.decode()
    assert "28.3%" in html  # 13 / 46


def test_a_coordinator_sees_only_their_countrys_interviews(
    verified_client, coordinator, interviews
):
    response = verified_client(coordinator).get("/analytics/")
    headline = response.context["headline_result"]
    # North Macedonia only: 6 interviews, fewer than 10, so no figure is shown.
    assert headline.n == 6 and headline.suppressed and headline.positives is None
    assert "50.0%" not in response.content.decode()  # 3 of 6


def test_breakdowns_come_from_the_full_sample(verified_client, analyst, interviews):
    response = verified_client(analyst).get("/analytics/")
    sections = {s["column"]: s for s in response.context["sections"]}
    assert set(sections) >= {
        "sex",
        "age_group",
        "child",
        "country_of_interview",
        "travelling_with",
        "month",
    }
    by_country = {row["label"]: row for row in sections["country_of_interview"]["rows"]}
    # Serbia's 40 would give North Macedonia's 6 away from the total of 46: hidden too.
    assert by_country["Serbia"]["n"] == "x"
    assert by_country["Serbia"]["estimate"] == "—"
    assert by_country["North Macedonia"]["small"]  # 6 < 10
    assert by_country["North Macedonia"]["n"] == "<10"
    assert by_country["North Macedonia"]["estimate"] == "—"


def test_downloads_suppress_small_cells_and_say_so(verified_client, analyst, interviews):
    response = verified_client(analyst).get("/analytics/prevalence.csv")
    assert response.status_code == 200
    text = response.content.decode()
    rows = [r for r in csv.DictReader(io.StringIO(text)) if not r["indicator"].startswith("#")]
    mk = next(
        r
        for r in rows
        if r["indicator"] == "any_indicator" and r.get("country_of_interview") == "MK"
    )
    rs = next(
        r
        for r in rows
        if r["indicator"] == "any_indicator" and r.get("country_of_interview") == "RS"
    )
    assert mk["n"] == ""  # fewer than 10: no count of people either
    assert mk["estimate"] in {"", "nan"}
    assert mk["positives"] == ""
    # Serbia (40) would give North Macedonia (6) away from the whole sample (46).
    assert rs["n"] == "" and rs["estimate"] in {"", "nan"} and "worked out" in rs["note"]
    whole = next(r for r in rows if r["indicator"] == "any_indicator" and not r["breakdown"])
    assert whole["n"] == "46" and float(whole["estimate"]) == pytest.approx(13 / 46)
    assert "fewer than 10 respondents are suppressed" in text
    assert AuditEvent.objects.filter(
        action="export", object_type="prevalence", detail="csv"
    ).exists()


def test_the_hxl_download_has_a_hashtag_on_every_column(verified_client, analyst, interviews):
    lines = verified_client(analyst).get("/analytics/prevalence.hxl").content.decode().splitlines()
    header, tags = next(csv.reader([lines[0]])), next(csv.reader([lines[1]]))
    assert len(header) == len(tags)
    assert all(tag.startswith("#") for tag in tags)


def test_the_xlsx_download_opens_with_the_same_figures(verified_client, analyst, interviews):
    from openpyxl import load_workbook

    content = verified_client(analyst).get("/analytics/prevalence.xlsx").content
    book = load_workbook(io.BytesIO(content))
    sheet = book["Prevalence"]
    header = [cell.value for cell in sheet[1]]
    records = [
        dict(zip(header, [c.value for c in row], strict=False))
        for row in sheet.iter_rows(min_row=2)
    ]
    whole = next(r for r in records if r["indicator"] == "any_indicator" and not r["breakdown"])
    assert whole["estimate"] == pytest.approx(13 / 46)
    assert whole["n"] == 46
    assert any("suppressed" in str(row[0].value) for row in book["Notes"].iter_rows())


def test_an_unknown_format_is_not_found(verified_client, analyst, interviews):
    assert verified_client(analyst).get("/analytics/prevalence.pdf").status_code == 404


def test_caseworkers_have_no_dashboard(verified_client, caseworker, interviews):
    assert verified_client(caseworker).get("/analytics/").status_code == 403


def test_an_empty_reach_says_so(verified_client, coordinator, db):
    html = verified_client(coordinator).get("/analytics/").content.decode()
    assert "No interviews in your reach yet." in html
