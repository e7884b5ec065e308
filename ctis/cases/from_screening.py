"""What a case keeps from the screening it was opened from (read side): the immediate actions
its red flags called for, while they are still to do, in the reader's language."""

from __future__ import annotations

from typing import Any

from ctis.cases.assistance_models import PlanItem
from ctis.cases.models import Case
from ctis.screening.queries import question_texts

OPEN = (PlanItem.Status.PLANNED, PlanItem.Status.IN_PROGRESS)


def red_flag_actions(case: Case, language: str) -> list[dict[str, Any]]:
    """The red-flag plan items not yet done or cancelled, worded from the screening's
    catalogue in ``language`` (the stored description is in the opener's language)."""
    items = list(case.plan_items.filter(status__in=OPEN).exclude(red_flag=""))
    if not items:
        return []
    texts = question_texts(case.screening.catalogue.catalogue, language) if case.screening else {}
    actions = []
    for item in items:
        label = texts.get(f"label.{item.red_flag}")
        action = texts.get(f"action.{item.red_flag}")
        actions.append(
            {
                "item": item,
                "label": label.text if label else "",
                "action": action.text if action else item.description,
                "needs_review": bool(
                    (label and label.needs_review) or (action and action.needs_review)
                ),
            }
        )
    return actions
