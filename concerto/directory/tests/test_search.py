"""The directory's search (issue 15): full-text, accent-blind and typo-tolerant on PostgreSQL, substring elsewhere.
CI runs this module on both databases; each test says which one it needs."""

import pytest
from django.db import connection
from django.urls import reverse

from concerto.accounts.enums import Profession, Role
from concerto.directory.models import Organisation
from concerto.directory.selectors import RANK, search_organisations
from concerto.factories import ContactFactory, CouncilFactory, MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db
postgresql_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL full-text search")
sqlite_only = pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite fallback")


@pytest.fixture
def council():
    return CouncilFactory()


@pytest.fixture
def organisations(council):
    OrganisationFactory(council=council, name="Centre Hospitalier — Hôpital de jour", city="Lille", services="Soins")
    OrganisationFactory(council=council, name="Bailleur du Nord", city="Roubaix", services="Attribution de logement")
    OrganisationFactory(council=council, name="CCAS", city="Armentières", services="Domiciliation")
    ContactFactory(organisation=OrganisationFactory(council=council, name="GEM Le Phare", city="Lille"), name="Hélène")
    OrganisationFactory(name="Hôpital d'un autre conseil", city="Armentières", services="logement")


def found(council, text: str) -> list[str]:
    return sorted(search_organisations(Organisation.objects.for_council(council), text).values_list("name", flat=True))


def test_an_empty_search_keeps_every_organisation(council, organisations):
    assert len(found(council, "   ")) == 4


def test_substrings_case_and_contacts_are_found_on_both_databases(council, organisations):
    assert found(council, "DOMICIL") == ["CCAS"]
    assert found(council, "roub") == ["Bailleur du Nord"]
    assert found(council, "Hélène") == ["GEM Le Phare"]
    assert found(council, "introuvable") == []


@sqlite_only
def test_sqlite_falls_back_to_icontains(council, organisations):
    # No stemming, no accent folding, no typo tolerance: the demo's plain substring search.
    assert found(council, "Hôpital") == ["Centre Hospitalier — Hôpital de jour"]
    assert found(council, "logements") == []
    assert found(council, "Armantieres") == []
    assert RANK not in search_organisations(Organisation.objects.all(), "lille").query.annotations


@postgresql_only
def test_postgresql_ignores_accents(council, organisations):
    assert found(council, "hopital") == ["Centre Hospitalier — Hôpital de jour"]
    assert found(council, "armentieres") == ["CCAS"]
    assert found(council, "helene") == ["GEM Le Phare"]


@postgresql_only
def test_postgresql_stems_french_words(council, organisations):
    # « logements » is not a substring of « logement »: only the French stemmer joins them.
    assert found(council, "logements") == ["Bailleur du Nord"]
    assert found(council, "attributions logements") == ["Bailleur du Nord"]


@postgresql_only
def test_postgresql_tolerates_a_typo(council, organisations):
    assert found(council, "Armantieres") == ["CCAS"]  # one wrong letter, no accent
    assert found(council, "Armentiere") == ["CCAS"]
    assert found(council, "Bailleru") == ["Bailleur du Nord"]
    assert found(council, "Xyzzy") == []


@postgresql_only
def test_postgresql_ranks_the_best_match_first(client, council):
    OrganisationFactory(council=council, name="Accueil de jour", city="Lille", services="Un logement d'urgence")
    OrganisationFactory(council=council, name="Service logement", city="Lille", services="Logement, logement social")
    membership = MembershipFactory(council=council, role=Role.PARTNER, profession=Profession.LANDLORD)
    client.force_login(membership.user)
    response = client.get(reverse("directory:list"), {"q": "logement"})
    assert [o.name for o in response.context["page"]] == ["Service logement", "Accueil de jour"]


def test_the_list_page_searches_through_the_same_function(client, council, organisations):
    membership = MembershipFactory(council=council, role=Role.PARTNER, profession=Profession.LANDLORD)
    client.force_login(membership.user)
    response = client.get(reverse("directory:list"), {"q": "domicil"})
    assert [o.name for o in response.context["page"]] == ["CCAS"]
    export = client.get(reverse("directory:export_csv"), {"q": "domicil"})
    assert export.status_code == 200 and "CCAS" in export.content.decode() and "Bailleur" not in export.content.decode()
