"""Cross-cutting records: the event table (timeline + audit trail) and the read-access log."""

from django.conf import settings
from django.db import models


class AppendOnlyError(Exception):
    """The audit trail is written once and only the retention purge removes it."""


class AppendOnlyQuerySet(models.QuerySet):
    """Events and access-log rows are append-only at the application level: no update, no delete, except through
    `purge()`, which only the retention purge calls (privacy/retention.py)."""

    def update(self, **kwargs):
        raise AppendOnlyError("Le journal ne se modifie pas.")

    def delete(self):
        raise AppendOnlyError("Le journal ne s'efface que par la purge de conservation.")

    def purge(self) -> int:
        deleted, _ = super().delete()
        return deleted


class AppendOnlyModel(models.Model):
    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("Le journal ne se modifie pas.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Le journal ne s'efface que par la purge de conservation.")


class Event(AppendOnlyModel):
    """Who did what, when, to which object. Never holds a person's name or free clinical text:
    `data` carries codes, ids and field names only."""

    council = models.ForeignKey("councils.Council", on_delete=models.CASCADE, null=True, related_name="+")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    verb = models.CharField(max_length=64)
    target_type = models.CharField(max_length=64, blank=True)
    target_id = models.CharField(max_length=64, blank=True)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["council", "-created_at"], name="event_council_recent"),
            models.Index(fields=["target_type", "target_id"], name="event_target"),
        ]

    def __str__(self) -> str:
        return f"{self.verb} {self.target_type}:{self.target_id}"


class AccessLog(AppendOnlyModel):
    """One row per read of protected personal data (written by the access helpers, never by views)."""

    council = models.ForeignKey("councils.Council", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    target_type = models.CharField(max_length=64)
    target_id = models.CharField(max_length=64)
    scope = models.CharField(max_length=64)
    source = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["council", "target_type", "target_id"], name="accesslog_target"),
            models.Index(fields=["council", "-created_at"], name="accesslog_council_recent"),
        ]

    def __str__(self) -> str:
        return f"{self.scope} {self.target_type}:{self.target_id}"


class ScheduledRun(models.Model):
    """One row per (job, period): a periodic job is enqueued at most once a period, whatever the number of
    schedulers or worker processes (the unique constraint is the lock)."""

    job = models.CharField(max_length=64)
    period = models.CharField(max_length=32)
    enqueued_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["job", "period"], name="scheduled_run_unique")]

    def __str__(self) -> str:
        return f"{self.job} {self.period}"
