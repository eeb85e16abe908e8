"""Alerts (saisines), situations, the separate identity record, consent, participants and the journal."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

from concerto.core.concurrency import VersionedModel
from concerto.core.crypto import blind_index
from concerto.core.fields import EncryptedCharField, EncryptedDateField, EncryptedTextField
from concerto.core.storage import encrypted_storage
from concerto.situations.enums import (
    AgeBand,
    AlertStatus,
    ClosureDecider,
    ClosureFlag,
    ClosureReason,
    ConsentKind,
    EvictionStage,
    HousingStatus,
    LegalProtection,
    NoteKind,
    PersonMode,
    Problem,
    Relationship,
    Sex,
    SituationStatus,
    Urgency,
    Visibility,
)
from concerto.situations.enums import Agreement as AgreementChoice


class Counter(models.Model):
    """Per-council yearly sequences for alert and situation codes (incremented under a row lock)."""

    council = models.ForeignKey("councils.Council", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=16)
    year = models.PositiveIntegerField()
    value = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["council", "kind", "year"], name="counter_unique")]

    def __str__(self) -> str:
        return f"{self.kind} {self.year}: {self.value}"


class CaseFields(models.Model):
    """What an alert reports and a situation keeps: coded, non-identifying fields."""

    person_mode = models.CharField("mode", max_length=16, choices=PersonMode.choices, default=PersonMode.INITIALS)
    initials = EncryptedCharField("initiales", max_length=10, blank=True)
    sex = models.CharField("sexe", max_length=1, choices=Sex.choices, blank=True)
    age_band = models.CharField("tranche d'âge", max_length=8, choices=AgeBand.choices, default=AgeBand.UNKNOWN)
    commune = models.ForeignKey(
        "councils.Commune", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="commune"
    )
    neighbourhood = EncryptedCharField("quartier", max_length=200, blank=True)
    is_qpv = models.BooleanField("quartier prioritaire (QPV)", default=False)
    housing_status = models.CharField("situation de logement", max_length=16, choices=HousingStatus.choices, blank=True)
    landlord_organisation = models.ForeignKey(
        "directory.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="bailleur (annuaire)",
    )
    landlord_name = EncryptedCharField("bailleur (autre)", max_length=200, blank=True)
    housing_since = models.DateField("date d'entrée dans le logement", null=True, blank=True)
    household_alone = models.BooleanField("vit seul·e", null=True, blank=True)
    household_children = models.PositiveSmallIntegerField("enfants au foyer", null=True, blank=True)
    household_animals = models.BooleanField("animaux", null=True, blank=True)
    legal_protection = models.CharField(
        "protection juridique", max_length=16, choices=LegalProtection.choices, default=LegalProtection.UNKNOWN
    )
    mandataire = EncryptedCharField("mandataire", max_length=200, blank=True)
    follow_ups = models.JSONField("suivis existants", default=list, blank=True)
    unpaid_amount = models.DecimalField(
        "montant de la dette (€)", max_digits=9, decimal_places=2, null=True, blank=True
    )
    eviction_stage = models.CharField(
        "stade de la procédure d'expulsion", max_length=16, choices=EvictionStage.choices, blank=True
    )
    urgency = models.CharField("urgence perçue", max_length=8, choices=Urgency.choices, default=Urgency.MEDIUM)

    class Meta:
        abstract = True


class Alert(CaseFields):
    council = models.ForeignKey("councils.Council", on_delete=models.CASCADE, related_name="alerts")
    cell = models.ForeignKey(
        "councils.Cell", on_delete=models.SET_NULL, null=True, blank=True, related_name="alerts", verbose_name="cellule"
    )
    reference = models.CharField("numéro", max_length=32, unique=True, null=True, blank=True)
    status = models.CharField("statut", max_length=16, choices=AlertStatus.choices, default=AlertStatus.DRAFT)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="alerts"
    )
    secure_link = models.ForeignKey(
        "situations.SecureLink", on_delete=models.SET_NULL, null=True, blank=True, related_name="alerts"
    )
    referrer_name = models.CharField("votre nom", max_length=200)
    referrer_organisation = models.ForeignKey(
        "directory.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="votre structure",
    )
    referrer_organisation_name = models.CharField(
        "votre structure (si absente de l'annuaire)", max_length=200, blank=True
    )
    referrer_role = models.CharField("votre fonction", max_length=200)
    referrer_phone = models.CharField("votre téléphone", max_length=30, blank=True)
    referrer_email = models.EmailField("votre adresse électronique")
    problems = models.JSONField("problèmes observés", default=list, blank=True)
    facts = EncryptedTextField("faits observés")
    already_tried = EncryptedTextField("ce qui a déjà été tenté", blank=True)
    expected_help = EncryptedTextField("aide attendue de la cellule", blank=True)
    person_informed = models.CharField(
        "la personne est-elle informée de la saisine ?", max_length=8, choices=AgreementChoice.choices
    )
    person_agrees = models.CharField(
        "la personne est-elle d'accord\u202f?", max_length=8, choices=AgreementChoice.choices
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    # The day the referrer's alert reached the council (set to the day of submission; the coordinator may enter an
    # earlier day for an alert received before the council used Concerto). Delays in the reports start from it.
    received_on = models.DateField("alerte reçue le", null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decision_reason = EncryptedTextField("motif", blank=True)
    reoriented_to = models.ForeignKey(
        "directory.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="réorientée vers",
    )
    situation = models.ForeignKey(
        "situations.Situation", on_delete=models.SET_NULL, null=True, blank=True, related_name="alerts"
    )

    class Meta:
        ordering = ["-submitted_at", "-created_at"]
        indexes = [models.Index(fields=["council", "status"], name="alert_council_status")]
        verbose_name = "alerte"

    def __str__(self) -> str:
        return self.reference or f"brouillon {self.pk}"

    @property
    def problem_labels(self) -> list[str]:
        """The labels of the problems reported, from the council's list (a local or a hidden type included)."""
        from concerto.councils.problems import problem_labels

        labels = problem_labels(self.council) if self.council_id else dict(Problem.choices)
        return [labels.get(code, code) for code in self.problems]

    @property
    def referrer_organisation_label(self) -> str:
        return self.referrer_organisation.name if self.referrer_organisation else self.referrer_organisation_name

    @property
    def is_draft(self) -> bool:
        return self.status == AlertStatus.DRAFT

    @property
    def is_accepted(self) -> bool:
        return self.status == AlertStatus.ACCEPTED

    @property
    def waiting_days(self) -> int | None:
        """Whole days since the alert was submitted (the inbox's "en attente depuis")."""
        if self.submitted_at is None:
            return None
        return (timezone.now() - self.submitted_at).days


