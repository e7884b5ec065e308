from __future__ import annotations

import re


def test_pages_carry_a_strict_content_security_policy(client, db):
    response = client.get("/accounts/login/")
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert response["X-Frame-Options"] == "DENY"


def test_no_page_loads_anything_from_another_host(client, db):
    html = client.get("/accounts/login/").content.decode()
    for url in re.findall(r'(?:src|href)="([^"]+)"', html):
        assert not url.startswith(("http:", "https:", "//")), url


def test_arabic_is_laid_out_right_to_left(client, db):
    client.post("/i18n/setlang/", {"language": "ar", "next": "/accounts/login/"})
    html = client.get("/accounts/login/").content.decode()
    assert '<html lang="ar" dir="rtl">' in html


def test_pashto_and_dari_are_right_to_left_too(client, db):
    for code in ("ps", "prs", "fa", "ur"):
        client.post("/i18n/setlang/", {"language": code, "next": "/accounts/login/"})
        html = client.get("/accounts/login/").content.decode()
        assert f'<html lang="{code}" dir="rtl">' in html


def test_serbian_latin_is_left_to_right(client, db):
    client.post("/i18n/setlang/", {"language": "sr-latn", "next": "/accounts/login/"})
    html = client.get("/accounts/login/").content.decode()
    assert '<html lang="sr-latn" dir="ltr">' in html


def test_kosovo_is_named_with_its_footnote(verified_client, make_user):
    user = make_user("vjosa", "coordinator", "office_mk")
    from ctis.accounts.models import Country, Organisation

    Organisation.objects.filter(pk=user.organisation.pk).update(
        country=Country.objects.get(code="XK")
    )
    html = verified_client(user).get("/").content.decode()
    assert "Kosovo*" in html
    assert "Security Council Resolution 1244 (1999)" in html


def test_pages_without_kosovo_carry_no_footnote(verified_client, coordinator):
    html = verified_client(coordinator).get("/").content.decode()
    assert "North Macedonia" in html
    assert "1244" not in html
