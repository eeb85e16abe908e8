from django import forms
from dsfr.forms import DsfrBaseForm


class BaseForm(DsfrBaseForm):
    """Every Concerto form: DSFR rendering, French messages."""


class BaseModelForm(forms.ModelForm, DsfrBaseForm):
    pass
