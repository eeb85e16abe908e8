"""The forms of the data-protection pages (retention settings, right of access, erasure decisions, access log
filters)."""

from datetime import date

from django import forms

from concerto.core.forms import BaseForm, BaseModelForm
from concerto.councils.models import Council
from concerto.privacy.models import ErasureRequest
from concerto.privacy.selectors import SCOPES


class RetentionForm(BaseModelForm):
    class Meta:
        model = Council
        fields = [
            "retention_years", "declined_alert_retention_months", "draft_retention_days",
            "access_log_retention_months", "unusual_reads_per_day",
        ]  # fmt: skip
        help_texts = {
            "retention_years": "Référentiel CNIL de l'accompagnement social : 2 ans après le dernier contact.",
            "access_log_retention_months": "12 mois par défaut, 6 au moins, jusqu'à 36 si le conseil le justifie.",
            "unusual_reads_per_day": "Au-delà, la page d'accueil de la coordination et de la DPO signale la personne.",
        }


class SubjectAccessForm(BaseForm):
    last_name = forms.CharField(label="Nom de la personne", max_length=150)
    birth_date = forms.DateField(label="Date de naissance", widget=forms.DateInput(attrs={"type": "date"}))
    output = forms.ChoiceField(
        label="Format", choices=[("pdf", "PDF pour la personne"), ("json", "JSON (lisible par une machine)")]
    )


class ErasureForm(BaseForm):
    code = forms.CharField(label="Code de la situation", max_length=32)
    requested_on = forms.DateField(label="Demande reçue le", widget=forms.DateInput(attrs={"type": "date"}))
    decision = forms.ChoiceField(label="Décision", choices=ErasureRequest.Decision.choices, widget=forms.RadioSelect)
    reason = forms.CharField(
        label="Motif du refus",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Obligatoire en cas de refus (par exemple : obligation légale de conservation, procédure en cours).",
    )

    def __init__(self, *args, council, **kwargs):
        super().__init__(*args, **kwargs)
        self.council = council

    def clean(self):
        """A friendly early check; `services.erasure_decide` is the authority on these rules."""
        data = super().clean()
        code = data.get("code", "").strip()
        data["situation"] = self.council.situations.filter(code=code, anonymised_at__isnull=True).first()
        if code and data["situation"] is None:
            self.add_error("code", "Aucune situation non anonymisée ne porte ce code dans ce conseil.")
        if data.get("decision") == ErasureRequest.Decision.REFUSED and not data.get("reason", "").strip():
            self.add_error("reason", "Indiquez le motif du refus : il est conservé et communiqué à la personne.")
        return data


EARLIEST, LATEST = date(2000, 1, 1), date(2999, 12, 31)  # outside, a date is a typing error (and would overflow)


class AccessLogFilterForm(BaseForm):
    user = forms.ModelChoiceField(label="Personne", queryset=None, required=False, empty_label="Toutes")
    code = forms.CharField(label="Code de situation ou numéro d'alerte", max_length=32, required=False)
    scope = forms.ChoiceField(label="Nature", choices=[("", "Toutes"), *SCOPES.items()], required=False)
    since = forms.DateField(label="Du", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label="Au", required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, council, **kwargs):
        super().__init__(*args, **kwargs)
        from concerto.accounts.models import User

        self.fields["user"].queryset = User.objects.filter(memberships__council=council).order_by("last_name")

    def _bounded(self, name):
        value = self.cleaned_data.get(name)
        if value is not None and not (EARLIEST <= value <= LATEST):
            raise forms.ValidationError(f"Choisissez une date entre {EARLIEST:%d/%m/%Y} et {LATEST:%d/%m/%Y}.")
        return value

    def clean_since(self):
        return self._bounded("since")

    def clean_until(self):
        return self._bounded("until")
