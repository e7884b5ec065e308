"""Forms of the case pages. Edit forms carry the case revision they started from."""

from __future__ import annotations

import datetime
import re
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ctis.cases import status as machine
from ctis.cases.actions import Decision
from ctis.cases.models import Case, ConsentEvent, Person, StatusDecision
from ctis.directory.languages import SERVICE_LANGUAGES

LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}$")


class PersonFieldsMixin(forms.Form):
    name = forms.CharField(label=_("Name, as the person writes it"), max_length=200)
    name_script = forms.ChoiceField(
        label=_("Script of the name"), choices=Person.Script.choices, initial="Latn"
    )
    name_latin = forms.CharField(label=_("Name in Latin letters"), max_length=200)
    birth_date = forms.DateField(
        label=_("Date of birth"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    sex = forms.ChoiceField(label=_("Sex"), choices=Person.Sex.choices, initial="unknown")
    nationality = forms.CharField(
        label=_("Nationality (ISO 3166 alpha-3, e.g. AFG)"), max_length=3, required=False
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages"),
        choices=sorted(SERVICE_LANGUAGES.items()),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)

    def clean_nationality(self) -> str:
        value = str(self.cleaned_data.get("nationality") or "").strip().upper()
        if value and not re.fullmatch(r"[A-Z]{3}", value):
            raise forms.ValidationError(_("Three letters, as on a passport: AFG, SYR, PAK."))
        return value

    def clean_birth_date(self) -> datetime.date | None:
        value: datetime.date | None = self.cleaned_data.get("birth_date")
        if value is not None and value > timezone.localdate():
            raise forms.ValidationError(_("A date of birth cannot be in the future."))
        return value

    def person_data(self) -> dict[str, Any]:
        data = {
            k: self.cleaned_data.get(k)
            for k in ("name", "name_script", "name_latin", "birth_date", "sex", "nationality")
        }
        data["phone"] = self.cleaned_data.get("phone") or None
        data["languages"] = " ".join(sorted(self.cleaned_data.get("languages") or []))
        for key in ("document_numbers", "address"):
            if key in self.fields:
                data[key] = self.cleaned_data.get(key) or None
        return data


class DecisionFieldsMixin(forms.Form):
    deciding_org_type = forms.ChoiceField(
        label=_("Type of organisation that decided"),
        choices=[("", "—"), *StatusDecision.DecidingOrg.choices],
        required=False,
    )
    deciding_body = forms.CharField(label=_("Who decided"), max_length=200, required=False)
    decided_on = forms.DateField(
        label=_("Date of the decision"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    grounds = forms.CharField(
        label=_("Grounds"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def require_decision(self) -> None:
        for name in ("deciding_org_type", "deciding_body", "decided_on", "grounds"):
            if not self.cleaned_data.get(name):
                self.add_error(name, _("Needed for the decision record."))

    def decision(self) -> Decision:
        return Decision(
            deciding_org_type=self.cleaned_data["deciding_org_type"],
            deciding_body=self.cleaned_data["deciding_body"],
            decided_on=self.cleaned_data["decided_on"],
            grounds=self.cleaned_data["grounds"],
        )


class OpenCaseForm(PersonFieldsMixin, DecisionFieldsMixin):
    status = forms.ChoiceField(
        label=_("Identification status"),
        choices=[
            (machine.Status.POTENTIAL.value, _("Potential victim")),
            (
                machine.Status.PRESUMED.value,
                _("Presumed victim: the identification body found reasonable grounds"),
            ),
        ],
        initial=machine.Status.POTENTIAL.value,
        widget=forms.RadioSelect,
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("status") == machine.Status.PRESUMED:
            self.require_decision()
        return cleaned


class PersonForm(PersonFieldsMixin):
    document_numbers = forms.CharField(
        label=_("Identity document numbers"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    address = forms.CharField(
        label=_("Address"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    revision = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Each field carries the value it was loaded with, so that after a conflict ctis knows
        # which fields this user changed (``changed_data``) and which they left alone.
        for name, field in self.fields.items():
            if name != "revision":
                field.show_hidden_initial = True

    def merge_after_conflict(self, saved: dict[str, Any], others_changed: set[str]) -> Any:
        """The submitted data, rebased on ``saved``: fields that others changed and this user
        did not take the saved value; every field this user changed keeps what they typed;
        the loaded-with values and the revision become the saved ones."""
        mine = set(self.changed_data)
        data = self.data.copy()  # type: ignore[attr-defined]
        for name in self.fields:
            if name == "revision":
                continue
            value = saved.get(name)
            values = [str(v) for v in value] if isinstance(value, list) else None
            text = "" if value is None else str(value)
            if name in others_changed and name not in mine:
                if values is not None:
                    data.setlist(name, values)
                else:
                    data[name] = text
            key = self.add_initial_prefix(name)
            if values is not None:
                data.setlist(key, values)
            else:
                data[key] = text
        data["revision"] = str(saved["revision"])
        return data

    @classmethod
    def initial_for(cls, case: Case) -> dict[str, Any]:
        person = case.person
        return {
            "name": person.name,
            "name_script": person.name_script,
            "name_latin": person.name_latin,
            "birth_date": person.birth_date,
            "sex": person.sex,
            "nationality": person.nationality,
            "languages": person.language_codes,
            "phone": person.phone or "",
            "document_numbers": person.document_numbers or "",
            "address": person.address or "",
            "revision": case.revision,
        }


class StatusForm(DecisionFieldsMixin):
    to = forms.ChoiceField(label=_("New status"))
    revision = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = dict(Case.Status.choices)
        to = self.fields["to"]
        assert isinstance(to, forms.ChoiceField)
        to.choices = [(s.value, labels[s.value]) for s in machine.next_statuses(case.status)]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        self.require_decision()
        return cleaned


class ConsentForm(forms.Form):
    purpose = forms.ChoiceField(label=_("Purpose"), choices=ConsentEvent.Purpose.choices)
    given = forms.TypedChoiceField(
        label=_("Consent"),
        choices=[("yes", _("Given")), ("no", _("Withdrawn or refused"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    child_assent = forms.BooleanField(label=_("The child agrees"), required=False)
    guardian_consent = forms.BooleanField(label=_("A guardian consents"), required=False)


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("Note"), max_length=10000, widget=forms.Textarea(attrs={"rows": 3})
    )


class CloseForm(forms.Form):
    reason = forms.ChoiceField(label=_("Reason for closing"), choices=Case.ClosureReason.choices)
    revision = forms.IntegerField(widget=forms.HiddenInput)


class RevisionForm(forms.Form):
    revision = forms.IntegerField(widget=forms.HiddenInput)


class SearchForm(forms.Form):
    """Sent by POST only: a name must never appear in a URL or an access log."""

    name = forms.CharField(
        label=_("Name, in any script or spelling"), max_length=200, required=False
    )
    code = forms.CharField(label=_("Case code"), max_length=12, required=False)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not (cleaned.get("name") or "").strip() and not (cleaned.get("code") or "").strip():
            raise forms.ValidationError(_("Enter a name or a case code."))
        return cleaned

    def filters_used(self) -> list[str]:
        return [k for k in ("name", "code") if (self.cleaned_data.get(k) or "").strip()]
