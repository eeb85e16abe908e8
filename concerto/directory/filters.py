"""The directory's filters (django-filter): the list and its exports read the same query string."""

import django_filters

from concerto.core.lists import ListFilterSet
from concerto.directory.enums import OrganisationType
from concerto.directory.selectors import search_organisations


def _communes(request):
    return request.council.communes.order_by("name")


class OrganisationFilterSet(ListFilterSet):
    q = django_filters.CharFilter(label="Rechercher", method="search", help_text="Nom, ville, service ou contact")
    type = django_filters.ChoiceFilter(
        label="Type de structure", choices=OrganisationType.choices, empty_label="Tous les types"
    )
    commune = django_filters.ModelChoiceFilter(
        label="Commune desservie", field_name="communes_served", queryset=_communes, empty_label="Toutes les communes"
    )

    def search(self, queryset, name, value):
        return search_organisations(queryset, value)
