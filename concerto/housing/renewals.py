"""The daily reminder of the conventions to renew: a convention whose renewal date falls within the next three months
(`RENEWAL_NOTICE_MONTHS`) and that still runs is announced once per renewal date (a `ConventionReminder` row guards
it, so a missed day is caught up and nothing is sent twice) to the council's coordinator(s) and the members of the
Commission appartement. One e-mail per recipient and per council, listing the places and dates (no person)."""

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from concerto.accounts.enums import Role
from concerto.accounts.models import Membership
from concerto.core import mail
from concerto.core.utils import add_months
from concerto.housing.desk_models import ConventionReminder
from concerto.housing.models import RENEWAL_NOTICE_MONTHS, Convention


def conventions_due(today):
    """Conventions to announce: renewal within three months (not past), still running, not yet announced."""
    return (
        Convention.objects.filter(renewal_on__gte=today, renewal_on__lte=add_months(today, RENEWAL_NOTICE_MONTHS))
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))
        .exclude(reminders__renewal_on=F("renewal_on"))
        .select_related("place__council")
        .order_by("place__council_id", "renewal_on", "id")
    )


def recipients(council) -> list[str]:
    return list(
        Membership.objects.active()
        .filter(council=council, role__in=[Role.COORDINATOR, Role.HOUSING_MEMBER])
        .values_list("user__email", flat=True)
    )


@task()
def housing_renewal_reminders() -> int:
    today = timezone.localdate()
    by_council: dict = {}
    for convention in conventions_due(today):
        by_council.setdefault(convention.place.council, []).append(convention)
    link = settings.CONCERTO_SITE_URL.rstrip("/") + reverse("housing:desk")
    sent = 0
    for council, conventions in by_council.items():
        with transaction.atomic():
            ConventionReminder.objects.bulk_create(
                [ConventionReminder(convention=c, renewal_on=c.renewal_on) for c in conventions],
                ignore_conflicts=True,
            )
        context = {"council": council, "conventions": conventions, "link": link}
        sent += mail.send("housing_renewal", context, recipients(council))
    return sent
