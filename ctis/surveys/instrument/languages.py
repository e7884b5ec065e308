"""Languages of the flow-monitoring instrument, in the order of every label tuple.

No Django import.
"""

from __future__ import annotations

#: (code, autonym, Babel locale for country names). XLSForm headers read ``label::Autonym (code)``.
LANGUAGES: tuple[tuple[str, str, str], ...] = (
    ("en", "English", "en"),
    ("ar", "العربية", "ar"),
    ("prs", "دری", "fa_AF"),
    ("ps", "پښتو", "ps"),
    ("ur", "اردو", "ur"),
    ("fa", "فارسی", "fa"),
    ("fr", "Français", "fr"),
    ("sq", "Shqip", "sq"),
    ("sr-Latn", "Srpski", "sr_Latn"),
    ("bs", "Bosanski", "bs"),
    ("mk", "Македонски", "mk"),
)
LANGUAGE_CODES: tuple[str, ...] = tuple(code for code, _name, _locale in LANGUAGES)

L = tuple[str, str, str, str, str, str, str, str, str, str, str]
