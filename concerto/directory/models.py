"""The partner directory (annuaire): organisations of the territory and their contacts."""

from django.db import models

from concerto.core.concurrency import VersionedModel
from concerto.directory.enums import OrganisationType


class OrganisationQuerySet(models.QuerySet):
    def for_council(self, council):
        return self.filter(council=council)


class Organisation(VersionedModel):
    council = models.ForeignKey("councils.Council", on_delete=models.CASCADE, related_name="organisations")
    name = models.CharField("nom", max_length=200)
    type = models.CharField("type", max_length=32, choices=OrganisationType.choices)
    address = models.CharField("adresse", max_length=255, blank=True)
    postal_code = models.CharField("code postal", max_length=10, blank=True)
    city = models.CharField("ville", max_length=100, blank=True)
    phone = models.CharField("téléphone", max_length=30, blank=True)
    email = models.EmailField("adresse électronique", blank=True)
    website = models.URLField("site internet", blank=True)
    services = models.TextField("services proposés", blank=True)
    communes_served = models.ManyToManyField(
        "councils.Commune", blank=True, related_name="+", verbose_name="communes desservies"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["name", "id"]
        verbose_name = "structure"
        indexes = [models.Index(fields=["council", "name"], name="organisation_council_name")]

    def __str__(self) -> str:
        return self.name

    @property
    def communes_label(self) -> str:
        """Uses the prefetched communes when the list prefetched them."""
        return ", ".join(commune.name for commune in self.communes_served.all()) or "—"


class Contact(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField("nom", max_length=200)
    role = models.CharField("fonction", max_length=200, blank=True)
    phone = models.CharField("téléphone", max_length=30, blank=True)
    email = models.EmailField("adresse électronique", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = "contact"

    def __str__(self) -> str:
        return self.name
