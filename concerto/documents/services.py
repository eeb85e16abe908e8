"""Use cases of the documents library: the only writers of its rows. Atomic, French `DomainError` before any
write, an event each."""

from __future__ import annotations

from django.db import transaction

from concerto.core.errors import DomainError
from concerto.core.events import record_event
from concerto.core.roles import Role
from concerto.documents.enums import Audience, DocumentKind
from concerto.documents.models import DocumentVersion, LibraryDocument


def _check_audience(audience, role) -> str:
    if audience not in Audience.values:
        raise DomainError("Choisissez qui peut voir le document.")
    if audience == Audience.ROLE:
        if role not in Role.values or role == Role.COORDINATOR:
            raise DomainError("Choisissez le rôle des membres qui peuvent voir le document.")
        return role
    return ""


def _add_version(document: LibraryDocument, actor, file, note: str) -> DocumentVersion:
    if not file:
        raise DomainError("Joignez le fichier de cette version.")
    upload, content_type = file
    last = document.versions.order_by("-number").values_list("number", flat=True).first() or 0
    return DocumentVersion.objects.create(
        document=document,
        number=last + 1,
        file=upload,
        content_type=content_type,
        size=upload.size,
        note=(note or "").strip(),
        uploaded_by=actor,
    )


@transaction.atomic
def document_add(*, council, actor, data: dict) -> LibraryDocument:
    title = (data.get("title") or "").strip()
    if not title:
        raise DomainError("Indiquez le titre du document.")
    if data.get("kind") not in DocumentKind.values:
        raise DomainError("Choisissez le type de document.")
    role = _check_audience(data.get("audience"), data.get("role"))
    if not data.get("file"):
        raise DomainError("Joignez le fichier de la première version.")
    document = LibraryDocument.objects.create(
        council=council,
        title=title,
        kind=data["kind"],
        description=(data.get("description") or "").strip(),
        audience=data["audience"],
        role=role,
        created_by=actor,
    )
    version = _add_version(document, actor, data.get("file"), data.get("note"))
    record_event(council=council, actor=actor, verb="documents_added", target=document, version=version.number)
    return document


@transaction.atomic
def version_add(*, document: LibraryDocument, actor, data: dict) -> DocumentVersion:
    """A new version; the document row is locked so that two uploads at once get numbers n+1 and n+2."""
    document = LibraryDocument.objects.select_for_update().get(pk=document.pk)
    version = _add_version(document, actor, data.get("file"), data.get("note"))
    record_event(
        council=document.council, actor=actor, verb="documents_version_added", target=document, version=version.number
    )
    return version
