"""The result page in every staff language: no English word from the catalogue, no codes where
a name belongs, relative times in the reader's language."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from conftest import SYSTEM, _country
from ctis.audit.context import Actor
from ctis.directory import actions as directory
from ctis.directory.models import Service
from ctis.screening import actions
from ctis.screening.models import Screening

STAFF_LANGUAGES = ["sq", "sr", "sr-latn", "bs", "hr", "mk", "ar", "fa", "prs", "ps", "ur", "fr"]
CONSENT = dict.fromkeys(actions.CONSENT_FIELDS, True) | {"is_child": False}


@pytest.fixture
def screening(db, screener) -> Screening:
    """A completed screening of a woman speaking Pashto that makes every part of the page
    speak: every dimension has answers, every red flag is raised."""
    actor = Actor(user=screener)
    screening = actions.start_screening(actor=actor, consent=CONSENT)
    actions.save_profile(
        actor=actor,
        screening=screening,
        revision=screening.revision,
        data={
            "respondent_language": "ps",
            "age": 30,
            "sex": "female",
            "nationality": "AFG",
            "exploitation": "labour",
        },
    )
    catalogue = screening.catalogue.catalogue
    every = {i: "yes" for i in catalogue.profiles["adult_labour"].indicators}
    every |= {flag.id: "yes" for flag in catalogue.red_flags}
    actions.save_answers(
        actor=actor, screening=screening, revision=screening.revision, answers=every
    )
    actions.complete_screening(actor=actor, screening=screening, revision=screening.revision)
    provider = directory.create_provider(
        actor=SYSTEM, name="Test Sana Shelters", country=_country("BA")
    )
    shelter = directory.create_service(
        actor=SYSTEM,
        provider=provider,
        data={
            "kind": "shelter",
            "name": "Test women's shelter",
            "municipality": "Bihać",
            "availability": "available",
        },
        languages=["bs", "ps"],
    )
    Service.objects.filter(pk=shelter.pk).update(
        availability_updated_at=timezone.now() - timedelta(minutes=5)
    )
    return screening


def _english_catalogue_strings(screening: Screening) -> set[str]:
    catalogue = screening.catalogue.catalogue
    english = catalogue.english_questions()
    return {
        text.text
        for key, text in english.items()
        if key.startswith(("dimension.", "label.", "action."))
    }


def _text(html: str) -> str:
    body = html.split("<main", 1)[1]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body))


def test_the_english_page_shows_the_catalogue_strings(screening, verified_client, screener):
    """The check below can fail: in English every one of these strings is on the page."""
    client = verified_client(screener)
    page = _text(client.get(f"/screening/{screening.public_id}/").content.decode())
    shown = {
        s for s in _english_catalogue_strings(screening) if s in page or s.capitalize() in page
    }
    assert len(shown) > 60
    assert "Pashto" in page and "Female" in page and "5 minutes ago" in page


@pytest.mark.parametrize("language", STAFF_LANGUAGES)
def test_no_english_catalogue_string_on_the_result_page(
    screening, verified_client, screener, language
):
    client = verified_client(screener)
    client.cookies["ctis_language"] = language
    response = client.get(f"/screening/{screening.public_id}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert f'lang="{language}"' in html
    page = _text(html)
    english = [
        s for s in _english_catalogue_strings(screening) if s in page or s.capitalize() in page
    ]
    assert english == []
    # Codes shown as names: the language, the sex, the nationality.
    facts = dict(
        re.findall(
            r"<dt>(.*?)</dt><dd>(.*?)</dd>", html.split('class="facts"', 1)[1].split("</dl>")[0]
        )
    )
    values = " ".join(facts.values())
    assert not re.search(r"\b(ps|female|Female|AFG|Pashto)\b", values), values
    # Relative times in the reader's language, not "prije 5 minutes".
    assert "5" in page and not re.search(r"\bago\b", page)
    if language != "fr":  # "il y a 5 minutes" is French
        assert not re.search(r"\bminutes?\b", page)
    # Every catalogue text on the page is marked as a draft, as the questions are.
    assert html.count('class="tag review"') >= len(screening.outcome["red_flags"])
