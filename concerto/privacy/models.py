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
