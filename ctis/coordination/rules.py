"""Action item statuses, the changes allowed between them, and when an item is overdue.

No Django import.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum


class Status(StrEnum):
    OPEN = "open"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    DROPPED = "dropped"


# A follow-up may keep the status as it is, or move it along one of these edges.
ALLOWED_TRANSITIONS: dict[Status, frozenset[Status]] = {
    Status.OPEN: frozenset({Status.IN_PROGRESS, Status.DONE, Status.DROPPED}),
    Status.IN_PROGRESS: frozenset({Status.OPEN, Status.DONE, Status.DROPPED}),
    Status.DONE: frozenset({Status.IN_PROGRESS}),  # reopened: it was not really done
    Status.DROPPED: frozenset({Status.OPEN}),
}

PENDING: frozenset[Status] = frozenset({Status.OPEN, Status.IN_PROGRESS})


def can_change(current: str, new: str) -> bool:
    return current == new or Status(new) in ALLOWED_TRANSITIONS[Status(current)]


def is_overdue(status: str, due: date | None, today: date) -> bool:
    """Still open or in progress after its due date (the due day itself is not overdue)."""
    return due is not None and Status(status) in PENDING and due < today
