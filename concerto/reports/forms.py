"""The Bilan page's period picker: a year, a quarter of it, or a custom start and end; and a cell."""

from __future__ import annotations

from datetime import date, timedelta

from django import forms
from django.utils import timezone

from concerto.core.forms import BaseForm
from concerto.councils.models import Cell

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
QUARTERS = [("", "Toute l'année"), ("1", "1er trimestre"), ("2", "2e trimestre"), ("3", "3e trimestre"),
            ("4", "4e trimestre")]  # fmt: skip
FIRST_YEAR = 2000


class PeriodForm(BaseForm):
    annee = forms.IntegerField(label="Année", required=False, min_value=FIRST_YEAR, max_value=2100)
    trimestre = forms.ChoiceField(label="Trimestre", choices=QUARTERS, required=False)
    debut = forms.DateField(
        label="Ou du", required=False, widget=DATE_WIDGET, help_text="Période personnalisée : premier jour."
    )
    fin = forms.DateField(label="Au", required=False, widget=DATE_WIDGET, help_text="Dernier jour, inclus.")
    cellule = forms.ModelChoiceField(
        label="Cellule", queryset=Cell.objects.none(), required=False, empty_label="Toutes les cellules"
    )

    def __init__(self, *args, council, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cellule"].queryset = Cell.objects.filter(council=council).order_by("name")

    def clean(self):
        data = super().clean()
        start, end = data.get("debut"), data.get("fin")
        if (start is None) != (end is None) and not self.errors:
            raise forms.ValidationError("Indiquez le premier et le dernier jour de la période personnalisée.")
        if start and end:
            if end < start:
                self.add_error("fin", "Le dernier jour doit être postérieur ou égal au premier jour.")
            elif (end - start).days > 3660:
                self.add_error("fin", "La période personnalisée ne peut pas dépasser dix ans.")
        return data

    def period(self) -> tuple[date, date]:
        """The period chosen, the current year by default (call after `is_valid()`)."""
        data = self.cleaned_data if self.is_valid() else {}
        if data.get("debut") and data.get("fin"):
            return data["debut"], data["fin"]
        year = data.get("annee") or timezone.localdate().year
        quarter = int(data.get("trimestre") or 0)
        if quarter:
            last = date(year, 12, 31) if quarter == 4 else date(year, 3 * quarter + 1, 1) - timedelta(days=1)
            return date(year, 3 * quarter - 2, 1), last
        return date(year, 1, 1), date(year, 12, 31)

    def cell(self):
        return self.cleaned_data.get("cellule") if self.is_valid() else None
