"""Where a situation stands: the summary at a glance per reader, the history, past dates within bounds, closure with
flags and open actions decided, the tabs' page titles (issue 11)."""

import datetime
import html
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from concerto.accounts.enums import Profession, Role
from concerto.core.errors import DomainError
from concerto.core.models import Event
from concerto.factories import CouncilFactory, MembershipFactory, OrganisationFactory
from concerto.plans.enums import ActionStatus
from concerto.plans.models import Action
from concerto.situations import services
from concerto.situations.enums import (
    CLINICAL_PROBLEMS,
    AgeBand,
    ClosureFlag,
    ClosureReason,
    ConsentKind,
    OpenActionChoice,
    Problem,
    SituationStatus,
    Visibility,
)
from concerto.situations.models import ConsentRecord, JournalNote
from concerto.situations.tests.factories import AlertFactory, CellFactory, add_participant, nominative_situation

pytestmark = pytest.mark.django_db


def day(offset: int = 0) -> datetime.date:
    """A date relative to today (the suite also runs 400 days ahead)."""
    return timezone.localdate() + datetime.timedelta(days=offset)


@pytest.fixture
def council():
    return CouncilFactory()


@pytest.fixture
def people(council):
    def member(role, profession, org_name=None):
        organisation = OrganisationFactory(council=council, name=org_name) if org_name else None
        return MembershipFactory(council=council, role=role, profession=profession, organisation=organisation)

    return {
        "coordinator": member(Role.COORDINATOR, Profession.ADMINISTRATIVE),
        "nurse": member(Role.PARTNER, Profession.HEALTH, "CMP des Tilleuls"),
        "landlord": member(Role.PARTNER, Profession.LANDLORD, "Bailleur social"),
    }


@pytest.fixture
def situation(council, people):
    situation = nominative_situation(council, opened_on=day(-90))
    add_participant(situation, people["nurse"], is_referent=True)
    add_participant(situation, people["landlord"])
    return situation


def action(situation, owner, *, due: int, status=ActionStatus.TODO, visibility=Visibility.PARTICIPANTS, text="Visite"):
    return Action.objects.create(
        council=situation.council, situation=situation, text=text, owner_organisation=owner.organisation,
        due_on=day(due), status=status, visibility=visibility,
    )  # fmt: skip


def decision(situation, *, text: str, visibility: str, days_ago: int, next_review: int | None = None):
    from concerto.meetings.enums import MeetingStatus
    from concerto.meetings.models import AgendaItem, Meeting

    start = timezone.now() - datetime.timedelta(days=days_ago)
    meeting = Meeting.objects.create(
        council=situation.council, cell=CellFactory(council=situation.council), starts_at=start,
        ends_at=start + datetime.timedelta(hours=2), status=MeetingStatus.SIGNED_OFF,
    )  # fmt: skip
    return AgendaItem.objects.create(
        meeting=meeting, situation=situation, decisions=text, decisions_visibility=visibility,
        next_review=day(next_review) if next_review is not None else None,
    )  # fmt: skip


def page(client, membership, name, situation, **kwargs):
    client.force_login(membership.user)
    return client.get(reverse(name, args=[situation.code]), **kwargs)


def text_of(response) -> str:
    return re.sub(r"\s+", " ", html.unescape(response.content.decode()))


# --- the summary at a glance ---------------------------------------------------------------------------------


def test_summary_shows_the_last_decision_only_to_readers_of_its_class(client, council, situation, people):
    decision(situation, text="Visite à domicile conjointe", visibility=Visibility.PARTICIPANTS, days_ago=60)
    decision(situation, text="Proposer un rendez-vous au CMP", visibility=Visibility.HEALTH_SOCIAL, days_ago=20,
             next_review=30)  # fmt: skip

    coordinator = text_of(page(client, people["coordinator"], "situations:detail", situation))
    assert "Proposer un rendez-vous au CMP" in coordinator
    assert timezone.localtime(timezone.now() - datetime.timedelta(days=20)).strftime("%d/%m/%Y") in coordinator
    assert day(30).strftime("%d/%m/%Y") in coordinator  # next review

    nurse = text_of(page(client, people["nurse"], "situations:detail", situation))
    assert "Proposer un rendez-vous au CMP" in nurse

    # The landlord does not see health and social decisions: the last one they may read is the older one.
    landlord = text_of(page(client, people["landlord"], "situations:detail", situation))
    assert "Proposer un rendez-vous au CMP" not in landlord
    assert "Visite à domicile conjointe" in landlord

    # Someone invited for one point only sees no decision in the summary.
    from concerto.meetings.models import MeetingInvitation

    invitee = MembershipFactory(council=council, role=Role.PARTNER, profession=Profession.HEALTH)
    item = decision(situation, text="", visibility=Visibility.PARTICIPANTS, days_ago=-5)
    MeetingInvitation.objects.create(
        meeting=item.meeting, user=invitee.user, item=item, sent_at=timezone.now(), access_until=day(10)
    )
    invited = text_of(page(client, invitee, "situations:detail", situation))
    assert "Aucune décision visible pour vous" in invited
    assert "Visite à domicile conjointe" not in invited