class Situation(CaseFields, VersionedModel):
    council = models.ForeignKey("councils.Council", on_delete=models.CASCADE, related_name="situations")
    cell = models.ForeignKey(
        "councils.Cell",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="situations",
        verbose_name="cellule",
    )
    code = models.CharField("code", max_length=32, unique=True)
    status = models.CharField(
        "statut", max_length=16, choices=SituationStatus.choices, default=SituationStatus.TO_EXAMINE
    )
    label = EncryptedCharField("désignation", max_length=40, help_text="Initiales ou désignation anonyme.")
    # Blind indexes of the encrypted label and neighbourhood, for duplicate detection.
    label_index = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    neighbourhood_index = models.CharField(max_length=64, blank=True, editable=False)
    referrer_type = models.CharField("type de structure à l'origine", max_length=32, blank=True)
    opened_on = models.DateField("ouverte le")
    closed_on = models.DateField("clôturée le", null=True, blank=True)
    closure_reason = models.CharField("motif de clôture", max_length=20, choices=ClosureReason.choices, blank=True)
    # Several facts may hold at closure on top of the main reason: a list of ClosureFlag values (validated by the
    # service; a JSON list works on SQLite and PostgreSQL alike).
    closure_flags = models.JSONField("constats à la clôture", default=list, blank=True)
    closure_decided_by = models.CharField("clôture décidée", max_length=16, choices=ClosureDecider.choices, blank=True)
    relay_organisation = models.ForeignKey(
        "directory.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="structure relais",
    )
    watch_until = models.DateField("veille jusqu'au", null=True, blank=True)
    anonymised_at = models.DateTimeField("anonymisée le", null=True, blank=True)
    # Set when the person objects or withdraws their agreement, cleared once the coordinator has decided on
    # every open action (cancelled or kept with a reason): the dashboard flags the situation meanwhile.
    withdrawal_pending_since = models.DateTimeField("retrait à traiter depuis", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-opened_on", "-id"]
        indexes = [
            models.Index(fields=["council", "status"], name="situation_council_status"),
            models.Index(fields=["council", "-opened_on"], name="situation_council_opened"),
        ]
        verbose_name = "situation"

    def __str__(self) -> str:
        return self.code

    INDEXED = ("label", "neighbourhood")

    def save(self, *args, **kwargs):
        for name, value in self.blind_indexes().items():
            setattr(self, name, value)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], *self.blind_indexes()}
        super().save(*args, **kwargs)

    @property
    def is_closed(self) -> bool:
        return self.status == SituationStatus.CLOSED

    @property
    def closure_flag_labels(self) -> list[str]:
        """Every closure flag's label (the coordinator's view; the summary filters the clinical ones per reader)."""
        labels = dict(ClosureFlag.choices)
        return [labels.get(flag, flag) for flag in self.closure_flags]

    def blind_indexes(self) -> dict[str, str]:
        """The keyed hashes of the encrypted label and neighbourhood (derived data, kept in step on save)."""
        return {f"{name}_index": blind_index(value) if (value := getattr(self, name)) else "" for name in self.INDEXED}


