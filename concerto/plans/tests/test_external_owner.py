"""Actions owned by a person without an account (issue 11): the form, the link sent by e-mail, the link's page, the
coordinator's "Renvoyer le lien", the daily digest, and the anonymiser."""

import datetime
import re

import pytest
import time_machine
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from concerto.accounts.enums import Profession, Role
from concerto.core.models import Event
from concerto.factories import CouncilFactory, MembershipFactory, OrganisationFactory
from concerto.plans.models import Action, ExternalActionLink, ExternalReminderDigest
from concerto.plans.tasks import action_reminders
from concerto.plans.tests.factories import EXTERNAL_TOKEN, external_link, make_external
from concerto.situations.enums import Visibility
from concerto.situations.tests.factories import add_participant, nominative_situation

pytestmark = pytest.mark.django_db

EMAIL = "dr.martin@cabinet.test"
LINK = re.compile(r"http://testserver/action-confiee/([\w-]+)/")


def day(offset: int = 0) -> datetime.date:
    """A date relative to today (tests never depend on the day they run)."""
    return timezone.localdate() + datetime.timedelta(days=offset)


@pytest.fixture
def setup():
    council = CouncilFactory()

    def member(role, profession, name):
        return MembershipFactory(
            council=council, role=role, profession=profession, organisation=OrganisationFactory(council=council, name=name)
        )  # fmt: skip

    people = {
        "coordinator": member(Role.COORDINATOR, Profession.ADMINISTRATIVE, "Coordination"),
        "nurse": member(Role.PARTNER, Profession.HEALTH, "CMP"),
        "observer": member(Role.OBSERVER, Profession.ADMINISTRATIVE, "Observatoire"),
    }
    situation = nominative_situation(council)
    add_participant(situation, people["nurse"])
    gp = OrganisationFactory(council=council, name="Cabinet médical")
    return council, situation, people, gp


def _post_action(client, situation, gp, **extra):
    data = {
        "action-text": "Renouveler l'ordonnance", "action-owner_organisation": gp.pk,
        "action-due_on": day(14).isoformat(), "action-owner_kind": "external",
        "action-external_owner_name": "Dr Martin", "action-external_owner_email": EMAIL,
    }  # fmt: skip
    data.update(extra)
    return client.post(reverse("plans:situation_actions", args=[situation.code]), data)


def _external_action(situation, gp, email=EMAIL, **kwargs) -> Action:
    action = Action.objects.create(
        council=situation.council, situation=situation, owner_organisation=gp,
        **{"text": "Renouveler l'ordonnance", "due_on": day(14), **kwargs},
    )  # fmt: skip
    make_external(action, email=email)
    return action


# --- the form


@pytest.mark.parametrize(
    ("extra", "field", "message"),
    [
        ({"action-owner_user": "me"}, "owner_user", "pas les deux"),  # both owners
        (
            {"action-external_owner_name": "", "action-external_owner_email": ""},
            "external_owner_name",
            "Indiquez le nom",
        ),
        ({"action-external_owner_email": ""}, "external_owner_email", "Indiquez l'adresse"),
        ({"action-owner_kind": "member"}, "owner_kind", "choisissez « une personne sans compte »"),
    ],
)
def test_the_form_wants_one_owner_and_a_whole_one(client, setup, extra, field, message):
    council, situation, people, gp = setup
    client.force_login(people["coordinator"].user)
    if extra.get("action-owner_user") == "me":
        extra = {"action-owner_user": people["nurse"].user.pk}
    response = _post_action(client, situation, gp, **extra)
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert not Action.objects.exists() and not ExternalActionLink.objects.exists()


def test_the_service_refuses_both_owners(setup):
    from concerto.core.errors import DomainError
    from concerto.plans.services import action_create

    council, situation, people, gp = setup
    data = {"text": "x", "owner_organisation": gp, "owner_user": people["nurse"].user, "due_on": day(3),
            "external_owner_name": "Dr Martin", "external_owner_email": EMAIL}  # fmt: skip
    with pytest.raises(DomainError, match="une seule personne responsable"):
        action_create(situation=situation, actor=people["coordinator"].user, data=data)
    with pytest.raises(DomainError, match="un nom et une adresse"):
        action_create(situation=situation, actor=None, data={**data, "owner_user": None, "external_owner_name": ""})


