"""Roles a member holds in a council. They live in core, the lowest layer, because core's decorators and context
processors check them; `concerto.accounts.enums` re-exports them for every other app."""

from django.db import models


class Role(models.TextChoices):
    COORDINATOR = "coordinator", "Coordinateur·rice"
    CELL_MEMBER = "cell_member", "Membre de la cellule"
    PARTNER = "partner", "Partenaire"
    HOUSING_MEMBER = "housing_member", "Membre de la Commission appartement"
    GOVERNANCE_MEMBER = "governance_member", "Membre des instances (COPIL, plénière)"
    DPO = "dpo", "Délégué·e à la protection des données"
    OBSERVER = "observer", "Observateur·rice (lecture seule)"
