"""Languages services can be offered in (ISO 639), with their own names. No Django import."""

from __future__ import annotations

SERVICE_LANGUAGES: dict[str, str] = {
    "en": "English",
    "sq": "Shqip",
    "sr": "Srpski / Српски",
    "bs": "Bosanski",
    "hr": "Hrvatski",
    "mk": "Македонски",
    "ar": "العربية",
    "fa": "فارسی",
    "prs": "دری",
    "ps": "پښتو",
    "ur": "اردو",
    "fr": "Français",
    "ckb": "کوردی",
    "bn": "বাংলা",
    "ti": "ትግርኛ",
    "tr": "Türkçe",
    "de": "Deutsch",
}
