"""Forms of the governance app. Each only shapes input: the rules live in services.py."""

from django import forms

from concerto.accounts.models import Membership
from concerto.core.concurrency import VersionFormMixin
from concerto.core.forms import BaseForm, BaseModelForm
from concerto.directory.models import Contact
from concerto.governance.enums import BodyKind, MemberFunction, ProjectStatus
from concerto.governance.models import CouncilBody, Decision, ProjectAction, ProjectGroup
from concerto.meetings.enums import AttendanceStatus

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def _members(council):
    return (
        Membership.objects.filter(council=council, is_active=True)
        .select_related("user", "organisation")
        .order_by("user__last_name", "user__first_name", "pk")
    )


def _contacts(council):
    return Contact.objects.filter(organisation__council=council).select_related("organisation").order_by("name", "pk")


class MembershipChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        name = obj.user.get_full_name() or obj.user.email
        return f"{name} ({obj.organisation.name})" if obj.organisation_id else name


class ContactChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.organisation.name})"


class BodyForm(VersionFormMixin, BaseModelForm):
    kind = forms.ChoiceField(label="Type d'instance", choices=[("", "Choisir…"), *BodyKind.choices])
    quorum_count = forms.IntegerField(
        label="Quorum en nombre de membres votants",
        required=False,
        min_value=1,
        max_value=500,
        help_text="Laisser vide si le quorum est une part des membres, ou s'il n'y en a pas.",
    )
    quorum_percent = forms.IntegerField(
        label="Quorum en part des membres votants (%)",
        required=False,
        min_value=1,
        max_value=100,
        help_text="Ex. : 50 pour la moitié des membres votants. Les invité·es ne comptent pas.",
    )

    class Meta:
        model = CouncilBody
        fields = ["kind", "name", "mandate", "quorum_count", "quorum_percent"]
        widgets = {"mandate": forms.Textarea(attrs={"rows": 4})}

    def clean(self):
        data = super().clean()
        if data.get("quorum_count") is not None and data.get("quorum_percent") is not None:
            # Said before the model's check constraint answers with a generic message.
            raise forms.ValidationError("Indiquez le quorum en nombre de membres ou en pourcentage, pas les deux.")
        return data


class MemberForm(BaseForm):
    membership = MembershipChoiceField(label="Membre du conseil", queryset=Membership.objects.none(), required=False)
    contact = ContactChoiceField(
        label="ou contact de l'annuaire (sans compte)", queryset=Contact.objects.none(), required=False
    )
    function = forms.ChoiceField(label="Fonction", choices=[("", "Choisir…"), *MemberFunction.choices])
    starts_on = forms.DateField(label="Début du mandat", widget=DATE_WIDGET)
    ends_on = forms.DateField(label="Fin du mandat", widget=DATE_WIDGET, required=False)

    def __init__(self, *args, council, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["membership"].queryset = _members(council)
        self.fields["contact"].queryset = _contacts(council)


class MemberEndForm(BaseForm):
    ends_on = forms.DateField(label="Fin du mandat", widget=DATE_WIDGET)


class ConveneForm(BaseForm):
    starts_at = forms.DateTimeField(label="Début", widget=DATETIME_WIDGET)
    ends_at = forms.DateTimeField(label="Fin", widget=DATETIME_WIDGET)
    place = forms.CharField(label="Lieu", max_length=255, required=False)
    video_link = forms.URLField(label="Lien de visioconférence", required=False, max_length=200)
    projects = forms.ModelMultipleChoiceField(
        label="Groupes-projets à l'ordre du jour",
        queryset=ProjectGroup.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    topics = forms.CharField(
        label="Autres sujets à l'ordre du jour",
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Un sujet par ligne.",
    )

    def __init__(self, *args, council, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["projects"].queryset = ProjectGroup.objects.filter(council=council).order_by("name")


class AttendanceForm(BaseForm):
    """One radio group per seat of the sheet."""

    def __init__(self, *args, members, statuses, **kwargs):
        super().__init__(*args, **kwargs)
        self.members = members
        for member in members:
            label = f"{member.display_name} — {member.get_function_display()}"
            self.fields[f"member_{member.pk}"] = forms.ChoiceField(
                label=label,
                choices=AttendanceStatus.choices[:3],
                required=False,
                initial=statuses.get(member.pk),
                widget=forms.RadioSelect,
            )

    def statuses(self) -> dict:
        return {
            member: self.cleaned_data[f"member_{member.pk}"]
            for member in self.members
            if self.cleaned_data.get(f"member_{member.pk}")
        }


class DecisionForm(BaseModelForm):
    project_status = forms.ChoiceField(
        label="Nouvel état du groupe-projet",
        choices=[("", "Inchangé"), *ProjectStatus.choices],
        required=False,
    )
    votes_for = forms.IntegerField(label="Voix pour", required=False, min_value=0, max_value=1000)
    votes_against = forms.IntegerField(label="Voix contre", required=False, min_value=0, max_value=1000)
    abstentions = forms.IntegerField(label="Abstentions", required=False, min_value=0, max_value=1000)

    class Meta:
        model = Decision
        fields = ["text", "project", "project_status", "votes_for", "votes_against", "abstentions"]
        widgets = {"text": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, council, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = ProjectGroup.objects.filter(council=council).order_by("name")
        self.fields["project"].required = False
        self.fields["project"].empty_label = "Aucun"


class ProjectForm(VersionFormMixin, BaseModelForm):
    pilot_membership = MembershipChoiceField(
        label="Pilote (membre du conseil)", queryset=Membership.objects.none(), required=False
    )
    pilot_contact = ContactChoiceField(
        label="ou pilote (contact de l'annuaire)", queryset=Contact.objects.none(), required=False
    )
    status = forms.ChoiceField(label="État", choices=[("", "Choisir…"), *ProjectStatus.choices])

    class Meta:
        model = ProjectGroup
        fields = ["name", "theme", "target_population", "pilot_membership", "pilot_contact", "partners", "status"]
        widgets = {
            "target_population": forms.Textarea(attrs={"rows": 2}),
            "partners": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, council, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pilot_membership"].queryset = _members(council)
        self.fields["pilot_contact"].queryset = _contacts(council)
        self.fields["partners"].queryset = council.organisations.order_by("name")
        if self.instance.pk:
            # The status changes on its own page, which writes the history.
            del self.fields["status"]


class ProjectStatusForm(BaseForm):
    status = forms.ChoiceField(label="Nouvel état", choices=[("", "Choisir…"), *ProjectStatus.choices])


class ActionForm(BaseModelForm):
    class Meta:
        model = ProjectAction
        fields = ["text", "owner", "due_on"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2}), "due_on": DATE_WIDGET}
