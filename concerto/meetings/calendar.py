"""The cell's calendar: its rhythm (a rule on the cell) turned into the year's sessions.

`year_dates` is pure date computation (the rule, the months without session, the French public holidays moved by
the cell's holiday rule); `plan_preview` compares it with the sessions already planned; `plan_year` (the only
writer) creates the missing sessions through `services.meeting_create`, so each one invites the cell's permanent
members like a session created by hand."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import holidays
from dateutil import rrule
from django.db import transaction
from django.utils import timezone

from concerto.core.errors import DomainError
from concerto.core.events import record_event
from concerto.councils.models import Cell, Frequency, HolidayRule
from concerto.meetings import services
from concerto.meetings.enums import Body, ItemKind, MeetingStatus
from concerto.meetings.models import Meeting

MAX_MOVES = 3  # a moved session landing on another holiday moves again, at most this many times


@dataclass(frozen=True)
class SessionDate:
    """A date of the rule: `day` is when the session is held (None: skipped), `rule_day` the date the rule gives;
    `reason` says why they differ (« 11/11 férié (Armistice) → 18/11 »)."""

    rule_day: date
    day: date | None
    reason: str = ""

    @property
    def moved(self) -> bool:
        return self.day is not None and self.day != self.rule_day


@dataclass
class PlanResult:
    created: list[SessionDate] = field(default_factory=list)  # in the preview: to create
    moved: list[SessionDate] = field(default_factory=list)  # among created, those a holiday moved
    skipped: list[tuple[SessionDate, str]] = field(default_factory=list)  # with the reason, in French
    meetings: list[Meeting] = field(default_factory=list)  # plan_year only


def _french_holidays(*years: int) -> holidays.HolidayBase:
    return holidays.France(years=years, language="fr")


def rule_days(cell: Cell, year: int) -> list[date]:
    """The dates the cell's rule gives for the year, before months without session and holidays."""
    start = datetime(year, 1, 1)
    until = datetime(year, 12, 31)
    if cell.frequency == Frequency.MONTHLY:
        rule = rrule.rrule(
            rrule.MONTHLY, dtstart=start, until=until, byweekday=rrule.weekday(cell.weekday, cell.week_ordinal)
        )
    elif cell.frequency == Frequency.WEEKLY:
        first = start + timedelta(days=(cell.weekday - start.weekday()) % 7)
        rule = rrule.rrule(rrule.WEEKLY, dtstart=first, until=until, interval=max(cell.week_interval, 1))
    else:
        return []
    return [moment.date() for moment in rule]


def _short(day: date) -> str:
    return f"{day:%d/%m}"


def year_dates(cell: Cell, year: int) -> list[SessionDate]:
    """Each date of the rule in the year, outside the months without session, moved (or skipped) by the cell's
    holiday rule when it falls on a French public holiday."""
    calendar = _french_holidays(year - 1, year, year + 1)
    off = set(cell.months_without_session)
    step = {HolidayRule.NEXT_WEEK: 7, HolidayRule.PREVIOUS_WEEK: -7}.get(cell.holiday_rule)
    dates = []
    for rule_day in rule_days(cell, year):
        if rule_day.month in off:
            continue
        day, reasons = rule_day, []
        for _ in range(MAX_MOVES):
            if day not in calendar:
                break
            reasons.append(f"{_short(day)} férié ({calendar.get(day)})")
            day = day + timedelta(days=step) if step else None
            if day is None:
                break
        else:
            day = None if day in calendar else day
        if not reasons:
            dates.append(SessionDate(rule_day, day))
        elif day is None:
            dates.append(SessionDate(rule_day, None, " ; ".join(reasons) + " : pas de séance"))
        else:
            dates.append(SessionDate(rule_day, day, " → ".join(reasons) + f" → {_short(day)}"))
    return dates


def _existing_days(cell: Cell, year: int) -> set[date]:
    starts = Meeting.objects.filter(cell=cell, starts_at__year__in=[year - 1, year, year + 1]).exclude(
        status=MeetingStatus.CANCELLED
    )
    return {timezone.localdate(m.starts_at) for m in starts}


