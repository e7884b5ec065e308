"""Every portal page, in every language, stays within 50 KB transferred."""

from __future__ import annotations

from ctis.portal.budget import BUDGET_BYTES, measure, stylesheet_bytes


def test_every_page_in_every_language_stays_within_50_kb(client, all_reviewed, numbers, services):
    costs = measure(client)
    assert len(costs) == 11 * 16
    too_big = [(c.path, c.total) for c in costs if c.total > BUDGET_BYTES]
    assert too_big == []


def test_the_stylesheet_is_small(db):
    assert stylesheet_bytes() < 3 * 1024
