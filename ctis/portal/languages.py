"""The portal's languages, in the order offered to visitors. No Django import.

Each is named in its own script. Dari, Farsi, Pashto, Urdu and Arabic are written right to
left. ``sr`` is Serbian in Cyrillic, as in the staff interface (settings.LANGUAGES).
"""

from __future__ import annotations

PORTAL_LANGUAGES: dict[str, str] = {
    "prs": "دری",
    "fa": "فارسی",
    "ps": "پښتو",
    "ur": "اردو",
    "ar": "العربية",
    "fr": "Français",
    "en": "English",
    "sq": "Shqip",
    "sr": "Српски",
    "bs": "Bosanski",
    "mk": "Македонски",
}
SOURCE_LANGUAGE = "en"
RIGHT_TO_LEFT: frozenset[str] = frozenset({"ar", "fa", "prs", "ps", "ur"})


def is_portal_language(code: str) -> bool:
    return code in PORTAL_LANGUAGES


def direction(code: str) -> str:
    """``rtl`` or ``ltr``, for ``<html dir>``."""
    return "rtl" if code in RIGHT_TO_LEFT else "ltr"
