"""Optimistic locking: a form carries the version it was loaded at; saving an older version is refused."""

from django import forms
from django.db import models
from django.db.models import F


class VersionConflict(Exception):
    """Someone saved the object after this form was loaded."""


class VersionedModel(models.Model):
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        abstract = True


def save_versioned(instance: VersionedModel, *, expected_version: int, update_fields: list[str]) -> None:
    """Saves `update_fields` only if the row is still at `expected_version`; raises VersionConflict otherwise."""
    model = type(instance)
    values = {name: getattr(instance, name) for name in update_fields}
    updated = model.objects.filter(pk=instance.pk, version=expected_version).update(version=F("version") + 1, **values)
    if not updated:
        raise VersionConflict
    instance.version = expected_version + 1


class VersionFormMixin(forms.Form):
    """Adds the hidden `version` field; the view compares it through `save_versioned`."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        instance = getattr(self, "instance", None)
        if instance is not None and instance.pk and not self.is_bound:
            self.initial["version"] = instance.version
