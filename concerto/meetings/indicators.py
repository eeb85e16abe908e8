"""The meetings' indicators of the Bilan page (issue 14), declared in core's registry by `declarations.py`."""

from __future__ import annotations

from datetime import date
from statistics import median

from django.db.models import Avg, Count, Max, OuterRef, Q, Subquery
from django.db.models.functions import TruncMonth
from django.utils import timezone

from concerto.accounts.models import Membership
from concerto.core.registry import Indicator
from concerto.meetings.enums import AttendanceStatus, Body, MeetingStatus, SubjectKind
from concerto.meetings.models import Attendance, Meeting

OTHER_ORGANISATIONS = "Autres structures"
NO_ORGANISATION = "Structure non renseignée"

MONTHS = (
    "janvier", "février", "mars", "avril", "mai", "juin",
    "juillet", "août", "septembre", "octobre", "novembre", "décembre",
)  # fmt: skip


def _months(start: date, end: date) -> list[date]:
    months, month = [], start.replace(day=1)
    while month <= end:
        months.append(month)
        following = month.month % 12 + 1
        month = month.replace(year=month.year + (following == 1), month=following)
    return months


def held(council, start, end, cell=None):
    """Cell sessions held during the period: signed off, or planned and already ended (not cancelled), by the day
    they started."""
    sessions = Meeting.objects.filter(council=council, body=Body.CELL).filter(
        Q(status=MeetingStatus.SIGNED_OFF) | Q(status=MeetingStatus.PLANNED, ends_at__lte=timezone.now())
    )
    if cell is not None:
        sessions = sessions.filter(cell=cell)
    return sessions.filter(starts_at__date__range=(start, end))


def sessions_per_month(council, start, end, cell=None) -> list[tuple[str, int]]:
    """Cell sessions held, by month of their start."""
    sessions = held(council, start, end, cell)
    counts = {
        (row["month"].date() if hasattr(row["month"], "date") else row["month"]): row["n"]
        for row in sessions.annotate(month=TruncMonth("starts_at")).values("month").annotate(n=Count("id"))
    }
    return [(f"{MONTHS[m.month - 1]} {m.year}", counts.get(m, 0)) for m in _months(start, end)]


def situations_per_session(council, start, end, cell=None) -> list[tuple[str, float | int | None]]:
    """Situations on the agenda of each session held (a session without any counts as zero): mean and maximum."""
    per_session = held(council, start, end, cell).annotate(
        n=Count("items", filter=Q(items__subject_kind=SubjectKind.SITUATION))
    )
    figures = per_session.aggregate(mean=Avg("n"), top=Max("n"))
    mean = round(figures["mean"], 1) if figures["mean"] is not None else None
    return [("Moyenne", mean), ("Maximum", figures["top"])]


def attendance_by_organisation(council, start, end, cell=None) -> list[tuple[str, float | None]]:
    """Share of the people noted on the attendance sheets of the sessions held who were present (or replaced by a
    substitute), in percent, by the organisation of their membership. The figure may reach readers outside the
    cell and a rate is not suppressed: organisations with fewer than k notes (the council's small-count threshold)
    are grouped in "Autres structures", whose rate is withheld when the group itself has fewer than k notes."""
    k = council.report_threshold
    organisation = Membership.objects.filter(user=OuterRef("user_id"), council=council).values("organisation__name")
    counts = (
        Attendance.objects.filter(meeting__in=held(council, start, end, cell))
        .annotate(organisation=Subquery(organisation[:1]))
        .values_list("organisation")
        .annotate(
            noted=Count("id"),
            present=Count("id", filter=Q(status__in=(AttendanceStatus.PRESENT, AttendanceStatus.REPLACED))),
        )
    )
    rows, others = [], [0, 0]
    for name, noted, present in counts:
        if noted >= k:
            rows.append((f"{name or NO_ORGANISATION} ({noted} convocations)", round(100 * present / noted, 1)))
        else:
            others[0], others[1] = others[0] + noted, others[1] + present
    rows.sort(key=lambda row: row[0].casefold())
    if others[0]:
        rate = round(100 * others[1] / others[0], 1) if others[0] >= k else None
        rows.append((OTHER_ORGANISATIONS, rate))
    return rows


def records_signed(council, start, end, cell=None) -> list[tuple[str, int]]:
    counts = held(council, start, end, cell).aggregate(
        n=Count("id"), signed=Count("id", filter=Q(status=MeetingStatus.SIGNED_OFF))
    )
    return [("Séances tenues", counts["n"]), ("Dont relevé de décisions signé", counts["signed"])]


def signature_delay(council, start, end, cell=None) -> list[tuple[str, float | int | None]]:
    """Days from the end of each session held during the period to the signature of its record, over the signed
    records (one query; the median is taken over the values it returns)."""
    signed = held(council, start, end, cell).filter(status=MeetingStatus.SIGNED_OFF, signed_off_at__isnull=False)
    delays = [
        max((timezone.localdate(signed_off_at) - timezone.localdate(ends_at)).days, 0)
        for ends_at, signed_off_at in signed.values_list("ends_at", "signed_off_at")
    ]
    if not delays:
        return [("Médiane", None), ("Maximum", None)]
    return [("Médiane", round(median(delays), 1)), ("Maximum", max(delays))]


INDICATORS = [
    Indicator(
        "sessions_per_month",
        "Séances de cellule tenues par mois",
        "Séances de cellule de concertation dont le relevé de décisions est signé, ou prévues et déjà terminées "
        "(séances annulées exclues), selon le mois de leur début.",
        "meetings",
        30,
        sessions_per_month,
        suppressible=False,  # sessions, not people: nothing to hide
    ),
    Indicator(
        "situations_per_session",
        "Situations examinées par séance",
        "Nombre de situations inscrites à l'ordre du jour de chaque séance de cellule tenue pendant la période "
        "(sujets libres exclus ; une séance sans situation compte pour zéro) : moyenne et maximum.",
        "meetings",
        31,
        situations_per_session,
        suppressible=False,
        partition=False,
        summable=False,
    ),
    Indicator(
        "attendance_by_organisation",
        "Taux de présence par structure",
        "Pour les séances de cellule tenues pendant la période, part des personnes inscrites sur la feuille de "
        "présence (présentes, excusées, absentes ou remplacées) qui étaient présentes ou remplacées par un·e "
        "suppléant·e, selon leur structure, en pourcentage ; le nombre de convocations (une personne inscrite sur la "
        "feuille de présence d'une séance) suit le nom de la structure. Pour ne rien révéler d'une personne, les "
        "structures comptant moins de k convocations sur la période (k : le seuil de secret statistique du conseil) "
        "sont regroupées dans « Autres structures », dont le taux n'est pas affiché si ce groupe compte lui-même "
        "moins de k convocations.",
        "meetings",
        32,
        attendance_by_organisation,
        suppressible=False,
        unit="%",
        partition=False,
        summable=False,
    ),
    Indicator(
        "records_signed",
        "Relevés de décisions signés",
        "Séances de cellule tenues pendant la période (voir ci-dessus), et parmi elles celles dont le relevé de "
        "décisions est signé.",
        "meetings",
        33,
        records_signed,
        suppressible=False,  # sessions, not people
        partition=False,
    ),
    Indicator(
        "signature_delay",
        "Délai de signature des relevés de décisions",
        "Nombre de jours entre la fin de la séance et la signature de son relevé de décisions, pour les séances de "
        "cellule tenues pendant la période dont le relevé est signé : médiane et maximum.",
        "meetings",
        34,
        signature_delay,
        suppressible=False,
        unit="jours",
        partition=False,
        summable=False,
    ),
]
