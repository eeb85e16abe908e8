"""Filters of the fee calls list: year, status (derived from the payments), type of member."""

import django_filters

from concerto.core.lists import IntegerFilter, ListFilterSet, StableOrderingFilter
from concerto.fees.enums import CallStatus, MemberKind

CALL_SORTS = {"numero": "reference", "annee": "year", "montant": "amount", "solde": "balance"}


class FeeCallFilterSet(ListFilterSet):
    year = IntegerFilter(label="Année", min_value=2000, max_value=2100)
    status = django_filters.ChoiceFilter(
        label="Statut", choices=CallStatus.choices, empty_label="Tous", method="filter_status"
    )
    kind = django_filters.ChoiceFilter(label="Type de membre", choices=MemberKind.choices, empty_label="Tous")
    tri = StableOrderingFilter(label="Trier par", fields={field: key for key, field in CALL_SORTS.items()})

    def filter_status(self, queryset, name, value):
        if value == CallStatus.PAID:
            return queryset.filter(balance__lte=0)
        if value == CallStatus.PARTIAL:
            return queryset.filter(balance__gt=0, paid__gt=0)
        if value == CallStatus.UNPAID:
            return queryset.filter(paid__lte=0)
        return queryset
