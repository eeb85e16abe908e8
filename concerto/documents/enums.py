from django.db import models


class DocumentKind(models.TextChoices):
    CHARTER = "charter", "Charte"
    ALERT_FORM = "alert_form", "Fiche alerte"
    USER_GUIDE = "user_guide", "Guide d'utilisation"
    CONVENTION = "convention", "Convention"
    MINUTES = "minutes", "Compte rendu"
    OTHER = "other", "Autre"


class Audience(models.TextChoices):
    COUNCIL = "council", "Tous les membres du conseil"
    ROLE = "role", "Les membres d'un rôle (et la coordination)"
    COORDINATION = "coordination", "La coordination seulement"
