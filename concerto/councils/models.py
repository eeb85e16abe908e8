"""The council (the tenant) and its territory."""

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
