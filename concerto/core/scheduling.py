"""Daily jobs, enqueued once a day into the django-tasks database queue and run by `manage.py db_worker`.

`manage.py run_scheduled` (cron, every few minutes) or `manage.py scheduler` (a loop, as in `make demo`) call
`enqueue_due()`; the (job, day) unique row guarantees one run a day even with several schedulers."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from concerto.core.models import ScheduledRun
from concerto.core.registry import registry

# name → task path, declared by the owning app in its `declarations.py` (registration order: INSTALLED_APPS).
DAILY_JOBS = registry.daily_jobs


def enqueue_due(now=None) -> list[str]:
    period = timezone.localdate(now).isoformat()
    enqueued = []
    for job, path in DAILY_JOBS.items():
        try:
            with transaction.atomic():
                ScheduledRun.objects.create(job=job, period=period)
                import_string(path).enqueue()
        except IntegrityError:
            continue
        enqueued.append(job)
    return enqueued
