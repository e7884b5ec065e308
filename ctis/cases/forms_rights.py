"""Forms of the rights-of-the-person and break-glass pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ctis.cases.breakglass import MIN_REASON
from ctis.cases.models import Erasure


class EraseForm(forms.Form):
    """The second step of an erasure: the reason, and the case code typed again."""

    reason = forms.ChoiceField(label=_("Why is the data erased?"), choices=Erasure.Reason.choices)
    confirm = forms.CharField(
        label=_("Type the case code to confirm"),
        max_length=12,
        strip=False,  # exactly as typed: the action compares it with the code as shown
        help_text=_("This cannot be undone."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )


class BreakGlassForm(forms.Form):
    case_code = forms.CharField(label=_("Case code"), max_length=12)
    reason = forms.CharField(
        label=_("Why do you need to see this case?"),
        min_length=MIN_REASON,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The data protection officer reads this. Access lasts 60 minutes."),
    )
