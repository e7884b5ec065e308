"""Find help matches the town across scripts, spellings and the region's case endings."""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest

from ctis.core import places


def _names(html: str) -> list[str]:
    return re.findall(r"<h3><bdi>([^<]+)</bdi></h3>", html)


@pytest.mark.parametrize("town", ["Sarajevu", "Sarajeva", "Sarajevom", "Сарајево", "سارایوو",
                                  "sarajevo", "Saraevo"])  # fmt: skip
def test_sarajevo_is_found_however_the_visitor_writes_it(client, portal, town):
    html = client.get(f"/help/prs/find/?country=ba&town={quote(town)}&need=medical").content
    assert _names(html.decode()) == ["Test migrant clinic"], town


@pytest.mark.parametrize("town", ["Mostar", "Beograd", "Zenica", "Sarajevo Mostar"])
def test_another_town_finds_nothing_in_sarajevo(client, portal, town):
    html = client.get(f"/help/en/find/?country=ba&town={quote(town)}&need=medical").content
    assert _names(html.decode()) == [], town


def test_town_words_case_endings_and_scripts():
    towns = ["Sarajevo", "Istočno Sarajevo", "Banja Luka", "Tuzla", "Beograd", "Bihać", "Skopje"]
    assert places.matching("Tuzli", towns) == ["Tuzla"]
    assert places.matching("Beogradu", towns) == ["Beograd"]
    assert places.matching("Београд", towns) == ["Beograd"]
    assert places.matching("Banjaluka", towns) == ["Banja Luka"]
    assert places.matching("Banja", towns) == ["Banja Luka"]
    assert places.matching("Bihaću", towns) == ["Bihać"]
    assert places.matching("Скопје", towns) == ["Skopje"]
    assert places.matching("Istočnom Sarajevu", towns) == ["Istočno Sarajevo"]
    assert places.matching("Mostaru", towns) == []
