import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from concerto.accounts.enums import Role
from concerto.councils import territory
from concerto.factories import CouncilFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "navy").save(buffer, format="PNG")
    return buffer.getvalue()


PNG = _png()


@pytest.fixture
def coordinator(client):
    membership = MembershipFactory(council=CouncilFactory(communes=[]), role=Role.COORDINATOR)
    client.force_login(membership.user)
    return membership


def test_reference_search_by_name_insee_and_postal_code():
    assert territory.search("59017")[0]["name"] == "Armentières"
    assert any(r["insee_code"] == "59317" for r in territory.search("59116"))
    assert territory.search("armentieres")[0]["insee_code"] == "59017"


def test_territory_with_insee_codes_and_population(client, coordinator):
    council = coordinator.council
    page = client.get(reverse("councils:territory"), {"q": "Houplines"}).content.decode()
    assert "59317" in page
    for code in ("59017", "59317"):
        assert client.post(reverse("councils:commune_add"), {"insee_code": code}).status_code == 302
    assert set(council.communes.values_list("insee_code", flat=True)) == {"59017", "59317"}
    detail = client.get(reverse("councils:detail"))
    expected = sum(c.population for c in council.communes.all())
    assert detail.context["population"] == expected > 20000
    client.post(reverse("councils:commune_remove", args=["59317"]))
    assert list(council.communes.values_list("insee_code", flat=True)) == ["59017"]


def test_unknown_insee_code_is_refused(client, coordinator):
    response = client.post(reverse("councils:commune_add"), {"insee_code": "00000"}, follow=True)
    assert "Code INSEE inconnu" in response.content.decode()
    assert not coordinator.council.communes.exists()


def test_sector_code_is_unique_per_council(client, coordinator):
    data = {"code": "59g21", "name": "Secteur Val-de-Lys", "institution": "EPSM"}
    assert client.post(reverse("councils:sector_create"), data).status_code == 302
    response = client.post(reverse("councils:sector_create"), data)
    assert response.status_code == 200
    assert "déjà rattaché" in response.content.decode()
    assert coordinator.council.sectors.get().code == "59G21"


def test_logo_is_checked_and_served_only_to_members(client, coordinator):
    fake = SimpleUploadedFile("logo.png", b"<script>alert(1)</script>", content_type="image/png")
    response = client.post(reverse("councils:edit"), {"name": "CLSM", "logo": fake})
    assert response.status_code == 200
    logo = SimpleUploadedFile("logo.png", PNG, content_type="image/png")
    assert client.post(reverse("councils:edit"), {"name": "CLSM", "logo": logo}).status_code == 302
    response = client.get(reverse("councils:logo"))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PNG
    assert 'src="/conseil/logo/"' in client.get(reverse("home")).content.decode()
    client.logout()
    assert client.get(reverse("councils:logo")).status_code == 302
