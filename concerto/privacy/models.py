from django.db import models


class PurgeRun(models.Model):
    """What a retention run did (or would do, in dry-run): counts only, never names."""

    council = models.ForeignKey("councils.Council", on_delete=models.CASCADE, related_name="purge_runs")
    ran_at = models.DateTimeField(auto_now_add=True)
    dry_run = models.BooleanField(default=False)
    counts = models.JSONField(default=dict)

    class Meta:
        ordering = ["-ran_at"]

    def __str__(self) -> str:
        return f"purge {self.pk}"


class ErasureRequest(models.Model):
    """A person's request to erase their data (GDPR art. 17): carried out, or refused with the legal reason."""

    class Decision(models.TextChoices):
        ERASED = "erased", "Effacement réalisé"
        REFUSED = "refused", "Effacement refusé"

    council = models.ForeignKey("councils.Council", on_delete=models.CASCADE, related_name="erasure_requests")
    situation_code = models.CharField("situation", max_length=32)
    requested_on = models.DateField("demande reçue le")
    decision = models.CharField("décision", max_length=16, choices=Decision.choices)
    reason = models.TextField("motif du refus", blank=True)
    decided_by = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"demande d'effacement {self.pk}"
