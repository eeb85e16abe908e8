"""Meeting mode and sign-off in a real browser, axe-core clean; counts the clicks of a six-situation session."""

import datetime
import time

import pytest
from django.urls import reverse
from django.utils import timezone

from concerto.accounts.enums import Profession, Role
from concerto.browser import check_accessibility, login
from concerto.councils.models import CellMember
from concerto.factories import CouncilFactory, MembershipFactory, OrganisationFactory
from concerto.meetings import services
from concerto.meetings.models import Meeting, WorkingNote
from concerto.plans.models import Action
from concerto.situations.tests.factories import CellFactory, SituationFactory

pytestmark = pytest.mark.browser


def saved(page, item, message: str) -> None:
    """Waits for htmx to swap the item back with its success message (the page itself is not reloaded)."""
    page.locator(f"#point-{item.pk} [role=status]", has_text=message).wait_for()


class Counter:
    """Counts what the coordinator does: a click (a button, a link, a list opened to pick in it) or a typed field."""

    def __init__(self, page):
        self.page, self.clicks, self.typed = page, 0, 0

    def click(self, target) -> None:
        (self.page.locator(target) if isinstance(target, str) else target).click()
        self.clicks += 1

    def fill(self, target, text: str) -> None:
        (self.page.locator(target) if isinstance(target, str) else target).fill(text)
        self.typed += 1

    def select(self, target, value: str) -> None:
        (self.page.locator(target) if isinstance(target, str) else target).select_option(value)
        self.clicks += 1


def open_item(page, item) -> None:
    """Jumps to an item from the sticky list: it becomes the only one expanded."""
    page.click(f".concerto-item-nav a[data-point='point-{item.pk}']")
    page.locator(f"#point-{item.pk} details[open]").wait_for()


def wait_until(page, expression: str, timeout: float = 10) -> None:
    """Polls a JavaScript expression (Playwright's wait_for_function evaluates strings, which the CSP forbids)."""
    deadline = time.monotonic() + timeout
    while not page.evaluate(expression):
        assert time.monotonic() < deadline, f"still false after {timeout} s: {expression}"
        page.wait_for_timeout(50)


def modal_shown(page, modal_id: str) -> None:
    """Waits for the DSFR modal's opening transition to end (axe would measure contrasts mid-fade)."""
    wait_until(
        page,
        f"(() => {{ const m = document.getElementById('{modal_id}'); return m.classList.contains('fr-modal--opened')"
        " && getComputedStyle(m).opacity === '1' && !m.getAnimations({subtree: true}).length; })()",
    )


def sign_off(page) -> None:
    """The opener shows the confirmation modal saying what will happen; its button signs."""
    page.get_by_role("button", name="Signer le relevé de décisions").click()
    modal = page.locator("#sign-off-modal")
    modal.get_by_text("Les notes de travail seront détruites").wait_for()
    modal.get_by_role("button", name="Signer et envoyer le relevé").click()


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
        if index:
            open_item(page, item)
            clicks += 1
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
    sign_off(page)
    clicks += 2  # the opener and the modal's button
    page.wait_for_selector("text=Relevé signé")
    check_accessibility(page)
    meeting = Meeting.objects.get(pk=meeting.pk)
    assert meeting.status == "signed_off" and meeting.record_pdf and not WorkingNote.objects.exists()
    # 27 clicks for six situations, each with a decision and an action: 21 before the items list (one click to jump
    # to each of the five other items) and the confirmation modal (one more click to sign).
    assert clicks == 1 + 1 + 6 * 3 + 5 + 2


