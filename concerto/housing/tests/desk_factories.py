"""Test helpers of the sub-group's desk: an official letter with an encrypted document, a prospected landlord, and a
kind of place of the council."""

from __future__ import annotations

from datetime import timedelta

from django.core.files.base import ContentFile
from django.utils import timezone

from concerto.housing.desk_models import OfficialLetter, ProspectedLandlord, ProspectStatus

LETTER_SENTINEL = "SENTINELLE-RESUME-COURRIER-c41d"
PDF = b"%PDF-1.4\n% courrier de test\n"


def make_letter(council, *, document: bool = True, **kwargs) -> OfficialLetter:
    letter = OfficialLetter(
        council=council,
        sent_on=kwargs.pop("sent_on", timezone.localdate() - timedelta(days=10)),
        addressee=kwargs.pop("addressee", "Préfecture du Nord"),
        subject=kwargs.pop("subject", "Manque de logements accompagnés"),
        summary=kwargs.pop("summary", LETTER_SENTINEL),
        **kwargs,
    )
    if document:
        letter.document.save("lettre.pdf", ContentFile(PDF), save=False)
        letter.content_type = "application/pdf"
    letter.save()
    return letter


def make_prospect(council, **kwargs) -> ProspectedLandlord:
    return ProspectedLandlord.objects.create(
        council=council,
        name=kwargs.pop("name", "SCI des Berges"),
        contacted_on=kwargs.pop("contacted_on", timezone.localdate() - timedelta(days=5)),
        status=kwargs.pop("status", ProspectStatus.CONTACTED),
        next_step=kwargs.pop("next_step", "Visite de deux T2"),
        **kwargs,
    )


def desk_world(w):
    """The matrix world's desk rows, built once."""
    if getattr(w, "housing_desk", None) is not None:
        return w.housing_desk
    from types import SimpleNamespace

    from concerto.housing.models import PlaceKind

    w.housing_desk = SimpleNamespace(
        letter=make_letter(w.council),
        prospect=make_prospect(w.council),
        kind=PlaceKind.objects.create(council=w.council, code="maison-relais", label="Maison relais"),
    )
    return w.housing_desk
