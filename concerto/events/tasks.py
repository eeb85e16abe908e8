"""E-mails to registered people (no account) and the daily retention job. Task arguments are ids and tokens
encrypted with `core.crypto`: nothing secret or personal travels in clear in the queue."""

from django.urls import reverse
from django_tasks import task

from concerto.core import mail
from concerto.core.crypto import decrypt
from concerto.core.documents import french_span
from concerto.core.utils import site_url


@task()
def send_registration_confirmation(registration_id: int, encrypted_token: str) -> int:
    """The confirmation: the event's practical details, its calendar file, the link to cancel and the link to the
    questionnaire (open once the event has started)."""
    from concerto.events.ical import event_calendar
    from concerto.events.models import Registration

    registration = Registration.objects.select_related("event__council").filter(pk=registration_id).first()
    if registration is None or registration.cancelled_at is not None:
        return 0
    token, event = decrypt(encrypted_token), registration.event
    context = {
        "registration": registration,
        "event": event,
        "council": event.council,
        "when": french_span(event.starts_at, event.ends_at),
        "cancel_link": site_url(reverse("events:registration_cancel", args=[token])),
        "evaluation_link": site_url(reverse("events:evaluate", args=[token])),
    }
    ics = ("evenement.ics", event_calendar(event), "text/calendar; method=PUBLISH")
    return mail.send("event_registration", context, [registration.email], [ics])


@task()
def send_event_cancelled(registration_id: int) -> int:
    from concerto.events.ical import event_calendar
    from concerto.events.models import Registration

    registration = Registration.objects.select_related("event__council").filter(pk=registration_id).first()
    if registration is None or registration.cancelled_at is not None or not registration.email:
        return 0
    event = registration.event
    context = {"event": event, "council": event.council, "when": french_span(event.starts_at, event.ends_at)}
    ics = ("evenement.ics", event_calendar(event, cancel=True), "text/calendar; method=CANCEL")
    return mail.send("event_cancelled", context, [registration.email], [ics])


@task()
def events_retention() -> int:
    from concerto.councils.models import Council
    from concerto.events.retention import purge_events

    return sum(sum(purge_events(council).values()) for council in Council.objects.all())
