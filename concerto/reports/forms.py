"""The Bilan page's period picker: a year, a quarter of it, or a custom start and end; and a cell."""

from __future__ import annotations

from datetime import date, timedelta

from django import forms
from django.utils import timezone

from concerto.core.concurrency import VersionFormMixin
from concerto.core.forms import BaseForm, BaseModelForm
from concerto.councils.models import Cell, Council
from concerto.reports.services import NARRATIVE_FIELDS

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


class ObservatoryPeriodForm(PeriodForm):
    """The observatory's period picker: the Bilan's periods, without a cell (cells belong to each member council)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, council=None, **kwargs)
        del self.fields["cellule"]


class ObservatoryRequestForm(BaseForm):
    """The observatory's coordinator asks a council to join, by its short code."""

    code = forms.CharField(
        label="Code court du conseil",
        max_length=8,
        help_text="Le préfixe de ses codes de situation, par exemple VAL. Son ou sa coordinateur·rice répondra.",
    )


def last_year() -> int:
    return timezone.localdate().year - 1


class YearForm(BaseForm):
    """The year of the annual activity report (last year by default)."""

    annee = forms.IntegerField(label="Année", required=False, min_value=FIRST_YEAR, max_value=2100)

    def year(self) -> int:
        return (self.cleaned_data.get("annee") if self.is_valid() else None) or last_year()


class NarrativeForm(VersionFormMixin, BaseForm):
    """The narrative of the annual activity report: three free texts around the figures."""

    introduction = forms.CharField(label="Le conseil dans l'année", required=False, widget=forms.Textarea(
        attrs={"rows": 8}), max_length=20_000)  # fmt: skip
    highlights = forms.CharField(label="Faits marquants", required=False, widget=forms.Textarea(attrs={"rows": 8}),
                                 max_length=20_000)  # fmt: skip
    outlook = forms.CharField(label="Perspectives pour l'année suivante", required=False,
                              widget=forms.Textarea(attrs={"rows": 6}), max_length=20_000)  # fmt: skip

    def __init__(self, *args, narrative, **kwargs):
        super().__init__(*args, initial={name: getattr(narrative, name) for name in NARRATIVE_FIELDS}, **kwargs)
        for name, label in (("introduction", f"Le conseil en {narrative.year}"),
                            ("outlook", f"Perspectives pour {narrative.year + 1}")):  # fmt: skip
            self.fields[name].label = self[name].label = label  # DSFR's form has already bound its fields
        if not self.is_bound:
            self.initial["version"] = narrative.version


class ReportSettingsForm(BaseModelForm):
    """The Bilan's settings of a council: the small-count threshold k and the target delay to the first session."""

    class Meta:
        model = Council
        fields = ["report_threshold", "first_session_target_days"]
        error_messages = {
            "report_threshold": {
                "min_value": "Le seuil doit être compris entre 3 et 20.",
                "max_value": "Le seuil doit être compris entre 3 et 20.",
                "invalid": "Saisissez un nombre entier, par exemple 5.",
                "required": "Indiquez le seuil de secret statistique.",
            },
            "first_session_target_days": {
                "min_value": "L'objectif doit être compris entre 1 et 365 jours.",
                "max_value": "L'objectif doit être compris entre 1 et 365 jours.",
                "invalid": "Saisissez un nombre entier de jours, par exemple 30.",
                "required": "Indiquez l'objectif de délai.",
            },
        }
        help_texts = {
            "report_threshold": "Entre 3 et 20. Pour les lecteurs hors de la cellule (instances, élu·es, "
            "observateur·rice, exports), un effectif inférieur à ce seuil est affiché « < k ».",
            "first_session_target_days": "Entre 1 et 365 jours : la part des alertes discutées en séance dans ce "
            "délai est calculée dans le bilan.",
        }
