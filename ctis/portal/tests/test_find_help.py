"""Find help: by country, town, need and language, never showing a confidential address."""

from __future__ import annotations

import re

import pytest


def _names(html: str) -> list[str]:
    return re.findall(r"<h3><bdi>([^<]+)</bdi></h3>", html)


def test_hamid_finds_a_clinic_in_sarajevo_where_someone_speaks_dari(client, portal):
    html = client.get("/help/prs/find/?country=ba&town=Sarajevo&need=medical&speaks=prs").content
    names = _names(html.decode())
    assert names == ["Test migrant clinic"]
    assert "1 Demo Street, Sarajevo" in html.decode()


def test_filtering_by_language_keeps_only_services_that_speak_it(client, portal):
    names = _names(client.get("/help/en/find/?speaks=ar").content.decode())
    assert sorted(names) == ["Test legal desk", "Test women&#x27;s shelter"]


def test_filtering_by_country_and_need(client, portal):
    names = _names(client.get("/help/en/find/?country=rs&need=shelter").content.decode())
    assert names == ["Test women&#x27;s shelter"]


def test_the_town_filter_ignores_case(client, portal):
    names = _names(client.get("/help/en/find/?town=beograd").content.decode())
    assert names == ["Test women&#x27;s shelter"]


def test_no_results_offers_a_search_in_any_language(client, portal):
    html = client.get("/help/prs/find/?country=rs&need=legal_aid&speaks=prs").content.decode()
    assert "هیچ خدمتی پیدا نشد" in html
    assert (
        '<a href="?country=rs&amp;need=legal_aid&amp;speaks=#results">جستجو به هر زبان</a>' in html
    )


def test_the_empty_form_preselects_the_visitors_language(client, portal):
    html = client.get("/help/prs/find/").content.decode()
    assert '<option value="prs" lang="prs" selected>' in html
    assert 'id="results"' not in html


def test_a_service_not_listed_publicly_never_appears(client, portal):
    from ctis.directory.models import Service

    Service.objects.filter(pk=portal["clinic"].pk).update(is_public=False)
    assert "Test migrant clinic" not in client.get("/help/en/find/?country=ba").content.decode()


@pytest.mark.parametrize(
    "url",
    [
        "/help/en/find/?country=ba",
        "/help/en/find/?need=shelter",
        "/help/prs/find/?speaks=prs",
        "/help/en/find/?town=Bihać",
        "/help/en/numbers/",
        "/help/en/ba/",
        "/help/en/rs/",
        "/help/en/",
    ],
)
def test_a_confidential_shelter_address_never_appears(client, portal, url):
    html = client.get(url).content.decode()
    assert "Secret Lane" not in html
    assert "Hidden Street" not in html


def test_a_withheld_address_says_it_is_given_by_phone(client, portal):
    html = client.get("/help/en/find/?need=shelter&country=ba").content.decode()
    assert "Test boys&#x27; shelter" in html
    assert "The address is given by phone, to keep people safe." in html
    assert "+000 555 0111" in html


def test_the_numbers_page_lists_emergency_numbers_and_hotlines(client, portal):
    html = client.get("/help/prs/numbers/").content.decode()
    assert "شماره‌ها برای تماس در بوسنیا و هرزگوینا" in html
    assert '<a class="tel" href="tel:+0005550100" dir="ltr">+000 555 0100</a>' in html
    assert "خط مبارزه با قاچاق انسان" in html


def test_naming_kosovo_brings_its_footnote(client, portal):
    html = client.get("/help/en/find/").content.decode()
    assert "Kosovo*" in html
    assert "United Nations Security Council Resolution 1244 (1999)" in html
    prs = client.get("/help/prs/xk/").content.decode()
    assert "کوسوو*" in prs
    assert 'id="kosovo-footnote"' in prs


def test_find_help_takes_a_fixed_number_of_queries(client, portal, django_assert_num_queries):
    client.get("/help/prs/find/?country=ba")  # creates the day's counter row
    # The services, their languages, their translations, and the anonymous counter.
    with django_assert_num_queries(4):
        client.get("/help/prs/find/?country=ba")
