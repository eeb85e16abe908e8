"""Membership fees (cotisations): the council's rate, its paying members (communes pro rata their population, fixed
shares such as the hospital's), one call for funds per member and year, its payments and reminders.

A call keeps a copy of what it was computed from (population, its year, rate and unit): a later change of the
setting or of the reference data does not change a call already sent."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from concerto.core.fields import EncryptedCharField
from concerto.fees.enums import MemberKind, PaymentMeans, RateUnit

# The year of the populations loaded with the Etalab extract (concerto/councils/data/README.md): package 6.0.0 takes
# the INSEE « populations légales » of millésime 2023, in force from 1 January 2026.
REFERENCE_POPULATION_YEAR = 2023


class FeeSettings(models.Model):
    council = models.OneToOneField("councils.Council", on_delete=models.CASCADE, related_name="fee_settings")
    rate = models.DecimalField(
        "taux", max_digits=8, decimal_places=4, default=Decimal("0.40"), validators=[MinValueValidator(Decimal("0"))]
    )
    unit = models.CharField("unité du taux", max_length=8, choices=RateUnit.choices, default=RateUnit.EUROS)
    population_year = models.PositiveSmallIntegerField(
        "année de la population retenue",
        default=REFERENCE_POPULATION_YEAR,
        validators=[MinValueValidator(2000), MaxValueValidator(2100)],
        help_text="Millésime des populations légales de l'INSEE chargées dans Concerto.",
    )
    payment_days = models.PositiveSmallIntegerField(
        "délai de paiement (jours)", default=30, validators=[MinValueValidator(1), MaxValueValidator(365)]
    )
    reminder_days = models.PositiveSmallIntegerField(
        "relance automatique après l'échéance (jours, 0 : jamais)",
        default=0,
        validators=[MaxValueValidator(365)],
    )

    class Meta:
        verbose_name = "réglage des cotisations"

    def __str__(self) -> str:
        return f"réglage {self.pk}"

    @property
    def euros_per_inhabitant(self) -> Decimal:
        return self.rate / 100 if self.unit == RateUnit.CENTS else self.rate


class FeeMember(models.Model):
    """A member who pays: a commune of the council (population × rate) or an organisation with a fixed share."""

    council = models.ForeignKey("councils.Council", on_delete=models.CASCADE, related_name="fee_members")
    kind = models.CharField("type", max_length=8, choices=MemberKind.choices)
    commune = models.ForeignKey(
        "councils.Commune", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="commune"
    )
    organisation = models.ForeignKey(
        "directory.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="organisation",
    )
    fixed_amount = models.DecimalField("montant fixe", max_digits=10, decimal_places=2, null=True, blank=True)
    contact_email = EncryptedCharField("adresse des appels et relances", max_length=254, blank=True)
    active = models.BooleanField("membre actif", default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "membre cotisant"
        constraints = [
            models.UniqueConstraint(fields=["council", "commune"], name="fees_member_commune_once"),
            models.UniqueConstraint(fields=["council", "organisation"], name="fees_member_organisation_once"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        if self.kind == MemberKind.COMMUNE and self.commune_id:
            return f"Commune de {self.commune.name}"
        return self.organisation.name if self.organisation_id else "—"


class FeeCall(models.Model):
    """The call for funds of one member for one year."""

    council = models.ForeignKey("councils.Council", on_delete=models.CASCADE, related_name="fee_calls")
    member = models.ForeignKey(FeeMember, on_delete=models.PROTECT, related_name="calls")
    year = models.PositiveSmallIntegerField("année")
    reference = models.CharField("numéro", max_length=24)
    kind = models.CharField("type", max_length=8, choices=MemberKind.choices)
    population = models.PositiveIntegerField("population", null=True, blank=True)
    population_year = models.PositiveSmallIntegerField("année de la population", null=True, blank=True)
    rate = models.DecimalField("taux", max_digits=8, decimal_places=4, null=True, blank=True)
    unit = models.CharField("unité du taux", max_length=8, choices=RateUnit.choices, blank=True)
    amount = models.DecimalField("montant appelé", max_digits=12, decimal_places=2)
    issued_on = models.DateField("émis le")
    due_on = models.DateField("échéance")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-year", "reference"]
        verbose_name = "appel de cotisation"
        constraints = [
            models.UniqueConstraint(fields=["member", "year"], name="fees_call_once_a_year"),
            models.UniqueConstraint(fields=["council", "reference"], name="fees_call_reference_unique"),
        ]

    def __str__(self) -> str:
        return self.reference


class FeePayment(models.Model):
    call = models.ForeignKey(FeeCall, on_delete=models.PROTECT, related_name="payments")
    paid_on = models.DateField("reçu le")
    amount = models.DecimalField("montant", max_digits=12, decimal_places=2)
    means = models.CharField("moyen de paiement", max_length=12, choices=PaymentMeans.choices)
    reference = models.CharField("référence", max_length=100, blank=True, help_text="Numéro de mandat, de chèque…")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["paid_on", "id"]
        verbose_name = "paiement de cotisation"

    def __str__(self) -> str:
        return f"paiement {self.pk}"


class FeeReminder(models.Model):
    """A reminder sent for a call: by a coordinator (sent_by) or by the daily job (sent_by empty)."""

    call = models.ForeignKey(FeeCall, on_delete=models.CASCADE, related_name="reminders")
    sent_at = models.DateTimeField(auto_now_add=True)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    balance = models.DecimalField("solde rappelé", max_digits=12, decimal_places=2)

    class Meta:
        ordering = ["-sent_at", "-id"]
        verbose_name = "relance de cotisation"

    def __str__(self) -> str:
        return f"relance {self.pk}"
