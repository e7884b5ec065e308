"""Age bands: one named banding per population, defined here once. No Django import.

- ``CTDC_AGE_BROAD``: people in cases (presumed and identified victims, and those referred):
  the Counter Trafficking Data Collaborative's ``ageBroad`` (Global Synthetic Dataset
  codebook v2024), age at registration, so that national figures and the CTDC release agree.
- ``FLOW_MONITORING``: people met on the move (flow-monitoring interviews and screenings):
  the bands of IOM's flow-monitoring surveys, which separate 14–17 (travelling alone, often
  working) from younger children.

Examples:
    >>> CTDC_AGE_BROAD.band(17), CTDC_AGE_BROAD.band(48), CTDC_AGE_BROAD.band(None)
    ('9-17', '48+', 'unknown')
    >>> FLOW_MONITORING.band(14)
    '14-17'
"""

from __future__ import annotations

from dataclasses import dataclass

UNKNOWN = "unknown"


@dataclass(frozen=True)
class Banding:
    name: str
    bands: tuple[tuple[str, int, int], ...]  # (code, lowest age, highest age), in order

    @property
    def codes(self) -> list[str]:
        """Every band in order, then ``unknown``."""
        return [code for code, _low, _high in self.bands] + [UNKNOWN]

    def band(self, age: int | None) -> str:
        if age is None or age < 0:
            return UNKNOWN
        for code, low, high in self.bands:
            if low <= age <= high:
                return code
        return UNKNOWN

    def is_child(self, code: str) -> bool:
        return any(c == code and high < 18 for c, _low, high in self.bands)


CTDC_AGE_BROAD = Banding(
    "CTDC ageBroad",
    (
        ("0-8", 0, 8),
        ("9-17", 9, 17),
        ("18-20", 18, 20),
        ("21-23", 21, 23),
        ("24-26", 24, 26),
        ("27-29", 27, 29),
        ("30-38", 30, 38),
        ("39-47", 39, 47),
        ("48+", 48, 200),
    ),
)

FLOW_MONITORING = Banding(
    "IOM flow monitoring",
    (
        ("0-13", 0, 13),
        ("14-17", 14, 17),
        ("18-24", 18, 24),
        ("25-34", 25, 34),
        ("35-44", 35, 44),
        ("45+", 45, 200),
    ),
)
