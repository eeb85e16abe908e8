"""The filters of "my actions" (django-filter). The rows are the reader's own actions: every filtered attribute is
shown on each row, so no filter can tell what a row hides."""

import django_filters

from concerto.core.lists import ListFilterSet
from concerto.plans.enums import ActionStatus


class MyActionFilterSet(ListFilterSet):
    situation = django_filters.CharFilter(label="Situation", field_name="situation__code", lookup_expr="icontains")
    status = django_filters.ChoiceFilter(label="Statut", choices=ActionStatus.choices, empty_label="Tous")
