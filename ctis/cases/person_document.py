"""The document for the person (the PDF of the rights of the person): what it shows.

Written for the person, who may carry it: it never states an identification status. Decisions
are "decisions about the support you can receive" (date and kind of body only), staff-written
text (grounds, notes) is left out, and an organisation whose name says what the case is about
is printed as "an organisation that supports you".
"""

from __future__ import annotations

import re
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from ctis.cases.models import Case, CaseEvent, ConsentEvent, Person, StatusDecision

# Words that would tell a reader of the person's PDF what their case is about. Organisation
# names containing one are replaced by a neutral phrase.
REVEALING = re.compile(
    r"traffick|victim|trgovin|trafik|trafic|жртв|трговин|exploit|eksploat|експлоат|"
    r"shelter|skloništ|склониш|sigurna ku|strehimor|viktim|žrtv|zhrtv",
    re.IGNORECASE,
)


def neutral_organisation(name: str) -> str:
    """An organisation's name, unless it would tell a reader what the case is about."""
    if REVEALING.search(name):
        return _("an organisation that supports you")
    return name


def _field_labels() -> dict[str, str]:
    labels = {f.name: str(f.verbose_name) for f in Person._meta.concrete_fields}
    labels.update({f.name: str(f.verbose_name) for f in Case._meta.concrete_fields})
    # Status is never named on the person's document.
    labels["status"] = _("a decision about your support")
    labels["reflection_end"] = labels["reflection_start"] = _("time to recover and decide")
    labels["no_removal"] = _("time to recover and decide")
    labels["closure_reason"] = _("closing")
    return labels


def person_context(person: Person) -> dict[str, Any]:
    """What the person's PDF shows. No status, no grounds, no notes' text."""
    labels = _field_labels()
    consent_labels = dict(ConsentEvent.Purpose.choices)
    org_types = dict(StatusDecision.DecidingOrg.choices)
    cases = []
    for case in person.cases.select_related("organisation", "country", "caseworker"):
        cases.append(
            {
                "code": case.code,
                "organisation": neutral_organisation(case.organisation.name),
                "country": case.country.code,
                "caseworker": case.caseworker.get_username() if case.caseworker else "",
                "opened": case.opened_at.date(),
                "closed": case.closed_at.date() if case.closed_at else None,
                "period": (case.reflection_start, case.reflection_end)
                if case.reflection_start
                else None,
                "decisions": [
                    {"on": d.decided_on, "by_kind": org_types.get(d.deciding_org_type, "")}
                    for d in case.decisions.all()
                ],
                "consents": [
                    {
                        "purpose": consent_labels.get(c.purpose, c.purpose),
                        "given": c.given,
                        "on": c.recorded_at.date(),
                    }
                    for c in case.consents.all()
                ],
                "notes": case.notes.count(),
                "changes": [
                    {
                        "on": e.at.date(),
                        "fields": sorted({labels.get(name, name) for name in e.field_names}),
                    }
                    for e in case.events.filter(kind=CaseEvent.Kind.EDITED)
                ],
            }
        )
    return {
        "person": person,
        "sex": person.get_sex_display(),
        "cases": cases,
        "today": timezone.localdate(),
    }


def render_html(person: Person) -> str:
    return render_to_string("cases/rights_person_pdf.html", person_context(person))
