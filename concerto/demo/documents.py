"""The demo documents library: a user guide for everyone, the convention with the regional health agency for the
coordination only, and the partners' working-group minutes for the governance members. The charter (the cell's)
and the printable fiche alerte (generated from the alert form) appear in the library without a row here.
Idempotent: documents are keyed by title and get their first version once."""

from __future__ import annotations

from django.core.files.base import ContentFile

from concerto.accounts.enums import Role
from concerto.demo.situations import simple_pdf
from concerto.documents.enums import Audience, DocumentKind
from concerto.documents.models import DocumentVersion, LibraryDocument

DOCUMENTS = [
    ("Guide d'utilisation de la cellule", DocumentKind.USER_GUIDE, Audience.COUNCIL, "",
     ["Guide d'utilisation (fictif)", "Comment adresser une alerte a la cellule.", "Qui contacter et quand."]),
    ("Convention avec l'ARS", DocumentKind.CONVENTION, Audience.COORDINATION, "",
     ["Convention de financement (fictive)", "Agence regionale de sante - CLSM Val-de-Lys."]),
    ("Compte rendu du COPIL", DocumentKind.MINUTES, Audience.ROLE, Role.GOVERNANCE_MEMBER,
     ["Compte rendu du comite de pilotage (fictif)", "Themes de travail de l'annee."]),
]  # fmt: skip


def load_documents(council) -> None:
    for title, kind, audience, role, lines in DOCUMENTS:
        document, _ = LibraryDocument.objects.update_or_create(
            council=council, title=title, defaults={"kind": kind, "audience": audience, "role": role}
        )
        if not document.versions.exists():
            version = DocumentVersion(
                document=document, number=1, content_type="application/pdf", note="Version initiale"
            )
            content = simple_pdf(lines)
            version.file.save("document.pdf", ContentFile(content), save=False)
            version.size = len(content)
            version.save()
