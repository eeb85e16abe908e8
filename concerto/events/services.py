"""Use cases of events, workshops and trainings: the only writers. Each is atomic, checks its rules before writing
(a refused call writes nothing: `DomainError` with a French message) and records an event (labels in
declarations.py). The public registration locks the event's row and counts its registrations inside the
transaction, so two last-minute registrations cannot both take the last place."""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from concerto.core.crypto import blind_index, encrypt
from concerto.core.errors import DomainError
from concerto.core.events import record_event
from concerto.core.mail import enqueue_on_commit
from concerto.core.utils import token_hash
from concerto.events.enums import DEFAULT_TOPICS, Attendance, EventStatus
from concerto.events.models import Evaluation, Event, Facilitator, Registration, Topic, Trainee, TrainingSession
from concerto.situations.rules import check_same_council

EVENT_FIELDS = ["kind", "topic", "title", "starts_at", "ends_at", "venue", "capacity", "registration_open"]
TRAINING_FIELDS = ["kind", "title", "starts_on", "ends_on", "venue", "trainers", "capacity", "hours"]
REGISTRATIONS_PER_HOUR = 30  # the public page's rate limit, per event
ANONYMOUS_EVALUATIONS_PER_HOUR = 40  # the anonymous questionnaire's rate limit, per event
EVALUATION_DAYS = 30  # the questionnaire stays open 30 days after the event


def email_index(email: str) -> str:
    """The keyed hash of an address (case and spacing ignored): finds a duplicate without reading addresses."""
    return blind_index(email.strip().lower())


# --- topics ------------------------------------------------------------------------------------------------------


@transaction.atomic
def topic_add(*, council, actor, label: str) -> Topic:
    label = " ".join(label.split())
    if not label:
        raise DomainError("Indiquez le libellé du thème.")
    if Topic.objects.filter(council=council, label__iexact=label).exists():
        raise DomainError(f"Le thème « {label} » existe déjà.")
    topic = Topic.objects.create(council=council, label=label)
    record_event(council=council, actor=actor, verb="events_topic_added", target=topic)
    return topic


@transaction.atomic
def topics_add_defaults(*, council, actor) -> int:
    """The ten topics of the Ateliers Mieux-Être, those the council does not have yet."""
    existing = {label.lower() for label in Topic.objects.filter(council=council).values_list("label", flat=True)}
    new = [Topic(council=council, label=label) for label in DEFAULT_TOPICS if label.lower() not in existing]
    Topic.objects.bulk_create(new)
    if new:
        record_event(council=council, actor=actor, verb="events_topic_added", count=len(new))
    return len(new)


# --- events ------------------------------------------------------------------------------------------------------


def _check_event(council, data: dict, *, registered: int = 0) -> None:
    check_same_council(council, data.get("topic"))
    if data["ends_at"] <= data["starts_at"]:
        raise DomainError("La fin de l'événement doit être après son début.")
    capacity = data.get("capacity")
    if capacity is not None and capacity < registered:
        raise DomainError(
            f"{registered} personnes sont déjà inscrites : le nombre de places ne peut pas être inférieur."
        )
    if data.get("registration_open") and not capacity:
        raise DomainError("Indiquez le nombre de places pour ouvrir les inscriptions.")


@transaction.atomic
def event_create(*, council, actor, data: dict) -> Event:
    _check_event(council, data)
    event = Event.objects.create(
        council=council,
        public_token=secrets.token_urlsafe(24),
        evaluation_token=secrets.token_urlsafe(24),
        **{name: data.get(name) for name in EVENT_FIELDS if name in data},
    )
    record_event(council=council, actor=actor, verb="events_event_created", target=event)
    return event


