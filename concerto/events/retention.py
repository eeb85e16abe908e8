"""The events app's share of retention (architecture invariant 6), run by the daily job `events_retention`:
- REGISTRANT_DAYS after an event, its registrants' names, addresses and phones, the comments of its questionnaire
  and the names of facilitators without an account (peer experts) are blanked; attendance, scores and the
  « pair-aidant·e » mark are kept for the counts;
- TRAINEE_YEARS after a training session, its trainees' names and addresses are blanked (certificates can be issued
  again until then); their organisation and attendance are kept for « personnes formées par an et par structure »."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from concerto.core.events import record_event
from concerto.core.registry import registry
from concerto.events.models import Evaluation, Event, Facilitator, Registration, Trainee

REGISTRANT_DAYS = 365
TRAINEE_YEARS = 3


def events_due(council, now=None):
    now = now or timezone.now()
    return Event.objects.filter(
        council=council, ends_at__lt=now - timedelta(days=REGISTRANT_DAYS), anonymised_at__isnull=True
    )


def trainees_due(council, today=None):
    today = today or timezone.localdate()
    return Trainee.objects.filter(
        session__council=council,
        session__ends_on__lt=today - timedelta(days=365 * TRAINEE_YEARS),
        anonymised_at__isnull=True,
    )


def counts(council, now=None) -> dict[str, int]:
    """What the next run would anonymise (the privacy page's dry run can show it)."""
    events = events_due(council, now)
    return {
        "event_registrations_anonymised": Registration.objects.filter(
            event__in=events, anonymised_at__isnull=True
        ).count(),
        "trainees_anonymised": trainees_due(council, now and timezone.localdate(now)).count(),
    }


@transaction.atomic
def purge_events(council, now=None) -> dict[str, int]:
    now = now or timezone.now()
    result = counts(council, now)
    events = list(events_due(council, now).values_list("pk", flat=True))
    Registration.objects.filter(event_id__in=events, anonymised_at__isnull=True).update(
        **registry.blanked(Registration), anonymised_at=now
    )
    Evaluation.objects.filter(event_id__in=events).update(**registry.blanked(Evaluation))
    Facilitator.objects.filter(event_id__in=events).update(**registry.blanked(Facilitator))
    Event.objects.filter(pk__in=events).update(anonymised_at=now)
    trainees_due(council, timezone.localdate(now)).update(**registry.blanked(Trainee), anonymised_at=now)
    if any(result.values()):
        record_event(council=council, actor=None, verb="events_personal_data_anonymised", **result)
    return result
