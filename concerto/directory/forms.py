from django import forms

from concerto.core.concurrency import VersionFormMixin
from concerto.core.forms import BaseModelForm
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