def test_the_link_is_emailed_on_commit_and_opens_the_action(client, setup, run_on_commit, mailoutbox):
    council, situation, people, gp = setup
    client.force_login(people["coordinator"].user)
    assert _post_action(client, situation, gp).status_code == 302
    action = Action.objects.get()
    assert action.external_owner_name == "Dr Martin" and action.owner_user is None
    link = ExternalActionLink.objects.get(action=action)
    assert link.expires_at <= timezone.now() + datetime.timedelta(days=30)
    assert Event.objects.filter(verb="action_external_link_sent", data__action=action.pk).exists()
    (message,) = mailoutbox
    assert message.to == [EMAIL] and "Renouveler l'ordonnance" in message.body  # visible by every participant
    token = LINK.search(message.body).group(1)
    client.logout()
    page = client.get(reverse("plans:external_action", args=[token]))
    assert page.status_code == 200 and "Renouveler l&#x27;ordonnance" in page.content.decode()
    # The coordinator's tables show the owner's name.
    client.force_login(people["coordinator"].user)
    assert "Dr Martin" in client.get(reverse("plans:situation_actions", args=[situation.code])).content.decode()
    assert "Dr Martin" in client.get(reverse("plans:council_actions")).content.decode()


def test_health_content_never_travels_by_email(client, setup, run_on_commit, mailoutbox):
    council, situation, people, gp = setup
    client.force_login(people["coordinator"].user)
    _post_action(
        client, situation, gp, **{"action-text": "Adapter le traitement", "action-visibility": "health_social"}
    )
    (message,) = mailoutbox
    assert "Adapter le traitement" not in message.body + message.subject
    assert "Une action vous a été confiée" in message.body
    assert situation.code not in message.body and "Dupont" not in message.body


def test_the_meeting_mode_form_offers_a_person_without_an_account(client, setup, run_on_commit, mailoutbox):
    from concerto.meetings.models import AgendaItem, Meeting

    council, situation, people, gp = setup
    start = timezone.now() + datetime.timedelta(days=1)
    meeting = Meeting.objects.create(council=council, starts_at=start, ends_at=start + datetime.timedelta(hours=1))
    item = AgendaItem.objects.create(meeting=meeting, situation=situation)
    client.force_login(people["coordinator"].user)
    mode = reverse("meetings:mode", args=[meeting.pk])
    assert f"action-{item.pk}-external_owner_name" in client.get(mode).content.decode()
    client.post(mode, {
        "item": item.pk, "form": "action", f"action-{item.pk}-text": "Rappeler la curatrice",
        f"action-{item.pk}-owner_organisation": gp.pk, f"action-{item.pk}-due_on": day(7).isoformat(),
        f"action-{item.pk}-owner_kind": "external", f"action-{item.pk}-external_owner_name": "Mme Curatelle",
        f"action-{item.pk}-external_owner_email": "curatelle@udaf.test",
    })  # fmt: skip
    assert Action.objects.get().external_owner_name == "Mme Curatelle"
    assert [m.to for m in mailoutbox] == [["curatelle@udaf.test"]]


# --- the link's page


def test_the_page_marks_the_action_done_with_a_comment(client, setup):
    council, situation, people, gp = setup
    action = _external_action(situation, gp)
    external_link(action)
    url = reverse("plans:external_action", args=[EXTERNAL_TOKEN])
    page = client.get(url)
    html = page.content.decode()
    assert page["Referrer-Policy"] == "same-origin" and "noindex" in page["X-Robots-Tag"]
    assert day(14).strftime("%d/%m/%Y") in html
    assert situation.code not in html and "Dupont" not in html and "Jeanne" not in html and "Dr Martin" not in html
    response = client.post(url, {"status": "done", "comment": "Ordonnance renouvelée le matin"})
    assert response.status_code == 200 and "enregistrée comme faite" in response.content.decode()
    action.refresh_from_db()
    assert action.status == "done" and action.external_comment == "Ordonnance renouvelée le matin"
    with connection.cursor() as cursor:  # the comment is encrypted at rest
        cursor.execute("SELECT external_comment FROM plans_action WHERE id = %s", [action.pk])
        assert "Ordonnance" not in cursor.fetchone()[0]
    event = Event.objects.get(verb="action_external_updated")
    assert event.actor is None and event.data == {"action": action.pk, "before": "todo", "after": "done",
                                                  "commented": True}  # fmt: skip
    assert ExternalActionLink.objects.get().last_used_at is not None
    assert client.get(url).status_code == 410  # the action is closed: the link no longer opens it
    # The coordinator reads the comment on the situation's actions.
    client.force_login(people["coordinator"].user)
    page = client.get(reverse("plans:situation_actions", args=[situation.code])).content.decode()
    assert "Ordonnance renouvelée le matin" in page


