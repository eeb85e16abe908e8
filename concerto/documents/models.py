"""The council's documents library: documents (charter, fiche alerte, user guide, conventions, minutes…), each
with its versions and who may see it. Files are stored encrypted at rest like every upload (core/storage.py)."""

import uuid

from django.conf import settings
from django.db import models

from concerto.core.roles import Role
from concerto.core.storage import encrypted_storage
from concerto.documents.enums import Audience, DocumentKind

EXTENSIONS = {"application/pdf": "pdf", "image/png": "png", "image/jpeg": "jpg"}


def version_path(instance, filename: str) -> str:
    """A random name: the uploaded file's own name is not kept."""
    return f"documents/{uuid.uuid4().hex}"


class LibraryDocument(models.Model):
    council = models.ForeignKey("councils.Council", on_delete=models.CASCADE, related_name="library_documents")
    title = models.CharField("titre", max_length=200)
    kind = models.CharField("type", max_length=16, choices=DocumentKind.choices)
    description = models.TextField("description", blank=True, max_length=2000)
    audience = models.CharField("visible par", max_length=16, choices=Audience.choices, default=Audience.COUNCIL)
    role = models.CharField("rôle", max_length=32, choices=Role.choices, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["kind", "title", "id"]
        verbose_name = "document de la bibliothèque"

    def __str__(self) -> str:
        return self.title

    @property
    def audience_label(self) -> str:
        if self.audience == Audience.ROLE and self.role:
            return f"{Role(self.role).label} et la coordination"
        return self.get_audience_display()


class DocumentVersion(models.Model):
    document = models.ForeignKey(LibraryDocument, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField("version")
    file = models.FileField("fichier", upload_to=version_path, storage=encrypted_storage)
    content_type = models.CharField(max_length=64)
    size = models.PositiveIntegerField("taille", default=0)
    note = models.CharField("note de version", max_length=300, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    uploaded_at = models.DateTimeField("déposée le", auto_now_add=True)

    class Meta:
        ordering = ["-number"]
        verbose_name = "version d'un document"
        constraints = [models.UniqueConstraint(fields=["document", "number"], name="documents_version_unique")]

    def __str__(self) -> str:
        return f"{self.document} v{self.number}"

    @property
    def extension(self) -> str:
        return EXTENSIONS.get(self.content_type, "bin")
