"""The housing app's share of retention (architecture invariant 6): an application closed (refused, withdrawn, or
every occupancy ended) for the council's retention period is anonymised, like a closed situation — the identity
and incidents destroyed, the free texts blanked, the coded facts kept for the indicators."""

from datetime import timedelta

from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from concerto.core.events import record_event
from concerto.core.registry import registry
from concerto.housing.models import (
    ApplicantIdentity,
    Application,
    ApplicationConsent,
    CommissionDecision,
    Deposit,
    Occupancy,
    OccupancyIncident,
    OccupancyReview,
)
from concerto.meetings.models import AgendaItem, RecordCorrection, WorkingNote


def applications_due(council, today=None):
    today = today or timezone.localdate()
    limit = today - timedelta(days=365 * council.retention_years)
    # An explicit subquery: `exclude(occupancies__exit_on__isnull=True)` would also exclude the applications that
    # never had an occupancy (the outer join's NULL), a refused or withdrawn application being then never anonymised.
    current = Occupancy.objects.filter(application=OuterRef("pk"), exit_on__isnull=True)
    return Application.objects.filter(council=council, closed_on__lte=limit, anonymised_at__isnull=True).exclude(
        Exists(current)
    )


def anonymise_application(application: Application) -> None:
    ApplicantIdentity.objects.filter(application=application).delete()
    OccupancyIncident.objects.filter(occupancy__application=application).delete()
    ApplicationConsent.objects.filter(application=application).update(**registry.blanked(ApplicationConsent))
    Occupancy.objects.filter(application=application).update(**registry.blanked(Occupancy))
    Deposit.objects.filter(occupancy__application=application).update(**registry.blanked(Deposit))
    CommissionDecision.objects.filter(application=application).update(**registry.blanked(CommissionDecision))
    # The commission's agenda items about the application: their notes, corrections and free decisions.
    items = AgendaItem.objects.filter(Q(application=application) | Q(occupancy__application=application))
    WorkingNote.objects.filter(item__in=items).delete()
    RecordCorrection.objects.filter(item__in=items).delete()
    items.update(**registry.blanked(AgendaItem))
    OccupancyReview.objects.filter(occupancy__application=application).update(**registry.blanked(OccupancyReview))
    application.wished_communes.clear()
    registry.blank(application)
    application.anonymised_at = timezone.now()
    application.save()


@transaction.atomic
def purge_applications(council, today=None) -> int:
    due = list(applications_due(council, today))
    for application in due:
        anonymise_application(application)
    if due:
        record_event(council=council, actor=None, verb="housing_applications_anonymised", count=len(due))
    return len(due)
