"""The printable fiche alerte: the council's current alert form (the fields of `situations.forms.AlertForm`, as the
council configured them) rendered as a blank form to fill in by hand, on the council's letterhead. Built from the
form itself, so a new field of the alert form appears on the paper version without any change here."""

from __future__ import annotations

from dataclasses import dataclass, field

from django import forms
from django.template.loader import render_to_string
from django.utils import timezone, translation

from concerto.core.documents import french_date, letterhead

SKIPPED = {"attachments"}  # a paper form has no upload; attachments are sent with it
MAX_LISTED_CHOICES = 40  # beyond this (the directory's organisations), a blank line to write on


@dataclass
class PaperField:
    label: str
    help_text: str
    required: bool
    widget: str  # "choices", "yesno", "lines", "date", "line"
    choices: list[str] = field(default_factory=list)
    lines: int = 1


def _paper_field(name: str, form_field: forms.Field) -> PaperField:
    base = {"label": str(form_field.label or name), "help_text": str(form_field.help_text or ""),
            "required": form_field.required}  # fmt: skip
    widget = form_field.widget
    if isinstance(form_field, forms.NullBooleanField | forms.BooleanField) or isinstance(
        widget, forms.NullBooleanSelect
    ):
        return PaperField(**base, widget="yesno")
    if isinstance(form_field, forms.ChoiceField):
        choices = [str(label) for value, label in form_field.choices if value not in ("", None)]
        if len(choices) <= MAX_LISTED_CHOICES:
            return PaperField(**base, widget="choices", choices=choices)
        return PaperField(**base, widget="line")
    if isinstance(form_field, forms.DateField):
        return PaperField(**base, widget="date")
    if isinstance(widget, forms.Textarea):
        return PaperField(**base, widget="lines", lines=int(widget.attrs.get("rows", 3)) + 1)
    return PaperField(**base, widget="line")


def paper_fields(council) -> list[PaperField]:
    from concerto.situations.forms import AlertForm

    form = AlertForm(council=council)
    return [_paper_field(name, f) for name, f in form.fields.items() if name not in SKIPPED]


def alert_form_pdf(council) -> bytes:
    from weasyprint import HTML

    with translation.override("fr"):
        html = render_to_string(
            "documents/alert_form_pdf.html",
            {
                "council": letterhead(council),
                "fields": paper_fields(council),
                "generated_at": french_date(timezone.localdate(), weekday=False),
            },
        )
    return HTML(string=html).write_pdf(pdf_variant="pdf/ua-1")
