"""Reading screenings: a screener's organisation sees its own; coordinators see counts."""

from __future__ import annotations

import uuid
from collections.abc import Mapping

from django.db.models import QuerySet
from django.http import Http404

from ctis.accounts import permissions
from ctis.accounts.models import User
from ctis.accounts.roles import Perm
from ctis.directory import queries as directory
from ctis.directory.models import Service
from ctis.screening.catalogue import Catalogue, CatalogueError, QuestionText
from ctis.screening.models import CatalogueVersion, Screening

RTL = frozenset({"ar", "fa", "prs", "ps", "ur", "ckb"})


def screenings_visible_to(user: User) -> QuerySet[Screening]:
    organisation_ids = permissions.organisation_ids_for(user, Perm.VIEW_OWN_SCREENINGS)
    return Screening.objects.filter(organisation_id__in=organisation_ids).select_related(
        "catalogue", "screener", "country"
    )


def get_screening_for(user: User, public_id: uuid.UUID) -> Screening:
    screening = screenings_visible_to(user).filter(public_id=public_id).first()
    if screening is None:
        raise Http404
    return screening


def question_texts(catalogue: Catalogue, language: str) -> Mapping[str, QuestionText]:
    """Question wording in ``language``, English where there is no translation."""
    try:
        return catalogue.questions(language)
    except CatalogueError:
        return catalogue.questions("en")


# Kinds of help to suggest first, by result.
SUGGESTED_KINDS = {
    "trafficking_pattern": ["shelter", "child_protection", "legal_aid", "medical", "psychosocial"],
    "exploitation_without_means": ["legal_aid", "psychosocial", "shelter", "medical"],
    "indicators_present": ["legal_aid", "psychosocial", "medical", "hotline"],
    "no_indicators": ["hotline", "medical", "legal_aid"],
}


def suggested_services(screening: Screening, limit: int = 5) -> list[Service]:
    """Services in the screening's country the person is eligible for, those speaking their
    language first, in the order of what the result calls for."""
    kinds = SUGGESTED_KINDS.get(screening.result, SUGGESTED_KINDS["no_indicators"])
    if not screening.is_child and (screening.age is None or screening.age >= 18):
        kinds = [k for k in kinds if k != "child_protection"]
    found: list[Service] = []
    base = directory.search(
        directory.active_services(),
        directory.ServiceSearch(
            country=screening.country.code,
            age=screening.age,
            sex=screening.sex if screening.sex in {"female", "male"} else "",
            available_only=True,
        ),
    )
    for kind in kinds:
        candidates = list(base.filter(kind=kind))
        candidates.sort(
            key=lambda s: (screening.respondent_language not in s.language_codes, s.name)
        )
        found.extend(candidates[:2])
    return found[:limit]


def catalogues_visible_to(user: User) -> QuerySet[CatalogueVersion]:
    countries = permissions.countries_for(user, Perm.MANAGE_CATALOGUE)
    return CatalogueVersion.objects.filter(
        country__code__in=countries
    ) | CatalogueVersion.objects.filter(country__isnull=True)
