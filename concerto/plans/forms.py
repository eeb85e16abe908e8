from django import forms

from concerto.core.forms import BaseForm, BaseModelForm
from concerto.plans.enums import ActionStatus
from concerto.plans.models import Action, ProposalAnswer
from concerto.situations.enums import Visibility
from concerto.situations.forms import visibility_field

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


OWNER_MEMBER, OWNER_EXTERNAL = "member", "external"


class ActionForm(BaseModelForm):
    visibility = visibility_field(Visibility.PARTICIPANTS)
    owner_kind = forms.ChoiceField(
        label="Personne responsable",
        choices=[
            (OWNER_MEMBER, "Un membre du conseil (ou la structure seule)"),
            (OWNER_EXTERNAL, "Une personne sans compte (médecin traitant, proche, curateur…)"),
        ],
        initial=OWNER_MEMBER,
        required=False,
        widget=forms.RadioSelect,
        help_text="Une personne sans compte reçoit par courriel un lien personnel, limité dans le temps, pour indiquer "
        "où en est l'action ; la structure responsable reste celle choisie ci-dessus.",
    )
    external_owner_email = forms.EmailField(
        label="Adresse électronique de la personne sans compte", required=False, max_length=254
    )

    class Meta:
        model = Action
        fields = [
            "text", "visibility", "owner_organisation", "owner_user", "external_owner_name", "external_owner_email",
            "due_on", "parent",
        ]  # fmt: skip
        widgets = {"due_on": DATE_WIDGET}

    def __init__(self, *args, council, situation=None, **kwargs):
        """With `situation`, the action may follow one of its actions (`parent`); without, no such field."""
        super().__init__(*args, **kwargs)
        from concerto.accounts.models import User

        if situation is None:
            del self.fields["parent"]
        else:
            parent = self.fields["parent"]
            parent.queryset = situation.actions.order_by("due_on", "id")
            parent.label = "Suite de l'action (facultatif)"
            parent.empty_label = "Aucune\u00a0: action nouvelle"
            parent.label_from_instance = lambda a: f"n° {a.pk} — échéance le {a.due_on:%d/%m/%Y} — {a.text[:80]}"

        self.fields["owner_organisation"].queryset = council.organisations.order_by("name")
        self.fields["owner_user"].queryset = User.objects.filter(
            memberships__council=council, memberships__is_active=True
        ).order_by("last_name")
        self.fields["owner_user"].label = "Membre du conseil responsable (facultatif)"
        self.fields["external_owner_name"].label = "Nom de la personne sans compte"
        self.order_fields(["text", "visibility", "owner_organisation", "owner_kind", "owner_user"])

    def clean(self):
        """The kind of owner decides: a member (or the organisation alone), or a person without an account with a
        name and an e-mail address, never both. `owner_kind` only picks: it leaves the cleaned data."""
        data = super().clean()
        kind = data.pop("owner_kind", "") or OWNER_MEMBER
        name = (data.get("external_owner_name") or "").strip()
        email = (data.get("external_owner_email") or "").strip()
        if kind == OWNER_EXTERNAL:
            if data.get("owner_user") is not None:
                self.add_error(
                    "owner_user",
                    "Choisissez un membre du conseil ou une personne sans compte, pas les deux : laissez ce champ "
                    "vide pour une personne sans compte.",
                )
            if not name:
                self.add_error("external_owner_name", "Indiquez le nom de la personne sans compte.")
            if not email and "external_owner_email" not in self.errors:
                self.add_error("external_owner_email", "Indiquez l'adresse électronique de la personne sans compte.")
        elif name or email:
            self.add_error(
                "owner_kind",
                "Vous avez saisi le nom ou l'adresse d'une personne sans compte : choisissez « une personne sans "
                "compte », ou effacez ce nom et cette adresse.",
            )
        data["external_owner_name"], data["external_owner_email"] = name, email
        return data


class ActionStatusForm(BaseForm):
    status = forms.ChoiceField(label="Statut", choices=ActionStatus.choices)


class AnswerForm(BaseModelForm):
    class Meta:
        model = ProposalAnswer
        fields = ["told_on", "answer"]
        widgets = {"told_on": DATE_WIDGET}


class WithdrawalDecisionForm(BaseForm):
    decision = forms.ChoiceField(
        label="Décision",
        choices=[("cancel", "Annuler l'action"), ("keep", "Maintenir l'action")],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(label="Motif du maintien", required=False, max_length=500)


class ExternalActionForm(BaseForm):
    """The owner without an account, through their link: where the action stands, and a comment."""

    status = forms.ChoiceField(
        label="Où en est l'action ?",
        choices=[(ActionStatus.IN_PROGRESS, "En cours"), (ActionStatus.DONE, "Faite")],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label="Commentaire (facultatif)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Ce que la coordination doit savoir. Il sera lu par les personnes qui suivent cette action.",
    )
