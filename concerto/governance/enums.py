from django.db import models

from concerto.meetings.enums import Body


class BodyKind(models.TextChoices):
    COPIL = "copil", "Comité de pilotage (COPIL)"
    BUREAU = "bureau", "Bureau"
    PLENARY = "plenary", "Assemblée plénière"
    WORKING_GROUP = "working_group", "Groupe de travail"


# The generic meeting's body for each kind (the meetings list and the record name it).
MEETING_BODY = {
    BodyKind.COPIL: Body.COPIL,
    BodyKind.BUREAU: Body.BUREAU,
    BodyKind.PLENARY: Body.PLENARY,
    BodyKind.WORKING_GROUP: Body.WORKING_GROUP,
}


class MemberFunction(models.TextChoices):
    PRESIDENT = "president", "Président·e"
    VICE_PRESIDENT = "vice_president", "Vice-président·e"
    TREASURER = "treasurer", "Trésorier·ère"
    SECRETARY = "secretary", "Secrétaire"
    MEMBER = "member", "Membre"
    INVITED = "invited", "Invité·e (sans voix délibérative)"


# Invited members take part without voting: they do not count towards the quorum.
NON_VOTING = frozenset({MemberFunction.INVITED})


class ProjectStatus(models.TextChoices):
    PERMANENT = "permanent", "Permanent"
    IN_PROGRESS = "in_progress", "En cours"
    FUTURE = "future", "À venir"
    DONE = "done", "Terminé"
