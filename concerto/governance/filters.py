"""Filters of the register of decisions and of the projects list. Every filtered attribute is shown on each row to
every reader of the list, and the choices offered are the reader's own scope (bodies and projects they see)."""

import django_filters
from django.db.models import Q

from concerto.core.lists import IntegerFilter, ListFilterSet, StableOrderingFilter
from concerto.governance.access import bodies_for, governance_access, projects_for
from concerto.governance.enums import ProjectStatus

DECISION_SORTS = {"date": "decided_on", "instance": "body_meeting__body__name", "projet": "project__name"}
PROJECT_SORTS = {"intitule": "name", "theme": "theme", "etat": "status"}


def _bodies(request):
    return bodies_for(governance_access(request)).order_by("name")


def _projects(request):
    return projects_for(governance_access(request)).order_by("name")


class DecisionFilterSet(ListFilterSet):
    body = django_filters.ModelChoiceFilter(
        label="Instance", queryset=_bodies, field_name="body_meeting__body", empty_label="Toutes"
    )
    year = IntegerFilter(label="Année", field_name="decided_on", lookup_expr="year", min_value=2000, max_value=2100)
    project = django_filters.ModelChoiceFilter(label="Groupe-projet", queryset=_projects, empty_label="Tous")
    q = django_filters.CharFilter(label="Texte", method="search", max_length=100)
    tri = StableOrderingFilter(label="Trier par", fields={field: key for key, field in DECISION_SORTS.items()})

    def search(self, queryset, name, value):
        return queryset.filter(Q(text__icontains=value) | Q(project__name__icontains=value))


class ProjectFilterSet(ListFilterSet):
    status = django_filters.ChoiceFilter(label="État", choices=ProjectStatus.choices, empty_label="Tous")
    q = django_filters.CharFilter(label="Intitulé ou thématique", method="search", max_length=100)
    tri = StableOrderingFilter(label="Trier par", fields={field: key for key, field in PROJECT_SORTS.items()})

    def search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(theme__icontains=value))
