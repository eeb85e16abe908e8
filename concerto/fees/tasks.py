"""The fees' e-mails and daily job. A reminder lists the call's reference, amount and balance (no person)."""

from datetime import timedelta

from django.db.models import Max
from django.utils import timezone
from django_tasks import task

from concerto.core import mail
from concerto.fees.models import FeeCall, FeeReminder, FeeSettings
from concerto.fees.money import euros


@task()
def send_fee_reminder(reminder_id: int) -> int:
    reminder = FeeReminder.objects.select_related("call__member__commune", "call__member__organisation",
                                                  "call__council").filter(pk=reminder_id).first()  # fmt: skip
    if reminder is None:
        return 0
    call = reminder.call
    context = {
        "council": call.council,
        "call": call,
        "member": call.member.name,
        "amount": euros(call.amount),
        "balance": euros(reminder.balance),
    }
    return mail.send("fees_reminder", context, [call.member.contact_email])


def calls_to_remind(settings: FeeSettings, today) -> list[FeeCall]:
    """Calls past their due date by `reminder_days`, with a balance, not reminded for `reminder_days`."""
    from concerto.fees.access import with_balance

    delay = timedelta(days=settings.reminder_days)
    calls = with_balance(
        FeeCall.objects.filter(council=settings.council_id, due_on__lte=today - delay).select_related("member")
    ).annotate(last=Max("reminders__sent_at"))
    limit = timezone.now() - delay
    return [c for c in calls if c.balance > 0 and c.member.contact_email and (c.last is None or c.last <= limit)]


@task()
def fees_reminders() -> int:
    """Daily: the automatic reminders of the councils that set a delay (0, the default, sends none)."""
    from concerto.fees.services import reminder_send

    today = timezone.localdate()
    sent = 0
    for settings in FeeSettings.objects.filter(reminder_days__gt=0):
        for call in calls_to_remind(settings, today):
            reminder_send(call=call, actor=None)
            sent += 1
    return sent
