"""Human labels for what the audit trail stores as codes: record types and roles."""

from __future__ import annotations

import re

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from ctis.accounts.models import ROLE_LABELS
from ctis.accounts.roles import Role

RECORD_TYPES: dict[str, str | Promise] = {
    "person": _("Person"),
    "case": _("Case"),
    "case_note": _("Case note"),
    "case_document": _("Case document"),
    "case_request": _("Request to open a case"),
    "case_settings": _("Case settings of a country"),
    "consent": _("Consent"),
    "consent_override": _("Consent override"),
    "consent_refusal": _("Refusal of an interview"),
    "vulnerability_assessment": _("Vulnerability assessment"),
    "need": _("Need"),
    "plan_item": _("Assistance plan item"),
    "assistance": _("Assistance given"),
    "break_glass": _("Break-glass access"),
    "referral": _("Referral"),
    "screening": _("Screening"),
    "screening_import": _("Screening import"),
    "catalogue_version": _("Screening questions version"),
    "survey": _("Survey"),
    "survey_import": _("Survey import"),
    "prevalence": _("Prevalence tables"),
    "programme_report": _("Programme report"),
    "training_module": _("Training module"),
    "training_session": _("Training session"),
    "training_participant": _("Training participant"),
    "meeting": _("Coordination meeting"),
    "action_item": _("Action item"),
    "campaign": _("Campaign"),
    "campaign_material": _("Campaign material"),
    "outreach_session": _("Outreach session"),
    "portal_page": _("Portal page"),
    "portal_page_translation": _("Portal page translation"),
    "portal_emergency_number": _("Emergency number"),
    "service": _("Service"),
    "service_translation": _("Service translation"),
    "provider": _("Service provider"),
    "organisation": _("Organisation"),
    "user": _("User account"),
    "membership": _("Role of a user"),
    "audit_event": _("Audit log"),
    "audit_chain": _("Audit chain check"),
    "core": _("System"),
}

_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", re.I)


def record_type(code: str) -> str:
    """The label of a record type; an unknown one as words ("x_y.files" → "x y files")."""
    label = RECORD_TYPES.get(code)
    return str(label) if label is not None else code.replace("_", " ").replace(".", " ")


def roles(codes: str) -> str:
    """ "dpo,system_admin" → "Data protection officer, System administrator"."""
    out = []
    for code in filter(None, codes.split(",")):
        try:
            out.append(str(ROLE_LABELS[Role(code)]))
        except ValueError:
            out.append(code)
    return ", ".join(out)


def record_code(object_id: str) -> str:
    """The record's code as a person reads it: codes as they are, internal ids not at all."""
    return "" if _UUID.match(object_id) else object_id
