from django import forms
from django.utils import timezone

from concerto.core import antivirus
from concerto.core.concurrency import VersionFormMixin
from concerto.core.errors import DomainError
from concerto.core.forms import BaseForm, BaseModelForm
from concerto.councils.problems import problem_choices
from concerto.situations import scheduling
from concerto.situations.enums import (
    AgeBand,
    ClosureDecider,
    ClosureFlag,
    ClosureReason,
    ConsentKind,
    FollowUp,
    OpenActionChoice,
    PersonMode,
    Problem,
    ReopenReason,
    Visibility,
)
from concerto.situations.models import Alert, ConsentRecord, Participant, Relative, Situation

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_UPLOADS = 5
SIGNATURES = {b"%PDF-": "application/pdf", b"\x89PNG\r\n\x1a\n": "image/png", b"\xff\xd8\xff": "image/jpeg"}
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def sniff_content_type(upload) -> str | None:
    """The type is read from the file's first bytes, never from its name or the browser's claim."""
    head = upload.read(8)
    upload.seek(0)
    return next((kind for magic, kind in SIGNATURES.items() if head.startswith(magic)), None)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "application/pdf,image/png,image/jpeg"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        if len(files) > MAX_UPLOADS:
            raise forms.ValidationError(f"{MAX_UPLOADS} pièces jointes au plus.")
        cleaned = []
        for upload in files:
            upload = super().clean(upload, initial)
            if upload.size > MAX_UPLOAD_BYTES:
                raise forms.ValidationError(f"« {upload.name} » dépasse 5 Mo.")
            content_type = sniff_content_type(upload)
            if content_type is None:
                raise forms.ValidationError(f"« {upload.name} » n'est ni un PDF, ni une image PNG ou JPEG.")
            try:
                antivirus.scan(upload)
            except antivirus.VirusFound as found:
                raise forms.ValidationError(f"« {upload.name} » a été refusé par l'antivirus.") from found
            cleaned.append((upload, content_type))
        return cleaned


IDENTITY_FIELD_NAMES = ["last_name", "first_name", "birth_date", "address", "phone"]


def check_day(form, name: str, what: str, **bounds) -> None:
    """The friendly check of a past date, with the service's own rule (concerto/situations/services.py): the
    error shows next to the field instead of above the form."""
    from concerto.situations.rules import check_past_day

    day = form.cleaned_data.get(name)
    if day is None:
        return
    try:
        check_past_day(day, what, **bounds)
    except DomainError as refusal:
        form.add_error(name, str(refusal))


def offer_current_age_bands(form) -> None:
    """The former « under 25 » band stays valid for the records that have it, and is not offered otherwise."""
    if form.instance.age_band != AgeBand.UNDER_25:
        form.fields["age_band"].choices = [c for c in form.fields["age_band"].choices if c[0] != AgeBand.UNDER_25]


def identity_data(cleaned_data: dict) -> dict:
    """The identity part of a cleaned form, with empty values the model accepts."""
    return {name: cleaned_data.get(name) or (None if name == "birth_date" else "") for name in IDENTITY_FIELD_NAMES}


