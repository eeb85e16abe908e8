"""Daily reminders: one digest a day per person, for actions due within REMINDER_DAYS or overdue.
The e-mail lists situation codes and due dates only, never the action's text or a name."""

from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from concerto.core import mail
from concerto.plans.access import still_shared
from concerto.plans.enums import OPEN_STATUSES
from concerto.plans.models import Action, ReminderDigest

REMINDER_DAYS = 3


def reminders_for(day):
    actions = (
        still_shared(Action.objects.filter(status__in=OPEN_STATUSES, due_on__lte=day + timedelta(days=REMINDER_DAYS)))
        .exclude(owner_user__isnull=True)
        .select_related("owner_user", "situation")
        .order_by("owner_user_id", "due_on")
    )
    digests: dict = {}
    for action in actions:
        digests.setdefault(action.owner_user, []).append(action)
    return digests


@task()
def action_reminders() -> int:
    day = timezone.localdate()
    sent = 0
    link = settings.CONCERTO_SITE_URL.rstrip("/") + reverse("plans:my_actions")
    for user, actions in reminders_for(day).items():
        try:
            with transaction.atomic():
                ReminderDigest.objects.create(user=user, day=day, action_count=len(actions))
        except IntegrityError:
            continue  # already sent today
        sent += mail.send("action_reminders", {"actions": actions, "day": day, "link": link}, [user.email])
    return sent
