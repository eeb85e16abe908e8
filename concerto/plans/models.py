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
