"""The result page in the reader's language.

The engine's output (``Screening.outcome``) is the stored record and stays as ``ctis screen``
gives it, in English. The page does not show its English sentences: it is rebuilt here from the
structured result, with the catalogue's texts (dimension names, indicator labels, red-flag
labels and actions) from the catalogue's translation files, each marked as a draft until a
native speaker has reviewed it, as the questions are.
"""

from __future__ import annotations

import re
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from ctis.core.locale_names import country_name, language_name
from ctis.screening import queries
from ctis.screening.models import Screening

PROFILE_LABELS = {
    "adult_labour": gettext_lazy("adults, labour exploitation"),
    "child_labour": gettext_lazy("children, labour exploitation"),
    "adult_sexual": gettext_lazy("adults, sexual exploitation"),
    "child_sexual": gettext_lazy("children, sexual exploitation"),
}
_FALLBACK = re.compile(r"^profile (\w+) is not in catalogue \S+: evaluated (\w+) instead$")
_SKIPPED = re.compile(r"^profile (\w+) is not in catalogue \S+: not evaluated$")


def _text(texts: Any, key: str, fallback: str) -> dict[str, Any]:
    entry = texts.get(key)
    if entry is None:
        return {"text": fallback, "needs_review": False}
    return {"text": entry.text, "needs_review": entry.needs_review}


def context(screening: Screening, language: str) -> dict[str, Any]:
    """What result.html shows besides the result label and the recommendation."""
    catalogue = screening.catalogue.catalogue
    texts = queries.question_texts(catalogue, language)
    outcome = screening.outcome or {}
    dimensions = []
    positive_names = []
    for dim_id, detail in outcome.get("dimensions", {}).items():
        name = _text(texts, f"dimension.{dim_id}", dim_id)
        if detail.get("positive"):
            positive_names.append(name["text"])
        if detail.get("indicators"):
            dimensions.append(
                {
                    "id": dim_id,
                    "name": name,
                    "positive": detail.get("positive", False),
                    "indicators": [_text(texts, f"label.{i}", i) for i in detail["indicators"]],
                }
            )
    red_flags = [
        {
            "id": hit["id"],
            "label": _text(texts, f"label.{hit['id']}", hit["id"]),
            "action": _text(texts, f"action.{hit['id']}", hit.get("action", "")),
        }
        for hit in outcome.get("red_flags", [])
    ]
    answers = screening.typed_answers()
    acts = [
        _text(texts, f"label.{act.id}", act.id)
        for act in catalogue.act_questions
        if answers.get(act.id) == "yes"
    ]
    return {
        "dimensions": dimensions,
        "red_flags": red_flags,
        "explanation": _explanation(screening, positive_names, acts),
        "warnings": [_warning(w) for w in outcome.get("warnings", [])],
        "facts": _facts(screening, language),
    }


def _explanation(
    screening: Screening, positive: list[str], acts: list[dict[str, Any]]
) -> list[str]:
    """A few short sentences: what was positive, and why that gives this result."""
    outcome = screening.outcome or {}
    yes = sum(
        len(detail.get("indicators", [])) for detail in outcome.get("dimensions", {}).values()
    )
    lines = [
        ngettext("%(count)d indicator answered yes.", "%(count)d indicators answered yes.", yes)
        % {"count": yes}
    ]
    if positive:
        lines.append(_("Positive: %(dimensions)s.") % {"dimensions": ", ".join(positive)})
    else:
        lines.append(_("No dimension is positive."))
    if acts:
        lines.append(
            _("Also answered yes: %(acts)s.") % {"acts": ", ".join(a["text"] for a in acts)}
        )
    if screening.result == "trafficking_pattern" and screening.profile.startswith("child"):
        lines.append(
            _(
                "For a child no means are needed: exploitation together with recruitment, "
                "or being moved by someone, is enough."
            )
        )
    elif screening.result == "exploitation_without_means":
        lines.append(_("The trafficking pattern is not met: nothing positive for the means."))
    return lines


def _warning(warning: str) -> str:
    if warning.startswith("age unknown"):
        return _(
            "The age is not known: the answers were evaluated as for a child and as for an "
            "adult, and the higher result kept. Establish the age."
        )
    fallback = gettext_lazy(
        "This catalogue has no list for %(wanted)s: the list for %(used)s was used."
    )
    skipped = gettext_lazy("This catalogue has no list for %(wanted)s: not evaluated.")
    for pattern, message in ((_FALLBACK, fallback), (_SKIPPED, skipped)):
        match = pattern.match(warning)
        if match:
            groups = match.groups()
            wanted = PROFILE_LABELS.get(groups[0], groups[0])
            used = PROFILE_LABELS.get(groups[1], groups[1]) if len(groups) > 1 else ""
            return str(message) % {"wanted": wanted, "used": used}
    return warning


def _facts(screening: Screening, language: str) -> list[tuple[str, str]]:
    """Who was screened, in words: no codes."""
    facts = []
    if screening.age is not None:
        facts.append((_("Age"), str(screening.age)))
    if screening.age_at_exploitation is not None:
        facts.append((_("Age when it happened"), str(screening.age_at_exploitation)))
    facts.append((_("Sex"), str(screening.get_sex_display())))
    if screening.nationality:
        facts.append((_("Nationality"), country_name(screening.nationality, language)))
    interpreter = _(" (through an interpreter)") if screening.interpreter else ""
    facts.append(
        (_("Language"), language_name(screening.respondent_language, language) + interpreter)
    )
    return facts
