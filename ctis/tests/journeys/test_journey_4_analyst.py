"""Journey 4 of shared/JOURNEYS.md: Lejla, IOM regional data analyst.

From an empty database plus Lejla's account, through the pages: she creates a survey and
connects its KoboToolbox project (served by a local fixture server over real HTTP; the token
sits in an environment variable the page names). The first pull is rejected whole, with each
bad row named by row and column; once the rows are corrected at the source, the second pull
imports everything. She reads the share of people with at least one trafficking or
exploitation indicator, with its 95% interval, by country and sex, and the figure equals a
count made here from the rows the server sent. She downloads the HXL table: small cells are
suppressed.

Not here: the year-end release to CTDC (its own issue).
"""

from __future__ import annotations

import copy
import csv
import io
import json
import re
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest
from playwright.sync_api import expect

from conftest import DESKTOP, PASSWORD, PHONE, SYSTEM, _country
from ctis.accounts import actions as account_actions
from ctis.accounts.models import Organisation
from ctis.accounts.roles import Role
from ctis.surveys.models import Submission
from ctis.surveys.tests.conftest import fixture_bytes

pytestmark = pytest.mark.browser

ASSET = "aJourneyFourFictional"
TOKEN = "journey-four-kobo-token-not-real"
VARIABLE = "CTIS_JOURNEY4_KOBO_TOKEN"
# Interviews per country and sex: Serbia and Bosnia large enough to publish, North Macedonia
# too small (4 < 10) for the shared table.
PLAN = [("RS", "male", 12), ("RS", "female", 12), ("BA", "female", 6), ("BA", "male", 6),
        ("MK", "male", 4)]  # fmt: skip
ITEMS = ("ht_unpaid_work", "ht_forced_work", "ht_job_offer", "ht_marriage_offer",
         "ht_held_against_will", "ht_organ_offer", "ht_physical_violence")  # fmt: skip


def _records() -> list[dict]:  # type: ignore[type-arg]
    """Synthetic interviews in KoboToolbox's API v2 shape; every third reports unpaid work."""
    template = json.loads(fixture_bytes("kobo_api_v2_page1.json"))["results"][0]
    records = []
    number = 0
    for country, sex, count in PLAN:
        for _ in range(count):
            number += 1
            record = copy.deepcopy(template)
            uuid = f"0f1e2d3c-0000-4000-8000-0000000j4{number:03d}"
            record.update(
                {
                    "_id": 700004000 + number,
                    "_uuid": uuid,
                    "meta/instanceID": f"uuid:{uuid}",
                    "meta/rootUuid": f"uuid:{uuid}",
                    "_xform_id_string": ASSET,
                    "interview/country_of_interview": country,
                    "interview/survey_date": f"2026-0{1 + number % 3}-1{number % 9}",
                    "profile/sex": sex,
                    "profile/age": str(18 + number % 30),
                    **{f"trafficking/{item}": "no" for item in ITEMS},
                    "trafficking/ht_unpaid_work": "yes" if number % 3 == 0 else "no",
                }
            )
            record.pop("trafficking/ht_unpaid_work_country", None)
            record.pop("trafficking/ht_job_offer_country", None)
            records.append(record)
    return records


def _share(records: list[dict], keep=lambda r: True) -> str:  # type: ignore[no-untyped-def,type-arg]
    """The share with at least one indicator, counted by hand, as the page shows it."""
    chosen = [r for r in records if keep(r)]
    positive = sum(any(r[f"trafficking/{item}"] == "yes" for item in ITEMS) for r in chosen)
    return f"{100 * positive / len(chosen):.1f}%"


