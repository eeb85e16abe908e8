"""Meeting mode and sign-off in a real browser, axe-core clean; counts the clicks of a six-situation session."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from concerto.accounts.enums import Profession, Role
from concerto.browser import check_accessibility, login
from concerto.factories import CouncilFactory, MembershipFactory, OrganisationFactory
from concerto.meetings import services
from concerto.meetings.models import Meeting, WorkingNote
from concerto.plans.models import Action
from concerto.situations.tests.factories import CellFactory, SituationFactory

pytestmark = pytest.mark.browser


def saved(page, item, message: str) -> None:
    """Waits for htmx to swap the item back with its success message (the page itself is not reloaded)."""
    page.locator(f"#point-{item.pk} [role=status]", has_text=message).wait_for()


def test_six_situation_session_in_meeting_mode(page, live_server):
    council = CouncilFactory()
    cell = CellFactory(council=council)
    coordinator = MembershipFactory(council=council, role=Role.COORDINATOR, profession=Profession.ADMINISTRATIVE)
    organisation = OrganisationFactory(council=council, name="CCAS du centre")
    start = timezone.now() + datetime.timedelta(days=20)
    meeting = services.meeting_create(
        council=council, actor=coordinator.user, data={"cell": cell, "starts_at": start, "ends_at": start}
    )
    situations = SituationFactory.create_batch(6, council=council, cell=cell)
    for situation in situations:
        services.agenda_add(meeting=meeting, situation=situation, actor=coordinator.user, kind="new", priority=False)
    login(page, live_server, coordinator.user)
    clicks = 0
    page.goto(live_server.url + reverse("meetings:detail", args=[meeting.pk]))
    check_accessibility(page)
    page.click("text=Mode séance")
    clicks += 1
    check_accessibility(page)
    due = (timezone.localdate() + datetime.timedelta(days=30)).isoformat()
    for index, item in enumerate(meeting.items.all()):
        section = page.locator(f"#point-{item.pk}")
        if index == 0:
            section.locator("textarea[name$='-text']").first.fill("Hypothèse : isolement depuis le décès du conjoint")
            section.locator("button:has-text('Ajouter la note')").click()
            clicks += 1
            saved(page, item, "Note ajoutée")
        section.locator(f"textarea[name='item-{item.pk}-decisions']").fill(f"Décision pour la situation {index + 1}.")
        section.locator("button:has-text('Enregistrer')").click()
        clicks += 1
        saved(page, item, f"Point {item.situation.code} enregistré")
        section.locator(f"input[name='action-{item.pk}-text']").fill("Visite à domicile")
        section.locator(f"select[name='action-{item.pk}-owner_organisation']").select_option(str(organisation.pk))
        section.locator(f"input[name='action-{item.pk}-due_on']").fill(due)
        section.locator('button:has-text("Ajouter l\'action")').click()
        clicks += 2  # the organisation list and the button
        saved(page, item, f"Action ajoutée pour {item.situation.code}")
    check_accessibility(page)
    assert WorkingNote.objects.count() == 1 and Action.objects.count() == 6
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=timezone.now())  # the session has started
    page.click("text=Signer le relevé de décisions")
    clicks += 1
    page.wait_for_selector("text=Relevé signé")
    check_accessibility(page)
    meeting = Meeting.objects.get(pk=meeting.pk)
    assert meeting.status == "signed_off" and meeting.record_pdf and not WorkingNote.objects.exists()
    assert clicks == 1 + 1 + 6 * 3 + 1  # 21 clicks for six situations, each with a decision and an action


def test_saving_one_item_by_htmx_keeps_what_is_typed_in_another(page, live_server):
    council = CouncilFactory()
    cell = CellFactory(council=council)
    coordinator = MembershipFactory(council=council, role=Role.COORDINATOR, profession=Profession.ADMINISTRATIVE)
    start = timezone.now() + datetime.timedelta(days=20)
    meeting = services.meeting_create(
        council=council, actor=coordinator.user, data={"cell": cell, "starts_at": start, "ends_at": start}
    )
    first, second = (
        services.agenda_add(meeting=meeting, situation=s, actor=coordinator.user, kind="new", priority=False)
        for s in SituationFactory.create_batch(2, council=council, cell=cell)
    )
    login(page, live_server, coordinator.user)
    page.goto(live_server.url + reverse("meetings:mode", args=[meeting.pk]))
    page.evaluate("window.__marker = 1")
    page.fill(f"textarea[name='note-{first.pk}-text']", "Pas encore enregistré")
    page.fill(f"textarea[name='item-{second.pk}-decisions']", "Décision du point B")
    page.locator(f"#point-{second.pk} button:has-text('Enregistrer')").click()
    saved(page, second, f"Point {second.situation.code} enregistré")
    assert page.evaluate("window.__marker") == 1  # no navigation: the same page, one item swapped
    assert page.input_value(f"textarea[name='note-{first.pk}-text']") == "Pas encore enregistré"
    assert page.input_value(f"textarea[name='item-{second.pk}-decisions']") == "Décision du point B"
    second.refresh_from_db()
    assert second.decisions == "Décision du point B" and not WorkingNote.objects.exists()
    check_accessibility(page)
    # A stale version: the item comes back with the error and the text typed, nothing overwritten.
    services.item_record(item=second, actor=coordinator.user, data={"decisions": "Autre poste"}, expected_version=2)
    page.fill(f"textarea[name='item-{second.pk}-decisions']", "Ma version")
    page.locator(f"#point-{second.pk} button:has-text('Enregistrer')").click()
    page.locator(f"#point-{second.pk}", has_text="pendant que vous le modifiiez").wait_for()
    assert page.input_value(f"textarea[name='item-{second.pk}-decisions']") == "Ma version"
    assert page.evaluate("window.__marker") == 1
    check_accessibility(page)


def test_qualification_shows_only_the_fields_of_the_decision(page, live_server):
    from concerto.situations.tests.factories import AlertFactory

    council = CouncilFactory()
    CellFactory(council=council)
    coordinator = MembershipFactory(council=council, role=Role.COORDINATOR, profession=Profession.ADMINISTRATIVE)
    alert = AlertFactory(council=council)
    login(page, live_server, coordinator.user)
    page.goto(live_server.url + reverse("situations:alert_qualify", args=[alert.pk]))
    page.locator("#qualification-champs", has_text="Choisissez une décision").wait_for()
    assert page.locator("select[name='cell']").count() == 0
    page.locator("label:has-text('Non recevable')").click()
    page.locator("textarea[name='reason']").wait_for()
    assert page.locator("select[name='cell'], select[name='reoriented_to']").count() == 0
    page.locator("label:has-text('Accepter')").click()
    page.locator("select[name='cell']").wait_for()
    assert page.locator("textarea[name='reason']").count() == 0
    check_accessibility(page)
