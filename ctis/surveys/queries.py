"""The read path for surveys, scoped to what the asking user may see (404 for the rest)."""

from __future__ import annotations

import uuid

from django.db.models import QuerySet
from django.http import Http404

from ctis.accounts import permissions
from ctis.accounts.models import User
from ctis.accounts.roles import Perm
from ctis.surveys.models import ImportBatch, Survey


def surveys_visible_to(user: User, perm: Perm = Perm.IMPORT_SURVEYS) -> QuerySet[Survey]:
    """Surveys in the countries where ``perm`` reaches; regional surveys need the region."""
    countries = permissions.countries_for(user, perm)
    base = Survey.objects.select_related("country", "organisation")
    if countries == permissions.ALL_COUNTRIES:
        return base
    return base.filter(country__code__in=countries)


def _key(public_id: object) -> uuid.UUID:
    try:
        return uuid.UUID(str(public_id))
    except ValueError as exc:
        raise Http404 from exc


def get_survey_for(user: User, public_id: object, perm: Perm = Perm.IMPORT_SURVEYS) -> Survey:
    survey = surveys_visible_to(user, perm).filter(public_id=_key(public_id)).first()
    if survey is None:
        raise Http404
    return survey


def batches_of(survey: Survey) -> QuerySet[ImportBatch]:
    return survey.batches.order_by("-started_at", "-pk")


def get_batch_for(user: User, public_id: object) -> ImportBatch:
    batch = (
        ImportBatch.objects.select_related("survey")
        .filter(public_id=_key(public_id), survey__in=surveys_visible_to(user))
        .first()
    )
    if batch is None:
        raise Http404
    return batch
