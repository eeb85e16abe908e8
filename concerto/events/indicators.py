"""The events' and trainings' indicators of the Bilan page (issue 14), declared in core's registry by
`declarations.py`: events held, participants, workshops' attendance, questionnaires, training sessions and people
trained.

`(council, start, end, cell=None)`, both ends of the period included; events and trainings belong to the council,
not to a cell (`cell` is ignored, the definitions say so). An event is *held* when it is not cancelled and has
started; its participants are the registrants marked present, or else the headcount recorded
(`services.attendance_record`, `services.participants`). Aggregate queries: their number does not grow with the data."""

from __future__ import annotations

from collections import Counter

from django.db.models import Avg, Count, Q
from django.utils import timezone

from concerto.core.registry import Indicator
from concerto.directory.enums import OrganisationType
from concerto.events.enums import Attendance, EventKind, EventStatus, TrainingKind
from concerto.events.models import Evaluation, Event, Trainee, TrainingSession

COUNCIL_WIDE = " Chiffre de l'ensemble du conseil : les événements et formations ne dépendent d'aucune cellule."
NO_TOPIC = "Sans thème"
OUTSIDE_DIRECTORY = "Structure hors annuaire"
NO_ORGANISATION = "Sans structure"


def _held(council, start, end):
    return (
        Event.objects.filter(council=council, starts_at__lte=timezone.now(), starts_at__date__range=(start, end))
        .exclude(status=EventStatus.CANCELLED)
        .order_by()
    )


def _participation(council, start, end):
    """(kind, participants, attendance recorded) of each event held: one query."""
    present = Count("registrations", filter=Q(registrations__attendance=Attendance.PRESENT))
    rows = _held(council, start, end).annotate(present=present).values_list("kind", "present", "headcount")
    return [
        (kind, present or headcount or 0, bool(present) or headcount is not None) for kind, present, headcount in rows
    ]


def events_by_kind(council, start, end, cell=None) -> list[tuple[str, int]]:
    counts = dict(_held(council, start, end).values_list("kind").annotate(n=Count("id")))
    return [(label, counts.get(kind, 0)) for kind, label in EventKind.choices]


def workshops_by_topic(council, start, end, cell=None) -> list[tuple[str, int]]:
    workshops = _held(council, start, end).filter(kind=EventKind.WORKSHOP)
    counts = workshops.values_list("topic__label").annotate(n=Count("id"))
    return sorted(((label or NO_TOPIC, n) for label, n in counts), key=lambda row: (-row[1], row[0]))


def participants_by_kind(council, start, end, cell=None) -> list[tuple[str, int]]:
    totals = Counter()
    for kind, participants, _recorded in _participation(council, start, end):
        totals[kind] += participants
    return [(label, totals[kind]) for kind, label in EventKind.choices]


def workshop_average(council, start, end, cell=None) -> float | None:
    counts = [n for kind, n, recorded in _participation(council, start, end) if kind == EventKind.WORKSHOP and recorded]
    return round(sum(counts) / len(counts), 1) if counts else None


def _evaluations(council, start, end):
    return Evaluation.objects.filter(event__in=_held(council, start, end).values("pk"))


def evaluations_received(council, start, end, cell=None) -> int:
    return _evaluations(council, start, end).count()


def evaluation_scores(council, start, end, cell=None) -> list[tuple[str, float | None]]:
    scores = _evaluations(council, start, end).aggregate(satisfaction=Avg("satisfaction"), usefulness=Avg("usefulness"))
    # PostgreSQL averages integers as decimals: the page formats floats.
    return [
        (label, round(float(scores[name]), 1) if scores[name] is not None else None)
        for name, label in (("satisfaction", "Satisfaction générale"), ("usefulness", "Utilité"))
    ]


def _trainings(council, start, end):
    return TrainingSession.objects.filter(
        council=council, starts_on__range=(start, end), starts_on__lte=timezone.localdate()
    )