class SituationProblem(models.Model):
    situation = models.ForeignKey(Situation, on_delete=models.CASCADE, related_name="problem_rows")
    code = models.CharField(max_length=32)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["situation", "code"], name="situation_problem_unique")]

    def __str__(self) -> str:
        return self.code


class Identity(models.Model):
    """The person's nominative identity, apart from the case. Loaded only through the access helper,
    which logs every read (architecture invariant 4)."""

    council = models.ForeignKey("councils.Council", on_delete=models.CASCADE, related_name="+")
    alert = models.OneToOneField(Alert, on_delete=models.CASCADE, null=True, blank=True, related_name="identity")
    situation = models.OneToOneField(
        Situation, on_delete=models.SET_NULL, null=True, blank=True, related_name="identity"
    )
    last_name = EncryptedTextField("nom", blank=True)
    first_name = EncryptedTextField("prénom", blank=True)
    birth_date = EncryptedDateField("date de naissance", null=True, blank=True)
    address = EncryptedTextField("adresse", blank=True)
    phone = EncryptedTextField("téléphone", blank=True)
    # Blind indexes (keyed hashes) for duplicate detection; the clear values are never searchable.
    address_index = models.CharField(max_length=64, blank=True, db_index=True)
    person_index = models.CharField(max_length=64, blank=True, db_index=True)
    birth_year_index = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "identité"

    def __str__(self) -> str:
        return f"identité {self.pk}"

    def save(self, *args, **kwargs):
        """Keeps the derived blind indexes in step with the encrypted values (no business rule here)."""
        year = str(self.birth_date.year) if self.birth_date else ""
        self.address_index = blind_index(self.address) if self.address else ""
        self.person_index = blind_index(f"{self.last_name} {year}") if self.last_name and year else ""
        self.birth_year_index = blind_index(f"year:{year}") if year else ""
        super().save(*args, **kwargs)


def attachment_path(instance, filename: str) -> str:
    """A random name: the uploaded file's own name may carry the person's name."""
    return f"attachments/{uuid.uuid4().hex}"


class Attachment(models.Model):
    alert = models.ForeignKey(Alert, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=attachment_path, storage=encrypted_storage)
    content_type = models.CharField(max_length=64)
    size = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"pièce {self.pk}"

    @property
    def extension(self) -> str:
        return {"application/pdf": "pdf", "image/png": "png", "image/jpeg": "jpg"}.get(self.content_type, "bin")


