"""Drafted translations of the question wording and the result texts
(catalogues/ilo-ec-2009.i18n/)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from ctis.screening.catalogue import Catalogue, CatalogueError, load_translation

STAFF_LANGUAGES = ["sq", "sr", "sr-Latn", "bs", "hr", "mk"]
QUESTIONS_NOT_DRAFTED = {"hr"}  # Croatian: result texts and stage titles only, so far
INTERVIEW_LANGUAGES = ["ar", "fa", "prs", "ps", "ur", "fr"]
RIGHT_TO_LEFT = {"ar", "fa", "prs", "ps", "ur"}
ARABIC_SCRIPT = re.compile(r"[\u0600-\u06FF]")
CYRILLIC = re.compile(r"[\u0400-\u04FF]")


def test_every_staff_and_interview_language_is_drafted(catalogue: Catalogue) -> None:
    assert sorted(catalogue.languages()) == sorted(["en", *STAFF_LANGUAGES, *INTERVIEW_LANGUAGES])


@pytest.mark.parametrize("language", STAFF_LANGUAGES + INTERVIEW_LANGUAGES)
def test_a_translation_covers_every_question_and_stage_and_awaits_review(
    catalogue: Catalogue, language: str
) -> None:
    assert catalogue.path is not None
    path = catalogue.path.with_suffix(".i18n") / f"{language}.yaml"
    texts = load_translation(path, catalogue)
    english = catalogue.english_questions()
    if language in QUESTIONS_NOT_DRAFTED:
        english = {k: v for k, v in english.items() if k not in catalogue.answerable_ids}
    assert set(texts) == set(english)
    assert all(text.needs_review for text in texts.values())
    for item, text in texts.items():
        assert text.text != english[item].text, item
        if item in catalogue.answerable_ids:
            assert text.text.rstrip().endswith(("?", "؟")), item


@pytest.mark.parametrize("language", INTERVIEW_LANGUAGES)
def test_right_to_left_languages_are_marked_and_written_in_arabic_script(
    catalogue: Catalogue, language: str
) -> None:
    assert catalogue.path is not None
    data = yaml.safe_load((catalogue.path.with_suffix(".i18n") / f"{language}.yaml").read_text())
    assert data["direction"] == ("rtl" if language in RIGHT_TO_LEFT else "ltr")
    question = catalogue.questions(language)["cd.isolation"].text
    assert bool(ARABIC_SCRIPT.search(question)) == (language in RIGHT_TO_LEFT)


def test_macedonian_is_in_cyrillic_and_serbian_latin_is_not(catalogue: Catalogue) -> None:
    assert CYRILLIC.search(catalogue.questions("mk")["dr.wages"].text)
    assert not CYRILLIC.search(catalogue.questions("sr-latn")["dr.wages"].text)
    assert CYRILLIC.search(catalogue.questions("sr")["dr.wages"].text)
    assert not re.search(r"[A-Za-z]", catalogue.questions("sr")["label.dr.wages"].text)


def test_english_is_the_reviewed_source(catalogue: Catalogue) -> None:
    questions = catalogue.questions("en")
    assert questions["rf.immediate_danger"].text == (
        "Are you, or is someone close to you, in danger right now?"
    )
    assert not any(text.needs_review for text in questions.values())


def test_a_language_without_a_translation_is_an_error(catalogue: Catalogue) -> None:
    with pytest.raises(CatalogueError, match="no translation for language 'ti'"):
        catalogue.questions("ti")


def test_a_translation_with_an_unknown_id_is_rejected(catalogue: Catalogue, tmp_path: Path) -> None:
    path = tmp_path / "fr.yaml"
    path.write_text(
        "schema_version: 1\ncatalogue: ilo-ec-2009\nlanguage: fr\ndirection: ltr\nstages: {}\n"
        "questions:\n  dr.invented: {text: 'Vraiment ?', needs_review: true}\n",
        encoding="utf-8",
    )
    with pytest.raises(CatalogueError, match=r"fr.yaml: questions: dr.invented: unknown id"):
        load_translation(path, catalogue)


def test_a_translation_with_the_wrong_direction_is_rejected(
    catalogue: Catalogue, tmp_path: Path
) -> None:
    path = tmp_path / "ar.yaml"
    path.write_text(
        "schema_version: 1\ncatalogue: ilo-ec-2009\nlanguage: ar\ndirection: ltr\n"
        "stages: {}\nquestions: {}\n",
        encoding="utf-8",
    )
    with pytest.raises(CatalogueError, match="direction 'ltr' is wrong for 'ar'"):
        load_translation(path, catalogue)
