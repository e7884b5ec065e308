"""Nothing tracks a visitor: no cookie but an explicitly chosen language, no script."""

from __future__ import annotations

import pytest

from ctis.portal.languages import PORTAL_LANGUAGES

PATHS = ["", "ba/", "page/warning-signs/", "numbers/", "find/", "find/?country=ba&speaks=prs"]


@pytest.mark.parametrize("lang", list(PORTAL_LANGUAGES))
def test_no_portal_page_sets_any_cookie(client, portal, lang):
    for path in PATHS:
        response = client.get(f"/help/{lang}/{path}")
        assert response.status_code == 200
        assert "Set-Cookie" not in response.headers, path
        assert not response.cookies, path


def test_the_language_chooser_sets_no_cookie(client, portal):
    response = client.get("/help/")
    assert response.status_code == 200
    assert not response.cookies


def test_choosing_a_language_sets_only_the_language_cookie(client, portal, settings):
    response = client.get("/help/language/prs/?to=page/warning-signs/")
    assert response.status_code == 302
    assert response["Location"] == "/help/prs/page/warning-signs/"
    assert list(response.cookies) == [settings.LANGUAGE_COOKIE_NAME]
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "prs"


def test_a_remembered_language_opens_the_portal_in_it(client, portal, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ps"
    response = client.get("/help/")
    assert response.status_code == 302
    assert response["Location"] == "/help/ps/"


def test_choosing_a_language_never_redirects_to_another_site(client, portal):
    for to in ["//evil.example/", "https://evil.example/", "../../accounts/"]:
        response = client.get(f"/help/language/fr/?to={to}")
        assert response["Location"] == "/help/fr/"


@pytest.mark.parametrize("lang", ["prs", "en"])
def test_portal_pages_carry_no_script_and_no_form_token(client, portal, lang):
    for path in PATHS:
        html = client.get(f"/help/{lang}/{path}").content.decode()
        assert "<script" not in html
        assert "csrfmiddlewaretoken" not in html
        assert 'method="post"' not in html


def test_portal_pages_load_nothing_from_another_host(client, portal):
    import re

    for path in PATHS:
        html = client.get(f"/help/ar/{path}").content.decode()
        for url in re.findall(r'(?:src|href|action)="([^"]+)"', html):
            assert not url.startswith(("http:", "https:", "//")), url


def test_portal_pages_are_compressed_when_the_phone_accepts_gzip(client, portal):
    response = client.get("/help/prs/", HTTP_ACCEPT_ENCODING="gzip")
    assert response["Content-Encoding"] == "gzip"


def test_a_post_to_a_portal_page_is_refused(client, portal):
    assert client.post("/help/en/find/").status_code == 405


def test_the_browser_is_told_portal_pages_run_no_script(client, portal):
    for path in ["/help/", "/help/prs/", "/help/prs/find/"]:
        policy = client.get(path)["Content-Security-Policy"]
        assert "script-src 'none'" in policy
        assert "connect-src 'none'" in policy
        assert "default-src 'self'" in policy
