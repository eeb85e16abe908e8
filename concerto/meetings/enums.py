from django.db import models


class Body(models.TextChoices):
    CELL = "cell", "Cellule de concertation"
    HOUSING = "housing", "Commission logement"
    COPIL = "copil", "Comité de pilotage"
    PLENARY = "plenary", "Assemblée plénière"
    WORKING_GROUP = "working_group", "Groupe de travail"


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", "Prévue"
    SIGNED_OFF = "signed_off", "Relevé de décisions signé"
    CANCELLED = "cancelled", "Annulée"


class ItemKind(models.TextChoices):
    NEW = "new", "Nouvelle situation"
    REVIEW = "review", "Point d'étape"


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", "Présent·e"
    EXCUSED = "excused", "Excusé·e"
    ABSENT = "absent", "Absent·e"
    REPLACED = "replaced", "Remplacé·e par un·e suppléant·e"
