"""A council's list of problem types (issue 11): national defaults, hidden national types, local types, order."""

import pytest
from django.urls import reverse

from concerto.accounts.enums import Profession, Role
from concerto.core.models import Event
from concerto.councils import problems, services
from concerto.councils.models import ProblemType
from concerto.factories import CouncilFactory, MembershipFactory, OrganisationFactory
from concerto.situations.enums import Problem
from concerto.situations.models import SituationProblem
from concerto.situations.tests.factories import SituationFactory, add_participant

pytestmark = pytest.mark.django_db


@pytest.fixture
def council():
    return CouncilFactory()


@pytest.fixture
def coordinator(council):
    return MembershipFactory(council=council, role=Role.COORDINATOR, profession=Profession.ADMINISTRATIVE)


def login(client, membership):
    client.force_login(membership.user)
    return client


def test_the_national_list_is_the_default(council):
    assert problems.problem_choices(council) == list(Problem.choices)
    assert not ProblemType.objects.exists()


def test_a_local_problem_appears_in_the_alert_forms_and_a_hidden_one_disappears(client, council, coordinator):
    login(client, coordinator)
    page = client.get(reverse("councils:problem_types")).content.decode()
    assert Problem.HOARDING.label in page
    assert client.post(reverse("councils:problem_types"), {"label": "Punaises de lit"}).status_code == 302
    local = ProblemType.objects.get(council=council, label="Punaises de lit")
    assert local.code == "local_punaises_de_lit"
    response = client.post(reverse("councils:problem_type_change", args=[Problem.HOARDING]), {"action": "hide"})
    assert response.status_code == 302
    form = client.get(reverse("situations:alert_create")).content.decode()
    assert "Punaises de lit" in form and f'value="{local.code}"' in form
    assert f'value="{Problem.HOARDING}"' not in form
    # The secure-link form (a referrer without an account) uses the same list.
    from concerto.situations import link_services

    _link, token = link_services.secure_link_create(
        council=council, organisation=OrganisationFactory(council=council), actor=coordinator.user, days=10
    )
    client.logout()
    public = client.get(reverse("situations:public_alert", args=[token])).content.decode()
    assert "Punaises de lit" in public and f'value="{Problem.HOARDING}"' not in public
    # Another council keeps the national list.
    assert Problem.HOARDING in dict(problems.problem_choices(CouncilFactory()))
    assert Event.objects.filter(verb="problem_type_added").exists()
    assert Event.objects.filter(verb="problem_type_hide").exists()


def test_a_hidden_type_still_shows_on_an_old_situation_and_stays_on_its_edit_form(client, council, coordinator):
    situation = SituationFactory(council=council)
    SituationProblem.objects.create(situation=situation, code=Problem.HOARDING)
    local = services.problem_type_add(council=council, actor=coordinator.user, label="Punaises de lit")
    SituationProblem.objects.create(situation=situation, code=local.code)
    services.problem_type_change(council=council, actor=coordinator.user, code=Problem.HOARDING, action="hide")
    services.problem_type_change(council=council, actor=coordinator.user, code=local.code, action="hide")
    login(client, coordinator)
    detail = client.get(reverse("situations:detail", args=[situation.code])).content.decode()
    assert Problem.HOARDING.label in detail and "Punaises de lit" in detail
    edit = client.get(reverse("situations:edit", args=[situation.code])).content.decode()
    assert f'value="{Problem.HOARDING}"' in edit  # kept on the record being edited
    other = SituationFactory(council=council)
    assert (
        f'value="{Problem.HOARDING}"' not in client.get(reverse("situations:edit", args=[other.code])).content.decode()
    )
    # The list's filter still finds the old situations (the hidden type marked as such).
    listing = client.get(reverse("situations:list")).content.decode()
    assert "(masqué)" in listing
    found = client.get(reverse("situations:list"), {"problem": local.code}).content.decode()
    assert situation.code in found and other.code not in found


def test_a_local_type_is_health_information(client, council, coordinator):
    """What a local type says is unknown to the policy: a landlord taking part does not see it."""
    situation = SituationFactory(council=council)
    local = services.problem_type_add(council=council, actor=coordinator.user, label="Délire de persécution")
    SituationProblem.objects.create(situation=situation, code=local.code)
    SituationProblem.objects.create(situation=situation, code=Problem.DEBT)
    landlord = MembershipFactory(
        council=council, role=Role.PARTNER, profession=Profession.LANDLORD,
        organisation=OrganisationFactory(council=council),
    )  # fmt: skip
    add_participant(situation, landlord)
    login(client, landlord)
    page = client.get(reverse("situations:detail", args=[situation.code])).content.decode()
    assert Problem.DEBT.label in page and "Délire de persécution" not in page
    assert "Délire de persécution" not in client.get(reverse("situations:list")).content.decode()


def test_order_and_refusals(council, coordinator):
    codes = [e.code for e in problems.problem_list(council)]
    services.problem_type_change(council=council, actor=coordinator.user, code=codes[1], action="up")
    assert [e.code for e in problems.problem_list(council)][:2] == [codes[1], codes[0]]
    services.problem_type_change(council=council, actor=coordinator.user, code=codes[1], action="up")  # first: no-op
    local = services.problem_type_add(council=council, actor=coordinator.user, label="Punaises de lit")
    assert problems.problem_list(council)[-1].code == local.code
    from concerto.core.errors import DomainError

    with pytest.raises(DomainError, match="existe déjà"):
        services.problem_type_add(council=council, actor=coordinator.user, label="punaises  de LIT")
    with pytest.raises(DomainError, match="existe déjà"):
        services.problem_type_add(council=council, actor=coordinator.user, label=Problem.DEBT.label)
    with pytest.raises(DomainError):
        services.problem_type_change(council=council, actor=coordinator.user, code="inconnu", action="hide")
    with pytest.raises(DomainError):
        services.problem_type_change(council=council, actor=coordinator.user, code=local.code, action="supprimer")
    assert len(problems.local_code(council, "x" * 200)) <= 32
    assert problems.local_code(council, "!!!") == "local_type"


@pytest.mark.parametrize(
    ("role", "profession", "status"),
    [
        (Role.COORDINATOR, Profession.ADMINISTRATIVE, 200),
        (Role.CELL_MEMBER, Profession.SOCIAL, 403),
        (Role.PARTNER, Profession.HEALTH, 403),
        (Role.OBSERVER, Profession.ADMINISTRATIVE, 403),
    ],
)
def test_access_matrix(client, council, role, profession, status):
    login(client, MembershipFactory(council=council, role=role, profession=profession))
    assert client.get(reverse("councils:problem_types")).status_code == status
    change = client.post(reverse("councils:problem_type_change", args=[Problem.DEBT]), {"action": "hide"})
    assert change.status_code == (302 if status == 200 else 403)
    assert ProblemType.objects.filter(hidden=True).exists() == (status == 200)
    client.logout()
    assert client.get(reverse("councils:problem_types")).status_code == 302
