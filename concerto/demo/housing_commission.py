"""The demo's quarterly Commission appartement sessions, built through the services the UI calls
(`meetings.services`, `housing.services`, `housing.commission`):

- a session held about two months ago in Armentières, chaired by the town's elected official: the housing member,
  the coordinator, the sector's psychiatrist and the social worker convened and present; three applications
  received for it (one admitted to a vacant flat from a date, with the joint commitment, the applicant's own
  words and the deposit the council pays; one postponed; one refused, each with its reason) and two six-monthly
  reviews; then signed off (the worker archives the record PDF and sends it, as for the demo's other signed
  sessions);
- a session planned in about a month, same venue and chair, its agenda holding the three longest-waiting complete
  applications, the application postponed above and the first reviews due; invitations sent.

Idempotent: built once; on a reload (which rebuilds the places and the waiting list of `demo/housing.py`), the
admitted flat is made occupied again and the applications on the planned agenda scheduled again, through the
services."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db.models import Max
from django.utils import timezone

from concerto.accounts.enums import Profession
from concerto.accounts.models import Membership, User
from concerto.housing import commission, services
from concerto.housing.enums import (
    ApplicationStatus,
    CommissionOutcome,
    Contract,
    RentHelper,
    ReviewOutcome,
    Typology,
)
from concerto.housing.models import Application, CommissionDecision, Place
from concerto.meetings import services as meetings
from concerto.meetings.enums import AttendanceStatus, Body, MeetingStatus
from concerto.meetings.models import Meeting
from concerto.situations.enums import ConsentKind

COORDINATOR = "coordination@clsm-val-de-lys.example"
CHAIR = "elue@ville-val.example"  # Martine Lecomte, elected official: her town hall service serves Armentières
CONVENED = [
    COORDINATOR, CHAIR, "logement@hirondelles.example", "psychiatre@cmp-tilleuls.example", "as@ccas-val.example",
]  # fmt: skip
VENUE = "Armentières"
ROOM = "Mairie d'Armentières (fictive), salle des commissions"
SIGNED_DAYS_AGO, PLANNED_IN_DAYS, ENTRY_AFTER_DAYS = 60, 30, 14
ADMITTED_PLACE = "14 avenue Marc-Sangnier, app. 3"  # a T1 flat in sub-letting, vacant since the spring
REVIEWS_SIGNED, REVIEWS_PLANNED, WAITING_PLANNED = 2, 3, 3
DEPOSIT = Decimal("450")  # as every flat of demo/housing.py
# (last name, first name, birth year, received days before the session, decision, reason or None)
SIGNED_APPLICATIONS = [
    ("Delannoy", "Mélissa", 1986, 75, CommissionOutcome.ADMITTED, ""),
    ("Verhaeghe", "Kévin", 1991, 50, CommissionOutcome.POSTPONED,
     "Avis psychiatrique à actualiser après l'hospitalisation de l'été ; réexamen à la prochaine séance."),
    ("Lesage", "Roland", 1958, 40, CommissionOutcome.REFUSED,
     "Besoin d'un accompagnement médico-social plus soutenu : orientation vers la résidence accueil proposée."),
]  # fmt: skip
WORDS = (
    "Je suis suivie au CMP depuis trois ans et je vais mieux. Je voudrais un petit appartement près de ma sœur, "
    "pour reprendre mon travail à l'ESAT. Je sais que je devrai accepter les visites de l'infirmier."
)
COMMITMENT = (
    "Madame s'engage à payer son loyer avec l'aide de sa curatrice et à accepter une visite infirmière par mois ; "
    "le secteur assure le suivi au CMP Les Tilleuls ; le conseil avance le dépôt de garantie et fait un bilan à six "
    "mois. Objectifs : stabilité dans le logement, reprise du travail à l'ESAT, bail à son nom à terme."
)
REVIEW_NOTES = [
    "Occupation sans difficulté ; visites infirmières régulières ; loyer payé avec l'aide de la curatelle.",
    "Bonne insertion dans le quartier ; un retard de loyer apuré ; poursuite du suivi au CMP.",
]


def _start(days: int, hour: int) -> datetime.datetime:
    now = timezone.localtime().replace(hour=hour, minute=0, second=0, microsecond=0)
    return now + datetime.timedelta(days=days)


def _session(council, coordinator, users, start) -> Meeting:
    meeting = meetings.meeting_create(
        council=council, actor=coordinator,
        data={"body": Body.HOUSING, "starts_at": start, "ends_at": start + datetime.timedelta(hours=2),
              "place": ROOM},
        convened=users,
    )  # fmt: skip
    commune = commission.venue_communes(council).get(name=VENUE)
    commission.venue_set(meeting=meeting, actor=coordinator, commune=commune)
    chair = Membership.objects.get(council=council, user__email=CHAIR, profession=Profession.ELECTED)
    commission.chair_set(meeting=meeting, actor=coordinator, membership=chair)
    return meeting


def _application(council, coordinator, organisations, spec, session_day):
    last_name, first_name, birth_year, received_before, _, _ = spec
    received = session_day - datetime.timedelta(days=received_before)
    application = services.application_create(
        council=council, actor=coordinator,
        data={"orienting_organisation": organisations["CMP Les Tilleuls"], "psychiatrist_name": "Dr Aline Verbeke",
              "social_opinion": "Autonomie suffisante pour un logement accompagné ; aide à la gestion du budget.",
              "psychiatric_opinion": "Stabilisation clinique ; suivi au CMP et visites infirmières mensuelles.",
              "wished_typology": Typology.T1, "curator_organisation": organisations["ATMP Flandres"],
              "received_on": received},
        identity={"last_name": last_name, "first_name": first_name, "birth_date": datetime.date(birth_year, 3, 14)},
    )  # fmt: skip
    services.application_consent_record(
        application=application, actor=coordinator,
        data={"kind": ConsentKind.AGREEMENT, "occurred_on": received, "by_whom": "Équipe du CMP Les Tilleuls",
              "means": "Entretien"},
    )  # fmt: skip
    services.application_set_status(
        application=application, actor=coordinator, status=ApplicationStatus.COMPLETE,
        on=received + datetime.timedelta(days=10),
    )  # fmt: skip
    application.refresh_from_db()
    return application


def _signed(council, coordinator, users, organisations) -> Meeting:
    meeting = _session(council, coordinator, users, _start(-SIGNED_DAYS_AGO, 14))
    day = timezone.localdate(meeting.starts_at)
    items = []
    for spec in SIGNED_APPLICATIONS:
        application = _application(council, coordinator, organisations, spec, day)
        items.append(commission.agenda_add_application(meeting=meeting, application=application, actor=coordinator))
    due = list(commission.reviews_due(council, today=day)[:REVIEWS_SIGNED])
    reviews = [commission.agenda_add_review(meeting=meeting, occupancy=o, actor=coordinator) for o in due]
    for invitation in meeting.invitations.select_related("user"):
        meetings.attendance_record(
            meeting=meeting, actor=coordinator, user=invitation.user, status=AttendanceStatus.PRESENT
        )
    place = Place.objects.get(council=council, label=ADMITTED_PLACE)
    # From two weeks after the session, or from the day the last occupant left when that is later (early January:
    # the flat is one of those vacated this year, `demo/housing.py` THIS_YEAR_EXITS).
    entry_on = max(day + datetime.timedelta(days=ENTRY_AFTER_DAYS), place.occupancies.aggregate(m=Max("exit_on"))["m"])
    for item, (*_, outcome, reason) in zip(items, SIGNED_APPLICATIONS, strict=True):
        data = {"outcome": outcome, "reason": reason, "attended": False}
        if outcome == CommissionOutcome.ADMITTED:
            data.update(
                attended=True, words=WORDS, own_words=True, place=place, contract=Contract.SUBLET,
                entry_on=entry_on, rent_helper=RentHelper.CURATOR,
                commitment=COMMITMENT,
            )  # fmt: skip
        decision = commission.decision_record(item=item, actor=coordinator, data=data)
        if decision.occupancy is not None:  # the council pays the deposit on entry
            services.deposit_pay(
                occupancy=decision.occupancy, actor=coordinator, data={"amount": DEPOSIT, "paid_on": entry_on}
            )
    for item, note in zip(reviews, REVIEW_NOTES, strict=False):
        commission.review_record(item=item, actor=coordinator, data={"outcome": ReviewOutcome.CONTINUE, "note": note})
    meetings.meeting_sign_off(meeting=meeting, actor=coordinator)
    return meeting


def _planned(council, coordinator, users, postponed) -> Meeting:
    meeting = _session(council, coordinator, users, _start(PLANNED_IN_DAYS, 14))
    waiting = commission.schedulable_applications(meeting).filter(status=ApplicationStatus.COMPLETE)
    for application in [*waiting[:WAITING_PLANNED], *postponed]:
        commission.agenda_add_application(meeting=meeting, application=application, actor=coordinator)
    for occupancy in commission.reviews_due(council)[:REVIEWS_PLANNED]:
        commission.agenda_add_review(meeting=meeting, occupancy=occupancy, actor=coordinator)
    meetings.invitations_send(meeting=meeting, actor=coordinator)
    return meeting


def _refresh(council, coordinator) -> None:
    """After a reload of `demo/housing.py` (places and waiting list rebuilt from their constants): the admitted
    flat is occupied again, and the applications on the planned agenda scheduled again."""
    decisions = CommissionDecision.objects.filter(item__meeting__council=council, occupancy__isnull=False)
    for decision in decisions.select_related("occupancy__place"):
        services.place_refresh_status(decision.occupancy.place)
    planned = Application.objects.filter(
        agenda_items__meeting__council=council,
        agenda_items__meeting__body=Body.HOUSING,
        agenda_items__meeting__status=MeetingStatus.PLANNED,
        status__in=commission.SCHEDULABLE,
    )
    for application in planned:
        services.application_set_status(application=application, actor=coordinator, status=ApplicationStatus.SCHEDULED)


def load_housing_commission(council, organisations: dict) -> None:
    coordinator = User.objects.get(email=COORDINATOR)
    if Meeting.objects.filter(council=council, body=Body.HOUSING).exists():
        _refresh(council, coordinator)
        return
    users = list(User.objects.filter(email__in=CONVENED).order_by("last_name", "first_name"))
    signed = _signed(council, coordinator, users, organisations)
    postponed = [
        i.application for i in signed.items.filter(housing_decision__outcome=CommissionOutcome.POSTPONED)
    ]  # fmt: skip
    _planned(council, coordinator, users, postponed)
