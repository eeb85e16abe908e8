"""The care team's application form (issue 12): what a care team knows of the person and their needs. It only
shapes input: the rules live in `care_team.application_submit`."""

from django import forms

from concerto.core.forms import BaseModelForm
from concerto.housing.care_team import DECLARABLE_CONSENTS
from concerto.housing.forms import date_field
from concerto.housing.models import Application
from concerto.situations.enums import ConsentKind


class CareTeamApplicationForm(BaseModelForm):
    last_name = forms.CharField(label="Nom", max_length=200)
    first_name = forms.CharField(label="Prénom", max_length=200, required=False)
    birth_date = date_field("Date de naissance", required=False)
    phone = forms.CharField(label="Téléphone", max_length=30, required=False)
    consent_kind = forms.ChoiceField(
        label="Ce que la personne a exprimé sur le partage de sa demande avec la commission",
        choices=[("", "Choisir…"), *((k, ConsentKind(k).label) for k in DECLARABLE_CONSENTS)],
        help_text="Sans son accord, la commission examine la demande sans son identité ni les avis.",
    )
    consent_on = date_field("Date à laquelle la personne l'a exprimé")
    consent_means = forms.CharField(label="Moyen, commentaire", max_length=200, required=False)

    class Meta:
        model = Application
        fields = [
            "psychiatrist_name",
            "curator_organisation",
            "wished_communes",
            "wished_typology",
            "accessibility",
            "social_opinion",
            "psychiatric_opinion",
        ]
        widgets = {
            "wished_communes": forms.CheckboxSelectMultiple,
            "accessibility": forms.Textarea(attrs={"rows": 2}),
            "social_opinion": forms.Textarea(attrs={"rows": 4}),
            "psychiatric_opinion": forms.Textarea(attrs={"rows": 4}),
        }

    IDENTITY = ("last_name", "first_name", "birth_date", "phone")
    field_order = [*IDENTITY, *Meta.fields]  # then the applicant's will (consent_*)
    CONSENT = {"consent_kind": "kind", "consent_on": "occurred_on", "consent_means": "means"}

    def __init__(self, *args, council, psychiatric: bool, **kwargs):
        """`psychiatric`: whether the submitter may write the psychiatric opinion (a health profession)."""
        super().__init__(*args, **kwargs)
        if not psychiatric:
            del self.fields["psychiatric_opinion"]
        self.fields["curator_organisation"].queryset = council.organisations.order_by("name")
        self.fields["wished_communes"].queryset = council.communes.order_by("name")

    def split(self) -> tuple[dict, dict, dict]:
        """(application, identity, consent)."""
        data = dict(self.cleaned_data)
        identity = {name: data.pop(name) for name in self.IDENTITY}
        consent = {target: data.pop(name) for name, target in self.CONSENT.items()}
        return data, identity, consent
