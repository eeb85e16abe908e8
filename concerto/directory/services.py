"""Directory use cases. Each one is atomic and writes an event."""

from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone

from concerto.core.concurrency import save_versioned
from concerto.core.errors import DomainError
from concerto.core.events import record_event
from concerto.directory.models import Contact, Organisation

EDITABLE_FIELDS = ["name", "type", "address", "postal_code", "city", "phone", "email", "website", "services"]


def _check_communes(council, communes) -> None:
    """An organisation serves communes of its council's territory only."""
    wanted = {c.pk for c in communes}
    if wanted - set(council.communes.filter(pk__in=wanted).values_list("pk", flat=True)):
        raise DomainError("Une structure ne peut desservir que des communes du territoire du conseil.")


@transaction.atomic
def organisation_create(*, council, actor, data: dict) -> Organisation:
    communes = data.pop("communes_served", [])
    _check_communes(council, communes)
    organisation = Organisation.objects.create(council=council, **data)
    organisation.communes_served.set(communes)
    record_event(council=council, actor=actor, verb="organisation_created", target=organisation)
    return organisation


@transaction.atomic
def organisation_update(*, organisation: Organisation, actor, data: dict, expected_version: int) -> None:
    """Raises VersionConflict when someone saved the organisation since the form was loaded."""
    _check_communes(organisation.council, data["communes_served"])
    stored = Organisation.objects.get(pk=organisation.pk)  # a bound ModelForm already changed it in memory
    changed = [f for f in EDITABLE_FIELDS if getattr(stored, f) != data[f]]
    for field in EDITABLE_FIELDS:
        setattr(organisation, field, data[field])
    organisation.updated_at = timezone.now()
    save_versioned(organisation, expected_version=expected_version, update_fields=[*EDITABLE_FIELDS, "updated_at"])
    before = set(organisation.communes_served.values_list("pk", flat=True))
    after = {c.pk for c in data["communes_served"]}
    if before != after:
        organisation.communes_served.set(data["communes_served"])
        changed.append("communes_served")
    record_event(
        council=organisation.council,
        actor=actor,
        verb="organisation_updated",
        target=organisation,
        fields=changed,
    )


@transaction.atomic
def organisation_delete(*, organisation: Organisation, actor) -> None:
    """Refused while situations, actions or alerts cite the organisation (protected foreign keys)."""
    try:
        with transaction.atomic():
            record_event(council=organisation.council, actor=actor, verb="organisation_deleted", target=organisation)
            organisation.delete()
    except ProtectedError as error:
        raise DomainError(
            "Cette structure participe à des situations : elle reste dans l'annuaire tant qu'elles la citent."
        ) from error


@transaction.atomic
def contact_save(*, contact: Contact, actor) -> Contact:
    created = contact.pk is None
    contact.save()
    record_event(
        council=contact.organisation.council,
        actor=actor,
        verb="contact_created" if created else "contact_updated",
        target=contact,
        organisation=contact.organisation_id,
    )
    return contact


@transaction.atomic
def contact_delete(*, contact: Contact, actor) -> None:
    record_event(
        council=contact.organisation.council,
        actor=actor,
        verb="contact_deleted",
        target=contact,
        organisation=contact.organisation_id,
    )
    contact.delete()