@transaction.atomic
def event_update(*, event: Event, actor, data: dict) -> Event:
    event = Event.objects.select_for_update().get(pk=event.pk)
    if event.is_cancelled:
        raise DomainError("Cet événement est annulé : il ne peut plus être modifié.")
    _check_event(event.council, data, registered=event.registrations.filter(cancelled_at__isnull=True).count())
    for name in EVENT_FIELDS:
        if name in data:
            setattr(event, name, data[name])
    event.sequence += 1
    event.save()
    record_event(council=event.council, actor=actor, verb="events_event_updated", target=event)
    return event


@transaction.atomic
def event_cancel(*, event: Event, actor) -> Event:
    """Cancels the event and closes its registrations; each registered person is told by e-mail (with the calendar
    cancellation)."""
    from concerto.events.tasks import send_event_cancelled

    event = Event.objects.select_for_update().get(pk=event.pk)
    if event.is_cancelled:
        raise DomainError("Cet événement est déjà annulé.")
    event.status = EventStatus.CANCELLED
    event.registration_open = False
    event.sequence += 1
    event.save(update_fields=["status", "registration_open", "sequence", "updated_at"])
    record_event(council=event.council, actor=actor, verb="events_event_cancelled", target=event)
    if event.starts_at > timezone.now():
        for pk in event.registrations.filter(cancelled_at__isnull=True).values_list("pk", flat=True):
            enqueue_on_commit(send_event_cancelled, pk)
    return event


@transaction.atomic
def facilitator_add(*, event: Event, actor, data: dict) -> Facilitator:
    member, contact, name = data.get("member"), data.get("contact"), (data.get("name") or "").strip()
    if sum(bool(x) for x in (member, contact, name)) != 1:
        raise DomainError("Choisissez un membre, un contact de l'annuaire ou indiquez un nom : un seul des trois.")
    check_same_council(event.council, member)
    if contact is not None:
        check_same_council(event.council, contact.organisation)
    facilitator = Facilitator.objects.create(
        event=event, member=member, contact=contact, name=name, peer_expert=bool(data.get("peer_expert"))
    )
    record_event(
        council=event.council, actor=actor, verb="events_facilitator_added", target=event,
        peer_expert=facilitator.peer_expert,
    )  # fmt: skip
    return facilitator


@transaction.atomic
def facilitator_remove(*, facilitator: Facilitator, actor) -> None:
    event = facilitator.event
    facilitator.delete()
    record_event(council=event.council, actor=actor, verb="events_facilitator_removed", target=event)


# --- public registration -----------------------------------------------------------------------------------------


def event_from_public_token(token: str) -> Event | None:
    return Event.objects.select_related("council", "topic").filter(public_token=token).first()


def registrations_rate_limited(event: Event) -> bool:
    since = timezone.now() - timedelta(hours=1)
    return Registration.objects.filter(event=event, created_at__gte=since).count() >= REGISTRATIONS_PER_HOUR


def places_left(event: Event) -> int | None:
    if event.capacity is None:
        return None
    return max(0, event.capacity - event.registrations.filter(cancelled_at__isnull=True).count())


@transaction.atomic
def register(*, event: Event, data: dict) -> tuple[Registration, str]:
    """A person registers through the public page (no account). Refused with a French message, writing nothing,
    when registrations are closed, the event is full or the address is already registered. Returns the
    registration and the raw token of its links (only its hash is stored); the confirmation e-mail is sent once
    the transaction commits."""
    from concerto.events.tasks import send_registration_confirmation

    event = Event.objects.select_for_update().get(pk=event.pk)  # serialises the count below
    if event.is_cancelled:
        raise DomainError("Cet événement est annulé : les inscriptions sont fermées.")
    if not event.registration_open or event.starts_at <= timezone.now():
        raise DomainError("Les inscriptions à cet événement sont fermées.")
    email = data["email"].strip()
    index = email_index(email)
    active = Registration.objects.filter(event=event, cancelled_at__isnull=True, anonymised_at__isnull=True)
    if active.filter(email_index=index).exists():
        raise DomainError("Cette adresse électronique est déjà inscrite à cet événement.")
    if event.capacity is not None and active.count() >= event.capacity:
        raise DomainError("Cet événement est complet : il n'y a plus de place disponible.")
    token = secrets.token_urlsafe(24)
    registration = Registration.objects.create(
        event=event,
        name=data["name"].strip(),
        email=email,
        email_index=index,
        phone=(data.get("phone") or "").strip(),
        consent_contact=bool(data.get("consent_contact")),
        token_hash=token_hash(token),
    )
    record_event(council=event.council, actor=None, verb="events_registered", target=event)
    enqueue_on_commit(send_registration_confirmation, registration.pk, encrypt(token))
    return registration, token


