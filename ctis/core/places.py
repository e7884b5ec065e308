"""Town names typed by a visitor, matched to the towns in the directory (no Django here).

People write the town they are in as they say it: in the locative of Bosnian, Croatian,
Montenegrin and Serbian ("u Sarajevu"), in the genitive ("iz Sarajeva"), in Cyrillic
("Сарајево"), or in Persian letters as it sounds ("سارایوو"). ``matches`` compares two town
names through:

1. the name normalisation of ``ctis.core.names`` (Serbian/Macedonian Cyrillic → Latin,
   diacritics folded, Arabic script to its consonant skeleton);
2. a light stemmer that strips the South Slavic case endings (``Sarajevu``, ``Sarajeva``,
   ``Sarajevom`` and ``Sarajevo`` share the stem ``sarajev``);
3. the forgiving token comparison of ``ctis.core.fuzzy_names`` (a letter or two off; a
   vowel-less Arabic-script spelling by its consonant skeleton).

Every word typed must match a word of the town, so "Banja" finds "Banja Luka".

Examples:
    >>> matches("Sarajevu", "Sarajevo"), matches("سارایوو", "Sarajevo")
    (True, True)
    >>> matches("Tuzli", "Tuzla"), matches("Mostar", "Sarajevo")
    (True, False)
"""

from __future__ import annotations

from ctis.core import fuzzy_names, names

# Case endings of nouns and adjectives (longest first); a stem keeps at least MIN_STEM letters.
CASE_ENDINGS = ("ovima", "evima", "ima", "ama", "ovi", "evi", "om", "em", "og", "oj", "om",
                "u", "a", "e", "i", "o")  # fmt: skip
MIN_STEM = 3
_VOWELS = set("aeiou")


def stem(token: str) -> str:
    """``token`` without its case ending (a vowel-less skeleton is left as it is)."""
    if not _VOWELS & set(token):
        return token
    for ending in CASE_ENDINGS:
        if token.endswith(ending) and len(token) - len(ending) >= MIN_STEM:
            return token[: -len(ending)]
    return token


def stems(town: str) -> list[list[str]]:
    """The stemmed words of each reading of ``town``."""
    return [[stem(token) for token in reading] for reading in names.token_readings(town)]


def _word_matches(query: str, word: str) -> bool:
    return query == word or fuzzy_names.token_score(query, word) is not None


def matches(query: str, town: str) -> bool:
    """Whether the town the visitor typed (``query``) names ``town``."""
    towns = stems(town)
    return any(
        all(any(_word_matches(q, w) for w in words) for q in typed)
        # written as one word or as two ("Banjaluka", "Banja Luka")
        or _word_matches(stem("".join(typed)), stem("".join(words)))
        for typed in stems(query)
        for words in towns
        if typed and words
    )


def matching(query: str, towns: list[str]) -> list[str]:
    """The towns of ``towns`` that ``query`` names."""
    return [town for town in towns if matches(query, town)]
