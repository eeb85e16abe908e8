from django import forms
from dsfr.widgets import InlineRadioSelect

from concerto.core.concurrency import VersionFormMixin
from concerto.core.forms import BaseForm, BaseModelForm
from concerto.meetings.enums import AttendanceStatus, Body, ItemKind
from concerto.meetings.models import AgendaItem, ItemGuest, Meeting
from concerto.situations.enums import Visibility
from concerto.situations.forms import visibility_field

DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _members(council):
    from concerto.accounts.models import User

    return User.objects.filter(memberships__council=council, memberships__is_active=True).order_by("last_name")


class MeetingForm(VersionFormMixin, BaseModelForm):
    """Any body of the council: a cell session needs its cell (its permanent members are invited); another body
    convenes the members picked here, or by default those of its role (governance, housing)."""

    convened = forms.ModelMultipleChoiceField(
        label="Personnes à convoquer (hors cellule)",
        help_text=(
            "Laissez vide pour convoquer les membres des instances (COPIL, plénière) ou de la Commission appartement. "
            "Pour un groupe de travail ou le bureau, choisissez les personnes."
        ),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Meeting
        fields = ["body", "cell", "starts_at", "ends_at", "place", "video_link", "extraordinary"]
        widgets = {"starts_at": DATETIME_WIDGET, "ends_at": DATETIME_WIDGET}

    def __init__(self, *args, council, **kwargs):
        super().__init__(*args, **kwargs)
        self.council = council
        self.fields["body"].required = False  # omitted: a cell session, as before other bodies could meet
        self.fields["cell"].queryset = council.cells.all()
        self.fields["cell"].help_text = "Obligatoire pour une séance de cellule."
        self.fields[
            "starts_at"
        ].help_text = (
            "Une date passée (jusqu'à deux ans) enregistre une séance déjà tenue : aucune invitation n'est envoyée."
        )
        self.fields["convened"].queryset = _members(council)
        if self.instance.pk:
            for name in ("body", "cell", "convened"):
                del self.fields[name]

    def clean(self):
        from concerto.meetings.services import AgendaRefused, check_held_bounds, default_convened

        data = super().clean()
        if data.get("starts_at") and data.get("ends_at") and data["ends_at"] <= data["starts_at"]:
            self.add_error("ends_at", "La fin doit être après le début.")
        if data.get("starts_at") and (not self.instance.pk or "starts_at" in self.changed_data):
            try:
                check_held_bounds(data["starts_at"])
            except AgendaRefused as refusal:
                self.add_error("starts_at", str(refusal))
        if self.instance.pk:  # the body, the cell and the people convened are set at creation
            return data
        body = data["body"] = data.get("body") or Body.CELL
        if body == Body.CELL:
            if not data.get("cell"):
                self.add_error("cell", "Choisissez la cellule : une séance de cellule en a besoin.")
        else:
            data["cell"] = None
            if not data.get("convened") and not default_convened(self.council, body).exists():
                self.add_error("convened", "Choisissez les personnes à convoquer à cette réunion.")
        return data


class TopicAddForm(BaseForm):
    """A free topic on the agenda of any body: "Bilan du plan d'actions 2026", "Questions diverses"."""

    topic = forms.CharField(
        label="Intitulé du sujet",
        max_length=200,
        help_text="Un sujet libre est lu par toutes les personnes convoquées : n'y nommez personne. "
        "Une situation s'inscrit par son code.",
    )
    topic_details = forms.CharField(
        label="Précisions (facultatif)", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


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
        # Its own ids: the attendance form on the same page also has a `user` field (no duplicate `id_user`).
        kwargs.setdefault("auto_id", "id_invite_%s")
        super().__init__(*args, **kwargs)
        from concerto.accounts.models import User

        self.fields["item"].queryset = meeting.items.filter(situation__isnull=False).select_related("situation")
        self.fields["item"].label_from_instance = lambda i: i.situation.code
        self.fields["user"].queryset = User.objects.filter(
            memberships__council=meeting.council, memberships__is_active=True
        ).order_by("last_name")


class AttendanceForm(BaseForm):
    """One person at a time, with a substitute: only the invitees and the cell's members are offered."""

    user = forms.ModelChoiceField(label="Personne", queryset=None)
    status = forms.ChoiceField(label="Présence", choices=AttendanceStatus.choices)
    replaced_by = forms.ModelChoiceField(label="Remplacé·e par", queryset=None, required=False)

    def __init__(self, *args, meeting, **kwargs):
        from concerto.accounts.models import User
        from concerto.meetings.services import attendance_people

        super().__init__(*args, **kwargs)
        offered = [user.pk for user in attendance_people(meeting)]
        self.fields["user"].queryset = User.objects.filter(pk__in=offered).order_by("last_name", "first_name")
        self.fields["replaced_by"].queryset = _members(meeting.council)


SHEET_STATUSES = [
    (status.value, status.label)
    for status in (AttendanceStatus.PRESENT, AttendanceStatus.EXCUSED, AttendanceStatus.ABSENT)
]


class AttendanceSheetForm(BaseForm):
    """The whole attendance sheet in one screen: one radio group (present / excused / absent) per invitee or cell
    member, already filled with what is recorded; a group left empty records nothing."""

    def __init__(self, *args, meeting, **kwargs):
        from concerto.meetings.services import attendance_people

        super().__init__(*args, **kwargs)
        recorded = {a.user_id: a.status for a in meeting.attendances.all()}
        self.people = {}
        for user in attendance_people(meeting):
            name = f"status-{user.pk}"
            self.people[name] = user
            choices = list(SHEET_STATUSES)
            if recorded.get(user.pk) == AttendanceStatus.REPLACED:
                choices.append((AttendanceStatus.REPLACED.value, AttendanceStatus.REPLACED.label))
            self.fields[name] = forms.ChoiceField(
                label=str(user), choices=choices, required=False, widget=InlineRadioSelect,
                initial=recorded.get(user.pk),
            )  # fmt: skip
        from concerto.meetings.guest_services import guests_of

        self.guests = {}
        for guest in guests_of(meeting).filter(revoked_at__isnull=True):
            name = f"guest-{guest.pk}"
            self.guests[name] = guest
            self.fields[name] = forms.ChoiceField(
                label=f"{guest.name} ({guest.public_label().lower() + ', ' if guest.is_served else ''}invité·e sans "
                "compte)", choices=SHEET_STATUSES, required=False,
                widget=InlineRadioSelect, initial=guest.attendance or None,
            )  # fmt: skip

    def _answered(self, rows: dict) -> dict:
        return {
            row: self.cleaned_data[name]
            for name, row in rows.items()
            if self.cleaned_data.get(name) and self.cleaned_data[name] != self.fields[name].initial
        }

    def statuses(self) -> dict:
        """The person → status of every group answered (and changed or new)."""
        return self._answered(self.people)

    def guest_statuses(self) -> dict:
        """The guest without an account → status of every group answered (and changed or new)."""
        return self._answered(self.guests)


class ItemGuestForm(BaseModelForm):
    """Someone without an account invited for one agenda item: they receive a personal link by e-mail, open until
    two hours after the meeting's end."""

    email = forms.EmailField(label="Adresse électronique", max_length=254)

    class Meta:
        model = ItemGuest
        fields = ["kind", "name", "email", "organisation", "function", "relationship"]

    def __init__(self, *args, council, situation=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = council.organisations.order_by("name")
        self.fields["organisation"].help_text = "Facultatif : l'accord de la personne peut limiter les structures."
        self.fields["function"].help_text = "Par exemple : médecin traitant, mandataire, médiateur."
        self.fields["kind"].required = False
        self.fields["kind"].help_text = (
            "Un·e proche ou la personne elle-même : seulement avec son accord, sans structure ; le lien ne montre "
            "que la date, l'heure et le lieu."
        )
        self.fields["relationship"].help_text = "Pour un·e proche seulement."
        if not situation:
            # A free topic: only actors of organisations.
            del self.fields["kind"]
            del self.fields["relationship"]


class GuestWordsForm(BaseModelForm):
    """What a relative or the person said at the meeting, recorded by the coordinator."""

    class Meta:
        model = ItemGuest
        fields = ["words", "words_verbatim", "words_visibility"]
        widgets = {"words": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "words_verbatim": "Cochez si la personne a souhaité que ses propos soient consignés tels quels.",
            "words_visibility": "Ce qu'un·e proche dit de la personne est souvent une information de santé.",
        }


class ItemRecordForm(VersionFormMixin, BaseModelForm):
    decisions_visibility = visibility_field(Visibility.PARTICIPANTS, "Décisions visibles par")

    # Not the model field: a participant ("p-<id>") or anyone present ("u-<id>", added to the participants on save).
    who_tells = forms.ChoiceField(label="Qui l'annonce à la personne", required=False)

    class Meta:
        model = AgendaItem
        fields = ["decisions", "decisions_visibility", "tell_by", "next_review"]
        widgets = {"decisions": forms.Textarea(attrs={"rows": 4}), "tell_by": DATE_WIDGET, "next_review": DATE_WIDGET}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.situation_id is None:
            # A free topic: decisions only, shown to everyone convened (no person to tell, no review).
            for name in ("decisions_visibility", "who_tells", "tell_by", "next_review"):
                del self.fields[name]
            return
        from concerto.meetings.services import present_people

        self.participants = {
            p.pk: p
            for p in self.instance.situation.participants.filter(until__isnull=True).select_related(
                "organisation", "user"
            )
        }
        participating = {p.user_id for p in self.participants.values()}
        self.present = {u.pk: u for u in present_people(self.instance.meeting) if u.pk not in participating}
        participant_choices = [
            (f"p-{p.pk}", f"{p.organisation.name}{f' — {p.user}' if p.user_id else ''}")
            for p in self.participants.values()
        ]
        present_choices = [(f"u-{u.pk}", str(u)) for u in self.present.values()]
        choices = [("", "Choisir…")]
        if participant_choices:
            choices.append(("Participants", participant_choices))
        if present_choices:
            choices.append(("Personnes présentes (ajoutées aux participants)", present_choices))
        field = self.fields["who_tells"]
        field.choices = choices
        field.help_text = "Un participant de la situation ou une personne présente, ajoutée aussitôt aux participants."
        if self.instance.who_tells_id:
            field.initial = f"p-{self.instance.who_tells_id}"

    def clean(self):
        data = super().clean()
        if "who_tells" not in self.fields:
            return data
        value = data.pop("who_tells", "") or ""
        kind, _, pk = value.partition("-")
        pk = int(pk) if pk.isdigit() else None
        if kind == "u" and pk in self.present:
            data["who_tells_person"] = self.present[pk]
        else:
            data["who_tells"] = self.participants.get(pk) if kind == "p" else None
        return data


class WorkingNoteForm(BaseForm):
    text = forms.CharField(label="Note de travail (détruite à la signature)", widget=forms.Textarea(attrs={"rows": 2}))
    visibility = visibility_field(Visibility.HEALTH_SOCIAL)


class CorrectionForm(BaseForm):
    text = forms.CharField(label="Correction (ajoutée au relevé, datée)", widget=forms.Textarea(attrs={"rows": 2}))
    visibility = visibility_field(Visibility.PARTICIPANTS)


POLL_SLOT_COUNT = 4


class PollForm(BaseForm):
    """An extraordinary session's date poll: the cell, the place, the duration and two to four slots."""

    cell = forms.ModelChoiceField(label="Cellule", queryset=None)
    place = forms.CharField(label="Lieu", max_length=255, required=False)
    duration = forms.IntegerField(label="Durée (minutes)", min_value=15, max_value=480, initial=90)

    def __init__(self, *args, council, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cell"].queryset = council.cells.all()
        for index in range(POLL_SLOT_COUNT):
            self.fields[f"slot_{index}"] = forms.DateTimeField(
                label=f"Créneau {index + 1}", required=index < 2, widget=DATETIME_WIDGET
            )

    def slots(self) -> list:
        return sorted(v for k, v in self.cleaned_data.items() if k.startswith("slot_") and v)
