"""Filters of the places and applications lists. Every filtered attribute is shown on each row to every reader of
the list (landlords see only their own places; applications are for the coordinator and the commission's
members), so no filter can tell what a row hides."""

import django_filters

from concerto.core.lists import ListFilterSet, StableOrderingFilter
from concerto.housing.enums import ApplicationStatus, PlaceStatus, Typology

PLACE_SORTS = {"place": "label", "commune": "commune__name", "statut": "status", "depuis": "status_since"}
APPLICATION_SORTS = {"numero": "reference", "statut": "status", "recue": "received_on", "complete": "completed_on"}


def _communes(request):
    return request.council.communes.order_by("name")


def _organisations(request):
    return request.council.organisations.order_by("name")


class PlaceFilterSet(ListFilterSet):
    status = django_filters.ChoiceFilter(label="Statut", choices=PlaceStatus.choices, empty_label="Tous")
    typology = django_filters.ChoiceFilter(label="Typologie", choices=Typology.choices, empty_label="Toutes")
    commune = django_filters.ModelChoiceFilter(label="Commune", queryset=_communes, empty_label="Toutes")
    label = django_filters.CharFilter(label="Désignation", lookup_expr="icontains")
    tri = StableOrderingFilter(label="Trier par", fields={field: key for key, field in PLACE_SORTS.items()})


class ApplicationFilterSet(ListFilterSet):
    status = django_filters.ChoiceFilter(label="Statut", choices=ApplicationStatus.choices, empty_label="Tous")
    orienting_organisation = django_filters.ModelChoiceFilter(
        label="Équipe qui oriente", queryset=_organisations, empty_label="Toutes"
    )
    reference = django_filters.CharFilter(label="Numéro", lookup_expr="icontains")
    tri = StableOrderingFilter(label="Trier par", fields={field: key for key, field in APPLICATION_SORTS.items()})
