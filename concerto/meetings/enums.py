from django.db import models

from concerto.accounts.enums import Role


class Body(models.TextChoices):
    CELL = "cell", "Cellule de concertation"
    HOUSING = "housing", "Commission appartement"
    COPIL = "copil", "Comité de pilotage"
    PLENARY = "plenary", "Assemblée plénière"
    WORKING_GROUP = "working_group", "Groupe de travail"
    BUREAU = "bureau", "Bureau"


# The bodies each convene their own members by default (the cell: its permanent seats).
DEFAULT_CONVENED_ROLES = {
    Body.HOUSING: (Role.HOUSING_MEMBER,),
    Body.COPIL: (Role.GOVERNANCE_MEMBER,),
    Body.PLENARY: (Role.GOVERNANCE_MEMBER,),
    Body.WORKING_GROUP: (),
    Body.BUREAU: (),
}


class SubjectKind(models.TextChoices):
    """What an agenda item is about. Later: a project."""

    SITUATION = "situation", "Situation"
    TOPIC = "topic", "Sujet libre"
    # The Commission appartement (housing app): an application, a six-monthly review of an occupancy.
    APPLICATION = "application", "Demande de logement"
    OCCUPANCY_REVIEW = "occupancy_review", "Bilan semestriel d'une occupation"


# Subjects whose disclosure is computed by the housing app (`disclosure.register_subject_view`).
HOUSING_SUBJECTS = (SubjectKind.APPLICATION, SubjectKind.OCCUPANCY_REVIEW)


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


class GuestKind(models.TextChoices):
    """Who a guest without an account is: an actor of an organisation (a GP, a mediator), a relative of the person,
    or the person themself. Relatives and the person see the logistics only and their words may be recorded."""

    ACTOR = "actor", "Acteur·rice d'une structure"
    RELATIVE = "relative", "Un·e proche de la personne"
    PERSON = "person", "La personne elle-même"
