from django.db import models


class Role(models.TextChoices):
    COORDINATOR = "coordinator", "Coordinateur·rice"
    CELL_MEMBER = "cell_member", "Membre de la cellule"
    PARTNER = "partner", "Partenaire"
    HOUSING_MEMBER = "housing_member", "Membre de la commission logement"
    GOVERNANCE_MEMBER = "governance_member", "Membre des instances (COPIL, plénière)"
    DPO = "dpo", "Délégué·e à la protection des données"
    OBSERVER = "observer", "Observateur·rice (lecture seule)"


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
