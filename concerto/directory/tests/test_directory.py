import csv
import io
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from concerto.accounts.enums import Profession, Role
from concerto.core.models import AccessLog, Event
from concerto.directory.models import Organisation
from concerto.factories import ContactFactory, CouncilFactory, MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def council():
    return CouncilFactory()


@pytest.fixture
def coordinator(client, council):
    membership = MembershipFactory(council=council, role=Role.COORDINATOR, profession=Profession.ADMINISTRATIVE)
    client.force_login(membership.user)
    return membership


@pytest.fixture
def partner(client, council):
    membership = MembershipFactory(council=council, role=Role.PARTNER, profession=Profession.LANDLORD)
    client.force_login(membership.user)
    return membership


def test_list_search_and_filters(client, partner, council):
    commune = council.communes.first()
    cmp_ = OrganisationFactory(council=council, name="CMP Les Tilleuls", type="cmp")
    cmp_.communes_served.add(commune)
    OrganisationFactory(council=council, name="CCAS du centre", type="ccas", services="Domiciliation")
    ContactFactory(organisation=OrganisationFactory(council=council, name="GEM Le Phare", type="gem"), name="Manon")
    OrganisationFactory(name="CMP d'un autre conseil", type="cmp")

    def names(**params):
        response = client.get(reverse("directory:list"), params)
        assert response.status_code == 200
        return [o.name for o in response.context["page"]]

    assert names() == ["CCAS du centre", "CMP Les Tilleuls", "GEM Le Phare"]
    assert names(type="cmp") == ["CMP Les Tilleuls"]
    assert names(q="domicil") == ["CCAS du centre"]
    assert names(q="manon") == ["GEM Le Phare"]
    assert names(commune=commune.pk) == ["CMP Les Tilleuls"]


def _list_queries(client, count, council):
    Organisation.objects.filter(council=council).delete()
    communes = list(council.communes.all())
    for i in range(count):
        organisation = OrganisationFactory(council=council, name=f"Structure {i:04d}")
        organisation.communes_served.set(communes)
        ContactFactory(organisation=organisation)
    client.get(reverse("directory:list"))  # warm-up: the first request after login writes session flags
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("directory:list"))
    assert response.status_code == 200
    return len(queries)


def test_list_query_count_does_not_grow_with_the_directory(client, partner, council):
    assert _list_queries(client, 10, council) == _list_queries(client, 500, council)


def test_export_query_count_does_not_grow_with_the_directory(client, partner, council):
    def queries(count):
        Organisation.objects.filter(council=council).delete()
        for i in range(count):
            ContactFactory(organisation=OrganisationFactory(council=council, name=f"S{i}"))
        client.get(reverse("home"))  # warm-up: the first request after login writes session flags
        with CaptureQueriesContext(connection) as captured:
            client.get(reverse("directory:export_xlsx"))
        return len(captured)

    assert queries(3) == queries(60)


def test_coordinator_creates_an_organisation_and_an_event_is_written(client, coordinator, council):
    commune = council.communes.first()
    response = client.post(
        reverse("directory:create"),
        {"name": "SAVS L'Escale", "type": "savs", "city": "Houplines", "communes_served": [commune.pk]},
    )
    organisation = Organisation.objects.get(name="SAVS L'Escale")
    assert response.status_code == 302
    assert organisation.council == council
    assert list(organisation.communes_served.all()) == [commune]
    event = Event.objects.get(verb="organisation_created")
    assert (event.council, event.actor, event.target_id) == (council, coordinator.user, str(organisation.pk))


