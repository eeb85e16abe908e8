"""The audit log as a list: its filters (django-filter), its labelled rows and its XLSX export, from the registry
alone (core does not import the domain apps)."""

import django_filters
from django.apps import apps
from django.db.models import CharField
from django.db.models.functions import Cast

from concerto.core import xlsx
from concerto.core.events import record_event
from concerto.core.lists import DATE_INPUT, ListFilterSet
from concerto.core.models import Event
from concerto.core.registry import registry

SITUATION = "situations.situation"
HEADERS = ["Date", "Action", "Par", "Objet"]


def _actors(request):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(memberships__council=request.council).distinct().order_by("last_name")


def _verbs():
    return sorted(registry.events.items(), key=lambda item: item[1])


class EventFilterSet(ListFilterSet):
    actor = django_filters.ModelChoiceFilter(label="Par", queryset=_actors, empty_label="Toutes les personnes")
    verb = django_filters.ChoiceFilter(label="Action", choices=_verbs, empty_label="Toutes")
    since = django_filters.DateFilter(label="Du", field_name="created_at", lookup_expr="date__gte", widget=DATE_INPUT)
    until = django_filters.DateFilter(label="Au", field_name="created_at", lookup_expr="date__lte", widget=DATE_INPUT)
    situation = django_filters.CharFilter(label="Code de la situation", method="filter_situation", max_length=32)

    def filter_situation(self, queryset, name, value):
        situations = apps.get_model(SITUATION)._default_manager.filter(council=self.request.council)
        ids = situations.filter(code__icontains=value).annotate(key=Cast("pk", CharField())).values("key")
        return queryset.filter(target_type=SITUATION, target_id__in=ids)


def events_filtered(request) -> EventFilterSet:
    events = Event.objects.filter(council=request.council).select_related("actor")
    return EventFilterSet(request.GET or None, events, request=request)


def labelled(events) -> list[dict]:
    """The events as the page and the export show them (one query per target model)."""
    events = list(events)
    targets = registry.describe_targets((event.target_type, event.target_id) for event in events)
    return [
        {
            "at": event.created_at,
            "label": registry.event_label(event.verb),
            "actor": event.actor,
            "target": targets.get((event.target_type, event.target_id), ""),
        }
        for event in events
    ]


def events_xlsx(events) -> tuple[bytes, int]:
    rows = (
        [row["at"], row["label"], str(row["actor"]) if row["actor"] else "Système", row["target"]]
        for row in labelled(events[: xlsx.MAX_ROWS])
    )
    return xlsx.workbook("Journal", HEADERS, rows)


def audit_log_export_record(*, council, actor, rows: int) -> None:
    """The export of the audit log is itself recorded in the journal."""
    record_event(council=council, actor=actor, verb="audit_log_exported", rows=rows)
