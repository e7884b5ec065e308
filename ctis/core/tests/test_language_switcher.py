"""The language switcher: a button (no change on selection, WCAG 3.2.2), keeps the query
string, and never lands on a page that only answers POST (405)."""

from __future__ import annotations

import re

from django.urls import reverse


def _switcher(html: str) -> str:
    match = re.search(r'<form class="language".*?</form>', html, re.S)
    assert match, "no language switcher"
    return match.group(0)


def _next(html: str) -> str:
    match = re.search(r'name="next" value="([^"]*)"', _switcher(html))
    assert match
    return match.group(1).replace("&amp;", "&")


def test_the_switcher_changes_language_only_on_its_button(client, caseworker, verified_client):
    html = verified_client(caseworker).get(reverse("cases:list")).content.decode()
    form = _switcher(html)
    assert "data-autosubmit" not in form and "onchange" not in form
    assert re.search(r'<button type="submit"[^>]*>', form)


def test_the_switcher_keeps_the_query_string(caseworker, verified_client):
    client = verified_client(caseworker)
    url = reverse("cases:list") + "?status=presumed&page=2"
    page_next = _next(client.get(url).content.decode())
    assert page_next == url
    response = client.post("/i18n/setlang/", {"language": "bs", "next": page_next})
    assert response.status_code == 302 and response["Location"] == url
    assert client.get(response["Location"]).status_code == 200


def test_a_post_result_page_returns_to_the_page_of_the_form(caseworker, verified_client):
    client = verified_client(caseworker)
    cases = reverse("cases:list") + "?status=presumed"
    results = client.post(
        reverse("cases:search"),
        {"name": "Marko", "code": ""},
        HTTP_REFERER=f"http://testserver{cases}",
    )
    assert results.status_code == 200
    page_next = _next(results.content.decode())
    assert page_next == cases
    response = client.post("/i18n/setlang/", {"language": "sr-latn", "next": page_next})
    assert client.get(response["Location"]).status_code == 200


def test_a_post_result_page_without_a_same_site_referer_returns_home(caseworker, verified_client):
    client = verified_client(caseworker)
    search = reverse("cases:search")
    referers = ({}, {"HTTP_REFERER": "https://elsewhere.example/cases/"},
                # searching again from the results page: the Referer is the POST-only page
                {"HTTP_REFERER": f"http://testserver{search}"})  # fmt: skip
    for referer in referers:
        html = client.post(search, {"name": "Marko", "code": ""}, **referer).content.decode()
        assert _next(html) == reverse("core:home")
        response = client.post("/i18n/setlang/", {"language": "mk", "next": _next(html)})
        assert response["Location"] == reverse("core:home")
        assert client.get(response["Location"]).status_code == 200
    # Never a 405: the search page itself answers only POST.
    assert client.get(search).status_code == 405
