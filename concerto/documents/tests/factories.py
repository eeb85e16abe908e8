"""Test helpers of the documents library."""

from __future__ import annotations

from types import SimpleNamespace

from django.core.files.uploadedfile import SimpleUploadedFile

from concerto.documents import services
from concerto.documents.enums import Audience, DocumentKind

PDF = b"%PDF-1.4\n% document de test\n"


def pdf_upload(name="guide.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def make_document(council, *, title="Guide d'utilisation", audience=Audience.COUNCIL, role="", actor=None,
                  kind=DocumentKind.USER_GUIDE):  # fmt: skip
    return services.document_add(
        council=council,
        actor=actor,
        data={"title": title, "kind": kind, "audience": audience, "role": role,
              "file": (pdf_upload(), "application/pdf"), "note": "Première version"},
    )  # fmt: skip


def documents_world(w):
    """The matrix world's library, built once: a document for everyone and one for the coordination only."""
    if getattr(w, "documents", None) is not None:
        return w.documents
    public = make_document(w.council)
    restricted = make_document(w.council, title="Convention ARS", audience=Audience.COORDINATION,
                               kind=DocumentKind.CONVENTION)  # fmt: skip
    w.documents = SimpleNamespace(
        public=public,
        restricted=restricted,
        version=public.versions.get(),
        restricted_version=restricted.versions.get(),
    )
    return w.documents