def test_invalid_form_redisplays_what_was_typed_with_french_errors(client, coordinator):
    response = client.post(
        reverse("directory:create"),
        {"name": "", "type": "cmp", "city": "Armentières", "email": "pas-une-adresse", "services": "Accueil"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Ce champ est obligatoire." in page
    assert "Saisissez une adresse de courriel valide." in page
    assert 'value="Armentières"' in page
    assert "Accueil</textarea>" in page
    assert not Organisation.objects.exists()


def test_concurrent_edits_never_overwrite_silently(client, coordinator, council):
    organisation = OrganisationFactory(council=council, name="Avant", city="Lille")
    form_data = {
        "name": "Première",
        "type": organisation.type,
        "city": "Lille",
        "services": organisation.services,
        "version": organisation.version,
    }
    assert client.post(reverse("directory:edit", args=[organisation.pk]), form_data).status_code == 302
    # A second person loaded the same version and saves afterwards.
    second = {**form_data, "name": "Seconde", "city": "Roubaix"}
    response = client.post(reverse("directory:edit", args=[organisation.pk]), second)
    assert response.status_code == 200
    page = response.content.decode()
    assert "a modifié cette structure pendant que vous la modifiiez" in page
    assert 'value="Seconde"' in page and 'value="Roubaix"' in page
    organisation.refresh_from_db()
    assert organisation.name == "Première"
    assert Event.objects.get(verb="organisation_updated").data["fields"] == ["name"]
    # Saving again from the re-displayed form (now at the current version) is accepted.
    second["version"] = response.context["form"].data["version"]
    assert client.post(reverse("directory:edit", args=[organisation.pk]), second).status_code == 302
    organisation.refresh_from_db()
    assert organisation.name == "Seconde"


def test_contacts_are_managed_by_the_coordinator(client, coordinator, council):
    organisation = OrganisationFactory(council=council)
    client.post(
        reverse("directory:contact_create", args=[organisation.pk]),
        {"name": "Nadia F.", "role": "Assistante sociale", "phone": "03 20 00 00 00", "email": "n@exemple.test"},
    )
    contact = organisation.contacts.get()
    assert contact.name == "Nadia F."
    client.post(reverse("directory:contact_delete", args=[organisation.pk, contact.pk]))
    assert not organisation.contacts.exists()
    assert list(Event.objects.values_list("verb", flat=True).order_by("id")) == ["contact_created", "contact_deleted"]


def test_partner_reads_but_cannot_edit(client, partner, council):
    organisation = OrganisationFactory(council=council)
    assert client.get(reverse("directory:detail", args=[organisation.pk])).status_code == 200
    assert client.post(reverse("directory:edit", args=[organisation.pk]), {"name": "x"}).status_code == 403
    assert client.post(reverse("directory:delete", args=[organisation.pk])).status_code == 403
    assert Organisation.objects.filter(pk=organisation.pk).exists()


def test_another_council_is_invisible(client, partner):
    foreign = OrganisationFactory(name="Structure étrangère")
    assert client.get(reverse("directory:detail", args=[foreign.pk])).status_code == 404
    assert "Structure étrangère" not in client.get(reverse("directory:list")).content.decode()
    assert "Structure étrangère" not in client.get(reverse("directory:export_csv")).content.decode("utf-8-sig")


def test_xlsx_export_has_french_headers_and_real_dates(client, partner, council):
    organisation = OrganisationFactory(council=council, name="CMP Les Tilleuls", type="cmp")
    ContactFactory(organisation=organisation, name="Dr Verbeke", role="Psychiatre")
    OrganisationFactory(council=council, name='=HYPERLINK("http://x")')
    response = client.get(reverse("directory:export_xlsx"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response["Content-Disposition"].startswith('attachment; filename="annuaire-')
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("Structure", "Type", "Adresse")
    assert rows[0][-1] == "Mise à jour"
    cmp_row = next(r for r in rows if r[0] == "CMP Les Tilleuls")
    assert cmp_row[1] == "CMP — centre médico-psychologique"
    assert "Dr Verbeke — Psychiatre" in cmp_row[10]
    assert isinstance(cmp_row[-1], date)
    assert sheet.cell(row=2, column=len(rows[0])).number_format == "DD/MM/YYYY"
    assert any(r[0] == '\'=HYPERLINK("http://x")' for r in rows)


def test_csv_export_opens_in_excel(client, partner, council):
    OrganisationFactory(council=council, name="Résidence Étoile", city="Armentières")
    response = client.get(reverse("directory:export_csv"))
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][0] == "Structure"
    assert rows[1][0] == "Résidence Étoile" and rows[1][4] == "Armentières"
    day, month, year = rows[1][-1].split("/")
    assert date(int(year), int(month), int(day))


def test_exports_are_logged_as_reads_of_personal_data(client, partner, council):
    client.get(reverse("directory:export_csv"))
    client.get(reverse("directory:export_xlsx"))
    logs = AccessLog.objects.filter(council=council, user=partner.user, scope="directory_export")
    assert logs.count() == 2