def test_a_six_situation_session_prepared_run_and_signed_off_in_60_clicks(page, live_server):
    """The issue's measure, from the meetings list to the signed record: create the session, put six situations on
    its agenda, send the invitations, take attendance ("Tous présents"), record a decision and an action for each
    situation (one also names who tells the person, among those present) and sign off through the modal."""
    council = CouncilFactory()
    cell = CellFactory(council=council)
    coordinator = MembershipFactory(council=council, role=Role.COORDINATOR, profession=Profession.ADMINISTRATIVE)
    seats = [
        MembershipFactory(
            council=council, role=Role.CELL_MEMBER, profession=Profession.HEALTH,
            organisation=OrganisationFactory(council=council, name=f"Structure {n}"),
        )
        for n in range(5)
    ]  # fmt: skip
    for seat in seats:
        CellMember.objects.create(cell=cell, membership=seat)
    organisation = seats[0].organisation
    situations = SituationFactory.create_batch(6, council=council, cell=cell)
    login(page, live_server, coordinator.user)
    count = Counter(page)
    page.goto(live_server.url + reverse("meetings:list"))
    # Prepare: the session, its agenda, the invitations.
    count.click("a:has-text('Nouvelle séance')")
    count.select("select[name='cell']", str(cell.pk))
    start = timezone.localtime() + datetime.timedelta(days=20)
    count.fill("input[name='starts_at']", start.strftime("%Y-%m-%dT09:30"))
    count.fill("input[name='ends_at']", start.strftime("%Y-%m-%dT12:00"))
    count.click("button:has-text('Enregistrer')")
    page.wait_for_selector("text=Séance créée")
    meeting = Meeting.objects.get(cell=cell)
    for situation in situations:
        count.select("select[name='situation']", str(situation.pk))
        count.click('button:has-text("Ajouter à l\'ordre du jour")')
        page.wait_for_selector("text=Situation ajoutée")
    count.click("button:has-text('Envoyer les invitations')")
    page.wait_for_selector("text=5 invitations envoyées")
    check_accessibility(page)
    prepared = count.clicks, count.typed
    # Run: attendance in one click, then each item from the sticky list.
    count.click("#attendance-all-present")
    page.locator("#presences [role=status]", has_text="5 personnes notées présentes").wait_for()
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=timezone.now())  # the session has started
    count.click("a:has-text('Mode séance')")
    check_accessibility(page)
    due = (timezone.localdate() + datetime.timedelta(days=30)).isoformat()
    items = list(meeting.items.all())
    for index, item in enumerate(items):
        section = page.locator(f"#point-{item.pk}")
        if index:
            count.click(f".concerto-item-nav a[data-point='point-{item.pk}']")
            page.locator(f"#point-{item.pk} details[open]").wait_for()
        count.fill(section.locator(f"textarea[name='item-{item.pk}-decisions']"), f"Décision {index + 1}.")
        if index == 0:
            count.select(section.locator(f"select[name='item-{item.pk}-who_tells']"), f"u-{seats[1].user.pk}")
        count.click(section.locator(f"#record-save-{item.pk}"))
        saved(page, item, f"Point {item.situation.code} enregistré")
        count.fill(section.locator(f"input[name='action-{item.pk}-text']"), "Visite à domicile")
        count.select(section.locator(f"select[name='action-{item.pk}-owner_organisation']"), str(organisation.pk))
        count.fill(section.locator(f"input[name='action-{item.pk}-due_on']"), due)
        count.click(section.locator(f"#action-save-{item.pk}"))
        saved(page, item, f"Action ajoutée pour {item.situation.code}")
    check_accessibility(page)
    run = count.clicks - prepared[0], count.typed - prepared[1]
    # Sign off through the confirmation modal.
    count.click(page.get_by_role("button", name="Signer le relevé de décisions"))
    page.locator("#sign-off-modal").get_by_text("envoyé à 5 personnes présentes").wait_for()
    modal_shown(page, "sign-off-modal")
    check_accessibility(page)
    count.click(page.locator("#sign-off-modal").get_by_role("button", name="Signer et envoyer le relevé"))
    page.wait_for_selector("text=Relevé signé")
    check_accessibility(page)
    meeting = Meeting.objects.get(pk=meeting.pk)
    assert meeting.status == "signed_off" and Action.objects.count() == 6
    assert meeting.attendances.filter(status="present").count() == 5
    assert items[0].situation.participants.filter(user=seats[1].user).exists()  # who tells, added at once
    assert meeting.items.get(pk=items[0].pk).who_tells.user == seats[1].user
    print(
        f"\nSix-situation session: {count.clicks} clicks and {count.typed} typed fields "
        f"(prepared {prepared[0]} clicks / {prepared[1]} fields, run {run[0]} / {run[1]}, "
        f"signed {count.clicks - prepared[0] - run[0]})"
    )
    assert count.clicks <= 60


