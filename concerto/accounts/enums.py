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
    # The people served, at the table (domain.md §1: GEM, UNAFAM sit in the cell and the COPIL). They are not
    # health or social professionals (decree 2016-994): never clinical content, whatever their role.
    USER_REPRESENTATIVE = "user_representative", "Représentant·e des usager·ères ou des familles (GEM, UNAFAM…)"
    PEER_EXPERT = "peer_expert", "Pair-aidant·e, usager·ère d'expérience"
    FAMILY = "family", "Proche, famille, aidant·e"


# Roles and professions that may see a person's identity or clinical content: a second factor is mandatory.
MFA_ROLES = {Role.COORDINATOR, Role.CELL_MEMBER, Role.HOUSING_MEMBER, Role.DPO}
MFA_PROFESSIONS = {Profession.HEALTH, Profession.SOCIAL}
# Professions allowed to receive clinical content (decree 2016-994; domain.md §4).
CLINICAL_PROFESSIONS = {Profession.HEALTH, Profession.SOCIAL}
