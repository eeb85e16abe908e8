"""iCalendar files for invitations: stable UID, SEQUENCE on every update, METHOD REQUEST or CANCEL.
They carry codes and initials only, never a person's name."""

from datetime import datetime

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress, vText


def meeting_calendar(meeting, *, recipients: list[str], cancel: bool = False) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//Concerto//CLSM//FR")
    calendar.add("version", "2.0")
    calendar.add("method", "CANCEL" if cancel else "REQUEST")
    event = Event()
    event.add("uid", f"{meeting.uid}@concerto")
    event.add("sequence", meeting.sequence)
    event.add("dtstamp", datetime.now(tz=timezone.get_current_timezone()))
    event.add("dtstart", timezone.localtime(meeting.starts_at))
    event.add("dtend", timezone.localtime(meeting.ends_at))
    event.add("summary", f"{meeting.get_body_display()} — {meeting.council.name}")
    if meeting.place:
        event.add("location", meeting.place)
    lines = [f"{item.situation.code} ({item.get_kind_display().lower()})" for item in meeting.items.all()]
    description = "Ordre du jour : " + (", ".join(lines) if lines else "à venir")
    if meeting.video_link:
        description += f"\nVisioconférence : {meeting.video_link}"
        event.add("url", meeting.video_link)
    event.add("description", description)
    event.add("status", "CANCELLED" if cancel else "CONFIRMED")
    organizer = vCalAddress(f"mailto:{settings.DEFAULT_FROM_EMAIL.split('<')[-1].rstrip('>')}")
    organizer.params["cn"] = vText(meeting.council.name)
    event.add("organizer", organizer)
    for email in recipients:
        attendee = vCalAddress(f"mailto:{email}")
        attendee.params["role"] = vText("REQ-PARTICIPANT")
        attendee.params["rsvp"] = vText("TRUE")
        event.add("attendee", attendee, encode=0)
    calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()
