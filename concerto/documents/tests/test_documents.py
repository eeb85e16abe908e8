"""The documents library over HTTP: upload and versions (coordinator), who sees each document, downloads checked
and logged, a forbidden file type refused with nothing written, the printable fiche alerte, the charters listed."""

import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.html import escape
from pypdf import PdfReader

from concerto.accounts.enums import Role
from concerto.core.models import AccessLog
from concerto.councils.models import Cell, Charter
from concerto.documents.access import SCOPE
from concerto.documents.alert_form import paper_fields
from concerto.documents.enums import Audience, DocumentKind
from concerto.documents.models import DocumentVersion, LibraryDocument
from concerto.documents.tests.factories import PDF, make_document, pdf_upload
from concerto.factories import CouncilFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def council():
    return CouncilFactory()


@pytest.fixture
def coordinator(council, member_factory):
    return member_factory(council, Role.COORDINATOR)


def _post_document(client, **overrides):
    data = {"title": "Charte éthique", "kind": DocumentKind.CHARTER, "audience": Audience.COUNCIL, "role": "",
            "note": "Adoptée en plénière", "file": pdf_upload("charte.pdf"), **overrides}  # fmt: skip
    return client.post(reverse("documents:create"), data)


def test_coordinator_adds_a_document_and_a_new_version(council, coordinator, client):
    client.force_login(coordinator.user)
    response = _post_document(client)
    assert response.status_code == 302
    document = LibraryDocument.objects.get(council=council)
    new_pdf = b"%PDF-1.4\n% version 2\n"
    response = client.post(reverse("documents:version_add", args=[document.pk]),
                           {"file": pdf_upload(content=new_pdf), "note": "Relecture"})  # fmt: skip
    assert response.status_code == 302
    assert list(document.versions.values_list("number", flat=True)) == [2, 1]
    page = client.get(reverse("documents:list")).content.decode()
    assert "Charte éthique" in page and "Version 2 du" in page
    current = document.versions.first()
    download = client.get(reverse("documents:download", args=[current.pk]))
    assert b"".join(download.streaming_content) == new_pdf  # decrypted on the way out
    assert download["X-Content-Type-Options"] == "nosniff"
    log = AccessLog.objects.get(scope=SCOPE)
    assert log.user == coordinator.user and log.target_id == str(current.pk)
    with current.file.storage._open(current.file.name) as clear:
        assert clear.read() == new_pdf
    with open(current.file.path, "rb") as sealed:
        assert sealed.read() != new_pdf  # encrypted at rest


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("notes.txt", b"just text", "Le fichier n'est ni un PDF, ni une image PNG ou JPEG."),
        ("faux.pdf", b"MZ\x90\x00 an executable", "Le fichier n'est ni un PDF, ni une image PNG ou JPEG."),
    ],
)
def test_forbidden_type_is_refused_and_nothing_written(name, content, message, council, coordinator, client):
    client.force_login(coordinator.user)
    response = _post_document(client, file=SimpleUploadedFile(name, content, content_type="application/pdf"))
    assert response.status_code == 200
    assert escape(message) in response.content.decode()
    assert not LibraryDocument.objects.exists() and not DocumentVersion.objects.exists()
    document = make_document(council)
    response = client.post(reverse("documents:version_add", args=[document.pk]),
                           {"file": SimpleUploadedFile(name, content)})  # fmt: skip
    assert escape(message) in response.content.decode()
    assert document.versions.count() == 1


def test_role_audience_needs_a_role(council, coordinator, client):
    client.force_login(coordinator.user)
    response = _post_document(client, audience=Audience.ROLE, role="")
    assert "Choisissez le rôle des membres" in response.content.decode()
    assert not LibraryDocument.objects.exists()


@pytest.mark.parametrize("role", [r for r in Role])
def test_who_sees_each_document(role, council, member_factory, client):
    everyone = make_document(council, title="Guide pour tous")
    governance = make_document(council, title="Compte rendu COPIL", audience=Audience.ROLE,
                               role=Role.GOVERNANCE_MEMBER, kind=DocumentKind.MINUTES)  # fmt: skip
    coordination = make_document(council, title="Convention ARS", audience=Audience.COORDINATION,
                                 kind=DocumentKind.CONVENTION)  # fmt: skip
    client.force_login(member_factory(council, role).user)
    page = client.get(reverse("documents:list")).content.decode()
    expected = {
        everyone: True,
        governance: role in (Role.GOVERNANCE_MEMBER, Role.COORDINATOR),
        coordination: role == Role.COORDINATOR,
    }
    for document, visible in expected.items():
        assert (document.title in page) == visible, document.title
        version = document.versions.get()
        assert client.get(reverse("documents:detail", args=[document.pk])).status_code == (200 if visible else 404)
        assert client.get(reverse("documents:download", args=[version.pk])).status_code == (200 if visible else 404)
    can_edit = role == Role.COORDINATOR
    assert client.get(reverse("documents:create")).status_code == (200 if can_edit else 403)
    assert client.get(reverse("documents:version_add", args=[everyone.pk])).status_code == (200 if can_edit else 403)
    assert "Fiche alerte imprimable" in page
    assert AccessLog.objects.filter(scope=SCOPE).count() == sum(expected.values())


def test_other_council_finds_nothing(council, member_factory, client):
    document = make_document(council)
    client.force_login(member_factory(CouncilFactory(), Role.COORDINATOR).user)
    assert client.get(reverse("documents:detail", args=[document.pk])).status_code == 404
    assert client.get(reverse("documents:download", args=[document.versions.get().pk])).status_code == 404
    assert document.title not in client.get(reverse("documents:list")).content.decode()


def test_printable_fiche_alerte(council, member_factory, client):
    fields = {f.label: f for f in paper_fields(council)}
    assert "Problèmes observés" in fields and fields["Problèmes observés"].widget == "choices"
    assert fields["Problèmes observés"].choices  # the council's problem list, as boxes to tick
    assert "Pièces jointes" not in fields
    assert any(f.widget == "lines" for f in fields.values())
    client.force_login(member_factory(council, Role.PARTNER).user)
    response = client.get(reverse("documents:alert_form"))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert response["Content-Disposition"] == 'attachment; filename="fiche-alerte.pdf"'
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages).split())
    assert "Fiche alerte" in text and council.name in text and "Problèmes observés" in text


def test_cell_charter_is_listed_read_only(council, coordinator, member_factory, client):
    cell = Cell.objects.create(council=council, name="Cellule du Val")
    charter = Charter(cell=cell, version=3)
    charter.document.save("charte.pdf", ContentFile(PDF), save=True)
    client.force_login(member_factory(council, Role.PARTNER).user)
    page = client.get(reverse("documents:list")).content.decode()
    assert "Charte de fonctionnement — Cellule du Val" in page and "Version 3 du" in page
    assert reverse("councils:charter_download", args=[cell.pk]) in page
