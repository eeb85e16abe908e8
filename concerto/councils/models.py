"""The council (the tenant) and its territory."""

from datetime import time

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models


class Commune(models.Model):
    """Reference data from Etalab's découpage administratif (see concerto/councils/data/README.md)."""

    insee_code = models.CharField("code INSEE", max_length=5, unique=True)
    name = models.CharField("nom", max_length=100)
    department_code = models.CharField("département", max_length=3)
    postal_codes = models.CharField("codes postaux", max_length=200, blank=True)
    population = models.PositiveIntegerField("population", null=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "commune"

    def __str__(self) -> str:
        return f"{self.name} ({self.insee_code})"


class Council(models.Model):
    name = models.CharField("nom", max_length=200)
    code = models.CharField(
        "code court",
        max_length=8,
        unique=True,
        help_text="Préfixe des codes de situation, par exemple VAL pour VAL-2026-014.",
    )
    legal_form = models.CharField("structure porteuse", max_length=200, blank=True)
    contact_email = models.EmailField("adresse de contact", blank=True)
    logo = models.ImageField("logo", upload_to="logos/", blank=True)
    communes = models.ManyToManyField(Commune, blank=True, related_name="councils", verbose_name="communes")
    # Retention (CNIL referential for social support: active data 2 years after the last contact, then anonymised).
    retention_years = models.PositiveSmallIntegerField(
        "conservation après la clôture (années)", default=2, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    declined_alert_retention_months = models.PositiveSmallIntegerField(
        "conservation des alertes réorientées ou non recevables (mois)",
        default=6,
        validators=[MinValueValidator(1), MaxValueValidator(24)],
    )
    access_log_retention_months = models.PositiveSmallIntegerField(
        "conservation du journal des consultations (mois)",
        default=12,
        validators=[MinValueValidator(6), MaxValueValidator(36)],
    )
    draft_retention_days = models.PositiveSmallIntegerField(
        "conservation des brouillons d'alerte (jours)",
        default=30,
        validators=[MinValueValidator(7), MaxValueValidator(180)],
    )
    unusual_reads_per_day = models.PositiveSmallIntegerField(
        "seuil d'alerte : identités ouvertes par une même personne en un jour",
        default=20,
        validators=[MinValueValidator(1), MaxValueValidator(500)],
    )
    # Reports (issue 14): the smallest count shown to readers outside the cell, and the delay the council sets
    # itself between an alert and the first session that discusses it.
    report_threshold = models.PositiveSmallIntegerField(
        "seuil de secret statistique (k)",
        default=5,
        validators=[MinValueValidator(3), MaxValueValidator(20)],
        help_text="Hors de la cellule, un effectif inférieur à ce seuil est affiché « < k ».",
    )
    first_session_target_days = models.PositiveSmallIntegerField(
        "objectif de délai entre l'alerte et la première séance (jours)",
        default=30,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "conseil"

    def __str__(self) -> str:
        return self.name


class PsychiatricSector(models.Model):
    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="sectors")
    code = models.CharField("code du secteur", max_length=20)
    name = models.CharField("nom", max_length=200)
    institution = models.CharField("établissement de rattachement", max_length=200, blank=True)

    class Meta:
        ordering = ["code"]
        constraints = [models.UniqueConstraint(fields=["council", "code"], name="sector_unique_code")]
        verbose_name = "secteur de psychiatrie"

    def __str__(self) -> str:
        return f"{self.code} — {self.name}"


class ProblemType(models.Model):
    """One entry of a council's list of problem types (concerto/councils/problems.py): a national type (its code
    from the national list, shown or hidden) or a local one (code `local_<slug>`, its own label). The rows appear
    the first time the coordinator changes the list; until then the council uses the national list as it is."""

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="problem_types")
    code = models.CharField("code", max_length=32)
    label = models.CharField("libellé", max_length=100, blank=True, help_text="Types locaux seulement.")
    hidden = models.BooleanField("masqué", default=False)
    position = models.PositiveSmallIntegerField("rang", default=0)

    class Meta:
        ordering = ["position", "id"]
        constraints = [models.UniqueConstraint(fields=["council", "code"], name="problem_type_unique_code")]
        verbose_name = "type de problème"

    def __str__(self) -> str:
        return self.code


MONTH_NAMES = [
    "janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre",
    "décembre",
]  # fmt: skip


class Frequency(models.TextChoices):
    NONE = "", "Pas de rythme régulier"
    MONTHLY = "monthly", "Mensuelle"
    WEEKLY = "weekly", "Hebdomadaire (ou toutes les N semaines)"


class Ordinal(models.IntegerChoices):
    FIRST = 1, "1re"
    SECOND = 2, "2e"
    THIRD = 3, "3e"
    FOURTH = 4, "4e"
    LAST = -1, "dernière"


class Weekday(models.IntegerChoices):
    MONDAY = 0, "lundi"
    TUESDAY = 1, "mardi"
    WEDNESDAY = 2, "mercredi"
    THURSDAY = 3, "jeudi"
    FRIDAY = 4, "vendredi"


class HolidayRule(models.TextChoices):
    NEXT_WEEK = "next_week", "Reportée à la semaine suivante, même jour"
    PREVIOUS_WEEK = "previous_week", "Avancée à la semaine précédente, même jour"
    SKIP = "skip", "Supprimée"


class Cell(models.Model):
    """A cellule de concertation / cas complexes. A council may run several."""

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="cells")
    name = models.CharField("nom", max_length=200)
    venue = models.CharField("lieu habituel", max_length=255, blank=True)
    rhythm = models.CharField(
        "remarque sur le rythme",
        max_length=200,
        blank=True,
        help_text="Note libre, par exemple : hors vacances scolaires.",
    )
    # The rhythm as a rule (concerto.meetings.calendar turns it into the year's sessions).
    frequency = models.CharField(
        "fréquence", max_length=8, choices=Frequency.choices, default=Frequency.NONE, blank=True
    )
    week_interval = models.PositiveSmallIntegerField(
        "toutes les … semaines",
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(8)],
        help_text="Pour un rythme hebdomadaire : 1 chaque semaine, 2 une semaine sur deux…",
    )
    week_ordinal = models.SmallIntegerField(
        "semaine du mois", choices=Ordinal.choices, default=Ordinal.SECOND,
        help_text="Pour un rythme mensuel : par exemple le 2e mardi du mois.",
    )  # fmt: skip
    weekday = models.PositiveSmallIntegerField("jour de la semaine", choices=Weekday.choices, default=Weekday.TUESDAY)
    session_starts = models.TimeField("heure de début", default=time(9, 30))
    session_ends = models.TimeField("heure de fin", default=time(12, 0))
    months_off = models.CharField(
        "mois sans séance",
        max_length=40,
        blank=True,
        default="8",
        help_text="Numéros des mois, séparés par des virgules.",
    )
    holiday_rule = models.CharField(
        "séance tombant un jour férié",
        max_length=16,
        choices=HolidayRule.choices,
        default=HolidayRule.NEXT_WEEK,
    )
    max_agenda_items = models.PositiveSmallIntegerField("situations par séance (maximum)", default=8)
    agenda_closes_days = models.PositiveSmallIntegerField(
        "clôture de l'ordre du jour (jours avant la séance)", default=7
    )
    review_months = models.CharField(
        "points d'étape (mois après la première séance)",
        max_length=20,
        default="3,6",
        help_text="Nombres de mois séparés par des virgules.",
    )
    invited_access_days = models.PositiveSmallIntegerField("accès des invités après la séance (jours)", default=7)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "cellule"

    def __str__(self) -> str:
        return self.name

    @property
    def current_charter(self):
        return self.charters.order_by("-version").first()

    @property
    def months_without_session(self) -> list[int]:
        return parse_numbers(self.months_off)

    @property
    def review_offsets(self) -> list[int]:
        return parse_numbers(self.review_months)

    @property
    def rule_summary(self) -> str:
        """« Mensuelle : 2e mardi du mois, 09h30–12h00, sauf en août » (empty without a rule)."""
        if self.frequency == Frequency.MONTHLY:
            ordinal = self.get_week_ordinal_display()
            text = f"Mensuelle : {ordinal} {self.get_weekday_display()} du mois"
        elif self.frequency == Frequency.WEEKLY:
            every = "chaque semaine" if self.week_interval <= 1 else f"toutes les {self.week_interval} semaines"
            text = f"Le {self.get_weekday_display()}, {every}"
        else:
            return ""
        text += f", {self.session_starts:%Hh%M}–{self.session_ends:%Hh%M}"
        if self.months_without_session:
            text += ", sauf en " + ", ".join(MONTH_NAMES[m - 1] for m in self.months_without_session)
        return text


