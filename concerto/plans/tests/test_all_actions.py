"""The coordinator's view of every action of the council: filters, sorting, pagination, XLSX export, the one-click
reminder to the owner, the home panel's links, and sub-actions (an action born from another)."""

import datetime
import io

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from concerto.accounts.enums import Profession, Role
from concerto.core.errors import DomainError
from concerto.core.models import Event
from concerto.factories import CouncilFactory, MembershipFactory, OrganisationFactory
from concerto.plans import services
from concerto.plans.enums import ActionStatus
from concerto.plans.models import Action
from concerto.situations.enums import Visibility
from concerto.situations.tests.factories import CellFactory, add_participant, nominative_situation

pytestmark = pytest.mark.django_db
URL = reverse("plans:council_actions")


def day(offset: int = 0) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=offset)


@pytest.fixture
def council_world():
    council = CouncilFactory()

    def member(role, profession, name):
        return MembershipFactory(
            council=council, role=role, profession=profession,
            organisation=OrganisationFactory(council=council, name=name),
        )  # fmt: skip

    people = {
        "coordinator": member(Role.COORDINATOR, Profession.ADMINISTRATIVE, "Coordination"),
        "nurse": member(Role.PARTNER, Profession.HEALTH, "CMP"),
        "landlord": member(Role.PARTNER, Profession.LANDLORD, "Bailleur"),
    }
    north, south = CellFactory(council=council, name="Nord"), CellFactory(council=council, name="Sud")
    first = nominative_situation(council, cell=north)
    second = nominative_situation(council, cell=south)
    for situation in (first, second):
        add_participant(situation, people["nurse"])
        add_participant(situation, people["landlord"])

    def action(situation, who, due, status=ActionStatus.TODO, **kwargs):
        return Action.objects.create(
            council=council, situation=situation, owner_organisation=people[who].organisation, due_on=due,
            status=status, text=kwargs.pop("text", f"Action {who} {due}"), **kwargs,
        )  # fmt: skip

    actions = {
        "late_cmp": action(first, "nurse", day(-5), text="Proposer un RDV au CMP", visibility=Visibility.HEALTH_SOCIAL),
        "soon_landlord": action(first, "landlord", day(3)),
        "late_landlord": action(second, "landlord", day(-1), owner_user=people["landlord"].user),
        "done_cmp": action(second, "nurse", day(-10), status=ActionStatus.DONE),
    }
    return council, people, (first, second), actions


def rows(response) -> list[int]:
    return [action.pk for action in response.context["page"]]


def test_only_the_coordinator_sees_the_page_and_it_is_in_the_navigation(client, council_world):
    _, people, _, actions = council_world
    client.force_login(people["landlord"].user)
    assert client.get(URL).status_code == 403
    assert client.post(reverse("plans:action_remind", args=[actions["late_landlord"].pk])).status_code == 403
    client.force_login(people["coordinator"].user)
    page = client.get(URL).content.decode()
    assert f'href="{URL}"' in page and "Actions du conseil" in page
    client.force_login(people["nurse"].user)
    assert f'href="{URL}"' not in client.get(reverse("home")).content.decode()


def test_open_actions_by_default_then_each_filter(client, council_world):
    _, people, (first, second), actions = council_world
    client.force_login(people["coordinator"].user)
    a = actions
    assert rows(client.get(URL)) == [a["late_cmp"].pk, a["late_landlord"].pk, a["soon_landlord"].pk]
    assert set(rows(client.get(URL, {"state": ""}))) == {x.pk for x in a.values()}
    assert rows(client.get(URL, {"state": "overdue"})) == [a["late_cmp"].pk, a["late_landlord"].pk]
    assert rows(client.get(URL, {"state": "closed"})) == [a["done_cmp"].pk]
    landlord = people["landlord"].organisation.pk
    assert rows(client.get(URL, {"organisation": landlord})) == [a["late_landlord"].pk, a["soon_landlord"].pk]
    assert rows(client.get(URL, {"cell": second.cell_id, "state": ""})) == [a["done_cmp"].pk, a["late_landlord"].pk]
    due = {"due_after": day(-2).isoformat(), "due_before": day(5).isoformat()}
    assert rows(client.get(URL, due)) == [a["late_landlord"].pk, a["soon_landlord"].pk]
    assert rows(client.get(URL, {"situation": first.code})) == [a["late_cmp"].pk, a["soon_landlord"].pk]
    # A value that is not offered (another council's organisation) makes the form invalid: it narrows nothing.
    stranger = OrganisationFactory().pk
    assert len(rows(client.get(URL, {"organisation": stranger}))) == 4


