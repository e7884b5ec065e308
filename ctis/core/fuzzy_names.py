"""Forgiving name comparison: typos, one name alone, either order, any script (no Django here).

``ctis.core.names`` turns a name into canonical tokens (Cyrillic → Latin, diacritics folded,
Arabic-script names through the name table or their consonant skeleton, variant spellings such
as Mohammed / Muhammad merged). This module compares those *tokens*, one by one, so that:

* one token alone finds the name (``Petrović`` finds ``Marko Petrović``), in either order;
* a token one or two letters off finds it (``Petrovik``, ``Jelna``): the allowed edit distance
  grows with the length (``allowed_edits``), since two wrong letters in ``Ana`` make another
  name;
* an Arabic-script spelling finds a Latin one through the consonant skeleton (``احمدی`` ~
  ``Ahmadi``), where the vowels that Arabic script leaves out cannot be guessed (a token with
  no vowel is taken as such a skeleton; two Latin spellings never match by skeleton).

Names are stored encrypted, so the database cannot compare them. Search runs in two steps:

1. **Candidates** by keyed hashes (blind indexes) of ``index_keys``: for each token, its
   *deletion neighbourhood* (the token with up to ``allowed_edits`` letters removed, as in
   SymSpell: two tokens within that edit distance always share one) and its loose consonant
   skeleton. The database finds rows sharing a hash with the query, within the user's scope.
2. **Ranking** of the candidates only, after decrypting them: ``compare`` measures each query
   token against the best token of the name with a real edit distance (``rapidfuzz``) and
   rejects names where some query token has no close partner.

``compare`` is the reusable part (record linkage compares names the same way). Changing the
keys changes ``RULES_VERSION``, and ``ctis keys rotate`` rebuilds the stored hashes.

Examples:
    >>> compare("Petrovik", "Marko Petrović") is not None
    True
    >>> compare("Jelna", "Jelena Marković").score > 0.8
    True
    >>> compare("Ana", "Ivana Petrović") is None
    True
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from rapidfuzz.distance import Levenshtein

from ctis.core import names

RULES_VERSION = "fuzzy-1"

_VOWELS = re.compile(r"[aeiou]")
_LOOSE = re.compile(r"[yw]")
_REPEATS = re.compile(r"(.)\1+")
# Letters that Latin spellings and Arabic-script transliteration write differently.
_SKELETON_FOLD = str.maketrans({"j": "y", "v": "w", "q": "k", "x": "k"})
_SKELETON_DIGRAPHS = (("kh", "h"), ("gh", "g"), ("ph", "f"), ("sh", "s"), ("ch", "c"), ("dh", "z"))
SKELETON_SCORE = 0.75  # a skeleton-only agreement ranks below a spelling that is close


def allowed_edits(token: str) -> int:
    """Letters that may be wrong in ``token``: none up to 3 letters, one up to 6, else two."""
    if len(token) <= 3:
        return 0
    return 1 if len(token) <= 6 else 2


def skeleton(token: str) -> str:
    """The consonants of a token (``sarajevo`` → ``sryw``, ``hmdy`` from ``احمدی`` → ``hmdy``)."""
    for digraph, letter in _SKELETON_DIGRAPHS:
        token = token.replace(digraph, letter)
    return _REPEATS.sub(r"\1", _VOWELS.sub("", token.translate(_SKELETON_FOLD)))


def loose_skeleton(token: str) -> str:
    """The skeleton without y and w, which Arabic script also uses for long vowels."""
    return _LOOSE.sub("", skeleton(token))


def tokens(name: str) -> set[str]:
    """Every canonical token of every reading of ``name``."""
    return {token for reading in names.token_readings(name) for token in reading}


def deletions(token: str, edits: int) -> set[str]:
    """``token`` and every string made by removing up to ``edits`` of its letters."""
    result = {token}
    for count in range(1, min(edits, len(token) - 1) + 1):
        for positions in itertools.combinations(range(len(token)), count):
            result.add("".join(ch for i, ch in enumerate(token) if i not in positions))
    return result


def token_keys(token: str) -> set[str]:
    keys = {f"d:{form}" for form in deletions(token, allowed_edits(token))}
    loose = loose_skeleton(token)
    if len(loose) >= 2:
        keys.add(f"s:{loose}")
    return keys


def index_keys(name: str) -> set[str]:
    """The keys to store (hashed) for a name, and to look a query up by: any shared key makes
    the name a candidate, which ``compare`` then accepts or rejects."""
    return {key for token in tokens(name) for key in token_keys(token)}


@dataclass(frozen=True)
class NameMatch:
    score: float  # 0..1, 1 = every query token found exactly
    edits: int  # letters wrong in total over the query tokens matched by spelling
    by_skeleton: int  # query tokens matched only by their consonant skeleton


def token_score(query: str, candidate: str) -> tuple[float, int, bool] | None:
    """(score, edits, by skeleton) of one query token against one name token, or None."""
    limit = max(allowed_edits(query), allowed_edits(candidate))
    distance = Levenshtein.distance(query, candidate, score_cutoff=limit)
    if distance <= limit:
        return 1.0 - distance / max(len(query), len(candidate)), distance, False
    # A token without vowels came from Arabic script (its skeleton is all it has): compare
    # skeletons then, and only then, so that Latin Petrović never meets Petrić this way.
    if _VOWELS.search(query) and _VOWELS.search(candidate):
        return None
    loose_query = loose_skeleton(query)
    if len(loose_query) >= 2 and (
        loose_query == loose_skeleton(candidate)
        or Levenshtein.distance(skeleton(query), skeleton(candidate)) <= 1 < len(loose_query)
    ):
        return SKELETON_SCORE, 0, True
    return None


def _compare_tokens(query: list[str], candidate: set[str]) -> NameMatch | None:
    total = 0.0
    edits = by_skeleton = 0
    for token in query:
        best: tuple[float, int, bool] | None = None
        for other in candidate:
            found = token_score(token, other)
            if found is not None and (best is None or found[0] > best[0]):
                best = found
                if found[0] == 1.0:
                    break
        if best is None:
            return None
        total += best[0]
        edits += best[1]
        by_skeleton += best[2]
    return NameMatch(score=total / len(query), edits=edits, by_skeleton=by_skeleton)


def compare(query: str, *candidates: str) -> NameMatch | None:
    """How well ``query`` matches a person known by ``candidates`` (the name as written, in
    Latin letters …): every query token must be close to a token of the name (any order, other
    tokens of the name may be missing from the query). None when it does not match."""
    candidate_tokens: set[str] = set()
    for candidate in candidates:
        candidate_tokens |= tokens(candidate or "")
    if not candidate_tokens:
        return None
    best: NameMatch | None = None
    for reading in names.token_readings(query):
        found = _compare_tokens(reading, candidate_tokens)
        if found is not None and (best is None or found.score > best.score):
            best = found
    return best
