"""Access to the membership fees: the ONLY way views load calls (architecture invariant 2).

The coordinator manages them; a member of the governance bodies (COPIL, plenary) reads them; any other member gets
403. A call of another council is 404."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import DecimalField, F, OuterRef, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404

from concerto.accounts.enums import Role
from concerto.fees.models import FeeCall, FeePayment

READERS = (Role.COORDINATOR, Role.GOVERNANCE_MEMBER)


@dataclass(frozen=True)
class FeesAccess:
    council: object
    user: object
    can_edit: bool


def shows_fees(membership) -> bool:
    """Whether the member has the « Cotisations » entry of the menu."""
    return membership is not None and membership.role in READERS


def fees_access(reader, *, edit: bool = False) -> FeesAccess:
    """The reader's standing, or 403 (`edit`: the coordinator only)."""
    role = reader.membership.role
    if role not in READERS or (edit and role != Role.COORDINATOR):
        raise PermissionDenied
    return FeesAccess(reader.council, reader.user, role == Role.COORDINATOR)


def with_balance(calls: QuerySet) -> QuerySet:
    """Each call annotated with `paid` (sum of its payments, a subquery: safe next to other aggregates) and
    `balance`."""
    money = DecimalField(max_digits=12, decimal_places=2)
    total = (
        FeePayment.objects.filter(call=OuterRef("pk")).order_by().values("call").annotate(s=Sum("amount")).values("s")
    )
    paid = Coalesce(Subquery(total, output_field=money), Value(0, output_field=money))
    return calls.annotate(paid=paid).annotate(balance=F("amount") - F("paid"))


def calls_for(access: FeesAccess) -> QuerySet:
    return with_balance(
        FeeCall.objects.filter(council=access.council).select_related("member__commune", "member__organisation")
    )


def call_for(access: FeesAccess, pk: int) -> FeeCall:
    return get_object_or_404(calls_for(access), pk=pk)