def test_in_progress_comes_back_to_the_page(client, setup):
    council, situation, people, gp = setup
    action = _external_action(situation, gp)
    external_link(action)
    url = reverse("plans:external_action", args=[EXTERNAL_TOKEN])
    response = client.post(url, {"status": "in_progress", "comment": ""})
    assert response.status_code == 302 and response["Referrer-Policy"] == "same-origin"
    action.refresh_from_db()
    assert action.status == "in_progress" and action.external_comment == ""
    assert client.get(url).status_code == 200


def test_the_page_gives_access_to_its_action_alone(client, setup):
    council, situation, people, gp = setup
    mine = _external_action(situation, gp)
    other = _external_action(situation, gp, text="Autre action")
    external_link(mine)
    url = reverse("plans:external_action", args=[EXTERNAL_TOKEN])
    assert "Autre action" not in client.get(url).content.decode()
    client.post(url, {"status": "done", "action": other.pk, "pk": other.pk, "action_id": other.pk})
    other.refresh_from_db()
    mine.refresh_from_db()
    assert other.status == "todo" and mine.status == "done"
    # Nothing else opens with it: the situation's pages want a login.
    assert client.get(reverse("plans:situation_actions", args=[situation.code])).status_code == 302


@pytest.mark.parametrize("case", ["expired", "revoked", "unknown", "closed", "owner_changed"])
def test_dead_links_are_refused_with_a_clear_page(client, setup, case):
    council, situation, people, gp = setup
    action = _external_action(situation, gp)
    link = external_link(action)
    token = EXTERNAL_TOKEN
    if case == "expired":
        link.expires_at = timezone.now() - datetime.timedelta(minutes=1)
        link.save()
    elif case == "revoked":
        link.revoked_at = timezone.now()
        link.save()
    elif case == "unknown":
        token = "jeton-inconnu"
    elif case == "closed":
        Action.objects.filter(pk=action.pk).update(status="dropped")
    else:
        Action.objects.filter(pk=action.pk).update(external_owner_index="", owner_user=people["nurse"].user)
    url = reverse("plans:external_action", args=[token])
    for response in (client.get(url), client.post(url, {"status": "done"})):
        assert response.status_code == 410
        assert "est plus valable" in response.content.decode()
        assert response["Referrer-Policy"] == "same-origin"
    action.refresh_from_db()
    assert action.status != "done"


def test_the_link_expires_with_the_due_date():
    from concerto.plans.external_services import link_expiry

    now = timezone.now()
    assert link_expiry(Action(due_on=day(60)), now) == now + datetime.timedelta(days=30)
    assert link_expiry(Action(due_on=day(-10)), now).date() <= day(20)
    assert link_expiry(Action(due_on=day(-100)), now) == now + datetime.timedelta(days=3)  # still usable a while


# --- "Renvoyer le lien"


def test_the_coordinator_reissues_the_link_and_the_old_one_is_refused(client, setup, run_on_commit, mailoutbox):
    council, situation, people, gp = setup
    action = _external_action(situation, gp, visibility=Visibility.HEALTH_SOCIAL)
    external_link(action)
    client.force_login(people["coordinator"].user)
    page = client.get(reverse("plans:situation_actions", args=[situation.code])).content.decode()
    assert reverse("plans:action_external_link", args=[action.pk]) in page and "Renvoyer le lien" in page
    response = client.post(reverse("plans:action_external_link", args=[action.pk]))
    assert response.status_code == 302
    (message,) = mailoutbox
    new_token = LINK.search(message.body).group(1)
    assert "Renouveler" not in message.body  # a health-and-social action: no text by e-mail
    client.logout()
    assert client.get(reverse("plans:external_action", args=[EXTERNAL_TOKEN])).status_code == 410
    assert client.get(reverse("plans:external_action", args=[new_token])).status_code == 200
    assert Event.objects.filter(verb="action_external_link_sent", data__reissued=True).count() == 1


