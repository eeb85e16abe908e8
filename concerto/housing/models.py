"""The Commission appartement: places (with their conventions), applications (identity apart, consent, opinions),
occupancies, deposits paid by the council and incidents. Every personal free text is encrypted; the opinions and
the health incidents are of the health and social class (access.py)."""

from django.conf import settings
from django.db import models

from concerto.core.crypto import blind_index
from concerto.core.fields import EncryptedCharField, EncryptedDateField, EncryptedTextField
from concerto.core.utils import add_months
from concerto.housing.commission_models import CommissionVenue  # noqa: F401
from concerto.housing.desk_models import ConventionReminder, OfficialLetter, ProspectedLandlord  # noqa: F401
from concerto.housing.enums import (
    CLINICAL_EXITS,
    CLINICAL_INCIDENTS,
    ApplicationStatus,
    CommissionOutcome,
    Contract,
    ExitReason,
    IncidentKind,
    NationalPlaceKind,
    PlaceStatus,
    RentHelper,
    ReviewOutcome,
    Typology,
)
from concerto.situations.enums import ConsentKind

RENEWAL_NOTICE_MONTHS = 3
SLIDE_MONTHS, SLIDE_EXTENSION_MONTHS = 24, 12
MONEY = {"max_digits": 9, "decimal_places": 2}


class PlaceKind(models.Model):
    """A kind of place a council adds to the national ones (`NationalPlaceKind`)."""

    council = models.ForeignKey("councils.Council", on_delete=models.CASCADE, related_name="housing_place_kinds")
    code = models.SlugField("code", max_length=32)
    label = models.CharField("libellé", max_length=100)

    class Meta:
        ordering = ["label"]
        verbose_name = "type de place"
        constraints = [models.UniqueConstraint(fields=["council", "code"], name="housing_placekind_unique")]

    def __str__(self) -> str:
        return self.label


def kind_choices(council) -> list[tuple[str, str]]:
    return [*NationalPlaceKind.choices, *((k.code, k.label) for k in PlaceKind.objects.filter(council=council))]


