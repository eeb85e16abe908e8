"""The council's governance: its bodies (COPIL, bureau, plenary, working groups) with their members and terms, the
link between a body and the generic meetings it holds, its register of decisions, and the project groups (thematic
poles) with their actions and the history of their status.

Nothing here is about the people the council supports: members are partners (a council membership or a directory
contact), decisions and projects are about the council's work."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from concerto.core.concurrency import VersionedModel
from concerto.core.fields import EncryptedCharField
from concerto.governance.enums import NON_VOTING, BodyKind, MemberFunction, ProjectStatus
from concerto.meetings.enums import AttendanceStatus


class CouncilBody(VersionedModel):
    council = models.ForeignKey("councils.Council", on_delete=models.CASCADE, related_name="governance_bodies")
    kind = models.CharField("type d'instance", max_length=16, choices=BodyKind.choices)
    name = models.CharField("nom", max_length=200)
    mandate = models.TextField("mandat", blank=True)
    quorum_count = models.PositiveSmallIntegerField("quorum (nombre de membres votants)", null=True, blank=True)
    quorum_percent = models.PositiveSmallIntegerField("quorum (part des membres votants, en %)", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = "instance"
        constraints = [
            models.CheckConstraint(
                condition=Q(quorum_count__isnull=True) | Q(quorum_percent__isnull=True), name="body_one_quorum_rule"
            ),
            models.CheckConstraint(
                condition=Q(quorum_percent__isnull=True) | Q(quorum_percent__lte=100), name="body_quorum_percent_max"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def quorum_label(self) -> str:
        if self.quorum_count is not None:
            plural = "s" if self.quorum_count > 1 else ""
            return f"{self.quorum_count} membre{plural} votant{plural}"
        if self.quorum_percent is not None:
            return f"{self.quorum_percent} % des membres votants"
        return "Aucun quorum"


class BodyMember(models.Model):
    """A seat in a body for a term: a member of the council (an account) or a contact of the directory (no
    account). An invited member takes part without voting."""

    body = models.ForeignKey(CouncilBody, on_delete=models.CASCADE, related_name="members")
    membership = models.ForeignKey(
        "accounts.Membership", on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name="membre"
    )
    contact = models.ForeignKey(
        "directory.Contact", on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name="contact"
    )
    function = models.CharField(
        "fonction", max_length=16, choices=MemberFunction.choices, default=MemberFunction.MEMBER
    )
    starts_on = models.DateField("début du mandat")
    ends_on = models.DateField("fin du mandat", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["starts_on", "id"]
        verbose_name = "membre d'une instance"
        constraints = [
            models.CheckConstraint(
                condition=Q(membership__isnull=False, contact__isnull=True)
                | Q(membership__isnull=True, contact__isnull=False),
                name="body_member_one_person",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")), name="body_member_term"
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        if self.membership_id:
            user = self.membership.user
            return user.get_full_name() or user.email
        return self.contact.name

    @property
    def organisation_name(self) -> str:
        organisation = self.membership.organisation if self.membership_id else self.contact.organisation
        return organisation.name if organisation else ""

    @property
    def votes(self) -> bool:
        return self.function not in NON_VOTING

    def is_current(self, day) -> bool:
        return self.starts_on <= day and (self.ends_on is None or self.ends_on >= day)


class BodyMeeting(models.Model):
    """A generic meeting (meetings app) held by a body: the governance side of the link, so that meetings never
    imports governance."""

    body = models.ForeignKey(CouncilBody, on_delete=models.CASCADE, related_name="body_meetings")
    meeting = models.OneToOneField("meetings.Meeting", on_delete=models.CASCADE, related_name="governance")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-meeting__starts_at", "id"]
        verbose_name = "réunion d'une instance"

    def __str__(self) -> str:
        return f"{self.body} — réunion {self.meeting_id}"


class ContactAttendance(models.Model):
    """The attendance of a member without an account (a directory contact): the meetings app records attendance
    for accounts only."""

    body_meeting = models.ForeignKey(BodyMeeting, on_delete=models.CASCADE, related_name="contact_attendances")
    member = models.ForeignKey(BodyMember, on_delete=models.CASCADE, related_name="attendances")
    status = models.CharField("présence", max_length=16, choices=AttendanceStatus.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["body_meeting", "member"], name="contact_attendance_unique")]

    def __str__(self) -> str:
        return f"présence {self.pk}"


class ProjectGroup(VersionedModel):
    """A project group or thematic pole: its theme, the population it works for, its pilot and partners, its
    register of actions and its status (with history)."""

    council = models.ForeignKey("councils.Council", on_delete=models.CASCADE, related_name="project_groups")
    name = models.CharField("intitulé", max_length=200)
    theme = models.CharField("thématique", max_length=200)
    target_population = models.TextField("public visé", blank=True)
    pilot_membership = models.ForeignKey(
        "accounts.Membership",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="pilote (membre du conseil)",
    )
    pilot_contact = models.ForeignKey(
        "directory.Contact",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="pilote (contact de l'annuaire)",
    )
    partners = models.ManyToManyField(
        "directory.Organisation", blank=True, related_name="+", verbose_name="structures partenaires"
    )
    status = models.CharField("état", max_length=16, choices=ProjectStatus.choices, default=ProjectStatus.FUTURE)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = "groupe-projet"
        constraints = [
            models.CheckConstraint(
                condition=Q(pilot_membership__isnull=True) | Q(pilot_contact__isnull=True), name="project_one_pilot"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def pilot_name(self) -> str:
        if self.pilot_membership_id:
            user = self.pilot_membership.user
            return user.get_full_name() or user.email
        if self.pilot_contact_id:
            return self.pilot_contact.name
        return ""


class ProjectAction(models.Model):
    project = models.ForeignKey(ProjectGroup, on_delete=models.CASCADE, related_name="actions")
    text = models.TextField("action")
    owner = EncryptedCharField("porteur", max_length=200, blank=True)
    due_on = models.DateField("échéance", null=True, blank=True)
    done_on = models.DateField("réalisée le", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["done_on", "due_on", "id"]
        verbose_name = "action d'un groupe-projet"

    def __str__(self) -> str:
        return f"action {self.pk}"


class Decision(models.Model):
    """A decision of the register, adopted in a meeting of a body (with its quorum). Linked to a project, it may set
    the project's status (`services.decision_adopt`)."""

    council = models.ForeignKey("councils.Council", on_delete=models.CASCADE, related_name="governance_decisions")
    body_meeting = models.ForeignKey(BodyMeeting, on_delete=models.CASCADE, related_name="decisions")
    text = models.TextField("décision")
    decided_on = models.DateField("date")
    project = models.ForeignKey(
        ProjectGroup,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="decisions",
        verbose_name="groupe-projet",
    )
    project_status = models.CharField(
        "nouvel état du groupe-projet", max_length=16, choices=ProjectStatus.choices, blank=True
    )
    votes_for = models.PositiveSmallIntegerField("voix pour", null=True, blank=True)
    votes_against = models.PositiveSmallIntegerField("voix contre", null=True, blank=True)
    abstentions = models.PositiveSmallIntegerField("abstentions", null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-decided_on", "-id"]
        verbose_name = "décision"
        indexes = [models.Index(fields=["council", "decided_on"], name="decision_council_date")]

    def __str__(self) -> str:
        return f"décision {self.pk}"


class ProjectStatusChange(models.Model):
    project = models.ForeignKey(ProjectGroup, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField("ancien état", max_length=16, choices=ProjectStatus.choices, blank=True)
    to_status = models.CharField("nouvel état", max_length=16, choices=ProjectStatus.choices)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    changed_at = models.DateTimeField(auto_now_add=True)
    decision = models.ForeignKey(
        Decision, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="décision"
    )

    class Meta:
        ordering = ["-changed_at", "-id"]
        verbose_name = "changement d'état d'un groupe-projet"

    def __str__(self) -> str:
        return f"changement d'état {self.pk}"
