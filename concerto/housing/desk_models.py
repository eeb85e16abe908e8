"""The housing sub-group's desk (bureau du sous-groupe logement): the official letters it sends (interpellations),
the partner landlords and structures it prospects, and the guard row of the convention renewal reminder.

None of these rows is about a person the council supports: the letters speak of the filière as a whole (the form
asks for no name of a supported person), the prospects are organisations or landlords. The letter's summary and
document are nevertheless encrypted (they may quote an anonymised case); so are a private landlord's name and the
free notes of a prospect."""

import uuid

from django.conf import settings
from django.db import models

from concerto.core.fields import EncryptedCharField, EncryptedTextField
from concerto.core.storage import encrypted_storage


class ProspectStatus(models.TextChoices):
    TO_CONTACT = "to_contact", "À contacter"
    CONTACTED = "contacted", "Contacté"
    MEETING = "meeting", "Rencontre prévue ou faite"
    AGREED = "agreed", "Partenariat conclu"
    DECLINED = "declined", "Pas de suite"


def letter_path(instance, filename: str) -> str:
    """A random name: the uploaded file's own name is not kept."""
    return f"housing/letters/{uuid.uuid4().hex}"


class OfficialLetter(models.Model):
    """An official letter (interpellation) of the sub-group: to a prefect, a mayor, a landlord's board…"""

    council = models.ForeignKey("councils.Council", on_delete=models.CASCADE, related_name="housing_letters")
    sent_on = models.DateField("envoyé le")
    addressee = models.CharField("destinataire", max_length=200, help_text="Une institution ou une fonction.")
    subject = models.CharField("objet", max_length=200)
    summary = EncryptedTextField("résumé", blank=True)
    document = models.FileField("document", upload_to=letter_path, storage=encrypted_storage, blank=True)
    content_type = models.CharField(max_length=64, blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-sent_on", "-id"]
        verbose_name = "courrier officiel"

    def __str__(self) -> str:
        return f"courrier {self.pk}"

    @property
    def extension(self) -> str:
        return {"application/pdf": "pdf", "image/png": "png", "image/jpeg": "jpg"}.get(self.content_type, "bin")


class ProspectedLandlord(models.Model):
    """A landlord or structure the sub-group approaches to capture new places."""

    council = models.ForeignKey("councils.Council", on_delete=models.CASCADE, related_name="housing_prospects")
    organisation = models.ForeignKey(
        "directory.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="organisation de l'annuaire",
    )
    name = EncryptedCharField("nom (si hors annuaire)", max_length=200, blank=True)
    contacted_on = models.DateField("contacté le", null=True, blank=True)
    status = models.CharField(
        "statut", max_length=16, choices=ProspectStatus.choices, default=ProspectStatus.TO_CONTACT
    )
    next_step = EncryptedTextField("prochaine étape", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["status", "-contacted_on", "-id"]
        verbose_name = "bailleur prospecté"

    def __str__(self) -> str:
        return f"prospect {self.pk}"

    @property
    def display_name(self) -> str:
        return self.organisation.name if self.organisation_id else self.name


class ConventionReminder(models.Model):
    """The renewal reminder of a convention was sent (once per renewal date)."""

    convention = models.ForeignKey("housing.Convention", on_delete=models.CASCADE, related_name="reminders")
    renewal_on = models.DateField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "rappel de renouvellement"
        constraints = [
            models.UniqueConstraint(fields=["convention", "renewal_on"], name="housing_renewal_reminder_once")
        ]

    def __str__(self) -> str:
        return f"rappel {self.pk}"
