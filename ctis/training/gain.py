"""Knowledge gain from pre- and post-test scores. No Django import.

Only participants with both scores count: someone who missed the pre-test tells us nothing
about change. Scores are 0–100.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class KnowledgeGain:
    """Summary of score changes over the participants who took both tests.

    ``mean_change`` is in score points; ``share_improved`` is the fraction (0–1) whose post-test
    score is strictly higher than their pre-test score. Both are None when no one took both.
    """

    tested: int
    mean_pre: float | None
    mean_post: float | None
    mean_change: float | None
    improved: int
    share_improved: float | None


def knowledge_gain(scores: Iterable[tuple[int | None, int | None]]) -> KnowledgeGain:
    """Summarise (pre, post) pairs; pairs with a missing score are left out.

    Examples:
        >>> knowledge_gain([(40, 70), (60, 60), (None, 90)]).mean_change
        15.0
    """
    pairs = [(pre, post) for pre, post in scores if pre is not None and post is not None]
    if not pairs:
        return KnowledgeGain(0, None, None, None, 0, None)
    n = len(pairs)
    total_pre = sum(pre for pre, _post in pairs)
    total_post = sum(post for _pre, post in pairs)
    improved = sum(1 for pre, post in pairs if post > pre)
    return KnowledgeGain(
        tested=n,
        mean_pre=total_pre / n,
        mean_post=total_post / n,
        mean_change=(total_post - total_pre) / n,
        improved=improved,
        share_improved=improved / n,
    )
