"""Filters of the events and trainings lists: kind, topic, year (every filtered attribute is shown on each row to
every reader of the list)."""

import django_filters

from concerto.core.lists import IntegerFilter, ListFilterSet, StableOrderingFilter
from concerto.events.enums import EventKind, TrainingKind
from concerto.events.models import Topic

EVENT_SORTS = {"date": "starts_at", "titre": "title", "type": "kind"}
TRAINING_SORTS = {"date": "starts_on", "intitule": "title", "type": "kind"}


def _topics(request):
    return Topic.objects.filter(council=request.council)


class EventFilterSet(ListFilterSet):
    kind = django_filters.ChoiceFilter(label="Type", choices=EventKind.choices, empty_label="Tous")
    topic = django_filters.ModelChoiceFilter(label="Thème", queryset=_topics, empty_label="Tous")
    year = IntegerFilter(label="Année", field_name="starts_at__year", min_value=2000, max_value=2100)
    tri = StableOrderingFilter(label="Trier par", fields={field: key for key, field in EVENT_SORTS.items()})


class TrainingFilterSet(ListFilterSet):
    kind = django_filters.ChoiceFilter(label="Type", choices=TrainingKind.choices, empty_label="Tous")
    year = IntegerFilter(label="Année", field_name="starts_on__year", min_value=2000, max_value=2100)
    tri = StableOrderingFilter(label="Trier par", fields={field: key for key, field in TRAINING_SORTS.items()})
