from django import forms

from concerto.core.concurrency import VersionFormMixin
from concerto.core.forms import BaseForm, BaseModelForm
from concerto.directory.enums import OrganisationType
from concerto.directory.models import Contact, Organisation


class OrganisationForm(VersionFormMixin, BaseModelForm):
    class Meta:
        model = Organisation
        fields = [
            "name",
            "type",
            "address",
            "postal_code",
            "city",
            "phone",
            "email",
            "website",
            "services",
            "communes_served",
        ]
        widgets = {
            "services": forms.Textarea(attrs={"rows": 4}),
            "communes_served": forms.CheckboxSelectMultiple,
        }
        help_texts = {"services": "Une prestation par ligne (accueil, visites à domicile, permanences…)."}

    def __init__(self, *args, council, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["communes_served"].queryset = council.communes.order_by("name")


class ContactForm(BaseModelForm):
    class Meta:
        model = Contact
        fields = ["name", "role", "phone", "email"]


class DirectoryFilterForm(BaseForm):
    q = forms.CharField(label="Rechercher", required=False, help_text="Nom, ville, service ou contact")
    type = forms.ChoiceField(
        label="Type de structure", required=False, choices=[("", "Tous les types"), *OrganisationType.choices]
    )
    commune = forms.ModelChoiceField(
        label="Commune desservie", required=False, queryset=None, empty_label="Toutes les communes"
    )

    def __init__(self, *args, council, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commune"].queryset = council.communes.order_by("name")
