"""The filters of "my actions" and of the council's actions (django-filter). The rows of "my actions" are the reader's
own actions, and the council's actions are the coordinator's alone, who sees every row whole: every filtered attribute
is shown on each row, so no filter can tell what a row hides."""

import django_filters
from django import forms
from django.utils import timezone

from concerto.core import lists
from concerto.core.lists import ListFilterSet
from concerto.plans.enums import OPEN_STATUSES, ActionState, ActionStatus


class MyActionFilterSet(ListFilterSet):
    situation = django_filters.CharFilter(label="Situation", field_name="situation__code", lookup_expr="icontains")
    status = django_filters.ChoiceFilter(label="Statut", choices=ActionStatus.choices, empty_label="Tous")


def _organisations(request):
    return request.council.organisations.order_by("name")


def _cells(request):
    return request.council.cells.order_by("name")


DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
# Sortable columns of the council's actions: the `tri` parameter → the ordering, then the id as a tie-break.
SORTS = {
    "situation": "situation__code",
    "responsable": "owner_organisation__name",
    "echeance": "due_on",
    "statut": "status",
    "cellule": "situation__cell__name",
}


class StableOrderingFilter(django_filters.OrderingFilter):
    def filter(self, qs, value):
        qs = super().filter(qs, value)
        return qs.order_by(*qs.query.order_by, "id") if value else qs


class CouncilActionFilterSet(ListFilterSet):
    """The coordinator's view of every action of the council: the coordinator sees every row whole, so every filter
    applies to every row."""

    state = django_filters.ChoiceFilter(
        label="État", choices=ActionState.choices, empty_label="Toutes", method="filter_state"
    )
    organisation = django_filters.ModelChoiceFilter(
        label="Structure responsable", field_name="owner_organisation", queryset=_organisations, empty_label="Toutes"
    )
    cell = django_filters.ModelChoiceFilter(
        label="Cellule", field_name="situation__cell", queryset=_cells, empty_label="Toutes"
    )
    situation = django_filters.CharFilter(label="Situation", field_name="situation__code", lookup_expr="icontains")
    due_after = django_filters.DateFilter(
        label="Échéance à partir du", field_name="due_on", lookup_expr="gte", widget=DATE_INPUT
    )
    due_before = django_filters.DateFilter(
        label="Échéance jusqu'au", field_name="due_on", lookup_expr="lte", widget=DATE_INPUT
    )
    tri = StableOrderingFilter(label="Trier par", fields={field: key for key, field in SORTS.items()})

    def filter_state(self, queryset, name, value):
        today = timezone.localdate()
        if value == ActionState.OPEN:
            return queryset.filter(status__in=OPEN_STATUSES)
        if value == ActionState.OVERDUE:
            return queryset.filter(status__in=OPEN_STATUSES, due_on__lt=today)
        return queryset.exclude(status__in=OPEN_STATUSES)


def sort_headers(request, current: str) -> dict[str, dict]:
    """The headers of the council's actions' sortable columns (see core.lists.sort_headers)."""
    return lists.sort_headers(request, SORTS, current)
