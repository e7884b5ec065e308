from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ctis.audit.models import AuditEvent


class AuditSearchForm(forms.Form):
    actor = forms.CharField(label=_("Username"), required=False)
    action = forms.ChoiceField(
        label=_("Event"), required=False, choices=[("", _("Any")), *AuditEvent.Action.choices]
    )
    object_type = forms.CharField(
        label=_("Record type"), required=False, help_text=_("e.g. case, user")
    )
    object_id = forms.CharField(label=_("Record code"), required=False)
    since = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            self.add_error("until", _("The end date is before the start date."))
        return data
