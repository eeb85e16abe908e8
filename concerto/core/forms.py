from django import forms
from django.core.exceptions import ValidationError
from django.db.models.fields import BLANK_CHOICE_DASH
from dsfr.forms import DsfrBaseForm

DJANGO_EMPTY_LABEL = BLANK_CHOICE_DASH[0][1]  # "---------"
EMPTY_LABEL = "Choisir…"


def _guard_overflow(field: forms.ModelChoiceField) -> None:
    """A choice id too large for the database (found by fuzzing) must be a form error, not a server error."""
    original = field.clean

    def clean(value):
        try:
            return original(value)
        except OverflowError as error:
            raise ValidationError("Sélectionnez un choix valide.", code="invalid_choice") from error

    field.clean = clean


def _french_empty_choice(field: forms.Field) -> None:
    """A select's empty choice reads « Choisir… », never Django's « --------- » (a form or a filter may set its own
    label). Model choices and django-filter's fields read `empty_label` when listing their choices."""
    if getattr(field, "empty_label", None) == DJANGO_EMPTY_LABEL:
        field.empty_label = EMPTY_LABEL
        field.widget.choices = field.choices  # a copied filter's widget may still list its model field's choices
    elif isinstance(field, forms.ChoiceField) and not isinstance(
        field, forms.MultipleChoiceField | forms.ModelChoiceField
    ):
        dash = ("", DJANGO_EMPTY_LABEL)
        choices = list(field.choices)
        if dash in choices:
            field.choices = [("", EMPTY_LABEL) if choice == dash else choice for choice in choices]


class _Guarded:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.ModelChoiceField):
                _guard_overflow(field)
            _french_empty_choice(field)


class BaseForm(_Guarded, DsfrBaseForm):
    """Every Concerto form: DSFR rendering, French messages."""


class BaseModelForm(_Guarded, forms.ModelForm, DsfrBaseForm):
    pass
