from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from councils.models import Council, Sector


class AccessibleErrorsMixin:
    """A field with an error points at its message (aria-describedby) and is marked invalid."""

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                self.fields[name].widget.attrs.update(
                    {"aria-invalid": "true", "aria-describedby": f"{self[name].id_for_label}-error"}
                )


class SearchForm(AccessibleErrorsMixin, forms.Form):
    q = forms.CharField(label=_("Search minutes and decisions"), max_length=200)
    council = forms.ModelChoiceField(
        label=_("Council"), queryset=Council.objects.all(), required=False,
        to_field_name="slug", empty_label=_("All councils"),
    )  # fmt: skip
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1990, max_value=2100)
    sector = forms.ChoiceField(
        label=_("Sector"), required=False, choices=[("", _("All sectors")), *Sector.choices]
    )


class SubscribeForm(AccessibleErrorsMixin, forms.Form):
    email = forms.EmailField(label=_("E-mail address"))
    council = forms.ModelChoiceField(
        label=_("Council"), queryset=Council.objects.all(), required=False,
        empty_label=_("All councils"),
    )  # fmt: skip
