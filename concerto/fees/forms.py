"""Forms of the membership fees. Each only shapes input: the rules live in services.py."""

from django import forms
from django.utils import timezone

from concerto.core.forms import BaseForm
from concerto.fees.enums import MemberKind, PaymentMeans, RateUnit

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MONEY = {"max_digits": 12, "decimal_places": 2}


class FeeSettingsForm(BaseForm):
    rate = forms.DecimalField(
        label="Taux", min_value=0, max_value=1000, max_digits=8, decimal_places=4,
        help_text="Par exemple 0,40 (€ par habitant).",
    )  # fmt: skip
    unit = forms.ChoiceField(label="Unité du taux", choices=RateUnit.choices)
    population_year = forms.IntegerField(
        label="Année de la population retenue",
        min_value=2000,
        max_value=2100,
        help_text="Les populations chargées dans Concerto sont les populations légales 2023 de l'INSEE "
        "(en vigueur au 1er janvier 2026).",
    )
    payment_days = forms.IntegerField(label="Délai de paiement (jours)", min_value=1, max_value=365)
    reminder_days = forms.IntegerField(
        label="Relance automatique (jours après l'échéance)",
        min_value=0,
        max_value=365,
        help_text="0 : pas de relance automatique ; les relances restent possibles depuis chaque appel.",
    )


class FeeMemberForm(BaseForm):
    kind = forms.ChoiceField(label="Type de membre", choices=[("", "Choisir…"), *MemberKind.choices])
    commune = forms.ModelChoiceField(
        label="Commune", queryset=None, required=False, help_text="Pour une commune membre."
    )
    organisation = forms.ModelChoiceField(
        label="Organisation", queryset=None, required=False, help_text="Pour une part fixe (ex. : l'hôpital)."
    )
    fixed_amount = forms.DecimalField(
        label="Montant de la part fixe (€)", required=False, min_value=0, max_value=10**7, **MONEY
    )
    contact_email = forms.EmailField(
        label="Adresse des appels et relances", required=False, max_length=254,
        help_text="Une adresse de service (finances, secrétariat) plutôt que personnelle.",
    )  # fmt: skip
    active = forms.BooleanField(label="Membre actif", required=False, initial=True)

    def __init__(self, *args, council, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commune"].queryset = council.communes.order_by("name")
        self.fields["organisation"].queryset = council.organisations.order_by("name")


class GenerateForm(BaseForm):
    year = forms.IntegerField(label="Année", min_value=2000, max_value=2100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year


class PaymentForm(BaseForm):
    paid_on = forms.DateField(label="Reçu le", widget=DATE_WIDGET)
    amount = forms.DecimalField(label="Montant (€)", max_value=10**9, **MONEY)
    means = forms.ChoiceField(label="Moyen de paiement", choices=[("", "Choisir…"), *PaymentMeans.choices])
    reference = forms.CharField(
        label="Référence", max_length=100, required=False, help_text="Numéro de mandat, de chèque…"
    )
