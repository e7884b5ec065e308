"""The flow-monitoring data dictionary as code (shared/domain/flow-monitoring.md).

Every canonical column with its type, its allowed codes and its range. Validation of imports
and the XLSForm instrument are both generated from this module, so a column or code added here
reaches both. No Django import.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from ctis.surveys.iso3166 import ALPHA2, ALPHA3

#: Instrument versions the dictionary knows; each selects a composite definition in analytics.
INSTRUMENT_VERSIONS: tuple[str, ...] = ("fms-ct-2016", "fms-ct-2017")
CURRENT_VERSION = "fms-ct-2017"


class Kind(StrEnum):
    """Column types of the data dictionary."""

    TEXT = "text"
    DATE = "date"  # ISO 8601 calendar date
    CODE = "code"  # one code of a closed list
    MULTI = "multi"  # space-separated codes of a closed list
    INTEGER = "integer"
    NUMBER = "number"
    YN = "yn"  # yes / no / dont_know / refused
    ALPHA2 = "alpha-2"  # ISO 3166-1 alpha-2 (plus XK)
    ALPHA3 = "alpha-3"  # ISO 3166-1 alpha-3 (plus XKX)


YN_CODES: tuple[str, ...] = ("yes", "no", "dont_know", "refused")

#: Trafficking and exploitation items of the module, in questionnaire order.
ITEMS: tuple[str, ...] = (
    "unpaid_work",
    "forced_work",
    "job_offer",
    "marriage_offer",
    "held_against_will",
    "organ_offer",
    "physical_violence",
)

#: Route countries named in the dictionary, offered first in the instrument.
REGION_COUNTRIES: tuple[str, ...] = ("AL", "BA", "XK", "ME", "MK", "RS")
ROUTE_COUNTRIES: tuple[str, ...] = ("GR", "BG", "TR", "HU", "HR", "SI", "RO", "IT", "AT")


@dataclass(frozen=True)
class Column:
    """One canonical column.

    ``minimum`` and ``maximum`` are inclusive unless ``exclusive_minimum`` is set (weight > 0).
    ``multi_kind`` says what the tokens of a ``multi`` column are: ``code`` (``codes``) or
    ``alpha-2``.
    """

    name: str
    kind: Kind
    codes: tuple[str, ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    exclusive_minimum: bool = False
    required: bool = False
    multi_kind: Kind = Kind.CODE
    #: the yn item this column depends on (``ht_x_country`` is only asked when ``ht_x`` is yes)
    depends_on_yes: str | None = None

    def allowed_codes(self) -> frozenset[str]:
        """Codes valid in this column (for codes, yn, countries and multi tokens)."""
        kind = self.multi_kind if self.kind is Kind.MULTI else self.kind
        if kind is Kind.ALPHA2:
            return ALPHA2
        if kind is Kind.ALPHA3:
            return ALPHA3
        if kind is Kind.YN:
            return frozenset(YN_CODES)
        return frozenset(self.codes)

    def range_text(self) -> str:
        """The range in words, for problem reports (``0 to 120``, ``greater than 0``)."""
        if self.exclusive_minimum and self.minimum is not None:
            return f"greater than {_number(self.minimum)}"
        if self.minimum is not None and self.maximum is not None:
            return f"{_number(self.minimum)} to {_number(self.maximum)}"
        if self.minimum is not None:
            return f"{_number(self.minimum)} or more"
        return ""


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def _columns() -> tuple[Column, ...]:
    columns = [
        Column("submission_id", Kind.TEXT, required=True),
        Column("instrument_version", Kind.CODE, INSTRUMENT_VERSIONS),
        Column("survey_date", Kind.DATE),
        Column("country_of_interview", Kind.ALPHA2),
        Column("location", Kind.TEXT),
        Column("enumerator_id", Kind.TEXT),
        Column("stratum", Kind.TEXT),
        Column("cluster", Kind.TEXT),
        Column("weight", Kind.NUMBER, minimum=0, exclusive_minimum=True),
        Column("sex", Kind.CODE, ("male", "female", "other", "refused")),
        Column("age", Kind.INTEGER, minimum=0, maximum=120),
        Column("nationality", Kind.ALPHA3),
        Column("country_of_departure", Kind.ALPHA3),
        Column(
            "education",
            Kind.CODE,
            (
                "none",
                "primary",
                "lower_secondary",
                "upper_secondary",
                "tertiary",
                "vocational",
                "religious",
                "other",
                "refused",
            ),
        ),
        Column(
            "employment_before",
            Kind.CODE,
            (
                "employed",
                "self_employed",
                "unemployed_seeking",
                "unemployed_not_seeking",
                "student",
                "other",
                "refused",
            ),
        ),
        Column(
            "marital_status",
            Kind.CODE,
            ("single", "married", "widowed", "divorced", "separated", "refused"),
        ),
        Column(
            "reasons_for_leaving",
            Kind.MULTI,
            (
                "conflict",
                "persecution",
                "economic",
                "family",
                "education",
                "environment",
                "access_to_services",
                "other",
            ),
        ),
        Column("travelling_with", Kind.CODE, ("alone", "family", "group_non_family")),
        Column("journey_days", Kind.NUMBER, minimum=0),
        Column("journey_cost_usd", Kind.NUMBER, minimum=0),
        Column("countries_transited", Kind.MULTI, multi_kind=Kind.ALPHA2),
        Column("intended_destination", Kind.ALPHA3),
    ]
    columns += [Column(f"ht_{item}", Kind.YN) for item in ITEMS]
    columns += [Column(f"htf_{item}", Kind.YN) for item in ITEMS]
    columns += [
        Column(f"ht_{item}_country", Kind.ALPHA2, depends_on_yes=f"ht_{item}") for item in ITEMS
    ]
    return tuple(columns)


COLUMNS: tuple[Column, ...] = _columns()
BY_NAME: Mapping[str, Column] = {column.name: column for column in COLUMNS}
NAMES: tuple[str, ...] = tuple(column.name for column in COLUMNS)
MULTI_COLUMNS: frozenset[str] = frozenset(c.name for c in COLUMNS if c.kind is Kind.MULTI)
