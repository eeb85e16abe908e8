from django.db import models

from concerto.core.roles import Role

__all__ = ["CLINICAL_PROFESSIONS", "MFA_PROFESSIONS", "MFA_ROLES", "Profession", "Role"]


class Profession(models.TextChoices):
    HEALTH = "health", "Professionnel·le de santé"
    SOCIAL = "social", "Professionnel·le du social ou du médico-social"
    LANDLORD = "landlord", "Bailleur"
    POLICE = "police", "Police, gendarmerie"
    ELECTED = "elected", "Élu·e"
    ADMINISTRATIVE = "administrative", "Administratif, autre"


# Roles and professions that may see a person's identity or clinical content: a second factor is mandatory.
MFA_ROLES = {Role.COORDINATOR, Role.CELL_MEMBER, Role.HOUSING_MEMBER, Role.DPO}
MFA_PROFESSIONS = {Profession.HEALTH, Profession.SOCIAL}
# Professions allowed to receive clinical content (decree 2016-994; domain.md §4).
CLINICAL_PROFESSIONS = {Profession.HEALTH, Profession.SOCIAL}