def test_summary_gives_referent_consent_and_linked_counts_of_open_and_overdue_actions(client, situation, people):
    nurse, landlord = people["nurse"], people["landlord"]
    action(situation, landlord, due=-5)  # overdue
    action(situation, landlord, due=10)
    action(situation, nurse, due=-3, visibility=Visibility.HEALTH_SOCIAL, text="RDV CMP")  # overdue, health
    action(situation, landlord, due=-30, status=ActionStatus.DONE)  # not open

    coordinator = page(client, people["coordinator"], "situations:detail", situation)
    content = text_of(coordinator)
    assert "3 ouvertes, dont 2 en retard" in content
    assert f'href="{reverse("plans:situation_actions", args=[situation.code])}"' in content
    assert "CMP des Tilleuls" in content  # the referent's organisation
    assert "Accord de la personne enregistré" in content

    # The landlord counts only the actions they may see (not the health one of the CMP).
    assert "2 ouvertes, dont 1 en retard" in text_of(page(client, landlord, "situations:detail", situation))


def test_summary_last_activity_is_the_latest_event(client, situation, people):
    services.note_add(
        situation=situation, actor=people["coordinator"].user,
        data={"visibility": Visibility.COORDINATOR, "occurred_on": day(0), "text": "Appel"},
    )  # fmt: skip
    summary = page(client, people["coordinator"], "situations:detail", situation).context["summary"]
    assert summary.last_activity is not None
    assert timezone.localdate(summary.last_activity) == day(0)


def test_a_cell_member_sees_the_status_only(client, council, situation):
    member = MembershipFactory(council=council, role=Role.CELL_MEMBER, profession=Profession.SOCIAL)
    decision(situation, text="Décision partagée", visibility=Visibility.PARTICIPANTS, days_ago=5)
    content = text_of(page(client, member, "situations:detail", situation))
    assert "Décision partagée" not in content
    assert "À examiner en cellule" in content


# --- the history -------------------------------------------------------------------------------------------


def test_history_folds_identity_reads_per_day_and_reader_and_shows_no_raw_verb(client, situation, people):
    for _ in range(3):
        page(client, people["coordinator"], "situations:identity", situation)
    page(client, people["nurse"], "situations:identity", situation)
    Event.objects.create(
        council=situation.council, verb="agenda_item_added", target_type="situations.situation",
        target_id=str(situation.pk),
    )  # fmt: skip
    services.note_add(
        situation=situation, actor=people["coordinator"].user,
        data={"visibility": Visibility.COORDINATOR, "occurred_on": day(0), "text": "Appel"},
    )  # fmt: skip
    response = page(client, people["coordinator"], "situations:timeline", situation)
    content = text_of(response)
    coordinator = people["coordinator"].user
    assert f"Identité consultée 3 fois par {coordinator}" in content
    assert f"Identité consultée par {people['nurse'].user} (CMP des Tilleuls)" in content
    assert content.count("Identité consultée") == 2
    assert "Note ajoutée au journal" in content
    labels = [row.label for row in response.context["rows"]]
    assert not [label for label in labels if re.fullmatch(r"[a-z_]+", label)]
    assert "agenda_item_added" not in content


# --- past dates within bounds --------------------------------------------------------------------------------


def consent_post(client, coordinator, situation, occurred_on):
    client.force_login(coordinator.user)
    return client.post(
        reverse("situations:consent", args=[situation.code]),
        {"kind": ConsentKind.INFORMED, "occurred_on": occurred_on.isoformat(), "by_whom": "CCAS", "means": "Visite"},
    )


def test_a_past_consent_date_is_accepted_and_refused_before_2000_or_in_the_future(client, situation, people):
    coordinator = people["coordinator"]
    # Before the opening in Concerto is fine: the agreement is often collected before the alert.
    assert consent_post(client, coordinator, situation, day(-120)).status_code == 302
    assert ConsentRecord.objects.filter(situation=situation, occurred_on=day(-120)).exists()

    future = consent_post(client, coordinator, situation, day(1))
    assert future.status_code == 200
    assert "La date du recueil ne peut pas être dans le futur." in text_of(future)
    too_old = consent_post(client, coordinator, situation, datetime.date(1999, 12, 31))
    assert "La date du recueil ne peut pas être antérieure au 01/01/2000." in text_of(too_old)
    assert not ConsentRecord.objects.filter(situation=situation, occurred_on__gt=day(0)).exists()
    assert not ConsentRecord.objects.filter(situation=situation, occurred_on__year=1999).exists()

    for bad in (day(1), datetime.date(1999, 12, 31)):
        with pytest.raises(DomainError):
            services.consent_record(
                situation=situation, actor=coordinator.user,
                data={"kind": ConsentKind.INFORMED, "occurred_on": bad, "by_whom": "CCAS", "means": "Visite"},
            )  # fmt: skip


