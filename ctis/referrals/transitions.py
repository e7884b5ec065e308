"""The referral status machine. No Django import: read and tested on its own.

A referral (or a transfer of the case) starts ``pending``. The receiver accepts or declines it
(declining needs a reason); an accepted referral is completed by the receiver when the help
was given ("closing the loop"). The sender may withdraw it while it is pending or accepted.

A transfer of case ownership ends at ``accepted``: acceptance *is* the handover, so there is
nothing left to complete (and the sender, no longer the owner, cannot withdraw it).
"""

from __future__ import annotations

from enum import StrEnum


class Status(StrEnum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    COMPLETED = "completed"
    WITHDRAWN = "withdrawn"


class Kind(StrEnum):
    REFERRAL = "referral"
    TRANSFER = "transfer"


class Side(StrEnum):
    """Who may make a change: the sending or the receiving organisation."""

    SENDER = "sender"
    RECEIVER = "receiver"


INITIAL = Status.PENDING

ALLOWED_TRANSITIONS: dict[Kind, dict[Status, frozenset[Status]]] = {
    Kind.REFERRAL: {
        Status.PENDING: frozenset({Status.ACCEPTED, Status.DECLINED, Status.WITHDRAWN}),
        Status.ACCEPTED: frozenset({Status.COMPLETED, Status.WITHDRAWN}),
        Status.DECLINED: frozenset(),
        Status.COMPLETED: frozenset(),
        Status.WITHDRAWN: frozenset(),
    },
    Kind.TRANSFER: {
        Status.PENDING: frozenset({Status.ACCEPTED, Status.DECLINED, Status.WITHDRAWN}),
        Status.ACCEPTED: frozenset(),
        Status.DECLINED: frozenset(),
        Status.COMPLETED: frozenset(),
        Status.WITHDRAWN: frozenset(),
    },
}

# Which side makes each change.
SIDE_OF: dict[Status, Side] = {
    Status.ACCEPTED: Side.RECEIVER,
    Status.DECLINED: Side.RECEIVER,
    Status.COMPLETED: Side.RECEIVER,
    Status.WITHDRAWN: Side.SENDER,
}

# Changes that must give a reason.
NEEDS_REASON: frozenset[Status] = frozenset({Status.DECLINED})

# While in these statuses the receiver sees what the referral shares; after a decline or a
# withdrawal they see nothing of the person any more.
SHARES_DATA: frozenset[Status] = frozenset({Status.PENDING, Status.ACCEPTED, Status.COMPLETED})

FINAL: frozenset[Status] = frozenset(s for s in Status if not ALLOWED_TRANSITIONS[Kind.REFERRAL][s])


def can_change(kind: str, current: str, to: str) -> bool:
    """Whether a referral of ``kind`` may go from ``current`` to ``to``."""
    try:
        return Status(to) in ALLOWED_TRANSITIONS[Kind(kind)][Status(current)]
    except ValueError:
        return False


def next_statuses(kind: str, current: str, side: Side | None = None) -> list[Status]:
    """The statuses reachable from ``current`` (for ``side`` only, if given), in enum order."""
    allowed = ALLOWED_TRANSITIONS[Kind(kind)][Status(current)]
    return [s for s in Status if s in allowed and (side is None or SIDE_OF[s] is side)]
