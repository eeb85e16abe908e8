"""Use cases of the housing sub-group's desk: official letters (interpellations) and prospected landlords. The only
writers of these rows; each is atomic, refuses with a French `DomainError` before writing, and records an event."""

from __future__ import annotations

from django.db import transaction

from concerto.core.errors import DomainError
from concerto.core.events import record_event
from concerto.housing.desk_models import OfficialLetter, ProspectedLandlord
from concerto.situations.rules import check_past_day, check_same_council


def _letter_fields(data: dict) -> dict:
    check_past_day(data.get("sent_on"), "la date d'envoi")
    addressee, subject = (data.get("addressee") or "").strip(), (data.get("subject") or "").strip()
    if not addressee or not subject:
        raise DomainError("Indiquez le destinataire et l'objet du courrier.")
    return {"sent_on": data["sent_on"], "addressee": addressee, "subject": subject,
            "summary": (data.get("summary") or "").strip()}  # fmt: skip


def _attach(letter: OfficialLetter, document) -> None:
    if document:
        upload, content_type = document
        letter.document, letter.content_type = upload, content_type


@transaction.atomic
def letter_add(*, council, actor, data: dict) -> OfficialLetter:
    letter = OfficialLetter(council=council, author=actor, **_letter_fields(data))
    _attach(letter, data.get("document"))
    letter.save()
    record_event(council=council, actor=actor, verb="housing_letter_added", target=letter)
    return letter


@transaction.atomic
def letter_update(*, letter: OfficialLetter, actor, data: dict) -> OfficialLetter:
    """The letter's fields; a new document replaces the former one (deleted once the change is committed)."""
    letter = OfficialLetter.objects.select_for_update().get(pk=letter.pk)
    fields = _letter_fields(data)
    for name, value in fields.items():
        setattr(letter, name, value)
    former = letter.document.name if data.get("document") and letter.document else ""
    _attach(letter, data.get("document"))
    letter.save()
    if former:
        transaction.on_commit(lambda: letter.document.storage.delete(former))
    record_event(council=letter.council, actor=actor, verb="housing_letter_updated", target=letter)
    return letter


@transaction.atomic
def letter_delete(*, letter: OfficialLetter, actor) -> None:
    """The letter and its document (the file deleted once the deletion is committed)."""
    letter = OfficialLetter.objects.select_for_update().get(pk=letter.pk)
    document, storage = letter.document.name, letter.document.storage
    record_event(council=letter.council, actor=actor, verb="housing_letter_deleted", target=letter,
                 sent_on=letter.sent_on.isoformat())  # fmt: skip
    letter.delete()
    if document:
        transaction.on_commit(lambda: storage.delete(document))


def _prospect_fields(council, data: dict) -> dict:
    organisation = data.get("organisation")
    check_same_council(council, organisation)
    name = (data.get("name") or "").strip()
    if organisation is None and not name:
        raise DomainError("Choisissez une organisation de l'annuaire ou indiquez un nom.")
    contacted_on = data.get("contacted_on")
    if contacted_on is not None:
        check_past_day(contacted_on, "la date de contact")
    return {
        "organisation": organisation,
        "name": "" if organisation is not None else name,
        "contacted_on": contacted_on,
        "status": data["status"],
        "next_step": (data.get("next_step") or "").strip(),
    }


@transaction.atomic
def prospect_add(*, council, actor, data: dict) -> ProspectedLandlord:
    prospect = ProspectedLandlord.objects.create(council=council, **_prospect_fields(council, data))
    record_event(council=council, actor=actor, verb="housing_prospect_added", target=prospect)
    return prospect


@transaction.atomic
def prospect_update(*, prospect: ProspectedLandlord, actor, data: dict) -> ProspectedLandlord:
    prospect = ProspectedLandlord.objects.select_for_update().get(pk=prospect.pk)
    for name, value in _prospect_fields(prospect.council, data).items():
        setattr(prospect, name, value)
    prospect.save()
    record_event(
        council=prospect.council, actor=actor, verb="housing_prospect_updated", target=prospect, status=prospect.status
    )
    return prospect