def test_lejla_pulls_kobo_reads_the_share_and_downloads_hxl(
    live_server, page, browser_login, screenshot, settings, monkeypatch, transactional_db
):
    from ctis.surveys.tests.servers import _send, serve

    settings.CTIS_DEMO_SKIPS_2FA = False
    for code in ("AL", "BA", "ME", "MK", "RS", "XK"):
        _country(code)
    office = account_actions.create_organisation(
        actor=SYSTEM,
        name="Test IOM Regional Office (fictional)",
        kind=Organisation.Kind.INTERNATIONAL,
        country=None,
    )
    lejla = account_actions.create_user(
        actor=SYSTEM,
        username="lejla",
        organisation=office,
        roles=[Role.ANALYST],
        password=PASSWORD,
        email="lejla@example.invalid",
    )
    good = _records()
    bad = copy.deepcopy(good)
    bad[6]["profile/sex"] = "man"  # row 7
    bad[20]["profile/age"] = "twenty"  # row 21
    served = {"records": bad}

    def kobo(request: BaseHTTPRequestHandler, method: str) -> None:
        if request.headers.get("Authorization") != f"Token {TOKEN}":
            _send(request, 401, b'{"detail": "Invalid token."}')
        elif not request.path.startswith(f"/api/v2/assets/{ASSET}/data/"):
            _send(request, 404, b'{"detail": "Not found."}')
        else:
            body = {"count": len(served["records"]), "next": None, "previous": None,
                    "results": served["records"]}  # fmt: skip
            _send(request, 200, json.dumps(body).encode())

    # The operator has put the token in the environment of the ctis server.
    monkeypatch.setenv(VARIABLE, TOKEN)
    url = live_server.url
    with serve(kobo) as (origin, _seen):
        # 1. She creates the survey and connects the Kobo project from the pages.
        page.set_viewport_size(DESKTOP)
        browser_login(page, lejla)
        page.goto(f"{url}/surveys/")
        page.get_by_role("link", name="New survey").click()
        page.get_by_label("Title").fill("Flow monitoring Western Balkans 2026 (fictional)")
        page.get_by_label("Name").fill("fms-wb-2026")
        expect(page.get_by_label("Organisation")).to_have_value(str(office.public_id))
        page.get_by_label("KoboToolbox server").fill(origin)
        page.get_by_label("KoboToolbox form (asset uid)").fill(ASSET)
        page.get_by_label("environment variable holding the KoboToolbox token").fill(VARIABLE)
        screenshot(page, "journey-4-new-survey-desktop")
        page.get_by_role("button", name="Create survey").click()
        expect(page.get_by_text("The survey was created.")).to_be_visible()
        servers = page.locator("section[aria-labelledby=servers]")
        expect(servers).to_contain_text(VARIABLE)
        expect(servers).to_contain_text("set")
        expect(servers).not_to_contain_text(TOKEN)
        page.set_viewport_size(PHONE)
        screenshot(page, "journey-4-survey-connected-phone")
        page.set_viewport_size(DESKTOP)

        # 2. The first pull is rejected whole; each problem names its row and column.
        page.get_by_role("button", name="Pull from KoboToolbox now").click()
        expect(page.get_by_role("heading", name="Nothing was imported")).to_be_visible()
        rows = page.locator("table.problems tbody tr")
        expect(rows).to_have_count(2)
        cells = [[c.strip() for c in rows.nth(i).locator("td").all_inner_texts()] for i in (0, 1)]
        assert [(c[0], c[1], c[2]) for c in cells] == [("7", "sex", "man"), ("21", "age", "twenty")]
        assert Submission.objects.count() == 0
        screenshot(page, "journey-4-rejected-pull-desktop")
        page.set_viewport_size(PHONE)
        screenshot(page, "journey-4-rejected-pull-phone")
        page.set_viewport_size(DESKTOP)

        # 3. The rows are corrected in KoboToolbox; the second pull imports all of them.
        served["records"] = good
        page.get_by_role("link", name="Back to the survey").click()
        page.get_by_role("button", name="Pull from KoboToolbox now").click()
        expect(page.get_by_role("heading", name="Import complete")).to_be_visible()
        counts = page.get_by_role("list", name="Counts")
        expect(counts).to_contain_text(f"{len(good)} created")
        assert Submission.objects.count() == len(good)

    # 4. The share with at least one indicator, its interval, by country and sex.
    page.goto(f"{url}/analytics/")
    headline = page.locator("section.headline")
    expect(headline.locator(".big")).to_have_text(_share(good))
    expect(headline).to_contain_text(re.compile(r"95% confidence interval \d+\.\d% – \d+\.\d%"))
    by_country = page.locator("section[aria-labelledby=by-country_of_interview]")
    serbia = by_country.get_by_role("row").filter(has_text="Serbia")
    expect(serbia).to_contain_text(
        _share(good, lambda r: r["interview/country_of_interview"] == "RS")
    )
    expect(serbia).to_contain_text(re.compile(r"\d+\.\d% – \d+\.\d%"))
    by_sex = page.locator("section[aria-labelledby=by-sex]")
    women = by_sex.get_by_role("row").filter(has_text="Women and girls")
    expect(women).to_contain_text(_share(good, lambda r: r["profile/sex"] == "female"))
    screenshot(page, "journey-4-indicators-desktop")
    page.set_viewport_size(PHONE)
    screenshot(page, "journey-4-indicators-phone")
    page.set_viewport_size(DESKTOP)

    # 5. The HXL table for HDX: hashtags under the header; the small North Macedonia cell
    #    shows neither its count nor its figures (one small-cell rule, ctis.lib.disclosure).
    with page.expect_download() as download:
        page.get_by_role("link", name="HXL (for HDX)").click()
    text = Path(download.value.path()).read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line and not line.startswith("# ")]
    assert lines[1].startswith("#")
    assert "#indicator+value+num" in lines[1]
    table = list(csv.DictReader(io.StringIO("\n".join([lines[0], *lines[2:]]))))
    by_country_rows = {
        row["country_of_interview"]: row
        for row in table
        if row["indicator"] == "any_indicator" and row.get("country_of_interview")
    }
    assert by_country_rows["MK"]["n"] == ""  # 4 respondents: fewer than 10
    assert by_country_rows["MK"]["estimate"] == "" and by_country_rows["MK"]["ci_low"] == ""
    assert by_country_rows["RS"]["estimate"] != ""
