"""What each sharing level shows the receiver. No Django import.

The receiver's page and API are built only from these names (``queries.shared_record``), so a
field not listed here cannot reach a receiver.
"""

from __future__ import annotations

from enum import StrEnum


class Level(StrEnum):
    MINIMAL = "minimal"
    SUMMARY = "summary"
    FULL = "full"


# The sender's short message goes at every level: the form warns against identifying details.
MINIMAL_FIELDS: tuple[str, ...] = ("first_name", "age_group", "needs", "message")
SUMMARY_FIELDS: tuple[str, ...] = (
    *MINIMAL_FIELDS,
    "sex",
    "identification_status",
    "languages",
    "nationality",
    "summary",
)
FULL_FIELDS: tuple[str, ...] = (
    *SUMMARY_FIELDS,
    "name",
    "name_latin",
    "birth_date",
    "phone",
    "address",
)

SHARED_FIELDS: dict[Level, tuple[str, ...]] = {
    Level.MINIMAL: MINIMAL_FIELDS,
    Level.SUMMARY: SUMMARY_FIELDS,
    Level.FULL: FULL_FIELDS,
}


def first_name(full_name: str) -> str:
    """The first word of a name ("Јована Илић" → "Јована"); empty for an empty name."""
    parts = full_name.split()
    return parts[0] if parts else ""