def test_sorting_by_a_header_link_with_aria_sort(client, council_world):
    _, people, _, actions = council_world
    client.force_login(people["coordinator"].user)
    a = actions
    response = client.get(URL, {"tri": "-echeance"})
    assert rows(response) == [a["soon_landlord"].pk, a["late_landlord"].pk, a["late_cmp"].pk]
    page = response.content.decode()
    assert 'aria-sort="descending"' in page
    assert "tri=echeance" in page  # clicking the sorted header again sorts ascending
    by_owner = rows(client.get(URL, {"tri": "responsable"}))
    assert by_owner[0] in {a["soon_landlord"].pk, a["late_landlord"].pk} and by_owner[-1] == a["late_cmp"].pk
    assert rows(client.get(URL, {"tri": "-cellule"}))[0] == a["late_landlord"].pk
    assert 'aria-sort="ascending"' in client.get(URL, {"tri": "situation"}).content.decode()


def test_pagination_keeps_the_filters(client, council_world):
    council, people, (first, _), _ = council_world
    Action.objects.bulk_create(
        Action(council=council, situation=first, owner_organisation=people["nurse"].organisation, due_on=day(i),
               text=f"Action {i}")
        for i in range(60)
    )  # fmt: skip
    client.force_login(people["coordinator"].user)
    response = client.get(URL, {"organisation": people["nurse"].organisation.pk})
    assert response.context["page"].paginator.count == 61
    assert len(rows(response)) == 50
    assert f"organisation={people['nurse'].organisation.pk}" in response.context["query_string"]
    assert len(rows(client.get(URL, {"organisation": people["nurse"].organisation.pk, "page": 2}))) == 11


