"""The meeting list's filters (django-filter). The reader sees every listed meeting's body and status."""

import django_filters

from concerto.core.lists import ListFilterSet
from concerto.meetings.enums import Body, MeetingStatus


class MeetingFilterSet(ListFilterSet):
    body = django_filters.ChoiceFilter(label="Instance", choices=Body.choices, empty_label="Toutes")
    status = django_filters.ChoiceFilter(label="Statut", choices=MeetingStatus.choices, empty_label="Tous")
