"""One meeting model for every body of the council; the cell's sessions use agenda items about situations."""

import uuid

from django.conf import settings
from django.db import models

from concerto.core.concurrency import VersionedModel
from concerto.core.fields import EncryptedCharField, EncryptedTextField
from concerto.core.storage import encrypted_storage
from concerto.meetings.enums import (
    HOUSING_SUBJECTS,
    AttendanceStatus,
    Body,
    GuestKind,
    ItemKind,
    MeetingStatus,
    SubjectKind,
)
from concerto.situations.enums import Relationship, Visibility


def record_path(instance, filename: str) -> str:
    return f"records/{uuid.uuid4().hex}.pdf"


class Meeting(VersionedModel):
    council = models.ForeignKey("councils.Council", on_delete=models.CASCADE, related_name="meetings")
    body = models.CharField("instance", max_length=16, choices=Body.choices, default=Body.CELL)
    cell = models.ForeignKey(
        "councils.Cell",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="meetings",
        verbose_name="cellule",
    )
    starts_at = models.DateTimeField("début")
    ends_at = models.DateTimeField("fin")
    place = models.CharField("lieu", max_length=255, blank=True)
    video_link = models.URLField("lien de visioconférence", blank=True)
    extraordinary = models.BooleanField("séance extraordinaire", default=False)
    status = models.CharField("statut", max_length=16, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED)
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    sequence = models.PositiveIntegerField(default=0, editable=False)
    signed_off_at = models.DateTimeField(null=True, blank=True)
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    record_pdf = models.FileField(upload_to=record_path, blank=True, storage=encrypted_storage)
    # The Commission appartement is chaired by an elected official chosen per session (housing/commission.py).
    chair = models.ForeignKey(
        "accounts.Membership",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="présidence de séance",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_at"]
        indexes = [models.Index(fields=["council", "starts_at"], name="meeting_council_start")]
        verbose_name = "réunion"

    def __str__(self) -> str:
        return f"{self.get_body_display()} du {self.starts_at:%d/%m/%Y}"

    @property
    def is_frozen(self) -> bool:
        return self.status != MeetingStatus.PLANNED

    @property
    def is_cancelled(self) -> bool:
        return self.status == MeetingStatus.CANCELLED

    def guests_on_record(self):
        """The guests without an account (not revoked), with their attendance, for the record's attendee list."""
        return ItemGuest.objects.filter(item__meeting=self, revoked_at__isnull=True).select_related(
            "organisation", "item__situation"
        )


class AgendaItem(models.Model):
    """A point of the agenda. Its subject is a situation (cell sessions: the disclosure policy applies) or a free
    topic (a title and details, shown to everyone invited to the meeting)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    subject_kind = models.CharField("objet", max_length=16, choices=SubjectKind.choices, default=SubjectKind.SITUATION)
    situation = models.ForeignKey(
        "situations.Situation", on_delete=models.CASCADE, null=True, blank=True, related_name="agenda_items"
    )
    # The Commission appartement's subjects (written by housing/commission.py; the item's topic holds its title).
    application = models.ForeignKey(
        "housing.Application", on_delete=models.CASCADE, null=True, blank=True, related_name="agenda_items"
    )
    occupancy = models.ForeignKey(
        "housing.Occupancy", on_delete=models.CASCADE, null=True, blank=True, related_name="agenda_items"
    )
    topic = EncryptedCharField("sujet", max_length=200, blank=True)
    topic_details = EncryptedTextField("précisions sur le sujet", blank=True)
    kind = models.CharField("nature", max_length=8, choices=ItemKind.choices, default=ItemKind.NEW)
    priority = models.BooleanField("prioritaire", default=False)
    position = models.PositiveSmallIntegerField(default=0)
    decisions = EncryptedTextField("décisions et préconisations", blank=True)
    decisions_visibility = models.CharField(
        "décisions visibles par", max_length=16, choices=Visibility.choices, default=Visibility.PARTICIPANTS
    )
    who_tells = models.ForeignKey(
        "situations.Participant",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="qui l'annonce à la personne",
    )
    tell_by = models.DateField("à annoncer avant le", null=True, blank=True)
    next_review = models.DateField("prochain point", null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["-priority", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "situation"], condition=models.Q(situation__isnull=False), name="agenda_item_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(subject_kind=SubjectKind.SITUATION, situation__isnull=False)
                | (~models.Q(subject_kind=SubjectKind.SITUATION) & models.Q(situation__isnull=True)),
                name="agenda_item_situation_iff_kind",
            ),
            models.UniqueConstraint(
                fields=["meeting", "application"],
                condition=models.Q(application__isnull=False),
                name="agenda_item_application_unique",
            ),
            models.UniqueConstraint(
                fields=["meeting", "occupancy"],
                condition=models.Q(occupancy__isnull=False),
                name="agenda_item_occupancy_unique",
            ),
        ]
        verbose_name = "point de l'ordre du jour"

    def __str__(self) -> str:
        return f"point {self.pk}"

    @property
    def is_topic(self) -> bool:
        return self.subject_kind == SubjectKind.TOPIC

    @property
    def is_housing(self) -> bool:
        return self.subject_kind in HOUSING_SUBJECTS


class WorkingNote(models.Model):
    """Notes taken during the session, visible to attendees; destroyed (deleted) at sign-off."""

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="working_notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    visibility = models.CharField(
        "visible par", max_length=16, choices=Visibility.choices, default=Visibility.HEALTH_SOCIAL
    )
    text = EncryptedTextField("note de travail")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"note de travail {self.pk}"


class MeetingInvitation(models.Model):
    """A permanent member (no item) or an actor invited for one agenda item, who may then open that situation
    from the invitation until `access_until`."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="invitations")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="meeting_invitations")
    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, null=True, blank=True, related_name="invitations")
    access_until = models.DateField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["meeting", "user", "item"], name="meeting_invitation_unique")]

    def __str__(self) -> str:
        return f"invitation {self.pk}"


