"""Retention enforced by code (architecture invariant 6).

Each app declares, in its `declarations.py`, what happens to every model field that can hold personal data when
the situation's retention period is over: keep (coded, non-identifying, needed for statistics), anonymise
(replaced by a neutral value) or destroy (row or file deleted), and the function anonymising its own rows about a
situation. `RULES` is the registry's merged view; a test fails when a field has no rule. `purge()` orchestrates:
it finds what is due, calls every app's anonymiser in the declared order, and counts; `dry_run=True` only counts."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from concerto.core.models import AccessLog, Event
from concerto.core.registry import ANONYMISE, DESTROY, KEEP, registry
from concerto.privacy.models import PurgeRun
from concerto.situations.enums import AlertStatus, SituationStatus
from concerto.situations.retention import ANONYMISED_LABEL, anonymise_alerts, delete_drafts

__all__ = ["ANONYMISE", "ANONYMISED_LABEL", "DESTROY", "KEEP", "RULES", "anonymise_situation", "purge"]

RULES: dict[str, dict[str, str]] = registry.retention_rules


def _situations_due(council, today):
    limit = today - timedelta(days=365 * council.retention_years)
    return council.situations.filter(status=SituationStatus.CLOSED, closed_on__lte=limit, anonymised_at__isnull=True)


def _declined_alerts_due(council, today):
    limit = timezone.now() - timedelta(days=30 * council.declined_alert_retention_months)
    return council.alerts.filter(
        status__in=[AlertStatus.REORIENTED, AlertStatus.NOT_ADMISSIBLE], decided_at__lte=limit
    ).exclude(referrer_email="")


def anonymise_situation(situation) -> None:
    """Every app anonymises its own rows about the situation, in the declared order (the situation itself last)."""
    for anonymiser in registry.anonymisers:
        anonymiser.anonymise(situation)


def app_counts(*previews: dict) -> list[tuple]:
    """(label, count in each preview) of the apps' own retention runs, for the data-protection pages."""
    return [(job.label, *(preview.get(job.key, 0) for preview in previews)) for job in registry.retention_jobs]


def purge(council, *, dry_run: bool = False, today=None) -> dict[str, int]:
    today = today or timezone.localdate()
    situations = list(_situations_due(council, today))
    alerts = _declined_alerts_due(council, today)
    log_limit = timezone.now() - timedelta(days=30 * council.access_log_retention_months)
    access_logs = AccessLog.objects.filter(council=council, created_at__lt=log_limit)
    anonymised = council.situations.filter(anonymised_at__lt=log_limit).values_list("pk", flat=True)
    events = Event.objects.filter(
        council=council,
        target_type="situations.situation",
        target_id__in=[str(pk) for pk in anonymised],
        created_at__lt=log_limit,
    )
    drafts = council.alerts.filter(
        status=AlertStatus.DRAFT, updated_at__lt=timezone.now() - timedelta(days=council.draft_retention_days)
    )
    counts = {
        "situations_anonymised": len(situations),
        "identities_destroyed": sum(1 for s in situations if hasattr(s, "identity")),
        "declined_alerts_anonymised": alerts.count(),
        "drafts_deleted": drafts.count(),
        "access_log_rows_deleted": access_logs.count(),
        "events_deleted": events.count(),
        # The apps' own retention runs (e.g. housing applications), counted here and run with the purge.
        **{job.key: job.count(council, today) for job in registry.retention_jobs},
    }
    if not dry_run:
        with transaction.atomic():
            for situation in situations:
                anonymise_situation(situation)
            anonymise_alerts(alerts)
            delete_drafts(drafts)
            access_logs.purge()
            events.purge()
            for job in registry.retention_jobs:
                job.run(council, today)
        PurgeRun.objects.create(council=council, dry_run=False, counts=counts)
    return counts