def test_the_export_has_a_header_and_the_filtered_rows_and_is_logged(client, council_world):
    council, people, _, actions = council_world
    client.force_login(people["coordinator"].user)
    response = client.get(reverse("plans:council_actions_export"), {"state": "overdue"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.values)
    assert values[0][:3] == ("Situation", "Cellule", "Action")
    assert sorted(row[2] for row in values[1:]) == sorted([actions["late_cmp"].text, actions["late_landlord"].text])
    assert all(row[-1] == "Oui" for row in values[1:])
    assert isinstance(values[1][6], datetime.datetime)  # a real date cell
    event = Event.objects.get(verb="actions_exported")
    assert event.council == council and event.actor == people["coordinator"].user and event.data["rows"] == 2


def test_the_list_page_links_the_export_with_its_filters(client, council_world):
    _, people, _, _ = council_world
    client.force_login(people["coordinator"].user)
    page = client.get(URL, {"state": "overdue"}).content.decode()
    assert reverse("plans:council_actions_export") + "?state=overdue" in page


def test_one_click_reminder_to_the_owner_person_once_a_day(client, council_world, run_on_commit):
    council, people, _, actions = council_world
    client.force_login(people["coordinator"].user)
    action = actions["late_landlord"]
    remind = reverse("plans:action_remind", args=[action.pk])
    response = client.post(remind, {"query": "state=overdue"})
    assert response.status_code == 302 and response["Location"] == URL + "?state=overdue"
    (message,) = mail.outbox
    assert message.to == [people["landlord"].user.email]
    assert action.situation.code in message.subject + message.body
    assert action.text in message.body  # the owner may read their own action
    for word in ("Dupont", "Jeanne"):
        assert word not in message.subject + message.body
    event = Event.objects.get(verb="action_reminder_sent")
    assert event.data["action"] == action.pk and event.target_id == str(action.situation_id)
    page = client.get(response["Location"]).content.decode()
    assert "est envoyée" in page

    response = client.post(remind, follow=True)
    assert len(mail.outbox) == 1
    assert Event.objects.filter(verb="action_reminder_sent").count() == 1
    assert "déjà été relancée aujourd&#x27;hui" in response.content.decode()


def test_reminder_to_the_organisation_without_the_text_it_may_not_read(client, council_world, run_on_commit):
    council, people, (first, _), actions = council_world
    # A colleague of the CMP who takes no part in the situation: told, but the health action's text stays out.
    colleague = MembershipFactory(
        council=council, role=Role.PARTNER, profession=Profession.HEALTH, organisation=people["nurse"].organisation
    )
    client.force_login(people["coordinator"].user)
    action = actions["late_cmp"]
    client.post(reverse("plans:action_remind", args=[action.pk]))
    by_address = {message.to[0]: message for message in mail.outbox}
    assert set(by_address) == {people["nurse"].user.email, colleague.user.email}
    assert action.text in by_address[people["nurse"].user.email].body
    outsider = by_address[colleague.user.email].body
    assert action.text not in outsider and first.code in outsider
    assert reverse("plans:my_actions") in outsider


def test_a_closed_action_is_not_reminded(client, council_world, run_on_commit):
    _, people, _, actions = council_world
    client.force_login(people["coordinator"].user)
    response = client.post(reverse("plans:action_remind", args=[actions["done_cmp"].pk]), follow=True)
    assert "rien à relancer" in response.content.decode()
    assert not mail.outbox and not Event.objects.filter(verb="action_reminder_sent").exists()


def test_another_councils_coordinator_finds_nothing(client, council_world):
    _, _, _, actions = council_world
    other = MembershipFactory(council=CouncilFactory(), role=Role.COORDINATOR, profession=Profession.ADMINISTRATIVE)
    client.force_login(other.user)
    assert rows(client.get(URL, {"state": ""})) == []
    assert client.post(reverse("plans:action_remind", args=[actions["late_cmp"].pk])).status_code == 404


def test_the_home_panel_links_to_the_overdue_actions_of_each_partner(client, council_world):
    _, people, _, actions = council_world
    client.force_login(people["coordinator"].user)
    home = client.get(reverse("home")).content.decode()
    link = f"{URL}?state=overdue&amp;organisation={people['landlord'].organisation.pk}"
    assert link in home
    assert rows(client.get(link.replace("&amp;", "&"))) == [actions["late_landlord"].pk]


def test_a_follow_up_action_names_its_parent(client, council_world):
    _, people, (first, _), actions = council_world
    parent = actions["soon_landlord"]
    client.force_login(people["coordinator"].user)
    tab = reverse("plans:situation_actions", args=[first.code])
    follow_up = reverse("plans:action_follow_up", args=[first.code, parent.pk])
    assert follow_up in client.get(tab).content.decode()
    form = client.get(follow_up).context["form"]
    assert form["parent"].value() == parent.pk
    response = client.post(
        follow_up,
        {"action-text": "Seconde visite", "action-owner_organisation": people["landlord"].organisation.pk,
         "action-due_on": day(20).isoformat(), "action-parent": parent.pk, "action-visibility": "participants"},
    )  # fmt: skip
    assert response.status_code == 302
    child = Action.objects.latest("pk")
    assert child.text == "Seconde visite"
    assert child.parent == parent
    assert Event.objects.get(verb="action_created", data__action=child.pk).data["parent"] == parent.pk
    mention = f"suite de l'action n° {parent.pk}"
    assert mention in client.get(tab).content.decode()
    assert mention in client.get(URL).content.decode()


def test_the_service_keeps_a_follow_up_in_its_situation(council_world):
    _, people, (_, second), actions = council_world
    data = {"text": "Ailleurs", "owner_organisation": people["landlord"].organisation, "due_on": day(20),
            "parent": actions["soon_landlord"]}  # fmt: skip
    with pytest.raises(DomainError, match="même situation"):
        services.action_create(situation=second, actor=people["coordinator"].user, data=data)


def test_a_follow_up_stays_in_its_situation(client, council_world):
    _, people, (first, second), actions = council_world
    client.force_login(people["coordinator"].user)
    response = client.post(
        reverse("plans:situation_actions", args=[second.code]),
        {"action-text": "Ailleurs", "action-owner_organisation": people["landlord"].organisation.pk,
         "action-due_on": day(20).isoformat(), "action-parent": actions["soon_landlord"].pk,
         "action-visibility": "participants"},
    )  # fmt: skip
    assert response.status_code == 200 and response.context["form"].errors["parent"]
    assert Action.objects.count() == len(actions)
    # Only the coordinator adds a follow-up.
    client.force_login(people["landlord"].user)
    url = reverse("plans:action_follow_up", args=[first.code, actions["soon_landlord"].pk])
    assert client.get(url).status_code == 404
