from django import forms

from concerto.accounts.models import Membership
from concerto.core.forms import BaseForm, BaseModelForm
from concerto.councils.models import Cell, CellMember, Charter, Council, PsychiatricSector

LOGO_MAX_BYTES = 500 * 1024
CHARTER_MAX_BYTES = 10 * 1024 * 1024


class CouncilForm(BaseModelForm):
    class Meta:
        model = Council
        fields = ["name", "legal_form", "contact_email", "logo"]
        widgets = {"logo": forms.FileInput(attrs={"accept": "image/png,image/jpeg"})}
        help_texts = {"logo": "PNG ou JPEG, 500 Ko au plus. Affiché dans l'en-tête à la place du logo de l'État."}

    def clean_logo(self):
        logo = self.cleaned_data.get("logo")
        if logo and hasattr(logo, "size"):
            if logo.size > LOGO_MAX_BYTES:
                raise forms.ValidationError("Le logo dépasse 500 Ko.")
            head = logo.read(8)
            logo.seek(0)
            if not (head.startswith(b"\x89PNG\r\n\x1a\n") or head.startswith(b"\xff\xd8\xff")):
                raise forms.ValidationError("Le logo doit être une image PNG ou JPEG.")
        return logo


class CommuneSearchForm(BaseForm):
    q = forms.CharField(label="Ajouter une commune", help_text="Nom, code INSEE ou code postal", max_length=100)


class SectorForm(BaseModelForm):
    class Meta:
        model = PsychiatricSector
        fields = ["code", "name", "institution"]
        help_texts = {"code": "Par exemple 59G21."}

    def __init__(self, *args, council, **kwargs):
        super().__init__(*args, **kwargs)
        self.council = council

    def clean_code(self):
        code = self.cleaned_data["code"].strip().upper()
        if PsychiatricSector.objects.filter(council=self.council, code=code).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError("Ce secteur est déjà rattaché au conseil.")
        return code


class CellForm(BaseModelForm):
    class Meta:
        model = Cell
        fields = ["name", "venue", "rhythm"]


class CellMemberForm(BaseModelForm):
    class Meta:
        model = CellMember
        fields = ["membership", "kind", "substitute_for"]

    def __init__(self, *args, cell, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["membership"].queryset = (
            Membership.objects.active().filter(council=cell.council).select_related("user")
        )
        self.fields["membership"].label_from_instance = lambda m: f"{m.user} — {m.organisation or 'sans structure'}"
        self.fields["substitute_for"].queryset = cell.members.filter(kind=CellMember.Kind.PERMANENT).select_related(
            "membership__user"
        )
        self.cell = cell

    def clean_membership(self):
        """A friendly early check; `services.cell_member_add` is the authority."""
        membership = self.cleaned_data["membership"]
        if self.cell.members.filter(membership=membership).exists():
            raise forms.ValidationError("Cette personne siège déjà dans la cellule.")
        return membership


class CharterForm(BaseModelForm):
    class Meta:
        model = Charter
        fields = ["document"]
        widgets = {"document": forms.FileInput(attrs={"accept": "application/pdf"})}
        help_texts = {"document": "PDF, 10 Mo au plus. Une nouvelle version demande un nouvel engagement de chacun."}

    def clean_document(self):
        document = self.cleaned_data["document"]
        head = document.read(5)
        document.seek(0)
        if head != b"%PDF-":
            raise forms.ValidationError("La charte doit être un document PDF.")
        if document.size > CHARTER_MAX_BYTES:
            raise forms.ValidationError("La charte dépasse 10 Mo.")
        return document
