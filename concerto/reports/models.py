"""The narrative of the annual activity report (issue 14): what the coordinator writes around the figures."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from concerto.core.concurrency import VersionedModel

# The sections of the narrative: (field, heading). The headings are the documents' headings as well.
SECTIONS = (
    ("introduction", "Le conseil en {year}"),
    ("highlights", "Faits marquants"),
    ("outlook", "Perspectives pour {next_year}"),
)

# What the skeleton asks for when the coordinator has not written a section yet.
PROMPTS = {
    "introduction": (
        "En {year}, {council} a réuni ses partenaires autour des situations de personnes en difficulté de santé "
        "mentale sur son territoire. Présentez en quelques lignes le conseil, son territoire, ses instances et "
        "l'équipe de coordination, puis l'essentiel de l'année."
    ),
    "highlights": (
        "Décrivez les faits marquants de {year} : nouveaux partenaires, actions de prévention et de formation, "
        "Semaines d'information sur la santé mentale, évolutions de la cellule, difficultés rencontrées."
    ),
    "outlook": (
        "Indiquez les priorités de {next_year} : projets, groupes de travail, partenariats à développer, "
        "moyens attendus."
    ),
}


class AnnualReport(VersionedModel):
    """One council's narrative for one year. Holds nothing about a person the council supports."""

    council = models.ForeignKey("councils.Council", on_delete=models.CASCADE, related_name="annual_reports")
    year = models.PositiveSmallIntegerField("année")
    introduction = models.TextField("introduction", blank=True)
    highlights = models.TextField("faits marquants", blank=True)
    outlook = models.TextField("perspectives", blank=True)
    updated_at = models.DateTimeField("modifié le", auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-year"]
        verbose_name = "rapport annuel d'activité"
        constraints = [models.UniqueConstraint(fields=["council", "year"], name="annual_report_unique")]

    def __str__(self) -> str:
        return f"Rapport annuel d'activité {self.year}"

    @classmethod
    def skeleton(cls, council, year: int) -> "AnnualReport":
        """The unsaved narrative of a year nobody has written yet: each section holds its prompt."""
        values = {name: prompt.format(year=year, next_year=year + 1, council=council.name)
                  for name, prompt in PROMPTS.items()}  # fmt: skip
        return cls(council=council, year=year, version=0, **values)

    def sections(self) -> list[tuple[str, str]]:
        """(heading, text) of each section, in order."""
        return [
            (heading.format(year=self.year, next_year=self.year + 1), getattr(self, name)) for name, heading in SECTIONS
        ]


class ObservatoryMembership(models.Model):
    """A council (`member`) asked to share its aggregated indicators with an observatory (a federation of CLSM or a
    regional platform, itself a council of Concerto): `reports/observatory.py`.

    The state follows from the dates (`observatory.status_of`): asked (`requested_*`), consented (`consented_*`),
    refused (`withdrawn_*` without a consent) or withdrawn (`withdrawn_*` after a consent). Asking again after a
    refusal or a withdrawal reopens the same row; the history stays in both councils' events."""

    observatory = models.ForeignKey(
        "councils.Council", on_delete=models.CASCADE, related_name="observatory_members", verbose_name="observatoire"
    )
    member = models.ForeignKey(
        "councils.Council", on_delete=models.CASCADE, related_name="observatories", verbose_name="conseil membre"
    )
    requested_at = models.DateTimeField("demandé le")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    consented_at = models.DateTimeField("accepté le", null=True, blank=True)
    consented_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    withdrawn_at = models.DateTimeField("refusé ou retiré le", null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "adhésion à un observatoire"
        ordering = ["member__name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["observatory", "member"], name="observatory_member_once"),
            models.CheckConstraint(condition=~Q(observatory=F("member")), name="observatory_not_itself"),
        ]

    def __str__(self) -> str:
        return f"{self.member} → {self.observatory}"
