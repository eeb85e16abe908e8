"""Forms of the Commission appartement. Each only shapes input: the rules live in services.py."""

from django import forms

from concerto.accounts.models import Membership
from concerto.core.forms import BaseForm, BaseModelForm
from concerto.councils.models import Commune
from concerto.housing.desk_models import ProspectStatus
from concerto.housing.enums import (
    ApplicationStatus,
    CommissionOutcome,
    Contract,
    ExitReason,
    IncidentKind,
    PlaceStatus,
    RentHelper,
    ReviewOutcome,
)
from concerto.housing.models import MONEY, Application, Occupancy, Place, kind_choices
from concerto.situations.enums import ConsentKind

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def date_field(label: str, *, required: bool = True, help_text: str = "") -> forms.DateField:
    return forms.DateField(label=label, required=required, widget=DATE_WIDGET, help_text=help_text)


def money_field(label: str, *, required: bool = False) -> forms.DecimalField:
    return forms.DecimalField(label=label, required=required, min_value=0, max_value=10**6, **MONEY)


class PlaceForm(BaseModelForm):
    kind = forms.ChoiceField(label="Type de place")
    rent = money_field("Loyer mensuel (€)")
    charges = money_field("Charges mensuelles (€)")
    capacity = forms.IntegerField(label="Capacité (personnes)", min_value=1, max_value=50, initial=1)

    class Meta:
        model = Place
        fields = ["kind", "label", "address", "commune", "landlord", "typology", "capacity", "rent", "charges", "notes"]
        widgets = {"address": forms.Textarea(attrs={"rows": 2}), "notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, council, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", "Choisir…"), *kind_choices(council)]
        self.fields["commune"].queryset = council.communes.order_by("name")
        self.fields["landlord"].queryset = council.organisations.order_by("name")


