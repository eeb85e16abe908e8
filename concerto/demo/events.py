"""The demo council's events and trainings, shaped like the seed (CISSMC Lille-Est): a year of Ateliers Mieux-Être —
WORKSHOPS (18) workshops held over the last twelve months on the ten topics, about nine people each (7 to 11), each
co-led by the coordinator and a peer expert (« usager·ère d'expérience »), evaluated by two people in three — plus
one upcoming workshop open to registration, a SISM forum counted by headcount, and two suicide-prevention training
sessions with TRAINEES_PER_SESSION (10) trainees each, all present. Every name here is invented.

Deterministic, dates relative to `timezone.now()`, idempotent: the demo's events and sessions are keyed by title
and rebuilt with their rows."""

from __future__ import annotations

import datetime
import secrets
from datetime import timedelta

from django.utils import timezone

from concerto.accounts.enums import Role
from concerto.accounts.models import Membership
from concerto.core.utils import token_hash
from concerto.events.enums import DEFAULT_TOPICS, Attendance, EventKind, TrainingKind
from concerto.events.models import Evaluation, Event, Facilitator, Registration, Topic, Trainee, TrainingSession
from concerto.events.services import email_index

WORKSHOPS = 18
TRAINEES_PER_SESSION = 10
VENUES = ["Médiathèque Jean-Lévy", "Centre social Les Oliviers", "Espace jeunes du Pont", "Maison des associations"]
PEER_EXPERTS = ["Nadia B.", "Karim L.", "Sylvie D."]
FIRST = ["Alix", "Bilal", "Chloé", "Driss", "Emma", "Farid", "Gaëlle", "Hugo", "Inès", "Jules", "Léa", "Malik"]
LAST = ["Arnaud", "Benali", "Carpentier", "Dubois", "Lefebvre", "Mercier", "Nguyen", "Roussel", "Vasseur"]
SISM_TITLE = "SISM : forum « Santé mentale et logement »"
UPCOMING_TITLE = "Atelier Mieux-Être : prendre soin de son sommeil (prochaine séance)"
SESSION_TITLES = ["Prévention du suicide : repérer et orienter (session 1)",
                  "Prévention du suicide : repérer et orienter (session 2)"]  # fmt: skip


ATTENDANCE_OFFSETS = (-2, 2, -1, 1, 0, 0)


def attendees(index: int) -> int:
    """7, 11, 8, 10, 9, 9, 7, … : nine on average over 18 workshops (162 people)."""
    return 9 + ATTENDANCE_OFFSETS[index % len(ATTENDANCE_OFFSETS)]


def workshop_title(index: int) -> str:
    return f"Atelier Mieux-Être n° {index + 1} : {DEFAULT_TOPICS[index % len(DEFAULT_TOPICS)].lower()}"


def _person(n: int) -> tuple[str, str]:
    first, last = FIRST[n % len(FIRST)], LAST[(n // len(FIRST)) % len(LAST)]
    return f"{first} {last}", f"{first.lower()}.{last.lower()}{n}@exemple.test".replace("ë", "e").replace("é", "e")


def _event(council, title: str, **fields) -> Event:
    Event.objects.filter(council=council, title=title).delete()
    return Event.objects.create(
        council=council, title=title, public_token=secrets.token_urlsafe(24),
        evaluation_token=secrets.token_urlsafe(24), **fields,
    )  # fmt: skip


def _at(day: datetime.date, hour: int):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def load_events(council, organisations: dict) -> None:
    """Creates or refreshes the demo council's events, workshops and trainings."""
    today = timezone.localdate()
    topics = {label: Topic.objects.get_or_create(council=council, label=label)[0] for label in DEFAULT_TOPICS}
    coordinator = (
        Membership.objects.filter(council=council, role=Role.COORDINATOR).select_related("user").order_by("id").first()
    )
    person = 0
    for index in range(WORKSHOPS):
        day = today - timedelta(days=350 - 19 * index)
        event = _event(
            council, workshop_title(index), kind=EventKind.WORKSHOP,
            topic=topics[DEFAULT_TOPICS[index % len(DEFAULT_TOPICS)]], starts_at=_at(day, 14),
            ends_at=_at(day, 16), venue=VENUES[index % len(VENUES)], capacity=12,
        )  # fmt: skip
        if coordinator is not None:
            Facilitator.objects.create(event=event, member=coordinator.user)
        Facilitator.objects.create(event=event, name=PEER_EXPERTS[index % len(PEER_EXPERTS)], peer_expert=True)
        for seat in range(attendees(index)):
            name, email = _person(person)
            person += 1
            registration = Registration.objects.create(
                event=event, name=name, email=email, email_index=email_index(email), consent_contact=seat % 2 == 0,
                token_hash=token_hash(secrets.token_urlsafe(24)), attendance=Attendance.PRESENT,
            )  # fmt: skip
            if seat % 3 != 2:  # two people in three answer the questionnaire
                Evaluation.objects.create(
                    event=event, registration=registration, satisfaction=5 - (seat % 4 == 3) - (index % 6 == 5),
                    usefulness=4 + (seat % 2), would_return=seat % 7 != 6,
                    comment="Merci pour cet échange, j'ai appris des choses utiles." if seat == 0 else "",
                )  # fmt: skip
    upcoming_day = today + timedelta(days=12)
    upcoming = _event(
        council, UPCOMING_TITLE, kind=EventKind.WORKSHOP, topic=topics["Sommeil"], starts_at=_at(upcoming_day, 14),
        ends_at=_at(upcoming_day, 16), venue=VENUES[0], capacity=12, registration_open=True,
    )  # fmt: skip
    Facilitator.objects.create(event=upcoming, name=PEER_EXPERTS[0], peer_expert=True)
    for _ in range(3):
        name, email = _person(person)
        person += 1
        Registration.objects.create(
            event=upcoming, name=name, email=email, email_index=email_index(email),
            token_hash=token_hash(secrets.token_urlsafe(24)),
        )  # fmt: skip
    sism_day = today - timedelta(days=60)
    _event(
        council, SISM_TITLE, kind=EventKind.SISM, starts_at=_at(sism_day, 10), ends_at=_at(sism_day, 17),
        venue="Hôtel de ville, salle des fêtes", headcount=120,
    )  # fmt: skip
    _trainings(council, organisations, today)


def _trainings(council, organisations: dict, today) -> None:
    structures = sorted(organisations.values(), key=lambda o: o.name)
    for number, title in enumerate(SESSION_TITLES):
        TrainingSession.objects.filter(council=council, title=title).delete()
        starts = today - timedelta(days=200 - 110 * number)
        session = TrainingSession.objects.create(
            council=council, kind=TrainingKind.SUICIDE, title=title, starts_on=starts,
            ends_on=starts + timedelta(days=1), venue="Maison des associations",
            trainers="Dr Anne Lemaire (CMP), Julien Roy (association de prévention du suicide)", capacity=12,
            hours=14,
        )  # fmt: skip
        for seat in range(TRAINEES_PER_SESSION):
            name, email = _person(500 + number * TRAINEES_PER_SESSION + seat)
            organisation = structures[seat % len(structures)] if structures and seat % 4 != 3 else None
            Trainee.objects.create(
                session=session, name=name, email=email, organisation=organisation,
                organisation_name="" if organisation else "Centre communal d'action sociale",
                attendance=Attendance.PRESENT,
            )  # fmt: skip
