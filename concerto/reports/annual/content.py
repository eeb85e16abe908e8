"""What the annual activity report says, gathered once for its three formats (PDF, DOCX, XLSX), so that they carry
the same content and the same numbers as the Bilan page.

The report is made to leave the cell (COPIL, funders): its figures are always suppressed below k, whoever generates
it, and it names no situation (no code, no initials): sessions show only how many situations they discussed, itself
suppressed below k.

The partners are the organisations of the council's directory that took part in its work during the year: an active
member account attached to the organisation, someone of the organisation present at a meeting of the council held in
the year (an account, their deputy, or a directory contact seated in a body), or a seat in one of its bodies during
the year."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q
from django.utils import timezone

from concerto.accounts.models import Membership
from concerto.core.documents import french_date, letterhead
from concerto.directory.models import Organisation
from concerto.governance.models import BodyMember, ContactAttendance
from concerto.meetings.enums import AttendanceStatus, Body, MeetingStatus
from concerto.meetings.models import Attendance, Meeting
from concerto.reports import report, suppression
from concerto.reports.models import AnnualReport

TITLE = "Rapport annuel d'activité"
PARTNERS_DEFINITION = (
    "Structures de l'annuaire du conseil ayant pris part à ses travaux pendant l'année : au moins un compte de membre "
    "actif rattaché à la structure, une présence à une réunion du conseil tenue dans l'année, ou un siège dans l'une "
    "de ses instances pendant l'année."
)


@dataclass(frozen=True)
class Session:
    day: date
    cell: str
    situations: object  # int or Suppressed

    @property
    def situations_shown(self) -> str:
        return str(self.situations)

    @property
    def day_shown(self) -> str:
        return french_date(self.day)


@dataclass(frozen=True)
class BodySession:
    day: date
    body: str
    title: str

    @property
    def day_shown(self) -> str:
        return french_date(self.day)


@dataclass(frozen=True)
class Partner:
    name: str
    kind: str
    roles: str


@dataclass
class AnnualContent:
    council: object
    year: int
    letterhead: dict
    narrative: AnnualReport
    report: report.Report
    sessions: list[Session]
    meetings: list[BodySession]
    partners: list[Partner]
    generated_on: date

    @property
    def title(self) -> str:
        return f"{TITLE} {self.year}"

    @property
    def partners_definition(self) -> str:
        return PARTNERS_DEFINITION

    @property
    def generated_shown(self) -> str:
        return french_date(self.generated_on, weekday=False)


def narrative_for(council, year: int) -> AnnualReport:
    """The saved narrative of the year, or its skeleton when nobody has written it yet."""
    return AnnualReport.objects.filter(council=council, year=year).first() or AnnualReport.skeleton(council, year)


def held_meetings(council, start: date, end: date):
    """Meetings held in the period: signed off, or planned and already ended (the Bilan's definition of a session
    held, `meetings.indicators.sessions_per_month`)."""
    return Meeting.objects.filter(council=council, starts_at__date__range=(start, end)).filter(
        Q(status=MeetingStatus.SIGNED_OFF) | Q(status=MeetingStatus.PLANNED, ends_at__lte=timezone.now())
    )


def _local_day(moment) -> date:
    return timezone.localtime(moment).date()


def cell_sessions(council, start: date, end: date, k: int) -> list[Session]:
    rows = (
        held_meetings(council, start, end)
        .filter(body=Body.CELL)
        .select_related("cell")
        .annotate(discussed=Count("items__situation", distinct=True))
        .order_by("starts_at", "id")
    )
    return [
        Session(_local_day(m.starts_at), m.cell.name if m.cell else "—", suppression.primary(m.discussed, k))
        for m in rows
    ]


def body_sessions(council, start: date, end: date) -> list[BodySession]:
    rows = (
        held_meetings(council, start, end)
        .exclude(body=Body.CELL)
        .select_related("governance__body")
        .order_by("starts_at", "id")
    )
    lines = []
    for meeting in rows:
        link = getattr(meeting, "governance", None)
        title = link.body.name if link else meeting.get_body_display()
        if meeting.extraordinary:
            title += " (séance extraordinaire)"
        lines.append(BodySession(_local_day(meeting.starts_at), meeting.get_body_display(), title))
    return lines


def partners(council, start: date, end: date) -> list[Partner]:
    members = set(
        Membership.objects.active()
        .filter(council=council, organisation__isnull=False)
        .values_list("organisation_id", flat=True)
    )
    held = held_meetings(council, start, end)
    present = Attendance.objects.filter(meeting__in=held)
    deputies = present.filter(status=AttendanceStatus.REPLACED, replaced_by__isnull=False)
    users = set(present.filter(status=AttendanceStatus.PRESENT).values_list("user_id", flat=True))
    users |= set(deputies.values_list("replaced_by", flat=True))
    attended = set(
        Membership.objects.filter(council=council, user_id__in=users, organisation__isnull=False).values_list(
            "organisation_id", flat=True
        )
    )
    attended |= set(
        ContactAttendance.objects.filter(body_meeting__meeting__in=held, status=AttendanceStatus.PRESENT).values_list(
            "member__contact__organisation_id", flat=True
        )
    )
    seats = BodyMember.objects.filter(body__council=council, starts_on__lte=end).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=start)
    )
    seated = {org for pair in seats.values_list("membership__organisation_id", "contact__organisation_id")
              for org in pair if org}  # fmt: skip
    wanted = members | attended | seated
    lines = []
    for organisation in Organisation.objects.filter(council=council, pk__in=wanted).order_by("name", "id"):
        roles = [
            label
            for label, ids in (("membres", members), ("réunions", attended), ("instances", seated))
            if organisation.pk in ids
        ]
        lines.append(Partner(organisation.name, organisation.get_type_display(), ", ".join(roles)))
    return lines


def annual_content(council, year: int) -> AnnualContent:
    start, end = date(year, 1, 1), date(year, 12, 31)
    figures = report.build(council, start, end, exact=False)  # the report leaves the cell: always suppressed
    return AnnualContent(
        council=council,
        year=year,
        letterhead=letterhead(council),
        narrative=narrative_for(council, year),
        report=figures,
        sessions=cell_sessions(council, start, end, figures.threshold),
        meetings=body_sessions(council, start, end),
        partners=partners(council, start, end),
        generated_on=timezone.localdate(),
    )
