from django import forms

from concerto.accounts.models import Membership
from concerto.core.forms import BaseForm, BaseModelForm
from concerto.councils.models import MONTH_NAMES, Cell, CellMember, Charter, Council, PsychiatricSector

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


TIME_WIDGET = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
MONTHS = list(enumerate(MONTH_NAMES, start=1))
MAX_REVIEW_MONTHS = 36


class CellForm(BaseModelForm):
    """The cell, its rhythm as a rule (turned into the year's sessions by `meetings.calendar`), its capacity, the
    agenda's closing delay and the review months."""

    months_off = forms.TypedMultipleChoiceField(
        label="Mois sans séance",
        choices=MONTHS,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Aucune séance n'est planifiée ces mois-là (par exemple en août).",
    )

    class Meta:
        model = Cell
        fields = [
            "name", "venue", "frequency", "week_ordinal", "weekday", "week_interval", "session_starts",
            "session_ends", "months_off", "holiday_rule", "rhythm", "max_agenda_items", "agenda_closes_days",
            "review_months",
        ]  # fmt: skip
        widgets = {"session_starts": TIME_WIDGET, "session_ends": TIME_WIDGET}
        help_texts = {
            "frequency": "Mensuelle : par exemple le 2e mardi du mois. Hebdomadaire : chaque semaine ou toutes les "
            "N semaines.",
            "holiday_rule": "Quand une séance tombe un jour férié (calendrier français).",
            "max_agenda_items": "Au-delà, seule une situation marquée prioritaire peut encore être inscrite.",
            "agenda_closes_days": "Par exemple 7 : l'ordre du jour se ferme 7 jours avant la séance (J-7), sauf "
            "pour une situation prioritaire.",
            "review_months": "Mois après la première séance où la situation revient à l'ordre du jour, séparés par "
            "des virgules : 3,6 pour M+3 et M+6.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["max_agenda_items"].min_value = 1
        self.fields["max_agenda_items"].widget.attrs["min"] = 1
        if not self.is_bound:
            self.initial["months_off"] = self.instance.months_without_session

    def clean_months_off(self):
        return ",".join(str(month) for month in sorted(set(self.cleaned_data["months_off"])))

    def clean_max_agenda_items(self):
        value = self.cleaned_data["max_agenda_items"]
        if not value:
            raise forms.ValidationError("Une séance examine au moins une situation.")
        if value > 50:
            raise forms.ValidationError("Au plus 50 situations par séance.")
        return value

    def clean_agenda_closes_days(self):
        value = self.cleaned_data["agenda_closes_days"]
        if value > 60:
            raise forms.ValidationError("L'ordre du jour se ferme au plus 60 jours avant la séance.")
        return value

    def clean_review_months(self):
        text = self.cleaned_data["review_months"].replace(" ", "")
        parts = text.split(",") if text else []
        if not parts or not all(part.isdigit() for part in parts):
            raise forms.ValidationError(
                "Indiquez des nombres de mois séparés par des virgules, par exemple 3,6 (M+3 et M+6)."
            )
        months = [int(part) for part in parts]
        if any(not 1 <= month <= MAX_REVIEW_MONTHS for month in months):
            raise forms.ValidationError(f"Chaque point d'étape est entre 1 et {MAX_REVIEW_MONTHS} mois.")
        if len(set(months)) != len(months):
            raise forms.ValidationError("Un même mois est indiqué deux fois.")
        return ",".join(str(month) for month in sorted(months))

    def clean(self):
        data = super().clean()
        starts, ends = data.get("session_starts"), data.get("session_ends")
        if starts and ends and ends <= starts:
            self.add_error("session_ends", "L'heure de fin doit suivre l'heure de début.")
        return data


class PlanYearForm(BaseForm):
    year = forms.TypedChoiceField(label="Année", coerce=int)

    def __init__(self, *args, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y, str(y)) for y in range(today.year, today.year + 3)]


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


class ProblemTypeForm(BaseForm):
    """A local problem type (its code is made from the label and never changes)."""

    label = forms.CharField(
        label="Nouveau type de problème",
        max_length=100,
        help_text="Par exemple « Punaises de lit ». Un type propre au conseil est traité comme une information de "
        "santé : il n'est pas montré aux participants hors santé et social.",
    )
