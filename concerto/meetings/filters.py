"""The meeting list's filters (django-filter). The reader sees every listed meeting's body and status."""

import django_filters

from concerto.core.lists import ListFilterSet, StableOrderingFilter
from concerto.meetings.enums import Body, MeetingStatus

# Sortable columns of the past meetings: the `tri` parameter → the ordering (the most recent first by default).
SORTS = {"date": "starts_at", "instance": "body", "statut": "status"}


class MeetingFilterSet(ListFilterSet):
    body = django_filters.ChoiceFilter(label="Instance", choices=Body.choices, empty_label="Toutes")
    status = django_filters.ChoiceFilter(label="Statut", choices=MeetingStatus.choices, empty_label="Tous")
    tri = StableOrderingFilter(label="Trier par", fields={field: key for key, field in SORTS.items()})
