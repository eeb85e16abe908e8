from django import forms

from concerto.core.concurrency import VersionFormMixin
from concerto.core.forms import BaseForm, BaseModelForm
from concerto.meetings.enums import AttendanceStatus, ItemKind
from concerto.meetings.models import AgendaItem, Meeting
from concerto.situations.enums import Visibility
from concerto.situations.forms import visibility_field

DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class MeetingForm(VersionFormMixin, BaseModelForm):
    class Meta:
        model = Meeting
        fields = ["cell", "starts_at", "ends_at", "place", "video_link", "extraordinary"]
        widgets = {"starts_at": DATETIME_WIDGET, "ends_at": DATETIME_WIDGET}

    def __init__(self, *args, council, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cell"].queryset = council.cells.all()
        self.fields["cell"].required = True
        if self.instance.pk:
            del self.fields["cell"]

    def clean(self):
        data = super().clean()
        if data.get("starts_at") and data.get("ends_at") and data["ends_at"] <= data["starts_at"]:
            self.add_error("ends_at", "La fin doit être après le début.")
        return data


class AgendaAddForm(BaseForm):
    situation = forms.ModelChoiceField(label="Situation", queryset=None)
    kind = forms.ChoiceField(label="Nature", choices=ItemKind.choices)
    priority = forms.BooleanField(label="Prioritaire (hors délai et hors maximum)", required=False)

    def __init__(self, *args, situations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["situation"].queryset = situations
        self.fields["situation"].label_from_instance = lambda s: f"{s.code} — {s.label}"


class InviteActorForm(BaseForm):
    item = forms.ModelChoiceField(label="Pour la situation", queryset=None)
    user = forms.ModelChoiceField(label="Personne invitée", queryset=None)

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        from concerto.accounts.models import User

        self.fields["item"].queryset = meeting.items.select_related("situation")
        self.fields["item"].label_from_instance = lambda i: i.situation.code
        self.fields["user"].queryset = User.objects.filter(
            memberships__council=meeting.council, memberships__is_active=True
        ).order_by("last_name")


class AttendanceForm(BaseForm):
    user = forms.ModelChoiceField(label="Personne", queryset=None)
    status = forms.ChoiceField(label="Présence", choices=AttendanceStatus.choices)
    replaced_by = forms.ModelChoiceField(label="Remplacé·e par", queryset=None, required=False)

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        from concerto.accounts.models import User

        people = User.objects.filter(memberships__council=meeting.council, memberships__is_active=True).order_by(
            "last_name"
        )
        self.fields["user"].queryset = people
        self.fields["replaced_by"].queryset = people


class ItemRecordForm(VersionFormMixin, BaseModelForm):
    decisions_visibility = visibility_field(Visibility.PARTICIPANTS, "Décisions visibles par")

    class Meta:
        model = AgendaItem
        fields = ["decisions", "decisions_visibility", "who_tells", "tell_by", "next_review"]
        widgets = {"decisions": forms.Textarea(attrs={"rows": 4}), "tell_by": DATE_WIDGET, "next_review": DATE_WIDGET}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        participants = self.instance.situation.participants.filter(until__isnull=True).select_related("organisation")
        self.fields["who_tells"].queryset = participants
        self.fields["who_tells"].label_from_instance = lambda p: p.organisation.name


class WorkingNoteForm(BaseForm):
    text = forms.CharField(label="Note de travail (détruite à la signature)", widget=forms.Textarea(attrs={"rows": 2}))
    visibility = visibility_field(Visibility.HEALTH_SOCIAL)


class CorrectionForm(BaseForm):
    text = forms.CharField(label="Correction (ajoutée au relevé, datée)", widget=forms.Textarea(attrs={"rows": 2}))
    visibility = visibility_field(Visibility.PARTICIPANTS)
