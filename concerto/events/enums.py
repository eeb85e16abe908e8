"""Kinds and states of the council's events, workshops and trainings: ASCII values, French labels."""

from django.db import models


class EventKind(models.TextChoices):
    WORKSHOP = "workshop", "Atelier Mieux-Être"
    SISM = "sism", "Semaines d'information sur la santé mentale (SISM)"
    FORUM = "forum", "Forum"
    NEIGHBOURHOOD = "neighbourhood", "Réunion de quartier"
    OTHER = "other", "Autre événement"


class EventStatus(models.TextChoices):
    PLANNED = "planned", "Prévu"
    CANCELLED = "cancelled", "Annulé"


class Attendance(models.TextChoices):
    UNKNOWN = "", "Non renseignée"
    PRESENT = "present", "Présent·e"
    ABSENT = "absent", "Absent·e"


class TrainingKind(models.TextChoices):
    PSSM = "pssm", "Premiers secours en santé mentale (PSSM)"
    SUICIDE = "suicide", "Prévention du suicide"
    CROSS = "cross", "Formation croisée"
    OTHER = "other", "Autre formation"


# The ten topics of the Ateliers Mieux-Être (seed CISSMC Lille-Est): offered when a council has none yet.
DEFAULT_TOPICS = (
    "Sommeil",
    "Troubles obsessionnels compulsifs",
    "Isolement",
    "Addictions",
    "Estime de soi",
    "Stress",
    "Dépression",
    "Troubles bipolaires",
    "Deuil",
    "Prévention du suicide",
)
SCORES = [(n, str(n)) for n in range(1, 6)]