class AlertForm(BaseModelForm):
    problems = forms.MultipleChoiceField(
        label="Problèmes observés", choices=Problem.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    follow_ups = forms.MultipleChoiceField(
        label="Suivis existants", choices=FollowUp.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    last_name = forms.CharField(label="Nom de la personne", max_length=150, required=False)
    first_name = forms.CharField(label="Prénom de la personne", max_length=150, required=False)
    birth_date = forms.DateField(label="Date de naissance", required=False, widget=DATE_WIDGET)
    address = forms.CharField(label="Adresse", max_length=255, required=False)
    phone = forms.CharField(label="Téléphone de la personne", max_length=30, required=False)
    attachments = MultipleFileField(
        label="Pièces jointes", required=False, help_text="PDF, PNG ou JPEG, 5 Mo au plus chacune, 5 au plus."
    )

    class Meta:
        model = Alert
        fields = [
            "referrer_name", "referrer_organisation", "referrer_organisation_name", "referrer_role",
            "referrer_phone", "referrer_email",
            "person_mode", "initials", "sex", "age_band",
            "commune", "neighbourhood", "is_qpv",
            "housing_status", "landlord_organisation", "landlord_name", "housing_since",
            "household_alone", "household_children", "household_animals",
            "legal_protection", "mandataire",
            "unpaid_amount", "eviction_stage",
            "facts", "already_tried", "person_informed", "person_agrees", "urgency", "expected_help",
            "received_on",
        ]  # fmt: skip
        widgets = {
            "person_mode": forms.RadioSelect,
            "facts": forms.Textarea(attrs={"rows": 5}),
            "already_tried": forms.Textarea(attrs={"rows": 3}),
            "expected_help": forms.Textarea(attrs={"rows": 3}),
            "housing_since": DATE_WIDGET,
            "received_on": DATE_WIDGET,
            "household_alone": forms.NullBooleanSelect,
            "household_animals": forms.NullBooleanSelect,
        }

    def __init__(
        self, *args, council, draft: bool = False, lock_referrer_organisation=None, on_behalf: bool = False, **kwargs
    ):
        super().__init__(*args, **kwargs)
        # The coordinator entering an alert received by post or by phone gives the day it was received; anyone else's
        # alert is received the day it is sent.
        if on_behalf:
            self.fields["received_on"].help_text = (
                "Si vous saisissez une alerte reçue par courrier ou par téléphone, ou avant l'usage de Concerto. "
                "Aujourd'hui si vide."
            )
        else:
            del self.fields["received_on"]
        organisations = council.organisations.order_by("name")
        for name in ("referrer_organisation", "landlord_organisation"):
            self.fields[name].queryset = organisations
        self.fields["commune"].queryset = council.communes.order_by("name")
        offer_current_age_bands(self)
        self.fields["problems"].choices = problem_choices(council, keep=self.instance.problems)
        self.fields["problems"].initial = self.instance.problems
        self.fields["follow_ups"].initial = self.instance.follow_ups
        identity = getattr(self.instance, "identity", None) if self.instance.pk else None
        if identity is not None:
            for name in IDENTITY_FIELD_NAMES:
                self.fields[name].initial = getattr(identity, name)
        if lock_referrer_organisation is not None:
            self.fields["referrer_organisation"].queryset = organisations.filter(pk=lock_referrer_organisation.pk)
            self.fields["referrer_organisation"].initial = lock_referrer_organisation.pk
            self.fields["referrer_organisation"].empty_label = None
            del self.fields["referrer_organisation_name"]
        self.draft = draft
        if draft:
            for field in self.fields.values():
                field.required = False

    def clean(self):
        data = super().clean()
        check_day(self, "received_on", "la date de réception de l'alerte")
        if self.draft:
            return data
        mode = data.get("person_mode")
        if mode == PersonMode.INITIALS and not data.get("initials"):
            self.add_error("initials", "Indiquez les initiales de la personne, ou choisissez le mode anonyme.")
        if mode == PersonMode.NOMINATIVE and not data.get("last_name"):
            self.add_error("last_name", "Indiquez le nom de la personne, ou choisissez un autre mode.")
        if mode == PersonMode.NOMINATIVE and data.get("person_agrees") != "yes":
            self.add_error(
                "person_mode",
                "Une alerte nominative suppose l'accord de la personne. Sans accord, choisissez le mode initiales ou "
                "anonyme : la cellule étudiera la situation sans la nommer.",
            )
        if "referrer_organisation_name" in self.fields and not (
            data.get("referrer_organisation") or data.get("referrer_organisation_name")
        ):
            self.add_error("referrer_organisation", "Choisissez votre structure ou indiquez son nom.")
        if Problem.UNPAID_RENT not in data.get("problems", []):
            data["unpaid_amount"], data["eviction_stage"] = None, ""
        if not data.get("problems"):
            self.add_error("problems", "Cochez au moins un problème observé.")
        return data

    def identity_data(self) -> dict | None:
        if self.cleaned_data.get("person_mode") != PersonMode.NOMINATIVE:
            return None
        return identity_data(self.cleaned_data)

    def apply(self, alert: Alert) -> Alert:
        alert.problems = self.cleaned_data.get("problems", [])
        alert.follow_ups = self.cleaned_data.get("follow_ups", [])
        if alert.person_mode == PersonMode.ANONYMOUS:
            alert.initials = ""
        return alert


class QualificationForm(BaseForm):
    DECISIONS = [
        ("accept", "Accepter\u00a0: ouvrir une situation pour la cellule"),
        ("attach", "Rattacher à une situation existante"),
        ("reoriented", "Réorienter vers une autre structure"),
        ("not_admissible", "Non recevable"),
    ]
    received_on = forms.DateField(
        label="Alerte reçue le",
        widget=DATE_WIDGET,
        required=False,
        help_text="Le jour où l'alerte est arrivée (courrier, appel…) : les délais de traitement sont comptés à "
        "partir de cette date. Passée, deux ans au plus avant l'enregistrement de l'alerte ; inchangée si vide.",
    )
    decision = forms.ChoiceField(label="Décision", choices=DECISIONS, widget=forms.RadioSelect)
    cell = forms.ModelChoiceField(label="Cellule", queryset=None, required=False)
    attach_to = forms.ModelChoiceField(label="Situation existante", queryset=None, required=False)
    reoriented_to = forms.ModelChoiceField(label="Réorientée vers", queryset=None, required=False)
    reason = forms.CharField(label="Motif", widget=forms.Textarea(attrs={"rows": 3}), required=False)
    schedule = forms.BooleanField(label="Inscrire à la prochaine séance", required=False)
    priority = forms.BooleanField(
        label="Prioritaire",
        required=False,
        help_text="Inscrite même si l'ordre du jour est complet ou clos.",
    )

    def __init__(self, *args, council, duplicates, alert=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.alert = alert
        if alert is not None:
            self.fields["received_on"].initial = alert.received_on or timezone.localdate(alert.submitted_at)
        self.fields["cell"].queryset = council.cells.all()
        self.fields["attach_to"].queryset = duplicates
        self.fields["attach_to"].label_from_instance = lambda s: f"{s.code} — {s.label}"
        self.fields["reoriented_to"].queryset = council.organisations.order_by("name")
        self._label_next_sessions(council)

    def _label_next_sessions(self, council) -> None:
        """« Inscrire à la prochaine séance (date) »: the date of each cell's next planned session."""
        planner = scheduling.scheduler()
        if planner is None:
            del self.fields["schedule"], self.fields["priority"]
            return
        starts = [(cell, planner.next_session_start(cell)) for cell in council.cells.all()]
        dates = [
            (cell, f"{timezone.localtime(start):%d/%m/%Y}" if start else "aucune séance planifiée")
            for cell, start in starts
        ]
        schedule = self["schedule"]  # DSFR's form already built (and cached) the bound fields: set both
        if len(dates) == 1:
            schedule.label = self.fields["schedule"].label = f"Inscrire à la prochaine séance ({dates[0][1]})"
        elif dates:
            schedule.label = self.fields["schedule"].label = "Inscrire à la prochaine séance de la cellule choisie"
            help_text = " ; ".join(f"{cell.name} : {day}" for cell, day in dates) + "."
            schedule.help_text = self.fields["schedule"].help_text = help_text

    def clean(self):
        """Friendly early checks; `services.alert_accept` / `alert_decline` are the authority on these rules."""
        data = super().clean()
        received_on = data.get("received_on")
        if self.alert is not None and received_on is not None and received_on != self.alert.received_on:
            from concerto.situations.rules import check_received_on

            try:
                check_received_on(self.alert, received_on)
            except DomainError as refusal:
                self.add_error("received_on", str(refusal))
        decision = data.get("decision")
        if decision == "attach" and not data.get("attach_to"):
            self.add_error("attach_to", "Choisissez la situation à laquelle rattacher l'alerte.")
        if decision == "reoriented" and not data.get("reoriented_to"):
            self.add_error("reoriented_to", "Indiquez la structure vers laquelle l'alerte est réorientée.")
        if decision in ("reoriented", "not_admissible") and not data.get("reason", "").strip():
            self.add_error("reason", "Indiquez le motif : il est conservé avec la décision.")
        if data.get("priority") and not data.get("schedule") and decision == "accept":
            self.add_error(
                "priority", "Cochez aussi « Inscrire à la prochaine séance » pour une inscription prioritaire."
            )
        return data


class SituationForm(VersionFormMixin, BaseModelForm):
    problems = forms.MultipleChoiceField(
        label="Problèmes observés", choices=Problem.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    follow_ups = forms.MultipleChoiceField(
        label="Suivis existants", choices=FollowUp.choices, widget=forms.CheckboxSelectMultiple, required=False
    )

    class Meta:
        model = Situation
        fields = [
            "sex", "age_band", "commune", "neighbourhood", "is_qpv", "housing_status", "landlord_organisation",
            "landlord_name", "housing_since", "household_alone", "household_children", "household_animals",
            "legal_protection", "mandataire", "unpaid_amount", "eviction_stage", "urgency",
        ]  # fmt: skip
        widgets = {
            "housing_since": DATE_WIDGET,
            "household_alone": forms.NullBooleanSelect,
            "household_animals": forms.NullBooleanSelect,
        }

    def __init__(self, *args, council, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commune"].queryset = council.communes.order_by("name")
        self.fields["landlord_organisation"].queryset = council.organisations.order_by("name")
        offer_current_age_bands(self)
        current = list(self.instance.problem_rows.values_list("code", flat=True)) if self.instance.pk else []
        self.fields["problems"].choices = problem_choices(council, keep=current)
        if self.instance.pk and not self.is_bound:
            self.initial["problems"] = current
            self.initial["follow_ups"] = self.instance.follow_ups


class ModeForm(BaseForm):
    person_mode = forms.ChoiceField(label="Mode", choices=PersonMode.choices, widget=forms.RadioSelect)
    label = forms.CharField(label="Initiales ou désignation", max_length=40)
    last_name = forms.CharField(label="Nom", max_length=150, required=False)
    first_name = forms.CharField(label="Prénom", max_length=150, required=False)
    birth_date = forms.DateField(label="Date de naissance", required=False, widget=DATE_WIDGET)
    address = forms.CharField(label="Adresse", max_length=255, required=False)
    phone = forms.CharField(label="Téléphone", max_length=30, required=False)

    def __init__(self, *args, agreement_on_record: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.agreement_on_record = agreement_on_record

    def clean(self):
        """Friendly early checks; `services.situation_change_mode` is the authority (agreement on record, name)."""
        data = super().clean()
        if data.get("person_mode") == PersonMode.NOMINATIVE:
            if not self.agreement_on_record:
                self.add_error(
                    "person_mode", "Le mode nominatif suppose un accord de la personne enregistré et non retiré."
                )
            if not data.get("last_name"):
                self.add_error("last_name", "Indiquez le nom de la personne.")
        return data

    def identity_data(self) -> dict:
        return identity_data(self.cleaned_data)


class ConsentForm(BaseModelForm):
    class Meta:
        model = ConsentRecord
        fields = ["kind", "occurred_on", "by_whom", "means", "scope", "covers_relatives"]
        widgets = {"occurred_on": DATE_WIDGET, "scope": forms.CheckboxSelectMultiple}
        help_texts = {
            "scope": "Pour un accord : les structures avec lesquelles la personne accepte le partage. "
            "Sans sélection, l'accord vaut pour toutes les structures participantes."
        }

    def __init__(self, *args, council, situation=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = ConsentKind.choices
        self._scope_participants_first(council, situation)

    def _scope_participants_first(self, council, situation) -> None:
        """The organisations taking part in the situation come first, marked, and are ticked for a new record (the
        coordinator unticks or adds; nothing ticked still means every participating organisation)."""
        organisations = council.organisations.order_by("name")
        participating = set()
        if situation is not None:
            today = timezone.localdate()
            participating = set(
                situation.participants.filter(since__lte=today)
                .exclude(until__lt=today)
                .values_list("organisation_id", flat=True)
            )
        scope = self.fields["scope"]
        scope.queryset = organisations
        if not participating:
            return
        rows = list(organisations)
        rows.sort(key=lambda o: o.pk not in participating)  # stable: by name within each group
        marked = "{} (participe à la situation)".format
        scope.choices = [(o.pk, marked(o.name) if o.pk in participating else o.name) for o in rows]
        help_text = f"{scope.help_text} Les structures qui participent à la situation sont en tête de liste."
        scope.help_text = self["scope"].help_text = help_text  # DSFR's form already built the bound fields: set both
        if not self.is_bound and not self.initial.get("scope"):
            self.initial["scope"] = sorted(participating)

    def clean(self):
        data = super().clean()
        check_day(self, "occurred_on", "la date du recueil")
        return data


class ParticipantForm(BaseModelForm):
    class Meta:
        model = Participant
        fields = ["organisation", "user", "since", "until", "is_referent"]
        widgets = {"since": DATE_WIDGET, "until": DATE_WIDGET}

    def __init__(self, *args, council, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = council.organisations.order_by("name")
        from concerto.accounts.models import User

        self.fields["user"].queryset = User.objects.filter(
            memberships__council=council, memberships__is_active=True
        ).order_by("last_name")


class RelativeForm(BaseModelForm):
    """A relative of the person at the table: name and contact are identity, the bond is chosen from a list."""

    class Meta:
        model = Relative
        fields = ["name", "relationship", "contact", "since"]
        widgets = {"since": DATE_WIDGET}
        help_texts = {
            "contact": "Facultatif. Visible seulement des personnes qui voient l'identité de la personne.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["since"].required = False


def visibility_field(default: str, label: str = "Visible par") -> forms.TypedChoiceField:
    """The class of a piece of text (disclosure policy); when omitted, the safe default of that kind of text."""
    return forms.TypedChoiceField(
        label=label, choices=Visibility.choices, initial=default, required=False, empty_value=default
    )


class SecureLinkForm(BaseForm):
    organisation = forms.ModelChoiceField(label="Structure", queryset=None)
    days = forms.IntegerField(label="Validité (jours)", min_value=1, max_value=365, initial=90)

    def __init__(self, *args, council, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = council.organisations.order_by("name")


class ClosureForm(BaseForm):
    reason = forms.ChoiceField(label="Motif principal de clôture", choices=ClosureReason.choices)
    flags = forms.MultipleChoiceField(
        label="Constats à la clôture",
        help_text="Tout ce qui s'applique en plus du motif principal (par exemple : logement maintenu et refus de "
        "soins persistant).",
        choices=ClosureFlag.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    closed_on = forms.DateField(
        label="Clôturée le",
        widget=DATE_WIDGET,
        required=False,
        help_text="Aujourd'hui par défaut ; une date passée pour une situation déjà close avant l'usage de Concerto.",
    )
    decided_by = forms.ChoiceField(
        label="Clôture décidée",
        choices=ClosureDecider.choices,
        widget=forms.RadioSelect,
        initial=ClosureDecider.CELL,
        required=False,
    )
    relay_organisation = forms.ModelChoiceField(
        label="Structure relais", queryset=None, required=False, empty_label="Aucune"
    )

    def __init__(self, *args, council, situation, actions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["relay_organisation"].queryset = council.organisations.order_by("name")
        self.fields["closed_on"].initial = timezone.localdate()
        self.situation = situation
        self.actions = list(actions)
        # Each open action is decided here: cancelled, or kept with its reason (nothing is closed silently).
        for action in self.actions:
            label = f"Action ouverte « {action.text} » ({action.owner_organisation}, échéance {action.due_on:%d/%m/%Y})"
            self.fields[f"action_{action.pk}"] = forms.ChoiceField(
                label=label, choices=OpenActionChoice.choices, widget=forms.RadioSelect
            )
            self.fields[f"action_{action.pk}_reason"] = forms.CharField(
                label="Motif pour la garder", max_length=300, required=False
            )

    def clean(self):
        data = super().clean()
        if data.get("closed_on") is not None:
            from concerto.situations.rules import check_closure_day

            try:
                check_closure_day(self.situation, data["closed_on"])
            except DomainError as refusal:
                self.add_error("closed_on", str(refusal))
        for action in self.actions:
            keep = data.get(f"action_{action.pk}") == OpenActionChoice.KEEP
            if keep and not (data.get(f"action_{action.pk}_reason") or "").strip():
                self.add_error(f"action_{action.pk}_reason", "Indiquez pourquoi cette action est gardée.")
        return data

    def open_action_decisions(self) -> dict:
        return {
            a.pk: (self.cleaned_data[f"action_{a.pk}"], self.cleaned_data.get(f"action_{a.pk}_reason", ""))
            for a in self.actions
        }


class ReopenForm(BaseForm):
    reason = forms.ChoiceField(label="Motif de réouverture", choices=ReopenReason.choices)
