"""Events and workshops of the council (with a public registration page and an evaluation questionnaire) and its
trainings (sessions, trainees, certificates). Every name, e-mail address, phone number and free comment of a person
is encrypted; an address is compared through its keyed hash (`email_index`). Registrants' and trainees' personal
data are anonymised after their retention period (retention.py)."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

from concerto.core.fields import EncryptedCharField, EncryptedTextField
from concerto.events.enums import Attendance, EventKind, EventStatus, TrainingKind


class Topic(models.Model):
    """A topic of the council's events (e.g. the ten topics of the Ateliers Mieux-Être)."""

    council = models.ForeignKey("councils.Council", on_delete=models.CASCADE, related_name="event_topics")
    label = models.CharField("thème", max_length=100)

    class Meta:
        ordering = ["label", "id"]
        verbose_name = "thème d'événement"
        constraints = [models.UniqueConstraint(fields=["council", "label"], name="events_topic_unique")]

    def __str__(self) -> str:
        return self.label


class Event(models.Model):
    council = models.ForeignKey("councils.Council", on_delete=models.CASCADE, related_name="events")
    kind = models.CharField("type", max_length=16, choices=EventKind.choices)
    topic = models.ForeignKey(
        Topic, on_delete=models.PROTECT, null=True, blank=True, related_name="events", verbose_name="thème"
    )
    title = models.CharField("titre", max_length=200)
    starts_at = models.DateTimeField("début")
    ends_at = models.DateTimeField("fin")
    venue = models.CharField("lieu", max_length=200)
    capacity = models.PositiveSmallIntegerField("places", null=True, blank=True)
    registration_open = models.BooleanField("inscriptions ouvertes", default=False)
    status = models.CharField("statut", max_length=16, choices=EventStatus.choices, default=EventStatus.PLANNED)
    headcount = models.PositiveSmallIntegerField("nombre de participant·es", null=True, blank=True)
    # The public addresses of the registration page and of the anonymous evaluation: random, unguessable.
    public_token = models.CharField(max_length=43, unique=True)
    evaluation_token = models.CharField(max_length=43, unique=True)
    uid = models.UUIDField(default=uuid.uuid4, editable=False)
    sequence = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # When the registrants' personal data, the questionnaire's comments and the named facilitators were blanked.
    anonymised_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-starts_at", "-id"]
        verbose_name = "événement"
        indexes = [models.Index(fields=["council", "starts_at"], name="events_event_council_start")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_cancelled(self) -> bool:
        return self.status == EventStatus.CANCELLED


class Facilitator(models.Model):
    """Who leads an event: a member of the council, a contact of the directory or a person named here (a peer
    expert, « pair-aidant·e / usager·ère d'expérience », often has no account)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="facilitators")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    contact = models.ForeignKey("directory.Contact", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    name = EncryptedCharField("nom", max_length=200, blank=True)
    peer_expert = models.BooleanField("pair-aidant·e / usager·ère d'expérience", default=False)

    class Meta:
        ordering = ["id"]
        verbose_name = "animateur·rice"

    def __str__(self) -> str:
        if self.member_id:
            return str(self.member)
        if self.contact_id:
            return str(self.contact)
        return self.name or "Animateur·rice"


class Registration(models.Model):
    """A person registered through the public page (no account). The token of their links (cancel, evaluation) is
    stored as its hash."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    name = EncryptedCharField("nom", max_length=200)
    email = EncryptedCharField("adresse électronique", max_length=254)
    email_index = models.CharField(max_length=64, blank=True)
    phone = EncryptedCharField("téléphone", max_length=30, blank=True)
    consent_contact = models.BooleanField("accepte d'être recontacté·e", default=False)
    token_hash = models.CharField(max_length=64, unique=True)
    attendance = models.CharField("présence", max_length=8, choices=Attendance.choices, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    anonymised_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = "inscription"
        constraints = [
            models.UniqueConstraint(
                fields=["event", "email_index"],
                condition=Q(cancelled_at__isnull=True, anonymised_at__isnull=True),
                name="events_registration_unique_email",
            )
        ]

    def __str__(self) -> str:
        return f"inscription {self.pk}"


class Evaluation(models.Model):
    """One answer to an event's questionnaire: through a registrant's link (one per registration) or the event's
    anonymous link."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="evaluations")
    registration = models.OneToOneField(
        Registration, on_delete=models.SET_NULL, null=True, blank=True, related_name="evaluation"
    )
    satisfaction = models.PositiveSmallIntegerField("satisfaction générale")
    usefulness = models.PositiveSmallIntegerField("utilité")
    would_return = models.BooleanField("reviendrait")
    comment = EncryptedTextField("commentaire", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = "évaluation"

    def __str__(self) -> str:
        return f"évaluation {self.pk}"


class TrainingSession(models.Model):
    council = models.ForeignKey("councils.Council", on_delete=models.CASCADE, related_name="training_sessions")
    kind = models.CharField("type de formation", max_length=16, choices=TrainingKind.choices)
    title = models.CharField("intitulé", max_length=200)
    starts_on = models.DateField("du")
    ends_on = models.DateField("au")
    venue = models.CharField("lieu", max_length=200)
    trainers = models.CharField("formateur·rices", max_length=300)
    capacity = models.PositiveSmallIntegerField("places", null=True, blank=True)
    hours = models.PositiveSmallIntegerField("durée (heures)", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-starts_on", "-id"]
        verbose_name = "session de formation"

    def __str__(self) -> str:
        return self.title


class Trainee(models.Model):
    session = models.ForeignKey(TrainingSession, on_delete=models.CASCADE, related_name="trainees")
    name = EncryptedCharField("nom", max_length=200)
    email = EncryptedCharField("adresse électronique", max_length=254, blank=True)
    organisation = models.ForeignKey(
        "directory.Organisation", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name="structure de l'annuaire",
    )  # fmt: skip
    organisation_name = models.CharField("autre structure", max_length=200, blank=True)
    attendance = models.CharField("présence", max_length=8, choices=Attendance.choices, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    anonymised_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = "stagiaire"

    def __str__(self) -> str:
        return f"stagiaire {self.pk}"

    @property
    def certifiable(self) -> bool:
        """A certificate is issued to a trainee marked present, until their data is anonymised."""
        return self.attendance == Attendance.PRESENT and self.anonymised_at is None

    @property
    def organisation_label(self) -> str:
        return self.organisation.name if self.organisation_id else (self.organisation_name or "Sans structure")
