"""The period of a statistics page: from / to, with calendar quarters as shortcuts (this
quarter by default), the same on every page that counts."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date


def quarter_of(day: datetime.date) -> Period:
    first_month = 3 * ((day.month - 1) // 3) + 1
    start = datetime.date(day.year, first_month, 1)
    following = datetime.date(day.year + (first_month == 10), (first_month + 2) % 12 + 1, 1)
    return Period(start, following - datetime.timedelta(days=1))


def recent_quarters(today: datetime.date, count: int = 8) -> list[tuple[str, Period]]:
    """The quarter of ``today`` and those before it, newest first, as ("2026-Q4", period)."""
    out = []
    day = today
    for _i in range(count):
        quarter = quarter_of(day)
        out.append((f"{quarter.start.year}-Q{(quarter.start.month - 1) // 3 + 1}", quarter))
        day = quarter.start - datetime.timedelta(days=1)
    return out


class PeriodForm(forms.Form):
    """A quarter (the shortcuts are links, ``?quarter=2026-Q4``), or a start and an end date
    (the form, which sends no quarter)."""

    quarter = forms.ChoiceField(label=_("Quarter"), required=False, widget=forms.HiddenInput)
    start = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, today: datetime.date | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today or timezone.localdate()
        self.quarters = dict(recent_quarters(self.today))
        quarter = self.fields["quarter"]
        assert isinstance(quarter, forms.ChoiceField)
        quarter.choices = [("", _("Dates below")), *[(q, q) for q in self.quarters]]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if not data.get("quarter") and start and end and start > end:
            raise forms.ValidationError(_("The period ends before it starts."))
        return data

    def shortcuts(self) -> list[tuple[str, Period]]:
        """The quarters offered as links: this one and the three before it."""
        return list(self.quarters.items())[:4]

    def period(self) -> Period:
        """The period asked for; this quarter when nothing (or nothing valid) was."""
        if self.is_bound and self.is_valid():
            chosen = self.cleaned_data.get("quarter")
            if chosen:
                return self.quarters[chosen]
            start, end = self.cleaned_data.get("start"), self.cleaned_data.get("end")
            if start or end:
                return Period(start or datetime.date(1900, 1, 1), end or self.today)
        return quarter_of(self.today)


def period_form(request: Any) -> tuple[PeriodForm, Period]:
    form = PeriodForm(request.GET or None)
    return form, form.period()
