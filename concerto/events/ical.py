"""The iCalendar file of an event for one registered person (PUBLISH, or CANCEL when the event is cancelled): a
stable UID, the SEQUENCE of the event's changes, no attendee and no name."""

from datetime import datetime

from django.utils import timezone
from icalendar import Calendar
from icalendar import Event as VEvent


def event_calendar(event, *, cancel: bool = False) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//Concerto//CLSM//FR")
    calendar.add("version", "2.0")
    calendar.add("method", "CANCEL" if cancel else "PUBLISH")
    entry = VEvent()
    entry.add("uid", f"event-{event.uid}@concerto")
    entry.add("sequence", event.sequence)
    entry.add("dtstamp", datetime.now(tz=timezone.get_current_timezone()))
    entry.add("dtstart", timezone.localtime(event.starts_at))
    entry.add("dtend", timezone.localtime(event.ends_at))
    entry.add("summary", f"{event.title} — {event.council.name}")
    entry.add("location", event.venue)
    entry.add("status", "CANCELLED" if cancel else "CONFIRMED")
    calendar.add_component(entry)
    calendar.add_missing_timezones()
    return calendar.to_ical()
