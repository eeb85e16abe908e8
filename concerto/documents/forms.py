"""Forms of the documents library. Each only shapes input: the rules live in services.py."""

from django import forms

from concerto.core import antivirus
from concerto.core.forms import BaseForm
from concerto.core.roles import Role
from concerto.documents.enums import Audience, DocumentKind

MAX_BYTES = 10 * 1024 * 1024
SIGNATURES = {b"%PDF-": "application/pdf", b"\x89PNG\r\n\x1a\n": "image/png", b"\xff\xd8\xff": "image/jpeg"}


def sniff(upload) -> str | None:
    """The type is read from the file's first bytes, never from its name or the browser's claim."""
    head = upload.read(8)
    upload.seek(0)
    return next((kind for magic, kind in SIGNATURES.items() if head.startswith(magic)), None)


class VersionFileField(forms.FileField):
    """One file: PDF, PNG or JPEG (read from its first bytes), 10 Mo at most, scanned by the antivirus if any."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", forms.ClearableFileInput(attrs={"accept": "application/pdf,image/png,image/jpeg"}))
        kwargs.setdefault("help_text", "PDF, PNG ou JPEG, 10 Mo au plus.")
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if not upload:
            return None
        if upload.size > MAX_BYTES:
            raise forms.ValidationError("Le fichier dépasse 10 Mo.")
        content_type = sniff(upload)
        if content_type is None:
            raise forms.ValidationError("Le fichier n'est ni un PDF, ni une image PNG ou JPEG.")
        try:
            antivirus.scan(upload)
        except antivirus.VirusFound as found:
            raise forms.ValidationError("Le fichier a été refusé par l'antivirus.") from found
        return upload, content_type


class VersionForm(BaseForm):
    file = VersionFileField(label="Fichier")
    note = forms.CharField(
        label="Note de version", max_length=300, required=False, help_text="Ce qui change dans cette version."
    )


class DocumentForm(VersionForm):
    title = forms.CharField(label="Titre", max_length=200)
    kind = forms.ChoiceField(label="Type de document", choices=[("", "Choisir…"), *DocumentKind.choices])
    description = forms.CharField(
        label="Description", max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    audience = forms.ChoiceField(label="Visible par", choices=Audience.choices, initial=Audience.COUNCIL)
    role = forms.ChoiceField(
        label="Rôle",
        choices=[("", "Choisir…"), *[(r.value, r.label) for r in Role if r != Role.COORDINATOR]],
        required=False,
        help_text="Si le document est réservé aux membres d'un rôle.",
    )
    field_order = ["title", "kind", "description", "audience", "role", "file", "note"]
