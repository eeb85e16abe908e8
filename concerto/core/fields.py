"""Fields encrypted at rest with the MultiFernet key list of `concerto.core.crypto`.

The database only ever holds Fernet tokens; Python code sees clear values. Tokens are randomised, so these
columns cannot be searched: what needs matching gets a keyed hash column (`crypto.blind_index`). Every model field
using them is found by `encrypted_columns()` so that `manage.py reencrypt` can rotate keys."""

import datetime

from django import forms
from django.core.exceptions import FieldError
from django.db import models

from concerto.core import crypto


class _NotSearchable:
    """A query on an encrypted column could only ever match nothing: refuse it loudly instead."""

    def get_lookup(self, lookup_name):
        if lookup_name != "isnull":
            raise FieldError(f"{self.name} is encrypted and cannot be searched (use its blind index)")
        return super().get_lookup(lookup_name)


class EncryptedTextField(_NotSearchable, models.TextField):
    def from_db_value(self, value, expression, connection):
        if value in (None, ""):
            return value
        return crypto.decrypt(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value in (None, ""):
            return value
        return crypto.encrypt(str(value))


class EncryptedCharField(EncryptedTextField):
    """A short encrypted text: a text column (tokens are longer than the clear value), a one-line input limited to
    `max_length` characters in forms."""

    def formfield(self, **kwargs):
        return super().formfield(**{"widget": forms.TextInput, **kwargs})


class EncryptedDateField(_NotSearchable, models.TextField):
    """A date, stored as an encrypted ISO string."""

    def from_db_value(self, value, expression, connection):
        if value in (None, ""):
            return None
        return datetime.date.fromisoformat(crypto.decrypt(value))

    def to_python(self, value):
        if value in (None, "") or isinstance(value, datetime.date):
            return value or None
        return datetime.date.fromisoformat(str(value))

    def get_prep_value(self, value):
        if value in (None, ""):
            return None
        if isinstance(value, str):
            value = datetime.date.fromisoformat(value)
        return crypto.encrypt(value.isoformat())


def encrypted_columns() -> list[tuple[str, str]]:
    """(app_label.model, column) of every encrypted column, for key rotation and the raw-column test. Found on the
    installed models, so an app adding an encrypted field needs no list in core."""
    from django.apps import apps

    return sorted(
        (model._meta.label_lower, field.column)
        for model in apps.get_models()
        for field in model._meta.concrete_fields
        if isinstance(field, EncryptedTextField | EncryptedDateField)
    )
