"""Daily reminders: one digest a day per person, for actions due within REMINDER_DAYS or overdue.
The e-mail lists situation codes and due dates only, never the action's text or a name."""

from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

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
        lines = [
            f"- {a.situation.code} : échéance le {a.due_on:%d/%m/%Y}" + (" (en retard)" if a.due_on < day else "")
            for a in actions
        ]
        send_mail(
            f"[Concerto] {len(actions)} action{'s' if len(actions) > 1 else ''} à suivre",
            "Bonjour,\n\nCes actions vous sont confiées et arrivent à échéance ou sont en retard :\n"
            + "\n".join(lines)
            + f"\n\nLe détail est dans Concerto : {link}\n",
            None,
            [user.email],
        )
        sent += 1
    return sent