def test_only_the_coordinator_reissues_a_link(client, setup, mailoutbox):
    council, situation, people, gp = setup
    action = _external_action(situation, gp)
    external_link(action)
    url = reverse("plans:action_external_link", args=[action.pk])
    for who in ("nurse", "observer"):
        client.force_login(people[who].user)
        assert client.post(url).status_code == 403
    client.logout()
    assert client.post(url).status_code == 302  # to the login page
    other = MembershipFactory(council=CouncilFactory(), role=Role.COORDINATOR)
    client.force_login(other.user)
    assert client.post(url).status_code == 404
    assert ExternalActionLink.objects.count() == 1 and not mailoutbox


def test_the_one_click_reminder_sends_a_new_link(client, setup, run_on_commit, mailoutbox):
    council, situation, people, gp = setup  # the GP's organisation has no member in the council
    action = _external_action(situation, gp, due_on=day(-1))
    external_link(action)
    client.force_login(people["coordinator"].user)
    assert client.post(reverse("plans:action_remind", args=[action.pk])).status_code == 302
    (message,) = mailoutbox
    assert message.to == [EMAIL] and LINK.search(message.body)
    assert ExternalActionLink.objects.filter(action=action, revoked_at__isnull=True).count() == 1
    assert Event.objects.filter(verb="action_reminder_sent", data__action=action.pk).exists()


def test_the_export_names_the_owner_without_an_account(client, setup):
    import io

    from openpyxl import load_workbook

    council, situation, people, gp = setup
    _external_action(situation, gp)
    client.force_login(people["coordinator"].user)
    sheet = load_workbook(io.BytesIO(client.get(reverse("plans:council_actions_export")).content)).active
    assert "Dr Martin (sans compte)" in [cell.value for cell in sheet[2]]


# --- the daily digest


def test_the_digest_goes_once_a_day_to_each_address_with_fresh_links(client, setup, mailoutbox):
    council, situation, people, gp = setup
    overdue = _external_action(situation, gp, due_on=day(-2), text="Courrier au juge")
    near = _external_action(situation, gp, due_on=day(1), visibility=Visibility.HEALTH_SOCIAL, text="Traitement")
    _external_action(situation, gp, due_on=day(40), text="Plus tard")  # not yet due
    _external_action(situation, gp, email="proche@exemple.test", due_on=day(2))
    old = external_link(overdue)
    old.expires_at = timezone.now() - datetime.timedelta(days=1)
    old.save()
    mailoutbox.clear()
    action_reminders.call()
    by_address = {message.to[0]: message for message in mailoutbox}
    assert sorted(by_address) == sorted([EMAIL, "proche@exemple.test"])
    body = by_address[EMAIL].body
    assert "Courrier au juge" in body and "(en retard)" in body
    assert "Traitement" not in body and "Plus tard" not in body and situation.code not in body
    tokens = LINK.findall(body)
    assert len(tokens) == 2
    for token in tokens:
        assert client.get(reverse("plans:external_action", args=[token])).status_code == 200
    guard = ExternalReminderDigest.objects.get(action_count=2)
    assert EMAIL not in guard.email_index and guard.email_index == near.external_owner_index
    mailoutbox.clear()
    action_reminders.call()  # the same day: nothing more
    assert not mailoutbox
    with time_machine.travel(timezone.now() + datetime.timedelta(days=1)):
        action_reminders.call()
    assert len(mailoutbox) == 2


# --- privacy


def test_the_anonymiser_wipes_the_owner_and_the_comment(setup):
    from concerto.plans.declarations import anonymise_situation

    council, situation, people, gp = setup
    action = _external_action(situation, gp)
    external_link(action)
    Action.objects.filter(pk=action.pk).update(external_comment="Vu en consultation")
    anonymise_situation(situation)
    action.refresh_from_db()
    assert (action.external_owner_name, action.external_owner_email, action.external_comment) == ("", "", "")
    assert action.external_owner_index == "" and not ExternalActionLink.objects.exists()