def plan_preview(cell: Cell, year: int, *, today: date | None = None) -> PlanResult:
    """What `plan_year` would do, without writing: the dates to create, those moved, those skipped and why."""
    today = today or timezone.localdate()
    existing = _existing_days(cell, year)
    result = PlanResult()
    seen: set[date] = set()
    for session in year_dates(cell, year):
        if session.day is None:
            result.skipped.append((session, session.reason))
        elif session.day <= today:
            result.skipped.append((session, f"{session.day:%d/%m/%Y} : date passée"))
        elif session.day in existing:
            result.skipped.append((session, f"{session.day:%d/%m/%Y} : une séance de la cellule existe déjà"))
        elif session.day in seen:
            result.skipped.append((session, f"{session.day:%d/%m/%Y} : déjà prévue par une autre date déplacée"))
        else:
            seen.add(session.day)
            result.created.append(session)
            if session.moved:
                result.moved.append(session)
    return result


def _aware(day: date, moment) -> datetime:
    return timezone.make_aware(datetime.combine(day, moment))


@transaction.atomic
def plan_year(cell: Cell, year: int, actor, *, today: date | None = None) -> PlanResult:
    """Creates the cell's planned sessions of the year (idempotent: a day that already has a session of the cell is
    skipped). Returns what was created, moved and skipped, with the reasons."""
    Cell.objects.select_for_update().get(pk=cell.pk)  # two coordinators confirming at once: one waits
    if cell.frequency == Frequency.NONE:
        raise DomainError("Définissez d'abord le rythme de la cellule (fréquence, jour, horaires).")
    if cell.session_ends <= cell.session_starts:
        raise DomainError("L'heure de fin des séances doit suivre l'heure de début.")
    result = plan_preview(cell, year, today=today)
    for session in result.created:
        meeting = services.meeting_create(
            council=cell.council,
            actor=actor,
            data={
                "body": Body.CELL,
                "cell": cell,
                "starts_at": _aware(session.day, cell.session_starts),
                "ends_at": _aware(session.day, cell.session_ends),
                "place": cell.venue,
            },
        )
        result.meetings.append(meeting)
    record_event(
        council=cell.council, actor=actor, verb="cell_year_planned", target=cell, year=year,
        created=len(result.created), moved=len(result.moved), skipped=len(result.skipped),
    )  # fmt: skip
    return result


def next_session(cell: Cell | None, *, after: date | None = None) -> Meeting | None:
    """The first planned session of the cell on or after `after` (default: the next one from now)."""
    if cell is None:
        return None
    sessions = Meeting.objects.filter(cell=cell, status=MeetingStatus.PLANNED).order_by("starts_at")
    if after is None:
        return sessions.filter(starts_at__gt=timezone.now()).first()
    return sessions.filter(starts_at__date__gte=after).first()


@transaction.atomic
def alert_accept_and_schedule(*, alert, actor, cell=None, priority: bool = False):
    """Accepts the alert (`situations.services.alert_accept`) and puts the new situation on the next planned
    session of its cell through `services.agenda_add` (capacity and closing date, unless marked priority). A
    refusal rolls the whole acceptance back: the alert stays to qualify. Returns (situation, start of the session).
    Plugged into `situations.scheduling` (meetings/declarations.py)."""
    from concerto.situations.services import alert_accept

    situation = alert_accept(alert=alert, actor=actor, cell=cell)
    meeting = next_session(situation.cell)
    if meeting is None:
        raise services.AgendaRefused(
            "Aucune séance de la cellule n'est planifiée : planifiez-en une, ou acceptez sans inscrire la situation."
        )
    services.agenda_add(meeting=meeting, situation=situation, actor=actor, kind=ItemKind.NEW, priority=priority)
    return situation, meeting.starts_at


def next_session_start(cell: Cell | None) -> datetime | None:
    meeting = next_session(cell)
    return meeting.starts_at if meeting else None
