"""Forms of the assessment, needs, plan, assistance and document sections of the case page,
and ``page_context``: what those sections need (bound forms replace the empty ones on error,
so what was typed is kept)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ctis.accounts.models import Organisation
from ctis.cases import assistance_queries, vulnerability
from ctis.cases.assistance_models import PlanItem, SupportType
from ctis.cases.models import Case

DATE = forms.DateInput(attrs={"type": "date"})


class _Prefixed(forms.Form):
    """Several forms share the case page: each names its ids apart (``plan_type``)."""

    id_prefix = "form"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", f"{self.id_prefix}_%s")
        super().__init__(*args, **kwargs)


def factor_field_name(key: str) -> str:
    return "f_" + key.replace(".", "__")


class AssessmentForm(_Prefixed):
    id_prefix = "assess"

    assessed_on = forms.DateField(label=_("Date of the assessment"), widget=DATE)
    note = forms.CharField(
        label=_("Assessment note"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for factor in vulnerability.FACTORS:
            self.fields[factor_field_name(factor.key)] = forms.ChoiceField(
                label=str(factor.label),
                choices=vulnerability.ANSWERS,
                initial=vulnerability.UNKNOWN,
                required=False,  # not sent: unknown
            )

    def factor_groups(self) -> list[tuple[str, str, list[forms.BoundField]]]:
        groups = []
        for level, level_label in vulnerability.LEVELS:
            for kind, kind_label in vulnerability.KINDS:
                fields = [
                    self[factor_field_name(f.key)]
                    for f in vulnerability.FACTORS
                    if f.level == level and f.kind == kind
                ]
                groups.append((str(level_label), str(kind_label), fields))
        return groups

    def answers(self) -> dict[str, str]:
        return {
            f.key: str(self.cleaned_data.get(factor_field_name(f.key)) or vulnerability.UNKNOWN)
            for f in vulnerability.FACTORS
        }


class NeedForm(_Prefixed):
    id_prefix = "need"

    type = forms.ChoiceField(label=_("Need"), choices=SupportType.choices)
    note = forms.CharField(label=_("Need note"), max_length=2000, required=False)


class PlanItemForm(_Prefixed):
    id_prefix = "plan"

    type = forms.ChoiceField(label=_("Type of support"), choices=SupportType.choices)
    description = forms.CharField(
        label=_("What is planned"), max_length=4000, widget=forms.Textarea(attrs={"rows": 2})
    )
    responsible_organisation = forms.ModelChoiceField(
        label=_("Responsible organisation"),
        queryset=Organisation.objects.filter(is_active=True).order_by("name"),
        required=False,
    )
    responsible_text = forms.CharField(
        label=_("Or responsible (name)"), max_length=200, required=False
    )
    target_date = forms.DateField(label=_("Target date"), required=False, widget=DATE)


class PlanStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=PlanItem.Status.choices)
    revision = forms.IntegerField(widget=forms.HiddenInput)


class PlanItemChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.get_type_display()} — {obj.get_status_display()} ({obj.created_at:%Y-%m-%d})"


class AssistanceForm(_Prefixed):
    id_prefix = "assist"

    type = forms.ChoiceField(label=_("Type of assistance"), choices=SupportType.choices)
    given_on = forms.DateField(label=_("Day of the assistance"), widget=DATE)
    provided_by = forms.CharField(label=_("Provided by"), max_length=200)
    plan_item = PlanItemChoiceField(
        label=_("For plan item"), queryset=PlanItem.objects.none(), required=False
    )
    note = forms.CharField(
        label=_("Assistance note"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["plan_item"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = PlanItem.objects.filter(case=case)


class DocumentForm(_Prefixed):
    id_prefix = "doc"

    file = forms.FileField(
        label=_("File (PDF, JPEG, PNG or Word docx; at most 10 MB)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png,.docx"}),
    )


def page_context(case: Case, **bound: forms.Form) -> dict[str, Any]:
    """Context of the assistance sections of the case page; ``bound`` forms (by context
    name) replace the empty ones."""
    today = timezone.localdate()
    context: dict[str, Any] = {
        "assessments": assistance_queries.assessments(case),
        "needs": assistance_queries.needs(case),
        "plan": [
            (item, PlanStatusForm(initial={"status": item.status, "revision": item.revision}))
            for item in assistance_queries.plan(case)
        ],
        "assistance_log": assistance_queries.assistance_log(case),
        "documents": assistance_queries.documents(case),
        "assessment_form": AssessmentForm(initial={"assessed_on": today}),
        "need_form": NeedForm(),
        "plan_form": PlanItemForm(),
        "assistance_form": AssistanceForm(case=case, initial={"given_on": today}),
        "document_form": DocumentForm(),
    }
    context.update(bound)
    return context
