"""The portal's interface in English: the source every other language translates.

Placeholders in braces (``{country}``) are filled in by the page; translations keep them.
"""

# Prose: lines stay whole so translators can compare them.
from __future__ import annotations

TEXT: dict[str, str] = {
    "list_sep": ", ",
    "site_name": "Help and information",
    "tagline": "Safe travel, your rights, and where to find help",
    "skip": "Skip to content",
    "language": "Language",
    "choose_language": "Choose your language",
    "home": "Start",
    "danger_now": "In danger right now?",
    "call_emergency": "Call {number}",
    "where_are_you": "Where are you now?",
    "information": "Information for you",
    "find_help": "Find help near you",
    "find_help_intro": "Services that help people on the move. Choose what you need.",
    "country": "Country",
    "town": "Town",
    "need": "What do you need?",
    "speaks": "Someone speaks",
    "any": "Any",
    "search_any_language": "Search in any language",
    "search": "Search",
    "results": "Services found: {count}",
    "no_results": "No service found. Try another town, or any language.",
    "address_confidential": "The address is given by phone, to keep people safe.",
    "address": "Address",
    "phone": "Phone",
    "opening_hours": "Open",
    "open_24_7": "Open day and night",
    "languages_spoken": "Languages spoken",
    "for_women": "For women and girls",
    "for_men": "For men and boys",
    "ages": "Ages {ages}",
    "numbers": "Numbers to call",
    "numbers_in": "Numbers to call in {country}",
    "numbers_intro": "You do not have to give your name to ask for advice.",
    "helplines": "Helplines",
    "help_in": "Help in {country}",
    "all_countries": "All countries",
    "not_translated": "This page is not yet available in {language}. Here it is in English.",
    "privacy": "This site does not follow you: no cookies, no accounts, no scripts. "
    "We only count how many times pages are read.",
    "demo": "Demonstration: all services and numbers on this site are fictional.",
    "back": "Back to the start",
    "read": "Read",
    "need_shelter": "A safe place to stay",
    "need_medical": "Health care",
    "need_psychosocial": "Someone to talk to",
    "need_legal_aid": "Legal advice",
    "need_interpretation": "An interpreter",
    "need_accommodation": "Accommodation",
    "need_child_protection": "Help for children",
    "need_avrr": "Help to return home",
    "need_hotline": "Helpline",
    "need_police": "Police",
    "need_other": "Other help",
    "number_emergency": "Emergency",
    "number_police": "Police",
    "number_ambulance": "Ambulance",
    "number_trafficking": "Anti-trafficking hotline",
    "number_children": "Help for children",
    "leaflet_title": "Travelling? Stay safe.",
    "leaflet_points": "A job with high pay for easy work may be a trap.\n"
    "No one may keep your passport or documents.\n"
    "A debt for your journey must not force you to work.\n"
    "You have rights and can get help, even without papers.",
    "leaflet_scan": "Scan the code to read more in your language, and to find help near you.",
    "too_many": "Too many searches came from here in a short time. "
    "Wait a minute, then search again.",
}
