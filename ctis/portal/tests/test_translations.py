"""The interface text and the seed pages exist in every portal language, with the same
placeholders and page structure as the English source."""

from __future__ import annotations

import re
from importlib import import_module

import pytest

from ctis.portal.demo_content import SLUGS, pages
from ctis.portal.interface import ENGLISH, fill, text_for
from ctis.portal.languages import PORTAL_LANGUAGES

OTHERS = [code for code in PORTAL_LANGUAGES if code != "en"]


@pytest.mark.parametrize("lang", OTHERS)
def test_every_interface_string_is_translated(lang):
    module = import_module(f"ctis.portal.interface.{lang}")
    assert set(module.TEXT) == set(ENGLISH)


@pytest.mark.parametrize("lang", OTHERS)
def test_translations_keep_the_placeholders(lang):
    text = text_for(lang)
    for key, english in ENGLISH.items():
        assert re.findall(r"\{\w+\}", text[key]) == re.findall(r"\{\w+\}", english), key


@pytest.mark.parametrize("lang", OTHERS)
def test_every_seed_page_is_drafted_with_the_same_structure(lang):
    english, drafted = pages("en"), pages(lang)
    assert set(drafted) == set(SLUGS)
    for slug in SLUGS:
        title, _summary, body = drafted[slug]
        assert title
        headings = [line for line in body.split("\n") if line.startswith("## ")]
        english_headings = [line for line in english[slug][2].split("\n") if line.startswith("## ")]
        assert len(headings) == len(english_headings), slug


def test_fill_replaces_only_the_named_placeholders():
    assert fill("Call {number} in {country}", number="+000 1") == "Call +000 1 in {country}"


def test_seed_numbers_are_all_fictional():
    from ctis.portal.demo import NUMBERS

    numbers = [number for entries in NUMBERS.values() for _kind, number in entries]
    assert numbers
    assert all(number.startswith("+000 ") for number in numbers)