class Place(models.Model):
    council = models.ForeignKey("councils.Council", on_delete=models.CASCADE, related_name="housing_places")
    kind = models.CharField("type de place", max_length=32)
    label = models.CharField("désignation", max_length=100, help_text="Ex. : « Résidence Les Tilleuls, app. 12 ».")
    # With the occupancy, the address locates a person: encrypted.
    address = EncryptedTextField("adresse", blank=True)
    commune = models.ForeignKey(
        "councils.Commune", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="commune"
    )
    landlord = models.ForeignKey(
        "directory.Organisation",
        on_delete=models.PROTECT,
        related_name="housing_places",
        verbose_name="bailleur ou structure",
    )
    typology = models.CharField("typologie", max_length=8, choices=Typology.choices)
    capacity = models.PositiveSmallIntegerField("capacité (personnes)", default=1)
    rent = models.DecimalField("loyer (€)", null=True, blank=True, **MONEY)
    charges = models.DecimalField("charges (€)", null=True, blank=True, **MONEY)
    status = models.CharField("statut", max_length=16, choices=PlaceStatus.choices, default=PlaceStatus.VACANT)
    status_since = models.DateField("depuis le")
    notes = EncryptedTextField("notes", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["label", "id"]
        verbose_name = "place"
        indexes = [models.Index(fields=["council", "status"], name="housing_place_council_status")]

    def __str__(self) -> str:
        return self.label

    def kind_label(self, labels: dict | None = None) -> str:
        labels = labels if labels is not None else dict(kind_choices(self.council))
        return labels.get(self.kind, self.kind)


class Unavailability(models.Model):
    """A period the place cannot be let (works): it is not open then (indicators)."""

    place = models.ForeignKey(Place, on_delete=models.CASCADE, related_name="unavailabilities")
    starts_on = models.DateField("du")
    ends_on = models.DateField("au", null=True, blank=True)
    reason = models.CharField("motif", max_length=200, blank=True)

    class Meta:
        ordering = ["-starts_on", "-id"]
        verbose_name = "indisponibilité"

    def __str__(self) -> str:
        return f"indisponibilité {self.pk}"


class Convention(models.Model):
    place = models.ForeignKey(Place, on_delete=models.CASCADE, related_name="conventions")
    signed_on = models.DateField("signée le")
    starts_on = models.DateField("début")
    ends_on = models.DateField("fin", null=True, blank=True)
    renewal_on = models.DateField("à renouveler le", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_on", "-id"]
        verbose_name = "convention"

    def __str__(self) -> str:
        return f"convention {self.pk}"

    @property
    def reminder_on(self):
        """The sub-group is reminded three months before the renewal."""
        return add_months(self.renewal_on, -RENEWAL_NOTICE_MONTHS) if self.renewal_on else None

    def runs_on(self, day) -> bool:
        return self.starts_on <= day and (self.ends_on is None or day <= self.ends_on)


class Application(models.Model):
    council = models.ForeignKey("councils.Council", on_delete=models.CASCADE, related_name="housing_applications")
    reference = models.CharField("numéro", max_length=32, unique=True)
    status = models.CharField(
        "statut", max_length=16, choices=ApplicationStatus.choices, default=ApplicationStatus.RECEIVED
    )
    status_reason = EncryptedTextField("motif", blank=True)
    from_situation = models.ForeignKey(
        "situations.Situation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="housing_applications",
        verbose_name="situation de la cellule",
    )
    orienting_organisation = models.ForeignKey(
        "directory.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name="équipe qui oriente"
    )
    psychiatrist_name = EncryptedCharField("psychiatre référent·e", max_length=200, blank=True)
    social_opinion = EncryptedTextField("avis social", blank=True)
    psychiatric_opinion = EncryptedTextField("avis psychiatrique", blank=True)
    wished_communes = models.ManyToManyField(
        "councils.Commune", blank=True, related_name="+", verbose_name="communes souhaitées"
    )
    wished_typology = models.CharField("typologie souhaitée", max_length=8, choices=Typology.choices, blank=True)
    accessibility = EncryptedTextField("besoins d'accessibilité", blank=True)
    curator_organisation = models.ForeignKey(
        "directory.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="curatelle ou tutelle",
    )
    received_on = models.DateField("reçue le")
    completed_on = models.DateField("complète le", null=True, blank=True)
    closed_on = models.DateField("close le", null=True, blank=True)
    anonymised_at = models.DateTimeField("anonymisée le", null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-received_on", "-id"]
        verbose_name = "demande de logement"
        indexes = [models.Index(fields=["council", "status"], name="housing_app_council_status")]

    def __str__(self) -> str:
        return self.reference


class ApplicantIdentity(models.Model):
    """The applicant's identity, apart (like `situations.Identity`): read only through `access.identity_for`,
    which logs every read."""

    application = models.OneToOneField(Application, on_delete=models.CASCADE, related_name="identity")
    last_name = EncryptedTextField("nom")
    first_name = EncryptedTextField("prénom", blank=True)
    birth_date = EncryptedDateField("date de naissance", null=True, blank=True)
    phone = EncryptedTextField("téléphone", blank=True)
    # Keyed hash of name + birth year (as `situations.Identity.person_index`): the subject-access search finds a
    # direct applicant without decrypting every identity.
    person_index = models.CharField(max_length=64, blank=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "identité du demandeur"

    def __str__(self) -> str:
        return f"identité {self.pk}"

    def save(self, *args, **kwargs):
        """Keeps the derived blind index in step with the encrypted values (no business rule here)."""
        self.person_index = person_index(self.last_name, self.birth_date)
        super().save(*args, **kwargs)


def person_index(last_name: str, birth_date) -> str:
    return blind_index(f"{last_name} {birth_date.year}") if last_name and birth_date else ""


class ApplicationConsent(models.Model):
    """The applicant's agreement (or objection) to their application being shared with the commission, as the
    situations record it. An application from a situation may rely on the situation's consent instead."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="consents")
    kind = models.CharField("nature", max_length=16, choices=ConsentKind.choices)
    occurred_on = models.DateField("date à laquelle la personne l'a exprimé")
    by_whom = EncryptedCharField("recueilli par", max_length=200)
    means = EncryptedCharField("moyen, commentaire", max_length=200, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = "consentement (logement)"

    def __str__(self) -> str:
        return f"{self.kind} {self.occurred_on}"


class Occupancy(models.Model):
    place = models.ForeignKey(Place, on_delete=models.PROTECT, related_name="occupancies")
    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="occupancies")
    entry_on = models.DateField("entrée le")
    contract = models.CharField("contrat", max_length=16, choices=Contract.choices)
    slide_due_on = models.DateField("glissement du bail prévu le", null=True, blank=True)
    slide_extended = models.BooleanField("glissement prolongé de 12 mois", default=False)
    rent = models.DecimalField("loyer (€)", null=True, blank=True, **MONEY)
    charges = models.DecimalField("charges (€)", null=True, blank=True, **MONEY)
    rent_helper = models.CharField(
        "aide au paiement du loyer", max_length=16, choices=RentHelper.choices, default=RentHelper.NONE
    )
    care_referent = EncryptedCharField("référent·e de soins", max_length=200, blank=True)
    exit_on = models.DateField("sortie le", null=True, blank=True)
    exit_reason = models.CharField("motif de sortie", max_length=16, choices=ExitReason.choices, blank=True)
    destination = EncryptedCharField("destination", max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-entry_on", "-id"]
        verbose_name = "occupation"

    def __str__(self) -> str:
        return f"occupation {self.pk}"

    @property
    def is_current(self) -> bool:
        return self.exit_on is None

    @property
    def clinical_exit(self) -> bool:
        return self.exit_reason in CLINICAL_EXITS

    def occupied_on(self, day) -> bool:
        """The exit day is not occupied (a night count)."""
        return self.entry_on <= day and (self.exit_on is None or day < self.exit_on)

    @staticmethod
    def slide_due(entry_on, extended: bool = False):
        return add_months(entry_on, SLIDE_MONTHS + (SLIDE_EXTENSION_MONTHS if extended else 0))


class Deposit(models.Model):
    """The deposit the council pays for the occupant."""

    occupancy = models.ForeignKey(Occupancy, on_delete=models.CASCADE, related_name="deposits")
    amount = models.DecimalField("montant (€)", **MONEY)
    paid_on = models.DateField("versé le")
    returned_on = models.DateField("restitué le", null=True, blank=True)
    kept_amount = models.DecimalField("montant retenu (€)", null=True, blank=True, **MONEY)
    kept_reason = EncryptedTextField("motif de la retenue", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-paid_on", "-id"]
        verbose_name = "dépôt de garantie"

    def __str__(self) -> str:
        return f"dépôt {self.pk}"

    @property
    def returned_amount(self):
        if self.returned_on is None:
            return None
        return self.amount - (self.kept_amount or 0)


class OccupancyIncident(models.Model):
    occupancy = models.ForeignKey(Occupancy, on_delete=models.CASCADE, related_name="incidents")
    kind = models.CharField("type", max_length=16, choices=IncidentKind.choices)
    occurred_on = models.DateField("date")
    note = EncryptedTextField("note", blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-occurred_on", "-id"]
        verbose_name = "incident"

    def __str__(self) -> str:
        return f"incident {self.pk}"

    @property
    def is_clinical(self) -> bool:
        return self.kind in CLINICAL_INCIDENTS


class CommissionDecision(models.Model):
    """What the quarterly commission recorded on an application on its agenda: whether the applicant came to present
    their situation and what they said (in their own words if they wished), the decision, and the joint commitment
    of the user, the sector and the council (the project's objectives). Written by `commission.decision_record`."""

    item = models.OneToOneField("meetings.AgendaItem", on_delete=models.CASCADE, related_name="housing_decision")
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="commission_decisions")
    attended = models.BooleanField("la personne est venue présenter sa situation", null=True, blank=True)
    words = EncryptedTextField("ce que la personne a dit", blank=True)
    own_words = models.BooleanField("consigné dans ses propres mots", default=False)
    outcome = models.CharField("décision", max_length=16, choices=CommissionOutcome.choices)
    reason = EncryptedTextField("motif", blank=True)
    place = models.ForeignKey(
        Place, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="place"
    )
    entry_on = models.DateField("à partir du", null=True, blank=True)
    occupancy = models.ForeignKey(
        Occupancy, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="occupation"
    )
    commitment = EncryptedTextField("engagement commun (objectifs du projet)", blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["recorded_at", "id"]
        verbose_name = "décision de la commission"

    def __str__(self) -> str:
        return f"décision {self.pk}"


class OccupancyReview(models.Model):
    """A six-monthly review of an occupancy, examined by the commission: a note and its conclusion."""

    item = models.OneToOneField(
        "meetings.AgendaItem", on_delete=models.SET_NULL, null=True, blank=True, related_name="housing_review"
    )
    occupancy = models.ForeignKey(Occupancy, on_delete=models.CASCADE, related_name="reviews")
    reviewed_on = models.DateField("bilan du")
    note = EncryptedTextField("note", blank=True)
    outcome = models.CharField("conclusion", max_length=16, choices=ReviewOutcome.choices)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-reviewed_on", "-id"]
        verbose_name = "bilan semestriel"

    def __str__(self) -> str:
        return f"bilan {self.pk}"