class SecureLink(models.Model):
    """A council-issued link for a referrer without an account: revocable, with an expiry, rate-limited."""

    council = models.ForeignKey("councils.Council", on_delete=models.CASCADE, related_name="secure_links")
    organisation = models.ForeignKey(
        "directory.Organisation", on_delete=models.CASCADE, related_name="secure_links", verbose_name="structure"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField("expire le")
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "lien sécurisé"

    def __str__(self) -> str:
        return f"lien {self.pk}"


class ConsentRecord(models.Model):
    situation = models.ForeignKey(Situation, on_delete=models.CASCADE, related_name="consents")
    kind = models.CharField("nature", max_length=16, choices=ConsentKind.choices)
    # The date the person expressed it; the records are ordered by when they were recorded (created_at),
    # so that a withdrawal typed with an earlier date still overrides the agreement recorded before it.
    occurred_on = models.DateField("date à laquelle la personne l'a exprimé")
    by_whom = EncryptedCharField("recueilli par", max_length=200)
    means = EncryptedCharField("moyen, commentaire", max_length=200, help_text="Entretien, courrier, téléphone…")
    scope = models.ManyToManyField(
        "directory.Organisation", blank=True, related_name="+", verbose_name="structures concernées par l'accord"
    )
    # Relatives are brought to the table only when the person's agreement says so (situations/rules.py).
    covers_relatives = models.BooleanField(
        "l'accord couvre l'association de proches",
        default=False,
        help_text="Pour un accord : la personne accepte que des proches participent et soient invité·es.",
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = "consentement"

    def __str__(self) -> str:
        return f"{self.kind} {self.occurred_on}"

    @property
    def is_agreement(self) -> bool:
        return self.kind == ConsentKind.AGREEMENT


class Participant(models.Model):
    situation = models.ForeignKey(Situation, on_delete=models.CASCADE, related_name="participants")
    organisation = models.ForeignKey(
        "directory.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name="structure"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="participations",
        verbose_name="personne",
    )
    since = models.DateField("depuis le")
    until = models.DateField("jusqu'au", null=True, blank=True)
    is_referent = models.BooleanField("référent·e auprès de la personne", default=False)

    class Meta:
        ordering = ["since", "id"]
        verbose_name = "participant·e"

    def __str__(self) -> str:
        return f"participant {self.pk}"


class Relative(models.Model):
    """A relative of the person taking part in the situation (a parent, a partner, a carer): never an account,
    never any access to the situation's content. Name and contact are identity (shown only to readers who see the
    identity); the bond is shared content. Added only with the person's agreement covering relatives."""

    situation = models.ForeignKey(Situation, on_delete=models.CASCADE, related_name="relatives")
    name = EncryptedCharField("nom et prénom", max_length=200)
    relationship = models.CharField("lien avec la personne", max_length=16, choices=Relationship.choices)
    contact = EncryptedCharField("téléphone ou adresse électronique", max_length=254, blank=True)
    since = models.DateField("depuis le")
    until = models.DateField("jusqu'au", null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["since", "id"]
        verbose_name = "proche"

    def __str__(self) -> str:
        return f"proche {self.pk}"


class JournalNote(models.Model):
    """An entry of the situation's journal: a free note, or a typed event (hospitalisation, crisis, a stage of the
    eviction procedure) with its dates. Each entry has a visibility class (the disclosure policy); the health kinds
    are never below the health and social class (concerto/situations/journal.py)."""

    situation = models.ForeignKey(Situation, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    kind = models.CharField("type", max_length=16, choices=NoteKind.choices, default=NoteKind.NOTE)
    stage = models.CharField("étape de la procédure", max_length=16, choices=EvictionStage.choices, blank=True)
    visibility = models.CharField("visible par", max_length=16, choices=Visibility.choices)
    occurred_on = models.DateField("date")
    ends_on = models.DateField("date de fin", null=True, blank=True)
    text = EncryptedTextField("note", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-occurred_on", "-id"]
        verbose_name = "note"

    def __str__(self) -> str:
        return f"note {self.pk}"