@pytest.mark.parametrize("viewport", [{"width": 1024, "height": 768}, {"width": 390, "height": 844}])
def test_the_items_list_stays_in_view_and_a_failed_save_focuses_its_field(page, live_server, viewport):
    council = CouncilFactory()
    cell = CellFactory(council=council)
    coordinator = MembershipFactory(council=council, role=Role.COORDINATOR, profession=Profession.ADMINISTRATIVE)
    start = timezone.now() + datetime.timedelta(days=20)
    meeting = services.meeting_create(
        council=council, actor=coordinator.user, data={"cell": cell, "starts_at": start, "ends_at": start}
    )
    items = [
        services.agenda_add(meeting=meeting, situation=s, actor=coordinator.user, kind="new", priority=False)
        for s in SituationFactory.create_batch(4, council=council, cell=cell)
    ]
    page.set_viewport_size(viewport)
    login(page, live_server, coordinator.user)
    page.goto(live_server.url + reverse("meetings:mode", args=[meeting.pk]))
    assert page.locator("details[name=points][open]").count() == 1
    last = items[-1]
    open_item(page, last)
    assert page.locator("details[name=points][open]").count() == 1
    assert page.locator(f".concerto-item-nav a[data-point='point-{last.pk}']").get_attribute("aria-current")
    page.locator(f"#action-save-{last.pk}").scroll_into_view_if_needed()  # far down the last item
    top = page.evaluate("document.getElementById('points-nav').getBoundingClientRect().top")
    assert 0 <= top < 20, top  # the list stays in view
    wide = page.evaluate(
        "[...document.querySelectorAll('#contenu *')].filter(e => e.checkVisibility() && !e.closest('.fr-table'))"
        ".filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)"
        ".map(e => {let out=[]; for (let a=e; a && a.tagName!=='MAIN'; a=a.parentElement) {const r=a.getBoundingClientRect(); out.push(`${a.tagName}.${a.className}:${Math.round(r.left)}/${Math.round(r.width)}`)} return out.join(' < ')}).slice(0, 1)"
    )
    assert not wide, wide  # nothing of the page sticks out sideways (the header is not this page's)
    check_accessibility(page)
    page.fill(f"input[name='item-{last.pk}-tell_by']", "")
    page.locator(f"#point-{last.pk} textarea[name='note-{last.pk}-text']").fill("")
    page.click(f"#note-save-{last.pk}")
    page.locator(f"#point-{last.pk} [aria-invalid=true]").first.wait_for()
    wait_until(page, f"document.activeElement && document.activeElement.name === 'note-{last.pk}-text'")
    check_accessibility(page)


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
    open_item(page, second)
    assert page.locator(f"#point-{first.pk} details[open]").count() == 0  # the only item expanded
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


def test_a_consent_withdrawal_asks_in_a_modal_first(page, live_server):
    from concerto.situations.models import ConsentRecord

    council = CouncilFactory()
    coordinator = MembershipFactory(council=council, role=Role.COORDINATOR, profession=Profession.ADMINISTRATIVE)
    situation = SituationFactory(council=council)
    before = ConsentRecord.objects.count()
    login(page, live_server, coordinator.user)
    page.goto(live_server.url + reverse("situations:consent", args=[situation.code]))
    form = page.locator("#consent-form")
    form.locator("[name='kind']").select_option("withdrawal")
    form.locator("[name='occurred_on']").fill(timezone.localdate().isoformat())
    form.locator("[name='by_whom']").fill("CMP")
    form.locator("[name='means']").fill("Appel")
    form.get_by_role("button", name="Enregistrer").click()
    modal_shown(page, "withdrawal-modal")
    assert ConsentRecord.objects.count() == before  # nothing recorded before the confirmation
    check_accessibility(page)
    page.locator("#withdrawal-modal").get_by_role("button", name="Enregistrer le retrait").click()
    deadline = time.monotonic() + 10
    while not ConsentRecord.objects.filter(situation=situation, kind="withdrawal").exists():
        assert time.monotonic() < deadline, "the withdrawal confirmed in the modal was not recorded"
        page.wait_for_timeout(50)
