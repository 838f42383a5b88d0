from __future__ import annotations

from datetime import datetime, timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bookings.models import Series
from resources.models import Feature, Resource


class DateInput(forms.DateInput):
    input_type = "date"


class TimeInput(forms.TimeInput):
    input_type = "time"


def _aware(day, t):
    return datetime.combine(day, t, tzinfo=timezone.get_current_timezone())


class BookingForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DateInput)
    start_time = forms.TimeField(label=_("From"), widget=TimeInput)
    end_date = forms.DateField(
        label=_("End date"), widget=DateInput, required=False,
        help_text=_("For bookings over several days or months; empty: the same day."),
    )  # fmt: skip
    end_time = forms.TimeField(label=_("To"), widget=TimeInput)
    purpose = forms.CharField(label=_("Purpose"), max_length=200)
    attendees = forms.IntegerField(label=_("Number of attendees"), min_value=1, initial=1)
    equipment = forms.ModelMultipleChoiceField(
        label=_("Add equipment"),
        queryset=Resource.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("All or nothing: if any item is taken, nothing is booked."),
    )

    def __init__(self, *args, resource, **kwargs):
        super().__init__(*args, **kwargs)
        self.resource = resource
        step = (resource.slot_minutes or 30) * 60
        for name in ("start_time", "end_time"):
            self.fields[name].widget.attrs["step"] = step
        if resource.capacity:
            self.fields["attendees"].max_value = resource.capacity
            self.fields["attendees"].widget.attrs["max"] = resource.capacity
            self.fields["attendees"].help_text = _("At most %(n)s.") % {"n": resource.capacity}
        if resource.max_minutes <= 24 * 60:
            del self.fields["end_date"]
        if resource.kind == Resource.Kind.EQUIPMENT:
            del self.fields["equipment"]
        else:
            self.fields["equipment"].queryset = Resource.objects.active().filter(
                kind=Resource.Kind.EQUIPMENT, venue_id=resource.venue_id
            )

    def clean(self):
        data = super().clean()
        if data.get("date") and data.get("start_time") and data.get("end_time"):
            data["start"] = _aware(data["date"], data["start_time"])
            data["end"] = _aware(data.get("end_date") or data["date"], data["end_time"])
            if data["end"] <= data["start"]:
                self.add_error("end_time", _("The booking must end after it starts."))
        return data


class SeriesForm(BookingForm):
    frequency = forms.ChoiceField(label=_("Repeats"), choices=Series.Frequency.choices)
    until = forms.DateField(label=_("Until (date)"), widget=DateInput, required=False)
    count = forms.IntegerField(
        label=_("Or number of times"), min_value=1, max_value=104, required=False
    )
    on_conflict = forms.ChoiceField(
        label=_("Dates that are taken"),
        choices=[("skip", _("skip them")), ("abort", _("book nothing"))],
        initial="skip",
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.pop("equipment", None)
        self.fields.pop("end_date", None)

    def clean(self):
        data = super().clean()
        if not data.get("until") and not data.get("count"):
            raise forms.ValidationError(_("Give an end date or a number of times."))
        if data.get("until") and data.get("date") and data["until"] < data["date"]:
            self.add_error("until", _("The end date is before the first date."))
        if (
            data.get("until")
            and data.get("date")
            and data["until"] > data["date"] + timedelta(days=366)
        ):
            self.add_error("until", _("A series can run for at most a year."))
        return data

    def spec(self):
        data = self.cleaned_data
        return Series(
            frequency=data["frequency"], first_date=data["date"], start_time=data["start_time"],
            end_time=data["end_time"], until=data.get("until"), count=data.get("count"),
        )  # fmt: skip


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class CancelForm(ReasonForm):
    scope = forms.ChoiceField(
        label=_("Cancel"),
        choices=[
            ("one", _("only this booking")),
            ("following", _("this and following in the series")),
            ("all", _("the whole series")),
        ],
        initial="one",
        required=False,
    )


class AttendanceForm(forms.Form):
    attended = forms.IntegerField(label=_("Number who attended"), min_value=0, max_value=10000)


class SearchForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DateInput)
    from_time = forms.TimeField(label=_("Earliest start"), widget=TimeInput, initial="08:00")
    to_time = forms.TimeField(label=_("Latest end"), widget=TimeInput, initial="21:00")
    minutes = forms.TypedChoiceField(
        label=_("Length"),
        coerce=int,
        initial=60,
        choices=[
            (30, "30 min"),
            (60, "1 h"),
            (90, "1,5 h"),
            (120, "2 h"),
            (180, "3 h"),
            (240, "4 h"),
            (480, "8 h"),
        ],
    )
    capacity = forms.IntegerField(label=_("Number of people"), min_value=0, required=False)
    features = forms.ModelMultipleChoiceField(
        label=_("Needs"),
        queryset=Feature.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def clean(self):
        data = super().clean()
        if data.get("from_time") and data.get("to_time") and data["to_time"] <= data["from_time"]:
            self.add_error("to_time", _("The latest end must be after the earliest start."))
        return data


class MoveForm(forms.Form):
    date = forms.DateField(label=_("New date"), widget=DateInput)
    start_time = forms.TimeField(label=_("From"), widget=TimeInput)
    end_time = forms.TimeField(label=_("To"), widget=TimeInput)
    scope = forms.ChoiceField(
        label=_("Move"),
        choices=[
            ("one", _("only this booking")),
            ("following", _("this and following in the series")),
            ("all", _("the whole series")),
        ],
        initial="one",
        required=False,
    )

    def clean(self):
        data = super().clean()
        if data.get("date") and data.get("start_time") and data.get("end_time"):
            data["start"] = _aware(data["date"], data["start_time"])
            data["end"] = _aware(data["date"], data["end_time"])
            if data["end"] <= data["start"]:
                self.add_error("end_time", _("The booking must end after it starts."))
        return data
