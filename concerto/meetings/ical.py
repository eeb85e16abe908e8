"""iCalendar files for invitations: stable UID, SEQUENCE on every update, METHOD REQUEST or CANCEL.

Rendered for one reader (architecture invariant 10): the agenda lists only the items they are invited to, by code
(a free topic by its title, shown to everyone convened), and the only attendee is the reader themselves. Never a
person's name."""

from datetime import datetime

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress, vText


def meeting_calendar(meeting, *, reader, cancel: bool = False) -> bytes:
    from concerto.meetings.disclosure import items_for

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
    lines = [_line(item) for item in items_for(reader, meeting)]
    description = "Ordre du jour : " + (", ".join(lines) if lines else "à venir")
    if meeting.video_link:
        description += f"\nVisioconférence : {meeting.video_link}"
        event.add("url", meeting.video_link)
    event.add("description", description)
    event.add("status", "CANCELLED" if cancel else "CONFIRMED")
    organizer = vCalAddress(f"mailto:{settings.DEFAULT_FROM_EMAIL.split('<')[-1].rstrip('>')}")
    organizer.params["cn"] = vText(meeting.council.name)
    event.add("organizer", organizer)
    attendee = vCalAddress(f"mailto:{reader.user.email}")
    attendee.params["role"] = vText("REQ-PARTICIPANT")
    attendee.params["rsvp"] = vText("TRUE")
    event.add("attendee", attendee, encode=0)
    calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()


def _line(item) -> str:
    if item.situation_id is None:
        return item.topic
    return f"{item.situation.code} ({item.get_kind_display().lower()})"
