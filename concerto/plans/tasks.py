"""Daily reminders: one digest a day per person, for actions due within REMINDER_DAYS or overdue.
The e-mail lists situation codes and due dates only, never the action's text or a name.

The coordinator's one-click reminder of one action (`send_action_reminder`) goes to the owner person, or to the owner
organisation's members of the council when no person is named: the situation's code, the due date and a link, and the
action's text only for a recipient who may read it under the disclosure policy."""

from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from concerto.accounts.models import Membership
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
    return sent + external_reminders(day)


def reminder_recipients(action: Action) -> list:
    """The active memberships in the action's council to remind: the owner person's, or else (no person, or one who
    left the council) the owner organisation's members."""
    members = Membership.objects.active().filter(council_id=action.council_id).select_related("user", "council")
    if action.owner_user_id is not None:
        own = list(members.filter(user_id=action.owner_user_id))
        if own:
            return own
    return list(members.filter(organisation_id=action.owner_organisation_id).order_by("pk"))


@task()
def send_action_reminder(action_id: int) -> int:
    from concerto.situations.policy import Reader, disclosure_for

    action = Action.objects.select_related("situation", "council").filter(pk=action_id).first()
    if action is None:  # erased since the reminder was recorded
        return 0
    site = settings.CONCERTO_SITE_URL.rstrip("/")
    overdue = action.due_on < timezone.localdate()
    sent = 0
    for membership in reminder_recipients(action):
        access = disclosure_for(Reader.of(membership), action.situation)
        link = site + (
            reverse("plans:situation_actions", args=[action.situation.code])
            if access.sees_content
            else reverse("plans:my_actions")
        )
        context = {
            "code": action.situation.code, "due_on": action.due_on, "overdue": overdue, "link": link,
            "text": action.text if access.sees_action(action) else "", "council": action.council,
        }  # fmt: skip
        sent += mail.send("action_reminder_one", context, [membership.user.email])
    return sent


# --- Owners without an account: their link by e-mail, and their own daily digest.


def external_context(action: Action, token: str) -> dict:
    """What an e-mail to an owner without an account says of one action: the action's text only when it is readable
    by every participant (no health or coordination content travels by e-mail), its due date and its link."""
    from concerto.situations.enums import Visibility

    return {
        "text": action.text if action.visibility == Visibility.PARTICIPANTS else "",
        "due_on": action.due_on,
        "overdue": action.due_on < timezone.localdate(),
        "link": settings.CONCERTO_SITE_URL.rstrip("/") + reverse("plans:external_action", args=[token]),
    }


@task()
def send_external_link(action_id: int, encrypted_token: str) -> int:
    """The link of an action entrusted to a person without an account (the queue holds the token encrypted)."""
    from concerto.core.crypto import decrypt

    action = Action.objects.select_related("council", "owner_organisation").filter(pk=action_id).first()
    if action is None or not action.has_external_owner:  # erased, or the owner changed since
        return 0
    context = {**external_context(action, decrypt(encrypted_token)), "council": action.council}
    return mail.send("action_external_link", context, [action.external_owner_email])


def external_reminders_for(day) -> dict[str, list[Action]]:
    """Open actions of owners without an account due within REMINDER_DAYS or overdue, by the keyed hash of the
    owner's address (several actions, even of several councils, make one digest)."""
    actions = (
        still_shared(Action.objects.filter(status__in=OPEN_STATUSES, due_on__lte=day + timedelta(days=REMINDER_DAYS)))
        .exclude(external_owner_index="")
        .select_related("council", "situation")
        .order_by("external_owner_index", "due_on", "id")
    )
    digests: dict = {}
    for action in actions:
        digests.setdefault(action.external_owner_index, []).append(action)
    return digests


def external_reminders(day) -> int:
    """One digest a day per address (the `ExternalReminderDigest` row is the guard), each action with a fresh link;
    guard rows older than a week are deleted (they only prevent a second digest on the same day)."""
    from concerto.plans.external_services import digest_link
    from concerto.plans.models import ExternalReminderDigest

    ExternalReminderDigest.objects.filter(day__lt=day - timedelta(days=7)).delete()
    sent = 0
    for index, actions in external_reminders_for(day).items():
        try:
            with transaction.atomic():
                ExternalReminderDigest.objects.create(email_index=index, day=day, action_count=len(actions))
                rows = [external_context(action, digest_link(action)) for action in actions]
        except IntegrityError:
            continue  # already sent today
        councils = {action.council_id: action.council for action in actions}
        context = {"rows": rows, "day": day, "council": next(iter(councils.values())) if len(councils) == 1 else None}
        sent += mail.send("action_external_reminders", context, [actions[0].external_owner_email])
    return sent
