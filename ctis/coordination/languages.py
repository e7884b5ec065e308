"""Languages a focal point can be contacted in (ISO 639), with their own names. No Django import."""

from __future__ import annotations

CONTACT_LANGUAGES: dict[str, str] = {
    "en": "English",
    "sq": "Shqip",
    "sr": "Srpski / Српски",
    "bs": "Bosanski",
    "hr": "Hrvatski",
    "cnr": "Crnogorski",
    "mk": "Македонски",
    "el": "Ελληνικά",
    "bg": "Български",
    "tr": "Türkçe",
    "it": "Italiano",
    "de": "Deutsch",
    "fr": "Français",
    "ar": "العربية",
    "fa": "فارسی",
}
