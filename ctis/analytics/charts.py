"""Bar charts of estimates with their intervals, as plain data for an inline SVG template.

Server-drawn SVG needs no charting library, no script and no other host, and stays sharp and
light on a phone. Each chart sits beside its data table.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ctis.analytics.prevalence import Result

# Colours of the chart graphics (ctis.css draws them; the report's inline SVG repeats BAR).
# Each keeps 3:1 against white and the page's wash (WCAG 1.4.11); a test computes it.
BAR_COLOUR = "#4f83ab"
SMALL_SAMPLE_BAR_COLOUR = "#858d9a"  # grey: a sample too small to rely on
WHISKER_COLOUR = "#1d2430"


@dataclass(frozen=True)
class Bar:
    label: str
    width: float  # percent of the plotting area
    low: float
    high: float
    text: str
    small: bool


@dataclass(frozen=True)
class Chart:
    bars: list[Bar]
    scale_max: float  # the estimate at the right edge, e.g. 0.2 for 20%
    ticks: list[tuple[float, str]]


def chart(results: list[Result], label_of: dict[str | None, str], small_below: int) -> Chart:
    """One bar per result; the scale ends at the next 5% above the highest upper bound."""
    highs = [r.ci_high for r in results if not math.isnan(r.ci_high)]
    top = max(highs, default=0.05)
    scale_max = min(1.0, max(0.05, math.ceil(top * 20) / 20))
    bars = []
    for result in results:
        key = next(iter(result.group.values()), None) if result.group else None
        estimate = 0.0 if math.isnan(result.estimate) else result.estimate
        bars.append(
            Bar(
                label=label_of.get(key, str(key) if key is not None else "—"),
                width=100 * estimate / scale_max,
                low=100 * (0.0 if math.isnan(result.ci_low) else result.ci_low) / scale_max,
                high=100 * (0.0 if math.isnan(result.ci_high) else result.ci_high) / scale_max,
                text="—" if math.isnan(result.estimate) else f"{100 * result.estimate:.1f}%",
                small=result.suppressed or result.n < small_below,
            )
        )
    steps = 4
    ticks = [(100 * i / steps, f"{100 * scale_max * i / steps:.0f}%") for i in range(steps + 1)]
    return Chart(bars=bars, scale_max=scale_max, ticks=ticks)
