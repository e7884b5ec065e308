from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ctis.audit.labels import RECORD_TYPES
from ctis.audit.models import AuditEvent


class AuditSearchForm(forms.Form):
    object_id = forms.CharField(
        label=_("Case, person or record code"),
        required=False,
        help_text=_("A case code also finds the views of its person's record."),
    )
    actor = forms.CharField(label=_("User (username)"), required=False)
    action = forms.ChoiceField(
        label=_("Event"), required=False, choices=[("", _("Any")), *AuditEvent.Action.choices]
    )
    object_type = forms.ChoiceField(
        label=_("Record type"),
        required=False,
        choices=[("", _("Any")), *sorted(RECORD_TYPES.items(), key=lambda item: str(item[1]))],
    )
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
