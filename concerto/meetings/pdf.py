"""The record of decisions as a PDF (WeasyPrint), rendered for one reader (architecture invariant 10): each
recipient and each downloader gets only the items and the classes of information the disclosure policy opens to
them; the coordinator's archived copy (`ARCHIVE`) is complete. Always pseudonymised: codes, never a name.

It looks like the council's minutes: the council's letterhead, « Confidentiel » on every page, the session in
French (day, date, local times), who was present, excused or absent with their function and organisation, and
who signed the record off."""

from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import timezone, translation

from concerto.accounts.models import Membership
from concerto.core.documents import french_datetime, french_span, letterhead
from concerto.meetings.access import invited_to_whole_meeting
from concerto.meetings.disclosure import ARCHIVE, items_for, meeting_facts, meeting_sections
from concerto.meetings.enums import AttendanceStatus, Body


@dataclass(frozen=True)
class Person:
    """A member as the minutes name them: name, function (job title, else professional category), organisation."""

    name: str
    function: str
    organisation: str
    note: str = ""


def _people(meeting, users) -> dict:
    memberships = Membership.objects.filter(council_id=meeting.council_id, user__in=[u for u in users if u])
    return {m.user_id: m for m in memberships.select_related("organisation")}


def _person(user, memberships, note="") -> Person:
    membership = memberships.get(user.pk)
    if membership is None:
        return Person(str(user), "", "", note)
    function = membership.job_title or membership.get_profession_display()
    organisation = membership.organisation.name if membership.organisation else ""
    return Person(str(user), function, organisation, note)


def attendance_lists(meeting) -> dict[str, list[Person]]:
    """Present (deputies included), excused (members replaced by a deputy included) and absent, in name order; guests
    invited for one item among them once their attendance is recorded."""
    attendances = list(meeting.attendances.select_related("user", "replaced_by"))
    users = [a.user for a in attendances] + [a.replaced_by for a in attendances] + [meeting.signed_off_by]
    memberships = _people(meeting, users)
    lists = {"present": [], "excused": [], "absent": []}
    for attendance in attendances:
        user, deputy = attendance.user, attendance.replaced_by
        if attendance.status == AttendanceStatus.PRESENT:
            lists["present"].append(_person(user, memberships))
        elif attendance.status == AttendanceStatus.REPLACED:
            lists["excused"].append(_person(user, memberships, f"remplacé·e par {deputy}" if deputy else ""))
            if deputy:
                lists["present"].append(_person(deputy, memberships, f"suppléant·e de {user}"))
        elif attendance.status == AttendanceStatus.EXCUSED:
            lists["excused"].append(_person(user, memberships))
        else:
            lists["absent"].append(_person(user, memberships))
    # Guests without an account, invited for one item, whose attendance was recorded.
    for guest in meeting.guests_on_record():
        where = {AttendanceStatus.PRESENT: "present", AttendanceStatus.EXCUSED: "excused"}.get(
            guest.attendance, "absent" if guest.attendance else None
        )
        if where and guest.is_served:
            # A relative or the person themself is never named in the record.
            lists[where].append(Person(guest.public_label(), "", "", "invité·e pour un point, sans compte"))
        elif where:
            organisation = guest.organisation.name if guest.organisation else ""
            lists[where].append(Person(guest.name, guest.function, organisation, "invité·e pour un point"))
    for people in lists.values():
        people.sort(key=lambda p: p.name.casefold())
    return lists


def _signatory(meeting) -> dict | None:
    if not meeting.signed_off_at:
        return None
    signer = meeting.signed_off_by
    person = _person(signer, _people(meeting, [signer])) if signer else None
    return {"person": person, "at": french_datetime(meeting.signed_off_at)}


def body_title(meeting) -> str:
    if meeting.body == Body.CELL and meeting.cell:
        return f"Cellule « {meeting.cell.name} »"
    return meeting.get_body_display()


def record_pdf(meeting, reader=ARCHIVE) -> bytes:
    from weasyprint import HTML

    whole = reader is ARCHIVE or invited_to_whole_meeting(reader, meeting)
    with translation.override("fr"):
        html = render_to_string(
            "meetings/record_pdf.html",
            {
                "meeting": meeting,
                "council": letterhead(meeting.council),
                "body_title": body_title(meeting),
                "session": french_span(meeting.starts_at, meeting.ends_at),
                "items": items_for(reader, meeting, record=True),
                # An actor invited for one item does not see who else attended.
                "attendances": attendance_lists(meeting) if whole else None,
                "signatory": _signatory(meeting),
                "chair": _person(meeting.chair.user, {meeting.chair.user_id: meeting.chair}) if meeting.chair else None,
                "facts": meeting_facts(meeting),
                "sections": meeting_sections(reader, meeting),
                "signed_off_at": french_datetime(meeting.signed_off_at) if meeting.signed_off_at else "",
                "archive": reader is ARCHIVE,
                "generated_at": french_datetime(timezone.now()),
            },
        )
    return HTML(string=html).write_pdf(pdf_variant="pdf/ua-1")
