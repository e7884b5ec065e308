"""Chart graphics keep 3:1 against the page (WCAG 1.4.11), computed from the colours used."""

from __future__ import annotations

import re
from pathlib import Path

from ctis.analytics import charts

CTIS = Path(charts.__file__).resolve().parent.parent
CSS = (CTIS / "static" / "ctis" / "ctis.css").read_text()
WHITE, WASH = "#ffffff", "#f4f6f9"


def luminance(colour: str) -> float:
    """Relative luminance (WCAG 2), from #rrggbb."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def css_colour(selector: str, prop: str) -> str:
    match = re.search(re.escape(selector) + r"\s*\{[^}]*?" + prop + r":\s*(#[0-9a-fA-F]{6})", CSS)
    assert match, f"{selector} has no {prop}"
    return match.group(1).lower()


def test_the_contrast_formula_matches_wcag():
    assert round(contrast("#000000", WHITE), 1) == 21.0
    assert round(contrast("#6c9cc0", WHITE), 2) == 2.94  # the colour the issue measured


def test_the_css_draws_the_charts_in_the_declared_colours():
    assert css_colour(".bar-svg .bar", "fill") == charts.BAR_COLOUR
    assert css_colour(".bar-row.small .bar-svg .bar", "fill") == charts.SMALL_SAMPLE_BAR_COLOUR
    assert css_colour(".bar-svg .whisker", "stroke") == charts.WHISKER_COLOUR


def test_chart_graphics_reach_three_to_one_against_white_and_the_wash():
    used = {charts.BAR_COLOUR, charts.SMALL_SAMPLE_BAR_COLOUR, charts.WHISKER_COLOUR}
    # Every colour written into a chart template (inline SVG) counts too.
    for template in CTIS.glob("*/templates/**/*.html"):
        text = template.read_text()
        if "<svg" in text:
            used |= {c.lower() for c in re.findall(r'(?:fill|stroke)="(#[0-9a-fA-F]{6})"', text)}
    assert charts.BAR_COLOUR in used
    for colour in used:
        for background in (WHITE, WASH):
            assert contrast(colour, background) >= 3, (colour, background)
    # The interval line stays visible over the bar.
    assert contrast(charts.WHISKER_COLOUR, charts.BAR_COLOUR) >= 3
