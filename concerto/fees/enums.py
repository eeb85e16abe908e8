"""The fees' choices: ASCII values, French labels."""

from django.db import models


class RateUnit(models.TextChoices):
    EUROS = "euros", "€ par habitant"
    CENTS = "cents", "centimes d'euro par habitant"


class MemberKind(models.TextChoices):
    COMMUNE = "commune", "Commune membre (au prorata de la population)"
    FIXED = "fixed", "Part fixe (établissement, organisation)"


class PaymentMeans(models.TextChoices):
    TRANSFER = "transfer", "Virement"
    MANDATE = "mandate", "Mandat administratif"
    CHEQUE = "cheque", "Chèque"
    OTHER = "other", "Autre"


class CallStatus(models.TextChoices):
    """Derived from the payments (never stored): what the list filters on."""

    UNPAID = "unpaid", "Non réglé"
    PARTIAL = "partial", "Réglé en partie"
    PAID = "paid", "Réglé"
