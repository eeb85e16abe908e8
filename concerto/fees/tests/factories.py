"""Test helpers of the membership fees: members (communes, a fixed share) and a year's calls."""

from __future__ import annotations

from decimal import Decimal
from types import SimpleNamespace

from django.utils import timezone

from concerto.factories import CommuneFactory, OrganisationFactory
from concerto.fees import services
from concerto.fees.enums import MemberKind
from concerto.fees.models import FeeMember


def commune_member(council, *, population=12345, email="finances@mairie.example", **kwargs) -> FeeMember:
    commune = CommuneFactory(population=population)
    council.communes.add(commune)
    return FeeMember.objects.create(
        council=council, kind=MemberKind.COMMUNE, commune=commune, contact_email=email, **kwargs
    )


def fixed_member(council, *, amount=Decimal("1500.00"), email="direction@hopital.example") -> FeeMember:
    organisation = OrganisationFactory(council=council, name="Hôpital de test")
    return FeeMember.objects.create(
        council=council, kind=MemberKind.FIXED, organisation=organisation, fixed_amount=amount, contact_email=email
    )


def fees_world(w):
    """The matrix world's fee rows, built once: two communes, a fixed share, this year's calls."""
    if getattr(w, "fees", None) is not None:
        return w.fees
    commune = commune_member(w.council, population=12345)
    fixed = fixed_member(w.council)
    services.calls_generate(council=w.council, actor=None, year=timezone.localdate().year)
    call = commune.calls.get()
    w.fees = SimpleNamespace(member=commune, fixed=fixed, call=call)
    return w.fees
