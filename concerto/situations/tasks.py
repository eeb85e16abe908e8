"""The cell's e-mails, rendered and sent by the worker (see `concerto.core.mail`); they carry codes, never names."""

from django.conf import settings
from django.urls import reverse
from django_tasks import task

from concerto.accounts.enums import Role
from concerto.accounts.models import Membership, User
from concerto.core import mail
from concerto.situations.enums import AlertStatus
from concerto.situations.models import Alert, Situation


def _coordinator_emails(council) -> list[str]:
    return list(
        Membership.objects.active().filter(council=council, role=Role.COORDINATOR).values_list("user__email", flat=True)
    )


@task()
def send_alert_submitted(alert_id: int) -> int:
    """The coordinators are told a new alert waits; the referrer gets an acknowledgment."""
    alert = Alert.objects.select_related("council").get(pk=alert_id)
    context = {"alert": alert, "council": alert.council}
    link = settings.CONCERTO_SITE_URL.rstrip("/") + reverse("situations:alert_inbox")
    sent = mail.send("alert_new", {**context, "link": link}, _coordinator_emails(alert.council))
    return sent + mail.send("alert_received", context, [alert.referrer_email])


@task()
def send_alert_outcome(alert_id: int) -> int:
    alert = Alert.objects.select_related("council", "reoriented_to").get(pk=alert_id)
    context = {"alert": alert, "council": alert.council, "AlertStatus": AlertStatus}
    return mail.send("alert_outcome", context, [alert.referrer_email])


@task()
def send_sharing_suspended(situation_id: int, user_ids: list[int]) -> int:
    """`user_ids`: the participants with an account at the time of the objection or withdrawal."""
    situation = Situation.objects.select_related("council").get(pk=situation_id)
    emails = User.objects.filter(pk__in=user_ids).values_list("email", flat=True)
    return mail.send("sharing_suspended", {"situation": situation, "council": situation.council}, emails)


@task()
def send_situation_closed(situation_id: int) -> int:
    """The referrers of the alerts that opened the situation are told it is closed."""
    situation = Situation.objects.select_related("council").get(pk=situation_id)
    referrers = situation.alerts.exclude(referrer_email="").values_list("referrer_email", flat=True)
    return mail.send("situation_closed", {"situation": situation, "council": situation.council}, referrers)