def registration_from_token(token: str) -> Registration | None:
    return (
        Registration.objects.select_related("event__council", "event__topic")
        .filter(token_hash=token_hash(token), anonymised_at__isnull=True)
        .first()
    )


def can_cancel(registration: Registration) -> bool:
    """A registrant's cancel link works once, until the event starts."""
    event = registration.event
    return registration.cancelled_at is None and not event.is_cancelled and event.starts_at > timezone.now()


@transaction.atomic
def registration_cancel(*, registration: Registration) -> Registration:
    registration = Registration.objects.select_for_update().select_related("event__council").get(pk=registration.pk)
    if not can_cancel(registration):
        raise DomainError("Ce lien d'annulation a déjà servi ou n'est plus valable.")
    registration.cancelled_at = timezone.now()
    registration.save(update_fields=["cancelled_at"])
    record_event(council=registration.event.council, actor=None, verb="events_registration_cancelled",
                 target=registration.event)  # fmt: skip
    return registration


# --- attendance --------------------------------------------------------------------------------------------------


@transaction.atomic
def attendance_record(*, event: Event, actor, present: set[int], headcount: int | None = None) -> Event:
    """Marks each active registrant present (ids in `present`) or absent; for an event without registrations, the
    headcount."""
    event = Event.objects.select_for_update().get(pk=event.pk)
    if event.is_cancelled:
        raise DomainError("Cet événement est annulé : il n'y a pas de présence à noter.")
    if event.starts_at > timezone.now():
        raise DomainError("Les présences se notent une fois l'événement commencé.")
    registrations = event.registrations.filter(cancelled_at__isnull=True)
    unknown = set(present) - set(registrations.values_list("pk", flat=True))
    if unknown:
        raise DomainError("Une des personnes cochées n'est pas inscrite à cet événement.")
    registrations.filter(pk__in=present).update(attendance=Attendance.PRESENT)
    registrations.exclude(pk__in=present).update(attendance=Attendance.ABSENT)
    event.headcount = headcount
    event.save(update_fields=["headcount", "updated_at"])
    record_event(
        council=event.council, actor=actor, verb="events_attendance_recorded", target=event,
        present=len(present), headcount=headcount,
    )  # fmt: skip
    return event


def participants(event: Event) -> int:
    """Registrants marked present, or else the headcount."""
    present = sum(1 for r in event.registrations.all() if r.attendance == Attendance.PRESENT)
    return present or (event.headcount or 0)


# --- evaluation --------------------------------------------------------------------------------------------------


def evaluation_open(event: Event, now=None) -> bool:
    now = now or timezone.now()
    return not event.is_cancelled and event.starts_at <= now <= event.ends_at + timedelta(days=EVALUATION_DAYS)


def event_from_evaluation_token(token: str) -> Event | None:
    return Event.objects.select_related("council", "topic").filter(evaluation_token=token).first()


def anonymous_evaluations_rate_limited(event: Event) -> bool:
    since = timezone.now() - timedelta(hours=1)
    recent = Evaluation.objects.filter(event=event, registration__isnull=True, created_at__gte=since)
    return recent.count() >= ANONYMOUS_EVALUATIONS_PER_HOUR