class Attendance(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendances")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    status = models.CharField("présence", max_length=16, choices=AttendanceStatus.choices)
    replaced_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="remplacé·e par",
    )
    confidentiality_confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["meeting", "user"], name="attendance_unique")]

    def __str__(self) -> str:
        return f"présence {self.pk}"


class Availability(models.TextChoices):
    YES = "yes", "Disponible"
    MAYBE = "maybe", "Si besoin"
    NO = "no", "Indisponible"


class SlotPoll(models.Model):
    """Finding a date for an extraordinary session: the Doodle poll and the e-mail thread it replaces."""

    council = models.ForeignKey("councils.Council", on_delete=models.CASCADE, related_name="polls")
    cell = models.ForeignKey("councils.Cell", on_delete=models.CASCADE, related_name="polls", verbose_name="cellule")
    place = models.CharField("lieu", max_length=255, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    meeting = models.OneToOneField(Meeting, on_delete=models.SET_NULL, null=True, blank=True, related_name="poll")

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"sondage {self.pk}"


class PollSlot(models.Model):
    poll = models.ForeignKey(SlotPoll, on_delete=models.CASCADE, related_name="slots")
    starts_at = models.DateTimeField("début")
    ends_at = models.DateTimeField("fin")

    class Meta:
        ordering = ["starts_at"]

    def __str__(self) -> str:
        return f"créneau {self.pk}"


class PollInvitee(models.Model):
    """Each invitee answers from the page or from the link in their e-mail (a personal token, no login)."""

    poll = models.ForeignKey(SlotPoll, on_delete=models.CASCADE, related_name="invitees")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    token_hash = models.CharField(max_length=64, unique=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["poll", "user"], name="poll_invitee_unique")]

    def __str__(self) -> str:
        return f"invité {self.pk}"


class PollAnswer(models.Model):
    slot = models.ForeignKey(PollSlot, on_delete=models.CASCADE, related_name="answers")
    invitee = models.ForeignKey(PollInvitee, on_delete=models.CASCADE, related_name="answers")
    availability = models.CharField(max_length=8, choices=Availability.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["slot", "invitee"], name="poll_answer_unique")]

    def __str__(self) -> str:
        return f"réponse {self.pk}"


class RecordCorrection(models.Model):
    """After sign-off the record is frozen: a correction is a new, dated entry, never an edit."""

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="corrections")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    visibility = models.CharField(
        "visible par", max_length=16, choices=Visibility.choices, default=Visibility.PARTICIPANTS
    )
    text = EncryptedTextField("correction")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"correction {self.pk}"


class ItemGuest(models.Model):
    """Someone without an account invited for one agenda item (a GP, a guardian's delegate, a neighbour's
    mediator): a personal link (only its hash is stored) opens that item only, as the disclosure policy shows it to a
    partner outside the health and social professions, from `window_start` to `window_end`."""

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="guests")
    name = EncryptedCharField("nom et prénom", max_length=200)
    email = EncryptedCharField("adresse électronique", max_length=254)
    organisation = models.ForeignKey(
        "directory.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="structure",
    )
    function = EncryptedCharField("fonction", max_length=200, blank=True)
    # A relative or the person themself (no organisation): logistics only on their page; their words are recorded
    # by the coordinator and printed in the record for the readers whose class opens `words_visibility`.
    kind = models.CharField("qui est invité·e", max_length=16, choices=GuestKind.choices, default=GuestKind.ACTOR)
    relationship = models.CharField("lien avec la personne", max_length=16, choices=Relationship.choices, blank=True)
    words = EncryptedTextField("sa parole", blank=True)
    words_visibility = models.CharField(
        "parole visible par", max_length=16, choices=Visibility.choices, default=Visibility.HEALTH_SOCIAL
    )
    words_verbatim = models.BooleanField("dans ses propres mots", default=False)
    token_hash = models.CharField(max_length=64, unique=True)
    window_start = models.DateTimeField("accès à partir du")
    window_end = models.DateTimeField("accès jusqu'au")
    attendance = models.CharField("présence", max_length=16, choices=AttendanceStatus.choices, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = "invité·e sans compte"

    def __str__(self) -> str:
        return f"invité·e {self.pk}"

    def is_open(self, now) -> bool:
        return self.revoked_at is None and self.window_start <= now <= self.window_end

    @property
    def is_served(self) -> bool:
        """A relative or the person themself: never named outside the coordinator's pages."""
        return self.kind != GuestKind.ACTOR

    @property
    def words_title(self) -> str:
        """The heading of their words in the record: who spoke, never their name."""
        if self.kind == GuestKind.PERSON:
            return "Parole de la personne concernée"
        bond = f" ({self.get_relationship_display().lower()})" if self.relationship else ""
        return f"Parole d'un·e proche{bond}"

    def public_label(self) -> str:
        """How every reader but the coordinator names this guest: a relative or the person is never named."""
        if self.kind == GuestKind.PERSON:
            return "La personne concernée"
        if self.kind == GuestKind.RELATIVE:
            bond = f" ({self.get_relationship_display().lower()})" if self.relationship else ""
            return f"Un·e proche de la personne{bond}"
        return self.name
