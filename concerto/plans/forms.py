from django import forms

from concerto.core.forms import BaseForm, BaseModelForm
from concerto.plans.enums import ActionStatus
from concerto.plans.models import Action, ProposalAnswer
from concerto.situations.enums import Visibility
from concerto.situations.forms import visibility_field

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ActionForm(BaseModelForm):
    visibility = visibility_field(Visibility.PARTICIPANTS)

    class Meta:
        model = Action
        fields = ["text", "visibility", "owner_organisation", "owner_user", "due_on", "parent"]
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
