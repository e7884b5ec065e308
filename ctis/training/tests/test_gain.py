from __future__ import annotations

import pytest

from ctis.training.gain import knowledge_gain


def test_knowledge_gain_counts_only_people_with_both_scores():
    gain = knowledge_gain([(40, 70), (60, 60), (50, 45), (None, 90), (80, None), (None, None)])
    # Three pairs: changes +30, 0, -5.
    assert gain.tested == 3
    assert gain.mean_pre == 50
    assert gain.mean_post == pytest.approx(175 / 3)
    assert gain.mean_change == pytest.approx(25 / 3)
    assert gain.improved == 1
    assert gain.share_improved == pytest.approx(1 / 3)


def test_no_complete_pair_gives_no_figures_rather_than_zero():
    gain = knowledge_gain([(None, 70), (55, None)])
    assert gain.tested == 0
    assert gain.mean_change is None
    assert gain.share_improved is None


def test_a_zero_score_is_a_score_not_a_missing_one():
    gain = knowledge_gain([(0, 20), (100, 100)])
    assert gain.tested == 2
    assert gain.mean_change == 10
    assert gain.share_improved == 0.5
