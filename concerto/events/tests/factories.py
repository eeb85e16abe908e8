"""Test helpers of the events app: events with registrations, trainings with trainees, and the matrix world's
events (an upcoming workshop open to registration, a past one with its questionnaire, a training with a trainee
marked present)."""

from __future__ import annotations

import secrets
from datetime import timedelta
from types import SimpleNamespace

from django.utils import timezone

from concerto.core.utils import token_hash
from concerto.events.enums import Attendance, EventKind, TrainingKind
from concerto.events.models import Event, Registration, Topic, Trainee, TrainingSession
from concerto.events.services import email_index

NAME_SENTINEL = "SENTINELLE-INSCRIT-3c8e"
TRAINEE_SENTINEL = "SENTINELLE-STAGIAIRE-9a1d"
REGISTRANT_TOKEN = "jeton-inscription-test"
PAST_REGISTRANT_TOKEN = "jeton-inscription-passee"


def make_event(council, *, days: int = 10, capacity: int | None = 12, registration_open: bool = True, **kwargs):
    """An event `days` from now (negative: in the past), two hours long."""
    starts = timezone.now() + timedelta(days=days)
    if "topic" not in kwargs:
        kwargs["topic"], _ = Topic.objects.get_or_create(council=council, label="Sommeil")
    return Event.objects.create(
        council=council,
        kind=kwargs.pop("kind", EventKind.WORKSHOP),
        title=kwargs.pop("title", "Atelier Mieux-Être : bien dormir"),
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        venue=kwargs.pop("venue", "Médiathèque"),
        capacity=capacity,
        registration_open=registration_open,
        public_token=secrets.token_urlsafe(24),
        evaluation_token=secrets.token_urlsafe(24),
        **kwargs,
    )


def make_registration(event, *, email: str = "camille@exemple.test", token: str | None = None, **kwargs):
    return Registration.objects.create(
        event=event,
        name=kwargs.pop("name", NAME_SENTINEL),
        email=email,
        email_index=email_index(email),
        token_hash=token_hash(token or secrets.token_urlsafe(24)),
        **kwargs,
    )


def make_training(council, *, days: int = -30, **kwargs) -> TrainingSession:
    starts = timezone.localdate() + timedelta(days=days)
    return TrainingSession.objects.create(
        council=council,
        kind=kwargs.pop("kind", TrainingKind.SUICIDE),
        title=kwargs.pop("title", "Prévention du suicide — sentinelles"),
        starts_on=starts,
        ends_on=kwargs.pop("ends_on", starts + timedelta(days=1)),
        venue=kwargs.pop("venue", "Centre social"),
        trainers=kwargs.pop("trainers", "Dr Martin (CMP), Mme Petit (Samu 59)"),
        capacity=kwargs.pop("capacity", 12),
        hours=kwargs.pop("hours", 14),
        **kwargs,
    )


def make_trainee(session, *, name: str = TRAINEE_SENTINEL, attendance=Attendance.PRESENT, **kwargs) -> Trainee:
    return Trainee.objects.create(session=session, name=name, attendance=attendance, **kwargs)


def events_world(w):
    """The matrix world's events, built once."""
    if getattr(w, "events", None) is not None:
        return w.events
    upcoming = make_event(w.council, days=10)
    registration = make_registration(upcoming, token=REGISTRANT_TOKEN)
    past = make_event(w.council, days=-2, registration_open=False, title="Atelier Mieux-Être : le stress")
    make_registration(past, token=PAST_REGISTRANT_TOKEN, attendance=Attendance.PRESENT)
    session = make_training(w.council)
    trainee = make_trainee(session, organisation=w.org)
    facilitator = upcoming.facilitators.create(name="Alex Pair", peer_expert=True)
    w.events = SimpleNamespace(
        upcoming=upcoming, past=past, registration=registration, session=session, trainee=trainee,
        facilitator=facilitator,
    )  # fmt: skip
    return w.events
