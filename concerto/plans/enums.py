from django.db import models

from concerto.core.transitions import Transitions


class ActionStatus(models.TextChoices):
    TODO = "todo", "À faire"
    IN_PROGRESS = "in_progress", "En cours"
    DONE = "done", "Faite"
    DROPPED = "dropped", "Abandonnée"


OPEN_STATUSES = {ActionStatus.TODO, ActionStatus.IN_PROGRESS}

# An open action may move freely; a done or dropped action may be reopened, not turned into the other outcome
# directly (reopen it first, so that the history tells what happened).
ACTION_TRANSITIONS = Transitions(
    {
        ActionStatus.TODO: {ActionStatus.IN_PROGRESS, ActionStatus.DONE, ActionStatus.DROPPED},
        ActionStatus.IN_PROGRESS: {ActionStatus.TODO, ActionStatus.DONE, ActionStatus.DROPPED},
        ActionStatus.DONE: {ActionStatus.TODO, ActionStatus.IN_PROGRESS},
        ActionStatus.DROPPED: {ActionStatus.TODO, ActionStatus.IN_PROGRESS},
    },
    dict(ActionStatus.choices),
    refusal=lambda current, target: (
        f"Cette action est « {ActionStatus(current).label.lower()} » : rouvrez-la avant de la marquer "
        f"« {ActionStatus(target).label.lower()} »."
    ),
)


class PersonAnswer(models.TextChoices):
    ACCEPTED = "accepted", "Accepte les propositions"
    PARTLY = "partly", "Accepte en partie"
    REFUSED = "refused", "Refuse"
    NOT_REACHED = "not_reached", "Pas encore joint·e"


class ActionState(models.TextChoices):
    """The "state" filter of the council's actions: open ones, the open ones past their due date, or the others."""

    OPEN = "open", "Ouvertes"
    OVERDUE = "overdue", "En retard"
    CLOSED = "closed", "Faites ou abandonnées"
