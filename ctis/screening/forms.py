from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ctis.directory.languages import SERVICE_LANGUAGES
from ctis.screening.models import Screening

INTERVIEW_LANGUAGES = [
    (code, SERVICE_LANGUAGES[code])
    for code in (
        "en",
        "ar",
        "fa",
        "prs",
        "ps",
        "ur",
        "fr",
        "sq",
        "sr",
        "bs",
        "mk",
        "ckb",
        "bn",
        "ti",
    )
    if code in SERVICE_LANGUAGES
]
ANSWER_CHOICES = [("yes", _("Yes")), ("no", _("No")), ("unknown", _("Don't know / no answer"))]


class ConsentForm(forms.Form):
    told_purpose = forms.BooleanField(
        label=_("I explained why I am asking these questions."), required=False
    )
    told_uses = forms.BooleanField(
        label=_("I explained how the answers are used, and that the interview is anonymous."),
        required=False,
    )
    told_research = forms.BooleanField(
        label=_("I explained that counts without names may be used for research and reports."),
        required=False,
    )
    told_right_to_see = forms.BooleanField(
        label=_("I explained that they may see what is recorded about them."), required=False
    )
    told_retention = forms.BooleanField(label=_("I explained how long it is kept."), required=False)
    told_withdrawal = forms.BooleanField(
        label=_("I explained that they can stop at any time and withdraw their answers."),
        required=False,
    )
    is_child = forms.BooleanField(label=_("The person is under 18."), required=False)
    consent_interview = forms.BooleanField(
        label=_("The person agrees to the interview."), required=False
    )
    child_assent = forms.BooleanField(label=_("The child agrees (assent)."), required=False)
    guardian_consent = forms.BooleanField(
        label=_("A guardian or the centre's appointed guardian consents."), required=False
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name in ("told_purpose", "told_uses", "told_research", "told_right_to_see",
                     "told_retention", "told_withdrawal"):  # fmt: skip
            if not data.get(name):
                self.add_error(name, _("Tell the person this first."))
        if data.get("is_child"):
            if not data.get("child_assent"):
                self.add_error("child_assent", _("A child must agree too."))
            if not data.get("guardian_consent"):
                self.add_error(
                    "guardian_consent", _("A child's interview needs a guardian's consent.")
                )
        elif not data.get("consent_interview"):
            self.add_error(
                "consent_interview", _("Record the person's agreement, or press 'Does not agree'.")
            )
        return data


class ProfileForm(forms.Form):
    respondent_language = forms.ChoiceField(
        label=_("Language the person speaks"), choices=INTERVIEW_LANGUAGES
    )
    interpreter = forms.BooleanField(label=_("Through an interpreter"), required=False)
    age = forms.IntegerField(label=_("Age"), required=False, min_value=0, max_value=120)
    unaccompanied = forms.ChoiceField(
        label=_("Unaccompanied child: under 18 and here without a parent or another adult who "
                "looks after them?"),
        choices=ANSWER_CHOICES,
        widget=forms.RadioSelect,
        required=False,
    )  # fmt: skip
    age_at_exploitation = forms.IntegerField(
        label=_("Age when it happened (if different)"), required=False, min_value=0, max_value=120
    )
    sex = forms.ChoiceField(label=_("Sex"), choices=Screening.Sex.choices)
    nationality = forms.CharField(
        label=_("Nationality (3-letter code, e.g. AFG, SYR, PAK)"),
        required=False,
        max_length=3,
        min_length=3,
    )
    exploitation = forms.ChoiceField(
        label=_("Kind of work or exploitation, if any"), choices=Screening.Exploitation.choices
    )
    revision = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, ask_unaccompanied: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not ask_unaccompanied:  # a national catalogue without the red flag
            del self.fields["unaccompanied"]

    def clean_nationality(self) -> str:
        value = (self.cleaned_data.get("nationality") or "").strip().upper()
        if value and not value.isalpha():
            raise forms.ValidationError(_("Use three letters, e.g. AFG."))
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        age, then = data.get("age"), data.get("age_at_exploitation")
        if age is not None and then is not None and then > age:
            self.add_error("age_at_exploitation", _("This is older than the person's age now."))
        if data.get("unaccompanied") == "yes" and age is not None and age >= 18:
            self.add_error(
                "unaccompanied", _("Only a child under 18 can be an unaccompanied child.")
            )
        return data


class StageForm(forms.Form):
    """One stage of the journey: a yes / no / don't-know question per indicator."""

    revision = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(
        self, *args: Any, question_ids: list[str], labels: dict[str, str], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        for question_id in question_ids:
            self.fields[question_id] = forms.ChoiceField(
                label=labels[question_id],
                choices=ANSWER_CHOICES,
                widget=forms.RadioSelect,
                required=False,
            )

    def answers(self) -> dict[str, str]:
        return {
            name: value or "unknown"
            for name, value in self.cleaned_data.items()
            if name != "revision" and value
        }


NAME_SCRIPTS = [
    ("Latn", _("Latin")),
    ("Cyrl", _("Cyrillic")),
    ("Arab", _("Arabic")),
    ("Zyyy", _("Other")),
]


class CaseRequestForm(forms.Form):
    consent_services = forms.BooleanField(
        label=_("The person agrees to be referred to services."), required=False
    )
    # Only once the person agrees to a case; kept encrypted and handed to the case.
    name = forms.CharField(
        label=_("Name, as the person writes it"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"dir": "auto", "autocomplete": "off"}),
    )
    name_script = forms.ChoiceField(
        label=_("Script of the name"), choices=NAME_SCRIPTS, initial="Latn", required=False
    )
    name_latin = forms.CharField(
        label=_("Name in Latin letters"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    consent_disclosure = forms.BooleanField(
        label=_("The person agrees that the receiving organisation is told about them."),
        required=False,
    )
    consent_cross_border = forms.BooleanField(
        label=_("The person agrees that an organisation in another country is told, if needed."),
        required=False,
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        name, latin = data.get("name", "").strip(), data.get("name_latin", "").strip()
        if not data.get("consent_services"):
            self.add_error(
                "consent_services", _("A case is opened only if the person agrees to be referred.")
            )
        if name and not latin:
            self.add_error("name_latin", _("Write the name in Latin letters too."))
        if latin and not name:  # written in Latin letters only
            data["name"], data["name_script"] = latin, "Latn"
        return data


class CatalogueForm(forms.Form):
    source = forms.CharField(
        label=_("Catalogue (YAML)"),
        widget=forms.Textarea(attrs={"rows": 24, "spellcheck": "false", "dir": "ltr"}),
        help_text=_("Start from the current catalogue; give it a new version."),
    )
    notes = forms.CharField(
        label=_("What changed and why"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
