"""What the pages count: the questionnaire's results of one event (and the bars of its charts), events and
participants per topic and year, people trained per year and organisation. Bounded queries (aggregates)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Q
from django.db.models.functions import ExtractYear
from django.utils import timezone

from concerto.events.enums import Attendance, EventStatus
from concerto.events.models import Event, Trainee

BAR_HEIGHT, BAR_GAP, LABEL_WIDTH, CHART_WIDTH = 28, 10, 140, 520


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    y: int
    width: int
    text_x: int


@dataclass(frozen=True)
class Chart:
    """A horizontal bar chart drawn in SVG by the template; the table next to it holds the same figures."""

    id: str
    title: str
    bars: list[Bar]
    height: int
    label_width: int = LABEL_WIDTH
    width: int = CHART_WIDTH


def bar_chart(chart_id: str, title: str, rows: list[tuple[str, int]]) -> Chart:
    top = max([value for _, value in rows] + [1])
    span = CHART_WIDTH - LABEL_WIDTH - 40
    bars = []
    for index, (label, value) in enumerate(rows):
        width = round(span * value / top)
        bars.append(Bar(label, value, index * (BAR_HEIGHT + BAR_GAP), width, LABEL_WIDTH + width + 6))
    return Chart(chart_id, title, bars, len(rows) * (BAR_HEIGHT + BAR_GAP))


def evaluation_results(event: Event) -> dict:
    evaluations = list(event.evaluations.all())
    count = len(evaluations)

    def distribution(name):
        return [(f"{score} sur 5", sum(1 for e in evaluations if getattr(e, name) == score)) for score in range(1, 6)]

    def average(name):
        return round(sum(getattr(e, name) for e in evaluations) / count, 1) if count else None

    satisfaction, usefulness = distribution("satisfaction"), distribution("usefulness")
    yes = sum(1 for e in evaluations if e.would_return)
    again = [("Oui", yes), ("Non", count - yes)]
    return {
        "count": count,
        "satisfaction_average": average("satisfaction"),
        "usefulness_average": average("usefulness"),
        "sections": [
            {"title": title, "rows": rows, "chart": bar_chart(chart_id, chart_title, rows)}
            for chart_id, title, chart_title, rows in (
                (
                    "graphique-satisfaction",
                    "Satisfaction générale",
                    "Satisfaction générale : réponses par note",
                    satisfaction,
                ),
                ("graphique-utilite", "Utilité", "Utilité : réponses par note", usefulness),
                (
                    "graphique-revenir",
                    "Reviendrait à un autre événement",
                    "Reviendrait à un autre événement : réponses",
                    again,
                ),
            )
        ],  # fmt: skip
        "comments": [e.comment for e in evaluations if e.comment],
    }


def topic_year_counts(council) -> dict:
    """Rows (year, topic label, events held, participants, answers to the questionnaire), most recent year first;
    cancelled and future events are not counted. Participants: registrants marked present, or the headcount."""
    rows = (
        Event.objects.filter(council=council, starts_at__lte=timezone.now())
        .exclude(status=EventStatus.CANCELLED)
        .annotate(
            year=ExtractYear("starts_at"),
            present=Count("registrations", filter=Q(registrations__attendance=Attendance.PRESENT), distinct=True),
            answers=Count("evaluations", distinct=True),
        )
        .values("year", "topic__label", "present", "headcount", "answers")
    )
    table: dict = defaultdict(lambda: {"events": 0, "participants": 0, "answers": 0})
    for row in rows:
        cell = table[(row["year"], row["topic__label"] or "Sans thème")]
        cell["events"] += 1
        cell["participants"] += row["present"] or (row["headcount"] or 0)
        cell["answers"] += row["answers"]
    years: dict = defaultdict(lambda: {"events": 0, "participants": 0, "answers": 0})
    for (year, _topic), cell in table.items():
        for key in cell:
            years[year][key] += cell[key]
    return {
        "rows": [
            {"year": year, "topic": topic, **cell}
            for (year, topic), cell in sorted(table.items(), key=lambda item: (-item[0][0], item[0][1]))
        ],
        "years": [{"year": year, **cell} for year, cell in sorted(years.items(), reverse=True)],
    }


def trained_counts(council) -> list[dict]:
    """People trained (trainees marked present) per year and organisation, most recent year first."""
    rows = (
        Trainee.objects.filter(session__council=council, attendance=Attendance.PRESENT)
        .annotate(year=ExtractYear("session__starts_on"))
        .values("year", "organisation__name", "organisation_name")
        .annotate(people=Count("id"))
    )
    table: dict = defaultdict(int)
    for row in rows:
        table[(row["year"], row["organisation__name"] or row["organisation_name"] or "Sans structure")] += row["people"]
    return [
        {"year": year, "organisation": organisation, "people": people}
        for (year, organisation), people in sorted(table.items(), key=lambda item: (-item[0][0], item[0][1].lower()))
    ]
