"""The journal's forms: a new entry (free note or typed event) and the filter by kind.

The entry form shows the fields of the chosen kind only: without JavaScript every field is on the page; with htmx,
choosing a kind fetches its own (`?champs=1`, the `note_fields.html` partial), as the qualification form does. The
free text sits outside that part of the form: it is never sent in a query string, and what was typed stays."""

from django import forms

from concerto.core.forms import BaseForm, BaseModelForm
from concerto.situations import journal
from concerto.situations.enums import PROCEDURE_STAGES, NoteKind, Visibility
from concerto.situations.models import JournalNote

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
# The fields that depend on the kind (the free text aside, common to every kind).
CONDITIONAL_FIELDS = ("visibility", "occurred_on", "ends_on", "stage")
DATE_LABELS = {
    NoteKind.NOTE: ("Date", ""),
    NoteKind.HOSPITALISATION: ("Date d'entrée à l'hôpital", "Date de sortie (si connue)"),
    NoteKind.CRISIS: ("Date de la crise", "Fin de la crise (si plusieurs jours)"),
    NoteKind.PROCEDURE: ("Date de l'étape", ""),
}


class NoteForm(BaseModelForm):
    kind = forms.TypedChoiceField(
        label="Type d'entrée", choices=NoteKind.choices, initial=NoteKind.NOTE, required=False,
        empty_value=NoteKind.NOTE,
    )  # fmt: skip

    class Meta:
        model = JournalNote
        fields = ["kind", "visibility", "occurred_on", "ends_on", "stage", "text"]
        widgets = {
            "occurred_on": DATE_WIDGET,
            "ends_on": DATE_WIDGET,
            "text": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "visibility": "Une hospitalisation ou une crise est une information de santé : elle n'est jamais "
            "montrée aux participants hors santé et social (bailleur, police, élu·e).",
        }

    def __init__(self, *args, allowed: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.allowed = list(allowed)
        kinds = [(k, label) for k, label in NoteKind.choices if journal.allowed_visibilities(k, self.allowed)]
        self.fields["kind"].choices = kinds
        self.fields["stage"].choices = [("", "Choisir…"), *((s.value, s.label) for s in PROCEDURE_STAGES)]
        self.fields["text"].label = "Note"
        kind = self.chosen_kind()
        self.fields["visibility"].choices = [
            (v, label) for v, label in Visibility.choices if v in journal.allowed_visibilities(kind, self.allowed)
        ]
        started, ended = DATE_LABELS[kind]
        # DSFR's form already built (and cached) the bound fields: set both.
        for name, label in (("occurred_on", started), ("ends_on", ended or "Date de fin")):
            self[name].label = self.fields[name].label = label

    def chosen_kind(self) -> str:
        value = self.data.get("kind") if self.is_bound else self.initial.get("kind")
        return value if value in NoteKind.values else NoteKind.NOTE

    def kind_fields(self, kind: str | None = None) -> list[str]:
        """The conditional fields of a kind (all of them when no kind is chosen yet: the page without JavaScript)."""
        if kind is None:
            return list(CONDITIONAL_FIELDS)
        return ["visibility", "occurred_on", *(f for f in journal.KIND_FIELDS[kind] if f != "text")]

    def clean(self):
        """Friendly early checks, next to their field; `journal.note_add` is the authority on these rules."""
        data = super().clean()
        kind = data.get("kind")
        if kind not in NoteKind.values:
            return data
        if kind not in journal.KIND_FIELDS or "ends_on" not in journal.KIND_FIELDS[kind]:
            data["ends_on"] = None
        if kind != NoteKind.PROCEDURE:
            data["stage"] = ""
        visibility = data.get("visibility")
        if visibility and visibility not in journal.allowed_visibilities(kind, self.allowed):
            self.add_error(
                "visibility",
                "Une hospitalisation ou une crise est une information de santé : choisissez « professionnels de santé "
                "et du social seulement » ou « coordination seulement ».",
            )
        if data.get("occurred_on") is None:
            return data
        try:
            journal.check_entry(kind, data)
        except journal.EntryRefused as refusal:
            self.add_error(refusal.field if refusal.field in self.fields else None, str(refusal))
        return data


class JournalFilterForm(BaseForm):
    """The journal tab's filter: the entries of one kind, among the kinds the reader may see."""

    type = forms.ChoiceField(
        label="Type d'entrée", choices=[("", "Toutes les entrées"), *NoteKind.choices], required=False
    )

    def __init__(self, *args, visible: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        kinds = [(k, label) for k, label in NoteKind.choices if journal.allowed_visibilities(k, visible)]
        self.fields["type"].choices = [("", "Toutes les entrées"), *kinds]
