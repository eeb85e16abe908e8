"""The membership fees' indicators of the Bilan page (issue 14), declared in core's registry by `declarations.py`:
the amounts called, received and still due for the year(s) of the period, and the members up to date.

`(council, start, end, cell=None)`: the fees belong to the council, not to a cell (`cell` is ignored, the
definitions say so). Amounts are `Decimal` euros (the Bilan writes them « 1 234,56 »). One query per indicator."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import DecimalField, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from concerto.core.registry import Indicator
from concerto.fees.models import FeeCall, FeePayment

COUNCIL_WIDE = " Chiffre de l'ensemble du conseil : les cotisations ne dépendent d'aucune cellule."
MONEY = DecimalField(max_digits=12, decimal_places=2)


def _calls(council, start, end) -> list[tuple[int, Decimal, Decimal]]:
    """(member, amount called, amount received by the end of the period) of each call of the period's years."""
    received = (
        FeePayment.objects.filter(call=OuterRef("pk"), paid_on__lte=end)
        .order_by()
        .values("call")
        .annotate(s=Sum("amount"))
        .values("s")
    )
    calls = FeeCall.objects.filter(council=council, year__range=(start.year, end.year)).annotate(
        received=Coalesce(Subquery(received, output_field=MONEY), Value(0, output_field=MONEY))
    )
    return [
        (member, Decimal(amount), Decimal(paid))
        for member, amount, paid in calls.values_list("member_id", "amount", "received")
    ]


def amounts(council, start, end, cell=None) -> list[tuple[str, Decimal]]:
    calls = _calls(council, start, end)
    called = sum((amount for _, amount, _ in calls), Decimal(0))
    received = sum((paid for _, _, paid in calls), Decimal(0))
    return [("Appelé", called), ("Reçu", received), ("Restant dû", called - received)]


def members_up_to_date(council, start, end, cell=None) -> list[tuple[str, int]]:
    due: dict[int, Decimal] = {}
    for member, amount, paid in _calls(council, start, end):
        due[member] = due.get(member, Decimal(0)) + amount - paid
    late = sum(1 for balance in due.values() if balance > 0)
    return [("À jour", len(due) - late), ("Avec un solde restant dû", late)]


INDICATORS = [
    Indicator(
        "fees_amounts",
        "Cotisations appelées et reçues",
        "Appels de cotisation des années couvertes par la période : montant appelé, montant reçu au dernier jour de "
        "la période, et montant restant dû ce jour-là." + COUNCIL_WIDE,
        "fees",
        80,
        amounts,
        suppressible=False,
        unit="€",
        partition=False,
    ),
    Indicator(
        "fees_members",
        "Membres cotisants à jour",
        "Membres appelés à cotiser pour les années couvertes par la période : à jour (tout réglé au dernier jour de "
        "la période) ou avec un solde restant dû. Les membres sont des communes et des établissements, pas des "
        "personnes : ces nombres ne sont pas masqués." + COUNCIL_WIDE,
        "fees",
        81,
        members_up_to_date,
        suppressible=False,
    ),
]
