"""The analyst uploads a bad file, reads the problems, then uploads a good one: in Chromium."""

from __future__ import annotations

import re

import pytest

from conftest import DESKTOP, PASSWORD, PHONE
from ctis.surveys.models import Submission
from ctis.surveys.tests.conftest import FIXTURES

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_analyst_sees_every_problem_of_a_bad_file_then_the_counts_of_a_good_one(
    live_server, page, analyst, survey, viewport, screenshot, transactional_db
):
    size = "phone" if viewport is PHONE else "desktop"
    external: list[str] = []
    page.on(
        "request", lambda r: None if r.url.startswith(live_server.url) else external.append(r.url)
    )
    page.set_viewport_size(viewport)
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill("lejla")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{live_server.url}/")

    page.goto(f"{live_server.url}/surveys/")
    assert page.get_by_role("link", name="XLSForm (.xlsx)").is_visible()
    screenshot(page, f"surveys-list-{size}")
    page.get_by_role("link", name="Test flow monitoring 2017 (fictional)").click()
    page.get_by_role("link", name="Import a file").click()
    page.wait_for_url(re.compile(r"/import/$"))
    screenshot(page, f"surveys-import-{size}")

    page.get_by_label("Survey file").set_input_files(str(FIXTURES / "bad_rows.csv"))
    page.get_by_label("Dry run: check and count only, write nothing").check()
    page.get_by_role("button", name="Check and import").click()
    alert = page.get_by_role("alert")
    assert alert.get_by_text("Nothing was imported: 12 problems were found.").is_visible()
    rows = page.locator("table.problems tbody tr")
    assert rows.count() == 12
    first = rows.first
    assert first.locator("td").nth(0).inner_text() == "3"
    assert first.locator("td").nth(1).inner_text() == "sex"
    assert first.locator("td").nth(2).inner_text() == "man"
    assert first.locator("td").nth(3).inner_text() == "is not one of male, female, other, refused"
    assert page.get_by_label("Dry run: check and count only, write nothing").is_checked()
    screenshot(page, f"surveys-problems-{size}")

    page.get_by_label("Dry run: check and count only, write nothing").uncheck()
    page.get_by_label("Survey file").set_input_files(str(FIXTURES / "kobo_labels_semicolon.csv"))
    page.get_by_role("button", name="Check and import").click()
    page.wait_for_url(re.compile(r"/surveys/batches/"))
    assert page.get_by_role("heading", name="Import complete").is_visible()
    counts = page.get_by_role("list", name="Counts").locator("li")
    assert [" ".join(counts.nth(i).inner_text().split()) for i in range(counts.count())] == [
        "3 rows read",
        "3 created",
        "0 updated",
        "0 unchanged",
        "0 rows with problems",
    ]
    screenshot(page, f"surveys-imported-{size}")
    page.get_by_role("link", name="Back to the survey").click()
    assert page.get_by_text("Rejected, nothing written").is_visible()
    screenshot(page, f"surveys-detail-{size}")
    assert Submission.objects.count() == 3
    assert external == []
