"""The housing app's daily job: anonymise the applications past their retention period, in every council."""

from django_tasks import task

from concerto.councils.models import Council
from concerto.housing.retention import purge_applications


@task()
def housing_retention() -> int:
    return sum(purge_applications(council) for council in Council.objects.all())


@task()
def send_application_submitted(application_id: int) -> int:
    """The coordinators are told a care team submitted an application: its reference and the link, never a name."""
    from django.conf import settings
    from django.urls import reverse

    from concerto.accounts.enums import Role
    from concerto.accounts.models import Membership
    from concerto.core import mail
    from concerto.housing.models import Application

    application = Application.objects.select_related("council", "orienting_organisation").get(pk=application_id)
    link = settings.CONCERTO_SITE_URL.rstrip("/") + reverse("housing:application_detail", args=[application.reference])
    coordinators = Membership.objects.active().filter(council=application.council, role=Role.COORDINATOR)
    context = {"application": application, "council": application.council, "link": link}
    return mail.send("housing_application_submitted", context, coordinators.values_list("user__email", flat=True))