def test_alert_received_on_defaults_to_the_submission_day_and_accepts_a_past_day(council, people):
    coordinator = people["coordinator"].user
    draft = AlertFactory(council=council, status="draft", reference=None, submitted_at=None)
    services.alert_submit(alert=draft, actor=coordinator)
    assert draft.received_on == day(0)

    services.alert_set_received_on(alert=draft, actor=coordinator, day=day(-400))
    draft.refresh_from_db()
    assert draft.received_on == day(-400)
    for bad, message in ((day(1), "futur"), (datetime.date(1999, 1, 1), "01/01/2000")):
        with pytest.raises(DomainError, match=message):
            services.alert_set_received_on(alert=draft, actor=coordinator, day=bad)
    # Entered on the referrer's behalf before submission: checked when submitted.
    late = AlertFactory(council=council, status="draft", reference=None, submitted_at=None, received_on=day(3))
    with pytest.raises(DomainError, match="futur"):
        services.alert_submit(alert=late, actor=coordinator)


# --- closure ----------------------------------------------------------------------------------------------------


def close_post(client, coordinator, situation, **data):
    client.force_login(coordinator.user)
    payload = {"reason": ClosureReason.MAINTAINED, "closed_on": day(0).isoformat(), "decided_by": "cell", **data}
    return client.post(reverse("situations:close", args=[situation.code]), payload)


def test_closure_with_flags_a_past_date_and_each_open_action_decided(client, situation, people):
    landlord = people["landlord"]
    cancelled = action(situation, landlord, due=5, text="Relance du bailleur")
    kept = action(situation, landlord, due=15, text="Visite du SCHS")
    coordinator = people["coordinator"]

    # Without a decision on each open action, nothing is closed.
    undecided = close_post(client, coordinator, situation, flags=[ClosureFlag.HOUSING_KEPT])
    assert undecided.status_code == 200
    situation.refresh_from_db()
    assert situation.status != SituationStatus.CLOSED
    assert "Relance du bailleur" in text_of(undecided)

    # Kept without a reason: refused next to the field.
    no_reason = close_post(
        client, coordinator, situation, **{f"action_{cancelled.pk}": "cancel", f"action_{kept.pk}": "keep"}
    )
    assert "Indiquez pourquoi cette action est gardée." in text_of(no_reason)

    response = close_post(
        client, coordinator, situation, closed_on=day(-10).isoformat(),
        flags=[ClosureFlag.HOUSING_KEPT, ClosureFlag.CARE_REFUSAL],
        **{f"action_{cancelled.pk}": "cancel", f"action_{kept.pk}": "keep",
           f"action_{kept.pk}_reason": "Visite déjà programmée"},
    )  # fmt: skip
    assert response.status_code == 302
    situation.refresh_from_db()
    assert situation.status == SituationStatus.CLOSED
    assert situation.closed_on == day(-10)
    assert situation.closure_flags == [ClosureFlag.HOUSING_KEPT, ClosureFlag.CARE_REFUSAL]
    assert situation.closure_decided_by == "cell"
    cancelled.refresh_from_db()
    kept.refresh_from_db()
    assert cancelled.status == ActionStatus.DROPPED and kept.status == ActionStatus.TODO
    note = JournalNote.objects.get(situation=situation, visibility=Visibility.COORDINATOR)
    assert "Visite déjà programmée" in note.text

    # The summary shows the flags; the clinical one only to health and social readers.
    coordinator_view = text_of(page(client, coordinator, "situations:detail", situation))
    assert "logement maintenu, refus de soins persistant" in coordinator_view
    landlord_view = text_of(page(client, landlord, "situations:detail", situation))
    assert "logement maintenu" in landlord_view and "refus de soins persistant" not in landlord_view


def test_closure_dates_out_of_bounds_are_refused_in_french(client, situation, people):
    coordinator = people["coordinator"]
    before = close_post(client, coordinator, situation, closed_on=day(-91).isoformat())
    assert f"Une situation ne peut pas être clôturée avant la date de son ouverture ({day(-90):%d/%m/%Y})" in text_of(
        before
    )
    future = close_post(client, coordinator, situation, closed_on=day(2).isoformat())
    assert "La date de clôture ne peut pas être dans le futur." in text_of(future)
    situation.refresh_from_db()
    assert situation.status != SituationStatus.CLOSED
    for bad in (day(-91), day(2)):
        with pytest.raises(DomainError):
            services.situation_close(
                situation=situation, actor=coordinator.user, reason=ClosureReason.MAINTAINED, closed_on=bad
            )
    with pytest.raises(DomainError, match="Constat de clôture inconnu"):
        services.situation_close(
            situation=situation, actor=coordinator.user, reason=ClosureReason.MAINTAINED, flags=["nope"]
        )