@transaction.atomic
def evaluation_submit(*, event: Event, registration: Registration | None, data: dict) -> Evaluation:
    """One answer: a registrant answers once through their link; the anonymous link is rate-limited."""
    if not evaluation_open(event):
        raise DomainError("Le questionnaire de cet événement n'est pas ouvert.")
    if registration is not None:
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.event_id != event.pk or Evaluation.objects.filter(registration=registration).exists():
            raise DomainError("Vous avez déjà répondu au questionnaire de cet événement. Merci !")
    for name in ("satisfaction", "usefulness"):
        if data[name] not in range(1, 6):
            raise DomainError("Choisissez une note de 1 à 5.")
    evaluation = Evaluation.objects.create(
        event=event,
        registration=registration,
        satisfaction=data["satisfaction"],
        usefulness=data["usefulness"],
        would_return=data["would_return"],
        comment=(data.get("comment") or "").strip(),
    )
    record_event(council=event.council, actor=None, verb="events_evaluated", target=event)
    return evaluation


# --- trainings ---------------------------------------------------------------------------------------------------


def _check_training(data: dict, *, trainees: int = 0) -> None:
    if data["ends_on"] < data["starts_on"]:
        raise DomainError("La fin de la formation ne peut pas précéder son début.")
    capacity = data.get("capacity")
    if capacity is not None and capacity < trainees:
        raise DomainError(
            f"{trainees} stagiaires sont déjà inscrit·es : le nombre de places ne peut pas être inférieur."
        )


@transaction.atomic
def training_create(*, council, actor, data: dict) -> TrainingSession:
    _check_training(data)
    session = TrainingSession.objects.create(council=council, **{n: data.get(n) for n in TRAINING_FIELDS if n in data})
    record_event(council=council, actor=actor, verb="events_training_created", target=session)
    return session


@transaction.atomic
def training_update(*, session: TrainingSession, actor, data: dict) -> TrainingSession:
    session = TrainingSession.objects.select_for_update().get(pk=session.pk)
    _check_training(data, trainees=session.trainees.count())
    for name in TRAINING_FIELDS:
        if name in data:
            setattr(session, name, data[name])
    session.save()
    record_event(council=session.council, actor=actor, verb="events_training_updated", target=session)
    return session


@transaction.atomic
def trainee_add(*, session: TrainingSession, actor, data: dict) -> Trainee:
    session = TrainingSession.objects.select_for_update().get(pk=session.pk)
    organisation, other = data.get("organisation"), (data.get("organisation_name") or "").strip()
    check_same_council(session.council, organisation)
    if organisation is not None and other:
        raise DomainError("Choisissez une structure de l'annuaire ou écrivez-en une autre, pas les deux.")
    if session.capacity is not None and session.trainees.count() >= session.capacity:
        raise DomainError("Cette session est complète : il n'y a plus de place disponible.")
    trainee = Trainee.objects.create(
        session=session,
        name=data["name"].strip(),
        email=(data.get("email") or "").strip(),
        organisation=organisation,
        organisation_name=other,
    )
    record_event(council=session.council, actor=actor, verb="events_trainee_added", target=session)
    return trainee


@transaction.atomic
def training_attendance_record(*, session: TrainingSession, actor, present: set[int]) -> TrainingSession:
    session = TrainingSession.objects.select_for_update().get(pk=session.pk)
    if session.starts_on > timezone.localdate():
        raise DomainError("Les présences se notent une fois la formation commencée.")
    trainees = session.trainees.filter(anonymised_at__isnull=True)
    if set(present) - set(trainees.values_list("pk", flat=True)):
        raise DomainError("Une des personnes cochées n'est pas inscrite à cette session.")
    trainees.filter(pk__in=present).update(attendance=Attendance.PRESENT)
    trainees.exclude(pk__in=present).update(attendance=Attendance.ABSENT)
    record_event(
        council=session.council, actor=actor, verb="events_training_attendance", target=session, present=len(present)
    )
    return session
