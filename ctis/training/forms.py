from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ctis.accounts.models import Country, Organisation
from ctis.training.models import SCORE_MAX, Module, Participant, Session

MAX_SESSION_DAYS = 31
MAX_UPLOAD_BYTES = 5 * 1024 * 1024


class DateInput(forms.DateInput):
    input_type = "date"


def _countries(codes: Iterable[str]) -> Any:
    return Country.objects.filter(code__in=list(codes)).order_by("name")


class SessionForm(forms.ModelForm):
    country = forms.ModelChoiceField(
        label=_("Country"), queryset=Country.objects.none(), to_field_name="code"
    )
    organiser = forms.ModelChoiceField(
        label=_("Organiser"), queryset=Organisation.objects.none(), to_field_name="public_id"
    )
    modules = forms.ModelMultipleChoiceField(
        label=_("Modules"),
        queryset=Module.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Session
        fields = ["title", "country", "place", "start_date", "end_date", "organiser", "trainers"]
        widgets = {"start_date": DateInput(), "end_date": DateInput()}

    def __init__(
        self, *args: Any, countries: Iterable[str], organisers: Any, modules: Any, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["country"].queryset = _countries(countries)  # type: ignore[attr-defined]
        self.fields["organiser"].queryset = organisers  # type: ignore[attr-defined]
        self.fields["modules"].queryset = modules  # type: ignore[attr-defined]
        if self.instance.pk:
            self.initial["modules"] = list(self.instance.modules.all())
            self.initial["organiser"] = self.instance.organiser.public_id
            self.initial["country"] = self.instance.country.code

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start_date"), data.get("end_date")
        if start and end:
            if end < start:
                self.add_error("end_date", _("The last day is before the first day."))
            elif (end - start).days + 1 > MAX_SESSION_DAYS:
                self.add_error(
                    "end_date",
                    _("A session lasts at most %(days)s days.") % {"days": MAX_SESSION_DAYS},
                )
        return data

    def session_data(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class ParticipantForm(forms.ModelForm):
    organisation = forms.ModelChoiceField(
        label=_("Organisation in ctis"),
        queryset=Organisation.objects.none(),
        to_field_name="public_id",
        required=False,
        help_text=_("Choose it if the organisation uses ctis, or type its name below."),
    )
    country = forms.ModelChoiceField(
        label=_("Country"), queryset=Country.objects.none(), to_field_name="code"
    )

    class Meta:
        model = Participant
        fields = [
            "name",
            "organisation",
            "organisation_name",
            "agency_type",
            "role",
            "sex",
            "country",
            "pre_score",
            "post_score",
        ]
        widgets = {
            "pre_score": forms.NumberInput(attrs={"min": 0, "max": SCORE_MAX}),
            "post_score": forms.NumberInput(attrs={"min": 0, "max": SCORE_MAX}),
        }

    def __init__(self, *args: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]
        self.fields["country"].queryset = Country.objects.order_by("name")  # type: ignore[attr-defined]
        self.fields["organisation_name"].required = False
        self.fields["agency_type"].required = False
        if self.instance.pk:
            self.initial["country"] = self.instance.country.code
            if self.instance.organisation is not None:
                self.initial["organisation"] = self.instance.organisation.public_id

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        organisation = data.get("organisation")
        if organisation is None and not data.get("organisation_name"):
            self.add_error("organisation_name", _("Choose an organisation or type its name."))
        if organisation is None and not data.get("agency_type"):
            self.add_error("agency_type", _("Choose the agency type."))
        if organisation is not None:
            data["organisation_name"] = organisation.name
            data["agency_type"] = data.get("agency_type") or organisation.kind
        return data

    def participant_data(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Participant list"),
        help_text=_("A .csv or .xlsx file laid out like the template, with a header row."),
    )
    default_country = forms.ModelChoiceField(
        label=_("Country for rows that leave it blank"),
        queryset=Country.objects.none(),
        to_field_name="code",
        required=False,
        empty_label=_("The session's country"),
    )
    dry_run = forms.BooleanField(
        label=_("Dry run: check and count only, write nothing"), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["default_country"].queryset = Country.objects.order_by("name")  # type: ignore[attr-defined]

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        name = (upload.name or "").lower()
        if not name.endswith((".csv", ".txt", ".xlsx")):
            raise forms.ValidationError(_("Choose a .csv or .xlsx file."))
        return upload


def _score_field(label: str) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=0,
        max_value=SCORE_MAX,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )


class ScoresForm(forms.Form):
    """A pre and a post field for each participant, named by the participant's public id."""

    def __init__(self, *args: Any, participants: Iterable[Participant], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.participants = list(participants)
        for p in self.participants:
            self.fields[f"pre_{p.public_id}"] = _score_field(_("Pre-test score of %s") % p.name)
            self.fields[f"post_{p.public_id}"] = _score_field(_("Post-test score of %s") % p.name)
            self.initial[f"pre_{p.public_id}"] = p.pre_score
            self.initial[f"post_{p.public_id}"] = p.post_score

    def rows(self) -> list[tuple[Participant, Any, Any]]:
        return [
            (p, self[f"pre_{p.public_id}"], self[f"post_{p.public_id}"]) for p in self.participants
        ]

    def scores(self) -> dict[Any, tuple[int | None, int | None]]:
        return {
            p.public_id: (
                self.cleaned_data[f"pre_{p.public_id}"],
                self.cleaned_data[f"post_{p.public_id}"],
            )
            for p in self.participants
        }


class AttendanceForm(forms.Form):
    """A checkbox per participant per day."""

    def __init__(
        self,
        *args: Any,
        participants: Iterable[Participant],
        days: list[date],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.participants = list(participants)
        self.days = days
        for p in self.participants:
            present = {a.day for a in p.attendance.all()}
            for day in days:
                name = self.field_name(p, day)
                self.fields[name] = forms.BooleanField(
                    label=_("%(name)s present on %(day)s")
                    % {"name": p.name, "day": day.isoformat()},
                    required=False,
                )
                self.initial[name] = day in present

    @staticmethod
    def field_name(participant: Participant, day: date) -> str:
        return f"att_{participant.public_id}_{day:%Y%m%d}"

    def rows(self) -> list[tuple[Participant, list[Any]]]:
        return [(p, [self[self.field_name(p, d)] for d in self.days]) for p in self.participants]

    def present(self) -> dict[Any, list[date]]:
        return {
            p.public_id: [d for d in self.days if self.cleaned_data[self.field_name(p, d)]]
            for p in self.participants
        }


class ModuleForm(forms.ModelForm):
    class Meta:
        model = Module
        fields = ["code", "title", "certificate_title", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
