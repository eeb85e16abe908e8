"""Forms of events and trainings. Each only shapes input: the rules live in services.py."""

from django import forms

from concerto.accounts.models import Membership, User
from concerto.core.forms import BaseForm, BaseModelForm
from concerto.directory.models import Contact
from concerto.events.enums import SCORES
from concerto.events.models import Event, Topic, TrainingSession

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class TopicForm(BaseForm):
    label = forms.CharField(label="Nouveau thème", max_length=100, help_text="Ex. : « Sommeil ».")


class EventForm(BaseModelForm):
    starts_at = forms.DateTimeField(label="Début", widget=DATETIME_WIDGET, input_formats=["%Y-%m-%dT%H:%M"])
    ends_at = forms.DateTimeField(label="Fin", widget=DATETIME_WIDGET, input_formats=["%Y-%m-%dT%H:%M"])
    capacity = forms.IntegerField(
        label="Nombre de places", min_value=1, max_value=5000, required=False,
        help_text="Nécessaire pour ouvrir les inscriptions en ligne.",
    )  # fmt: skip

    class Meta:
        model = Event
        fields = ["kind", "topic", "title", "starts_at", "ends_at", "venue", "capacity", "registration_open"]
        help_texts = {"registration_open": "La page d'inscription publique accepte les inscriptions."}

    def __init__(self, *args, council, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topic"].queryset = Topic.objects.filter(council=council)


class FacilitatorForm(BaseForm):
    member = forms.ModelChoiceField(label="Membre du conseil", queryset=User.objects.none(), required=False)
    contact = forms.ModelChoiceField(label="Contact de l'annuaire", queryset=Contact.objects.none(), required=False)
    name = forms.CharField(
        label="Ou nom de la personne", max_length=200, required=False,
        help_text="Par exemple une personne pair-aidante sans compte.",
    )  # fmt: skip
    peer_expert = forms.BooleanField(label="Pair-aidant·e / usager·ère d'expérience", required=False)

    def __init__(self, *args, council, **kwargs):
        super().__init__(*args, **kwargs)
        members = Membership.objects.active().filter(council=council).values("user")
        self.fields["member"].queryset = User.objects.filter(pk__in=members).order_by("last_name", "first_name")
        self.fields["contact"].queryset = Contact.objects.filter(organisation__council=council).select_related(
            "organisation"
        )


class RegistrationForm(BaseForm):
    name = forms.CharField(label="Nom et prénom", max_length=200)
    email = forms.EmailField(label="Adresse électronique", max_length=254, help_text="Pour la confirmation.")
    phone = forms.CharField(label="Téléphone (facultatif)", max_length=30, required=False)
    consent_contact = forms.BooleanField(
        label="J'accepte d'être recontacté·e par l'équipe du conseil au sujet de cet événement", required=False
    )


class CancelRegistrationForm(BaseForm):
    confirm = forms.BooleanField(label="Je confirme l'annulation de mon inscription")


class EvaluationForm(BaseForm):
    satisfaction = forms.TypedChoiceField(
        label="Êtes-vous satisfait·e de l'événement dans l'ensemble ? (1 : pas du tout, 5 : tout à fait)",
        choices=SCORES, coerce=int, widget=forms.RadioSelect,
    )  # fmt: skip
    usefulness = forms.TypedChoiceField(
        label="Vous a-t-il été utile ? (1 : pas du tout, 5 : tout à fait)",
        choices=SCORES, coerce=int, widget=forms.RadioSelect,
    )  # fmt: skip
    would_return = forms.TypedChoiceField(
        label="Reviendriez-vous à un autre événement ?",
        choices=[("oui", "Oui"), ("non", "Non")], coerce=lambda v: v == "oui", widget=forms.RadioSelect,
    )  # fmt: skip
    comment = forms.CharField(
        label="Un commentaire (facultatif)", max_length=2000, required=False,
        widget=forms.Textarea(attrs={"rows": 4}), help_text="N'y écrivez pas d'information sur votre santé.",
    )  # fmt: skip


class AttendanceForm(BaseForm):
    present = forms.TypedMultipleChoiceField(
        label="Personnes présentes", coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )
    headcount = forms.IntegerField(
        label="Nombre de participant·es (sans inscription)", min_value=0, max_value=100000, required=False
    )

    def __init__(self, *args, registrations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["present"].choices = [(r.pk, r.name) for r in registrations]
        if not registrations:
            del self.fields["present"]


class TrainingForm(BaseModelForm):
    starts_on = forms.DateField(label="Du", widget=DATE_WIDGET)
    ends_on = forms.DateField(label="Au", widget=DATE_WIDGET)
    capacity = forms.IntegerField(label="Nombre de places", min_value=1, max_value=1000, required=False)
    hours = forms.IntegerField(label="Durée (heures)", min_value=1, max_value=500, required=False)

    class Meta:
        model = TrainingSession
        fields = ["kind", "title", "starts_on", "ends_on", "venue", "trainers", "capacity", "hours"]
        help_texts = {"trainers": "Noms et structures des formateur·rices."}


class TraineeForm(BaseForm):
    name = forms.CharField(label="Nom et prénom", max_length=200)
    email = forms.EmailField(label="Adresse électronique (facultatif)", max_length=254, required=False)
    organisation = forms.ModelChoiceField(label="Structure de l'annuaire", queryset=None, required=False)
    organisation_name = forms.CharField(
        label="Ou autre structure", max_length=200, required=False, help_text="Si elle n'est pas dans l'annuaire."
    )

    def __init__(self, *args, council, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = council.organisations.order_by("name")


class TrainingAttendanceForm(BaseForm):
    present = forms.TypedMultipleChoiceField(
        label="Stagiaires présent·es", coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, trainees=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["present"].choices = [(t.pk, t.name) for t in trainees]