def parse_numbers(text: str) -> list[int]:
    """ "3, 6" → [3, 6]; what is not a number is ignored (the cell form refuses it with a French message)."""
    return sorted({int(part) for part in (text or "").split(",") if part.strip().isdigit()})


class CellMember(models.Model):
    class Kind(models.TextChoices):
        PERMANENT = "permanent", "Membre permanent"
        SUBSTITUTE = "substitute", "Suppléant·e"

    cell = models.ForeignKey(Cell, on_delete=models.CASCADE, related_name="members")
    membership = models.ForeignKey(
        "accounts.Membership", on_delete=models.CASCADE, related_name="cell_seats", verbose_name="personne"
    )
    kind = models.CharField("qualité", max_length=16, choices=Kind.choices, default=Kind.PERMANENT)
    substitute_for = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="substitutes",
        verbose_name="suppléant·e de",
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["cell", "membership"], name="cell_member_unique")]
        verbose_name = "membre de cellule"

    def __str__(self) -> str:
        return f"{self.membership.user} ({self.get_kind_display()})"


class Charter(models.Model):
    """Charte de fonctionnement et de confidentialité, versioned; members commit to the current version."""

    cell = models.ForeignKey(Cell, on_delete=models.CASCADE, related_name="charters")
    version = models.PositiveIntegerField("version")
    document = models.FileField("document", upload_to="charters/")
    uploaded_by = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["cell", "version"], name="charter_unique_version")]
        ordering = ["-version"]
        verbose_name = "charte"

    def __str__(self) -> str:
        return f"Charte v{self.version}"