def test_an_open_action_blocks_a_closure_that_does_not_decide_it(situation, people):
    open_action = action(situation, people["landlord"], due=5)
    with pytest.raises(DomainError, match="encore ouverte"):
        services.situation_close(situation=situation, actor=people["coordinator"].user, reason=ClosureReason.REFUSAL)
    services.situation_close(
        situation=situation, actor=people["coordinator"].user, reason=ClosureReason.REFUSAL,
        open_actions={open_action.pk: (OpenActionChoice.CANCEL, "")},
    )  # fmt: skip
    open_action.refresh_from_db()
    assert open_action.status == ActionStatus.DROPPED


# --- tabs, enums ---------------------------------------------------------------------------------------------


def test_each_tab_is_its_own_page_with_a_unique_title_and_aria_current(client, situation, people):
    names = {
        "situations:detail": "Résumé", "situations:identity": "Identité", "situations:consent": "Consentement",
        "situations:participants": "Participants", "plans:situation_actions": "Actions",
        "situations:journal": "Journal", "situations:timeline": "Historique",
    }  # fmt: skip
    titles = set()
    for name, label in names.items():
        content = text_of(page(client, people["coordinator"], name, situation))
        title = re.search(r"<title>(.*?)</title>", content).group(1).strip()
        assert title.startswith(f"{label} — {situation.code}"), title
        titles.add(title)
        current = re.findall(r'<a class="fr-tabs__tab" href="[^"]+" aria-current="page">([^<]+)</a>', content)
        assert current == [label]
    assert len(titles) == len(names)


def test_new_problems_and_age_band_exist_and_clinical_ones_are_marked():
    assert {"debt", "addiction", "cognitive", "neighbour_conflict", "risk_to_others", "child_in_household"} <= set(
        Problem.values
    )
    assert AgeBand.AGE_18_24 in AgeBand.values and AgeBand.UNDER_25 in AgeBand.values  # the old band is kept
    assert {Problem.ADDICTION, Problem.COGNITIVE} <= CLINICAL_PROBLEMS
    assert not {Problem.DEBT, Problem.RISK_TO_OTHERS, Problem.CHILD_IN_HOUSEHOLD} & CLINICAL_PROBLEMS


def test_the_coordinator_enters_an_alert_received_earlier_and_a_partner_cannot(client, council, people):
    from concerto.situations.models import Alert
    from concerto.situations.tests.test_alerts import alert_data

    coordinator = people["coordinator"]
    client.force_login(coordinator.user)
    future = client.post(reverse("situations:alert_create"), alert_data(council, received_on=day(2).isoformat()))
    assert future.status_code == 200
    assert "La date de réception de l'alerte ne peut pas être dans le futur." in text_of(future)
    assert not Alert.objects.exists()
    response = client.post(reverse("situations:alert_create"), alert_data(council, received_on=day(-200).isoformat()))
    assert response.status_code == 302
    assert Alert.objects.get().received_on == day(-200)

    # A partner's alert is received the day it is sent, whatever is posted.
    client.force_login(people["nurse"].user)
    assert 'name="received_on"' not in text_of(client.get(reverse("situations:alert_create")))
    client.post(reverse("situations:alert_create"), alert_data(council, received_on=day(-30).isoformat()))
    assert Alert.objects.filter(author=people["nurse"].user).get().received_on == day(0)


def test_the_former_under_25_band_is_not_offered_for_new_entries(client, council, people):
    client.force_login(people["coordinator"].user)
    content = text_of(client.get(reverse("situations:alert_create")))
    assert 'value="18_24"' in content and 'value="lt25"' not in content


def test_summary_and_history_take_a_constant_number_of_queries(client, situation, people):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from concerto.situations.access import access_for
    from concerto.situations.policy import Reader
    from concerto.situations.selectors import situation_history, situation_summary

    reader = Reader.of(people["coordinator"])

    def count():
        access = access_for(reader, situation)
        with CaptureQueriesContext(connection) as queries:
            situation_summary(access)
            situation_history(access)
        return len(queries)

    page(client, people["coordinator"], "situations:identity", situation)
    before = count()
    for n in range(5):
        action(situation, people["landlord"], due=n - 2)
        decision(situation, text=f"Décision {n}", visibility=Visibility.PARTICIPANTS, days_ago=10 + n)
        page(client, people["coordinator"], "situations:identity", situation)
        page(client, people["nurse"], "situations:identity", situation)
    assert count() == before
