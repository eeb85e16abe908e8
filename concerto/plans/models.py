"""Actions agreed for a situation (owner, due date, status with history) and the person's answer."""

from django.conf import settings
from django.db import models

from concerto.core.fields import EncryptedCharField, EncryptedTextField
from concerto.plans.enums import ActionStatus, PersonAnswer
from concerto.situations.enums import Visibility


class Action(models.Model):
    council = models.ForeignKey("councils.Council", on_delete=models.CASCADE, related_name="actions")
    situation = models.ForeignKey("situations.Situation", on_delete=models.CASCADE, related_name="actions")
    text = EncryptedCharField("action", max_length=500)
    visibility = models.CharField(
        "visible par",
        max_length=16,
        choices=Visibility.choices,
        default=Visibility.PARTICIPANTS,
        help_text="Une action qui dit quelque chose de la santé de la personne (« proposer un RDV au CMP ») est "
        "réservée aux professionnels de santé et du social ; la structure responsable la voit toujours.",
    )
    owner_organisation = models.ForeignKey(
        "directory.Organisation", on_delete=models.PROTECT, related_name="actions", verbose_name="structure responsable"
    )
    owner_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actions",
        verbose_name="personne responsable",
    )
    # Or a person without an account (a GP, a relative through a service, a curator): name and e-mail, encrypted;
    # their organisation is `owner_organisation`. Exclusive with `owner_user` (form and service). The e-mail's keyed
    # hash (`crypto.blind_index`) groups the daily reminders by address without reading the encrypted column.
    external_owner_name = EncryptedCharField("nom de la personne sans compte", max_length=200, blank=True)
    external_owner_email = EncryptedCharField("adresse électronique de la personne sans compte", max_length=254,
                                              blank=True)  # fmt: skip
    external_owner_index = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    # What the person without an account wrote when they last updated the action through their link.
    external_comment = EncryptedTextField("commentaire du responsable sans compte", blank=True)
    due_on = models.DateField("échéance")
    # An action may be born from another of the same situation (e.g. a visit's follow-up).
    parent = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="follow_ups",
        verbose_name="suite de l'action",
    )
    status = models.CharField("statut", max_length=16, choices=ActionStatus.choices, default=ActionStatus.TODO)
    # When the action was last marked done (set by the services, cleared when it is reopened): the Bilan's delay.
    done_at = models.DateTimeField("faite le", null=True, blank=True, editable=False)
    # After a withdrawal of consent, the coordinator keeps an open action with a reason (or cancels it).
    kept_after_withdrawal = EncryptedTextField("motif du maintien après le retrait de l'accord", blank=True)
    kept_despite_withdrawal = models.BooleanField("maintenue malgré le retrait de l'accord", default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["due_on", "id"]
        indexes = [
            models.Index(fields=["council", "status", "due_on"], name="action_council_due"),
            models.Index(fields=["owner_user", "status"], name="action_owner_status"),
        ]
        verbose_name = "action"

    def __str__(self) -> str:
        return f"action {self.pk}"

    @property
    def has_external_owner(self) -> bool:
        return bool(self.external_owner_index)


class ProposalAnswer(models.Model):
    """The designated referent records when the person was told of the proposals and what they answered."""

    situation = models.ForeignKey("situations.Situation", on_delete=models.CASCADE, related_name="answers")
    told_on = models.DateField("informée le")
    told_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    answer = models.CharField("réponse de la personne", max_length=16, choices=PersonAnswer.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-told_on", "-id"]
        verbose_name = "réponse aux propositions"

    def __str__(self) -> str:
        return f"réponse {self.pk}"


class ReminderDigest(models.Model):
    """At most one reminder digest a day per person (the unique row is the guard)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    action_count = models.PositiveIntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "day"], name="reminder_digest_unique")]

    def __str__(self) -> str:
        return f"rappel {self.day}"


class ExternalActionLink(models.Model):
    """The time-limited link of an action's owner without an account: it opens that action alone (mark it done or in
    progress, with a comment). Only the token's hash is stored; re-issuing a link revokes the previous one."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="external_links")
    token_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField("expire le")
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "lien d'une action confiée à une personne sans compte"

    def __str__(self) -> str:
        return f"lien d'action {self.pk}"


class ExternalReminderDigest(models.Model):
    """At most one reminder digest a day per address of an owner without an account (the unique row is the guard).
    The address is kept as its keyed hash (`crypto.blind_index`), never in clear."""

    email_index = models.CharField(max_length=64)
    day = models.DateField()
    action_count = models.PositiveIntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["email_index", "day"], name="external_digest_unique")]

    def __str__(self) -> str:
        return f"rappel {self.day}"