class PlaceKindForm(BaseForm):
    label = forms.CharField(label="Nouveau type de place", max_length=100, help_text="Ex. : « Maison relais ».")

    def __init__(self, *args, label: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        if label:
            self.fields["label"].label = label


class ConventionForm(BaseForm):
    signed_on = date_field("Signée le")
    starts_on = date_field("Début")
    ends_on = date_field("Fin", required=False)
    renewal_on = date_field(
        "À renouveler le", required=False, help_text="Le sous-groupe logement est alerté trois mois avant."
    )


class UnavailabilityForm(BaseForm):
    starts_on = date_field("Indisponible du")
    ends_on = date_field("au", required=False, help_text="Laisser vide si la fin n'est pas connue.")
    reason = forms.CharField(label="Motif", max_length=200, required=False, help_text="Ex. : travaux.")


class ApplicationForm(BaseModelForm):
    last_name = forms.CharField(label="Nom", max_length=200)
    first_name = forms.CharField(label="Prénom", max_length=200, required=False)
    birth_date = date_field("Date de naissance", required=False)
    phone = forms.CharField(label="Téléphone", max_length=30, required=False)
    received_on = date_field("Reçue le")

    class Meta:
        model = Application
        fields = [
            "received_on",
            "from_situation",
            "orienting_organisation",
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

    def __init__(self, *args, council, with_identity: bool = True, **kwargs):
        """Without identity: the edit of an existing file (the identity is kept apart and read under the log)."""
        super().__init__(*args, **kwargs)
        if not with_identity:
            for name in self.IDENTITY:
                del self.fields[name]
        organisations = council.organisations.order_by("name")
        self.fields["orienting_organisation"].queryset = organisations
        self.fields["curator_organisation"].queryset = organisations
        self.fields["wished_communes"].queryset = council.communes.order_by("name")
        self.fields["from_situation"].queryset = council.situations.order_by("-opened_on")
        self.fields["from_situation"].label_from_instance = lambda s: s.code
        self.fields["from_situation"].help_text = "Si la demande vient d'une situation de la cellule (facultatif)."

    def split(self) -> tuple[dict, dict]:
        data = dict(self.cleaned_data)
        identity = {name: data.pop(name) for name in self.IDENTITY if name in data}
        return data, identity


class ApplicationStatusForm(BaseForm):
    status = forms.ChoiceField(
        label="Nouveau statut",
        choices=[
            c for c in ApplicationStatus.choices if c[0] not in (ApplicationStatus.RECEIVED, ApplicationStatus.ADMITTED)
        ],
    )
    reason = forms.CharField(
        label="Motif",
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Obligatoire pour un ajournement, un refus, une liste d'attente, un retrait.",
    )
    on = date_field("Complète le", required=False, help_text="Seulement pour « Complète » (aujourd'hui par défaut).")


class ApplicationConsentForm(BaseForm):
    kind = forms.ChoiceField(label="Nature", choices=ConsentKind.choices)
    occurred_on = date_field("Date à laquelle la personne l'a exprimé")
    by_whom = forms.CharField(label="Recueilli par", max_length=200)
    means = forms.CharField(label="Moyen, commentaire", max_length=200, required=False)


class AdmitForm(BaseForm):
    place = forms.ModelChoiceField(label="Place", queryset=Place.objects.none())
    entry_on = date_field("Entrée le")
    contract = forms.ChoiceField(label="Contrat", choices=Contract.choices)
    rent = money_field("Loyer (€)")
    charges = money_field("Charges (€)")
    rent_helper = forms.ChoiceField(label="Aide au paiement du loyer", choices=RentHelper.choices)
    care_referent = forms.CharField(label="Référent·e de soins", max_length=200, required=False)

    def __init__(self, *args, council, **kwargs):
        super().__init__(*args, **kwargs)
        places = Place.objects.filter(council=council).exclude(status=PlaceStatus.UNAVAILABLE).order_by("label")
        self.fields["place"].queryset = places
        self.fields["place"].label_from_instance = lambda p: f"{p.label} ({p.get_status_display().lower()})"


class ExitForm(BaseForm):
    exit_on = date_field("Sortie le")
    exit_reason = forms.ChoiceField(label="Motif de sortie", choices=ExitReason.choices)
    destination = forms.CharField(label="Destination", max_length=200, required=False)


class DepositForm(BaseForm):
    amount = money_field("Montant versé par le conseil (€)", required=True)
    paid_on = date_field("Versé le")


class DepositReturnForm(BaseForm):
    returned_on = date_field("Restitué le")
    kept_amount = money_field("Montant retenu (€)")
    kept_reason = forms.CharField(
        label="Motif de la retenue", max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class IncidentForm(BaseForm):
    kind = forms.ChoiceField(
        label="Type",
        choices=IncidentKind.choices,
        help_text="Une hospitalisation n'est visible que des professions de santé et du social.",
    )
    occurred_on = date_field("Date")
    note = forms.CharField(label="Note", max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 3}))


# --- the sub-group's desk: official letters and prospected landlords ------------------------------------------


class LetterDocumentField(forms.FileField):
    """One optional document: PDF, PNG or JPEG (read from its first bytes), 5 MB at most, scanned."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", forms.ClearableFileInput(attrs={"accept": "application/pdf,image/png,image/jpeg"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        from concerto.core import antivirus
        from concerto.situations.forms import MAX_UPLOAD_BYTES, sniff_content_type

        upload = super().clean(data, initial)
        if not upload:
            return None
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError("Le document dépasse 5 Mo.")
        content_type = sniff_content_type(upload)
        if content_type is None:
            raise forms.ValidationError("Le document n'est ni un PDF, ni une image PNG ou JPEG.")
        try:
            antivirus.scan(upload)
        except antivirus.VirusFound as found:
            raise forms.ValidationError("Le document a été refusé par l'antivirus.") from found
        return upload, content_type


class OfficialLetterForm(BaseForm):
    sent_on = date_field("Envoyé le")
    addressee = forms.CharField(
        label="Destinataire",
        max_length=200,
        help_text="Une institution ou une fonction (ex. : « Préfecture du Nord »).",
    )
    subject = forms.CharField(label="Objet", max_length=200)
    summary = forms.CharField(
        label="Résumé",
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Sans nom de personne accompagnée.",
    )
    document = LetterDocumentField(label="Document", required=False, help_text="PDF, PNG ou JPEG, 5 Mo au plus.")


class ProspectForm(BaseForm):
    organisation = forms.ModelChoiceField(
        label="Organisation de l'annuaire", queryset=None, required=False, help_text="Ou indiquez un nom ci-dessous."
    )
    name = forms.CharField(label="Nom (si hors annuaire)", max_length=200, required=False)
    contacted_on = date_field("Contacté le", required=False)
    status = forms.ChoiceField(label="Statut", choices=ProspectStatus.choices)
    next_step = forms.CharField(
        label="Prochaine étape", max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, council, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = council.organisations.order_by("name")


# --- the quarterly commission (housing/commission.py) -----------------------------------------------------------


class CommissionApplicationForm(BaseForm):
    application = forms.ModelChoiceField(label="Demande à inscrire", queryset=Application.objects.none())

    def __init__(self, *args, applications, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["application"].queryset = applications
        self.fields["application"].label_from_instance = lambda a: f"{a.reference} ({a.get_status_display().lower()})"


class CommissionReviewForm(BaseForm):
    occupancy = forms.ModelChoiceField(label="Bilan semestriel à inscrire", queryset=Occupancy.objects.none())

    def __init__(self, *args, occupancies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["occupancy"].queryset = occupancies
        self.fields["occupancy"].label_from_instance = lambda o: (
            f"{o.place.label} — {o.application.reference}, entrée le {o.entry_on:%d/%m/%Y}"
        )


class CommissionVenueForm(BaseForm):
    commune = forms.ModelChoiceField(label="Commune qui accueille la séance", queryset=Commune.objects.none())

    def __init__(self, *args, communes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commune"].queryset = communes


class CommissionChairForm(BaseForm):
    chair = forms.ModelChoiceField(
        label="Présidence de séance",
        queryset=Membership.objects.none(),
        required=False,
        help_text="Un·e élu·e de la commune qui accueille la séance (dont la structure, dans l'annuaire, dessert "
        "cette commune).",
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["chair"].queryset = candidates
        self.fields["chair"].label_from_instance = lambda m: " — ".join(
            part for part in (str(m.user), m.job_title, m.organisation.name if m.organisation else "") if part
        )


class CommissionDecisionForm(BaseForm):
    attended = forms.TypedChoiceField(
        label="La personne est-elle venue présenter sa situation ?",
        choices=[("", "Non renseigné"), ("yes", "Oui"), ("no", "Non")],
        coerce=lambda value: value == "yes",
        empty_value=None,
        required=False,
    )
    words = forms.CharField(
        label="Ce qu'elle a dit",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Consigné, si elle le souhaite, dans ses propres mots.",
    )
    own_words = forms.BooleanField(label="Propos consignés dans ses propres mots", required=False)
    outcome = forms.ChoiceField(label="Décision", choices=CommissionOutcome.choices)
    reason = forms.CharField(
        label="Motif (ajournement, refus, liste d'attente)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    place = forms.ModelChoiceField(label="Place (admission)", queryset=Place.objects.none(), required=False)
    entry_on = date_field("Entrée à partir du (admission)", required=False)
    contract = forms.ChoiceField(label="Contrat (admission)", choices=[("", "—"), *Contract.choices], required=False)
    rent_helper = forms.ChoiceField(label="Aide au paiement du loyer", choices=RentHelper.choices, required=False)
    commitment = forms.CharField(
        label="Engagement commun de la personne, du secteur et du conseil : objectifs du projet",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, council, **kwargs):
        super().__init__(*args, **kwargs)
        places = Place.objects.filter(council=council).exclude(status=PlaceStatus.UNAVAILABLE).order_by("label")
        self.fields["place"].queryset = places
        self.fields["place"].label_from_instance = lambda p: f"{p.label} ({p.get_status_display().lower()})"


class OccupancyReviewForm(BaseForm):
    note = forms.CharField(label="Note", required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 4}))
    outcome = forms.ChoiceField(
        label="Conclusion",
        choices=ReviewOutcome.choices,
        help_text="« Faire glisser le bail » enregistre, au jour de la séance, la sortie de la filière (bail glissé à "
        "son nom, dans le même logement) et la fin de la convention de la place.",
    )
