from django.db import models


class ActionStatus(models.TextChoices):
    TODO = "todo", "À faire"
    IN_PROGRESS = "in_progress", "En cours"
    DONE = "done", "Faite"
    DROPPED = "dropped", "Abandonnée"


OPEN_STATUSES = {ActionStatus.TODO, ActionStatus.IN_PROGRESS}


class PersonAnswer(models.TextChoices):
    ACCEPTED = "accepted", "Accepte les propositions"
    PARTLY = "partly", "Accepte en partie"
    REFUSED = "refused", "Refuse"
    NOT_REACHED = "not_reached", "Pas encore joint·e"