class CharterCommitment(models.Model):
    charter = models.ForeignKey(Charter, on_delete=models.CASCADE, related_name="commitments")
    membership = models.ForeignKey(
        "accounts.Membership", on_delete=models.CASCADE, related_name="commitments", verbose_name="personne"
    )
    committed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["charter", "membership"], name="commitment_unique")]
        verbose_name = "engagement"

    def __str__(self) -> str:
        return f"engagement {self.pk}"


class CommuneShape(models.Model):
    """The outline of a commune, for the Bilan's map of alerts (issue 14): an SVG path whose coordinates are
    longitude and latitude in ten-thousandths of a degree (unprojected: the map scales the longitudes by the cosine
    of its mean latitude), simplified when loaded. Loaded by `manage.py load_commune_shapes` from a GeoJSON file
    (see concerto/councils/data/README.md): the Etalab découpage shipped with the project has no contours."""

    commune = models.OneToOneField(
        Commune, on_delete=models.CASCADE, primary_key=True, related_name="shape", verbose_name="commune"
    )
    path = models.TextField("tracé (SVG)")
    min_x = models.IntegerField("longitude minimale (1/10 000 de degré)")
    min_y = models.IntegerField("latitude minimale (1/10 000 de degré)")
    max_x = models.IntegerField("longitude maximale (1/10 000 de degré)")
    max_y = models.IntegerField("latitude maximale (1/10 000 de degré)")
    source = models.CharField("source", max_length=200, blank=True)

    class Meta:
        verbose_name = "contour de commune"

    def __str__(self) -> str:
        return f"Contour de {self.commune_id}"
