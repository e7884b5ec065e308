from __future__ import annotations

from datetime import date

from ctis.coordination.rules import can_change, is_overdue

TODAY = date(2026, 11, 28)


def test_an_open_item_past_its_due_date_is_overdue():
    assert is_overdue("open", date(2026, 11, 27), TODAY)
    assert is_overdue("in_progress", date(2026, 1, 1), TODAY)


def test_an_item_due_today_is_not_yet_overdue():
    assert not is_overdue("open", TODAY, TODAY)


def test_done_or_dropped_items_are_never_overdue():
    assert not is_overdue("done", date(2026, 1, 1), TODAY)
    assert not is_overdue("dropped", date(2026, 1, 1), TODAY)


def test_status_changes_follow_the_table():
    assert can_change("open", "in_progress")
    assert can_change("in_progress", "done")
    assert can_change("done", "in_progress")
    assert can_change("open", "open")
    assert not can_change("done", "dropped")
    assert not can_change("dropped", "done")
