"""Reading assessments, the plan, the assistance log and documents: always through the case
(``queries.get_case_for``), so an outsider gets 404 for them as for the case."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.http import Http404

from ctis.accounts.models import User
from ctis.cases import queries, vulnerability
from ctis.cases.assistance_models import (
    AssistanceEntry,
    CaseDocument,
    Need,
    PlanItem,
    VulnerabilityAssessment,
)
from ctis.cases.models import Case


@dataclass(frozen=True)
class AssessmentView:
    assessment: VulnerabilityAssessment
    previous: VulnerabilityAssessment | None
    changes: list[vulnerability.Change]
    groups: list[tuple[str, str, list[tuple[vulnerability.Factor, str]]]]  # level, kind, answers


def _groups(
    answers: dict[str, str],
) -> list[tuple[str, str, list[tuple[vulnerability.Factor, str]]]]:
    groups = []
    for level, level_label in vulnerability.LEVELS:
        for kind, kind_label in vulnerability.KINDS:
            rows = [
                (factor, answers.get(factor.key, vulnerability.UNKNOWN))
                for factor in vulnerability.FACTORS
                if factor.level == level and factor.kind == kind
            ]
            groups.append((str(level_label), str(kind_label), rows))
    return groups


def assessments(case: Case) -> list[AssessmentView]:
    """The case's assessments, newest first, each compared with the one before it."""
    found = list(
        VulnerabilityAssessment.objects.filter(case=case).select_related("assessed_by")
    )  # newest first (model ordering)
    result = []
    for index, assessment in enumerate(found):
        previous = found[index + 1] if index + 1 < len(found) else None
        result.append(
            AssessmentView(
                assessment,
                previous,
                vulnerability.compare(previous.factors if previous else None, assessment.factors),
                _groups(assessment.factors),
            )
        )
    return result


def needs(case: Case) -> list[Need]:
    return list(Need.objects.filter(case=case).select_related("recorded_by"))


def plan(case: Case) -> list[PlanItem]:
    return list(
        PlanItem.objects.filter(case=case).select_related("responsible_organisation", "created_by")
    )


def assistance_log(case: Case) -> list[AssistanceEntry]:
    return list(
        AssistanceEntry.objects.filter(case=case).select_related("plan_item", "recorded_by")
    )


def documents(case: Case) -> list[CaseDocument]:
    return list(CaseDocument.objects.filter(case=case).select_related("uploaded_by"))


def get_plan_item_for(user: User, code: str, pk: int) -> PlanItem:
    case = queries.get_case_for(user, code)
    item = PlanItem.objects.filter(case=case, pk=pk).select_related("case__organisation").first()
    if item is None:
        raise Http404
    item.case = case
    return item


def get_document_for(user: User, code: str, pk: int) -> CaseDocument:
    case = queries.get_case_for(user, code)
    document = CaseDocument.objects.filter(case=case, pk=pk).first()
    if document is None:
        raise Http404
    document.case = case
    return document


@dataclass(frozen=True)
class Entry:
    at: datetime.datetime
    kind: str
    by: str
    item: Any


def timeline_entries(case: Case) -> list[Entry]:
    """Timeline entries of assessments, needs, plan items, assistance and documents."""
    entries: list[Entry] = []
    for a in VulnerabilityAssessment.objects.filter(case=case).select_related("assessed_by"):
        entries.append(Entry(a.recorded_at, "assessment", a.assessed_by.username, a))
    for n in Need.objects.filter(case=case).select_related("recorded_by"):
        entries.append(Entry(n.recorded_at, "need", n.recorded_by.username, n))
    for p in PlanItem.objects.filter(case=case).select_related("created_by"):
        entries.append(Entry(p.created_at, "plan_item", p.created_by.username, p))
    for e in AssistanceEntry.objects.filter(case=case).select_related("recorded_by"):
        entries.append(Entry(e.recorded_at, "assistance", e.recorded_by.username, e))
    for d in CaseDocument.objects.filter(case=case).select_related("uploaded_by", "deleted_by"):
        entries.append(Entry(d.uploaded_at, "document", d.uploaded_by.username, d))
        if d.deleted_at is not None and d.deleted_by is not None:
            entries.append(Entry(d.deleted_at, "document_deleted", d.deleted_by.username, d))
    return entries
