from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.models import KeyFigureReport, ReportRun, Sector


class KeyFigureForm(forms.ModelForm):
    class Meta:
        model = KeyFigureReport
        fields = ["employed_with_support", "placements", "employees_total"]

    def clean(self):
        data = super().clean()
        supported, total = data.get("employed_with_support"), data.get("employees_total")
        if supported is not None and total is not None and supported > total:
            self.add_error(
                "employed_with_support",
                _("Employees with employment support cannot be more than the employees in total."),
            )
        return data


class SectorFigureForm(KeyFigureForm):
    sector = forms.ChoiceField(
        label=_("sector"),
        choices=[
            (Sector.MUNICIPALITY.value, Sector.MUNICIPALITY.label),
            (Sector.BUSINESS.value, Sector.BUSINESS.label),
        ],
    )

    class Meta(KeyFigureForm.Meta):
        fields = ["sector", *KeyFigureForm.Meta.fields]


def _last_month():
    end = timezone.localdate().replace(day=1) - datetime.timedelta(days=1)
    return end.replace(day=1), end


class ReportRunForm(forms.Form):
    kind = forms.ChoiceField(label=_("Report"), choices=ReportRun.Kind.choices)
    period_start = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    period_end = forms.DateField(label=_("To"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        start, end = _last_month()
        self.fields["period_start"].initial = start
        self.fields["period_end"].initial = end

    def clean(self):
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end:
            if end < start:
                self.add_error("period_end", _("The end must not be before the start."))
            elif (end - start).days > 366 * 10:
                self.add_error("period_end", _("Choose a period of at most ten years."))
        return data
