"""Access to the documents library: the ONLY way views load documents and versions (architecture invariant 2).

Every member of the council sees the documents shown to the whole council; the members of a role see those shown to
their role; the coordinator sees all and is the only one to add documents and versions. A document the reader may
not see, or of another council, is 404 (its existence does not leak). Each download is written to the access log."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from concerto.accounts.enums import Role
from concerto.core.events import log_access
from concerto.documents.enums import Audience
from concerto.documents.models import DocumentVersion, LibraryDocument

SCOPE = "library_document"


def documents_for(reader) -> QuerySet:
    documents = LibraryDocument.objects.filter(council=reader.council)
    role = reader.membership.role
    if role == Role.COORDINATOR:
        return documents
    return documents.filter(Q(audience=Audience.COUNCIL) | Q(audience=Audience.ROLE, role=role))


def document_for(reader, pk: int) -> LibraryDocument:
    return get_object_or_404(documents_for(reader), pk=pk)


def version_for_download(reader, pk: int, *, source: str = "") -> DocumentVersion:
    """The version, if its document is visible to the reader; the read is logged."""
    version = get_object_or_404(
        DocumentVersion.objects.filter(document__in=documents_for(reader)).select_related("document"), pk=pk
    )
    log_access(council=reader.council, user=reader.user, target=version, scope=SCOPE, source=source)
    return version
