"""The identification status machine and the recovery and reflection period (no Django here).

The National Referral Mechanism moves a person through
``screened → potential → presumed (reasonable grounds) → identified | not_a_victim``, and a case
can leave the path as ``withdrawn`` (the person withdrew) or ``lost_contact``. Each change is
made by one action (``ctis.cases.actions.change_status``) that asks ``can_change`` first and
writes a decision record.

Examples:
    >>> can_change("potential", "presumed")
    True
    >>> can_change("potential", "identified")  # reasonable grounds come first
    False
    >>> reflection_end(datetime.date(2026, 1, 1), 30)
    datetime.date(2026, 1, 30)
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from enum import StrEnum

from ctis.lib.age_bands import CTDC_AGE_BROAD, UNKNOWN


class Status(StrEnum):
    SCREENED = "screened"
    POTENTIAL = "potential"
    PRESUMED = "presumed"
    IDENTIFIED = "identified"
    NOT_A_VICTIM = "not_a_victim"
    WITHDRAWN = "withdrawn"
    LOST_CONTACT = "lost_contact"


S = Status

# Why each edge exists:
# - the main path goes one step at a time: formal identification needs reasonable grounds first;
# - a person may withdraw, or contact may be lost, at any point before a final negative decision;
# - "not a victim" can be reconsidered (new information, an appeal) only by going back to
#   reasonable grounds, which starts a new reflection period;
# - a person who returns after withdrawing or being lost goes back to a stage of the path, with
#   a new decision record (nothing resumes silently).
ALLOWED_TRANSITIONS: dict[Status, frozenset[Status]] = {
    S.SCREENED: frozenset({S.POTENTIAL, S.NOT_A_VICTIM, S.WITHDRAWN, S.LOST_CONTACT}),
    S.POTENTIAL: frozenset({S.PRESUMED, S.NOT_A_VICTIM, S.WITHDRAWN, S.LOST_CONTACT}),
    S.PRESUMED: frozenset({S.IDENTIFIED, S.NOT_A_VICTIM, S.WITHDRAWN, S.LOST_CONTACT}),
    S.IDENTIFIED: frozenset({S.WITHDRAWN, S.LOST_CONTACT}),
    S.NOT_A_VICTIM: frozenset({S.PRESUMED}),
    S.WITHDRAWN: frozenset({S.POTENTIAL, S.PRESUMED, S.IDENTIFIED}),
    S.LOST_CONTACT: frozenset({S.POTENTIAL, S.PRESUMED, S.IDENTIFIED, S.WITHDRAWN}),
}

# Where a case may start when it is opened (from a screening, or with a decision at once).
INITIAL: frozenset[Status] = frozenset({S.SCREENED, S.POTENTIAL, S.PRESUMED})

# Entering this status starts the recovery and reflection period.
STARTS_REFLECTION: Status = S.PRESUMED
# A final negative decision ends the protection from removal.
ENDS_PROTECTION: frozenset[Status] = frozenset({S.NOT_A_VICTIM})

# Council of Europe Convention, art. 13: at least 30 days.
COE_MINIMUM_DAYS = 30


def can_change(current: str, new: str) -> bool:
    """Whether the machine allows ``current → new`` (unknown statuses: never)."""
    try:
        return Status(new) in ALLOWED_TRANSITIONS[Status(current)]
    except ValueError:
        return False


def next_statuses(current: str) -> list[Status]:
    """The statuses a case in ``current`` may move to, in path order."""
    allowed = ALLOWED_TRANSITIONS.get(Status(current), frozenset())
    return [s for s in Status if s in allowed]


def reflection_end(start: datetime.date, days: int) -> datetime.date:
    """The last day of a period of ``days`` days that starts on ``start`` (day 1)."""
    if days < 1:
        raise ValueError("a reflection period lasts at least one day")
    return start + datetime.timedelta(days=days - 1)


def days_left(end: datetime.date, today: datetime.date) -> int:
    """Days of the period left including today; 0 once it has ended."""
    return max((end - today).days + 1, 0)


# People in cases are counted in CTDC's ``ageBroad`` bands (``ctis.lib.age_bands``).
AGE_GROUPS: tuple[tuple[str, int, int], ...] = CTDC_AGE_BROAD.bands
UNKNOWN_AGE = UNKNOWN


def age_on(birth_date: datetime.date, today: datetime.date) -> int:
    before_birthday = (today.month, today.day) < (birth_date.month, birth_date.day)
    return today.year - birth_date.year - int(before_birthday)


def age_group(age: int | None) -> str:
    """The counting group of an age (``unknown`` for None)."""
    return CTDC_AGE_BROAD.band(age)


def is_child_group(group: str) -> bool:
    return CTDC_AGE_BROAD.is_child(group)


# --- the status on a date -------------------------------------------------------------------


def effective_dates(decided_on: Sequence[datetime.date]) -> list[datetime.date]:
    """The day each decision took effect, given the decisions' dates in the order recorded.

    A decision takes effect on its date, but never later than a decision recorded after it:
    every decision starts from the status the one before it set, so that status was in force
    by then. This is what lets a decision dated before the case was entered win over the
    case-opening decision, which carries the day of entry.

    Examples:
        >>> d = datetime.date
        >>> effective_dates([d(2026, 10, 10), d(2026, 9, 1)])  # opened, then back-dated
        [datetime.date(2026, 9, 1), datetime.date(2026, 9, 1)]
    """
    out: list[datetime.date] = []
    floor: datetime.date | None = None
    for day in reversed(decided_on):
        floor = day if floor is None else min(floor, day)
        out.append(floor)
    return out[::-1]


def status_on(decisions: Sequence[tuple[datetime.date, str]], day: datetime.date) -> str | None:
    """The status a case had on ``day``, from its decisions (date, new status) in the order
    recorded; None before its first decision took effect.

    Examples:
        >>> d = datetime.date
        >>> history = [(d(2026, 10, 10), "potential"), (d(2026, 9, 1), "presumed")]
        >>> status_on(history, d(2026, 9, 30)), status_on(history, d(2026, 8, 31))
        ('presumed', None)
    """
    status = None
    for effective, (_decided, to_status) in zip(
        effective_dates([decided for decided, _to in decisions]), decisions, strict=True
    ):
        if effective > day:
            break
        status = to_status
    return status