def trainings_by_kind(council, start, end, cell=None) -> list[tuple[str, int]]:
    counts = dict(_trainings(council, start, end).order_by().values_list("kind").annotate(n=Count("id")))
    return [(label, counts.get(kind, 0)) for kind, label in TrainingKind.choices]


def trained_by_organisation_type(council, start, end, cell=None) -> list[tuple[str, int]]:
    """Trainees marked present, by the type of their organisation in the directory. `selectors.trained_counts`
    counts per organisation name and calendar year: the Bilan wants types over any period, hence its own query."""
    labels = dict(OrganisationType.choices)
    trainees = Trainee.objects.filter(
        session__in=_trainings(council, start, end).values("pk"), attendance=Attendance.PRESENT
    )
    counts = trainees.values_list("organisation__type", "organisation_name").annotate(n=Count("id")).order_by()
    totals = Counter()
    for kind, other, n in counts:
        totals[labels.get(kind, kind) if kind else (OUTSIDE_DIRECTORY if other else NO_ORGANISATION)] += n
    return sorted(totals.items(), key=lambda row: (-row[1], row[0]))


INDICATORS = [
    Indicator(
        "events_by_kind",
        "Événements tenus par type",
        "Événements publics (ateliers Mieux-Être, SISM, forums…) non annulés et commencés, dont la date est dans la "
        "période." + COUNCIL_WIDE,
        "events",
        70,
        events_by_kind,
        suppressible=False,
    ),
    Indicator(
        "events_workshops_by_topic",
        "Ateliers Mieux-Être tenus par thème",
        "Ateliers Mieux-Être non annulés et commencés, dont la date est dans la période, selon leur thème."
        + COUNCIL_WIDE,
        "events",
        71,
        workshops_by_topic,
        suppressible=False,
    ),
    Indicator(
        "events_participants",
        "Participant·es aux événements par type",
        "Pour chaque événement tenu pendant la période : les inscrit·es noté·es présent·es, ou à défaut le nombre de "
        "participant·es compté sur place (une personne venue à deux événements compte deux fois)." + COUNCIL_WIDE,
        "events",
        72,
        participants_by_kind,
    ),
    Indicator(
        "events_workshop_average",
        "Participant·es par atelier Mieux-Être (moyenne)",
        "Nombre moyen de participant·es des ateliers Mieux-Être tenus pendant la période dont la participation est "
        "notée (présences ou nombre compté sur place)." + COUNCIL_WIDE,
        "events",
        73,
        workshop_average,
        suppressible=False,
        unit="personnes",
        summable=False,
    ),
    Indicator(
        "events_evaluations",
        "Questionnaires d'évaluation reçus",
        "Réponses au questionnaire d'évaluation des événements tenus pendant la période." + COUNCIL_WIDE,
        "events",
        74,
        evaluations_received,
    ),
    Indicator(
        "events_evaluation_scores",
        "Appréciation des événements (moyenne sur 5)",
        "Note moyenne, de 1 à 5, donnée dans les réponses au questionnaire des événements tenus pendant la période : "
        "satisfaction générale et utilité." + COUNCIL_WIDE,
        "events",
        75,
        evaluation_scores,
        suppressible=False,
        unit="sur 5",
        partition=False,
        summable=False,
    ),
    Indicator(
        "trainings_by_kind",
        "Sessions de formation tenues par type",
        "Sessions de formation (premiers secours en santé mentale, prévention du suicide, formations croisées…) "
        "commencées pendant la période." + COUNCIL_WIDE,
        "events",
        76,
        trainings_by_kind,
        suppressible=False,
    ),
    Indicator(
        "trainings_people_trained",
        "Personnes formées par type de structure",
        "Stagiaires noté·es présent·es aux sessions commencées pendant la période, selon le type de leur structure "
        "dans l'annuaire ; « Structure hors annuaire » quand la structure n'y figure pas (une personne formée deux "
        "fois compte deux fois)." + COUNCIL_WIDE,
        "events",
        77,
        trained_by_organisation_type,
    ),
]
