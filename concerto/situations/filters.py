"""The situation list's filters (django-filter), under architecture invariant 10: a filter must not tell what a row
hides.

- a filter on a row's content (commune, problem, origin, age) is offered only if the reader sees that content on at
  least one row of the list (a health problem: the health content);
- it applies only to the rows where the reader sees it (`ids_seeing`): the other rows drop out of a filtered list
  instead of being sorted by what they hide;
- a crafted filter the reader may not use (a health problem without the health content) makes the form invalid, and
  an invalid form narrows nothing (ListFilterSet);
- `older_than` is bounded (a century).

The list's referent, next review and last activity columns are "participants"-class information (who works on the
person's situation, when it is next discussed, when it last moved): `with_list_columns` blanks them on the rows where
the reader does not see that class, so sorting on them cannot tell what a row hides either (blank values sort
together, last)."""

import django_filters
from django.db.models import Case as CaseWhen
from django.db.models import CharField, DateField, DateTimeField, IntegerField, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Cast
from django.utils import timezone

from concerto.core.lists import IntegerFilter, ListFilterSet, StableOrderingFilter
from concerto.core.models import Event
from concerto.councils.problems import problem_list
from concerto.directory.enums import OrganisationType
from concerto.situations.enums import Problem, SituationStatus, Urgency, is_clinical_problem
from concerto.situations.policy import Info

CONTENT_FILTERS = ("commune", "problem", "referrer_type", "older_than")
# Sortable columns: the `tri` parameter → the ordering (then the id as a tie-break). The last two are annotations of
# `with_list_columns`, blank where the reader does not see the participants class.
SORTS = {
    "code": "code",
    "ouverture": "opened_on",
    "statut": "status",
    "prochain_point": "next_review",
    "activite": "last_activity",
}


def _communes(request):
    return request.council.communes.order_by("name")


class SituationFilterSet(ListFilterSet):
    code = django_filters.CharFilter(label="Code", lookup_expr="icontains")
    status = django_filters.ChoiceFilter(label="Statut", choices=SituationStatus.choices, empty_label="Tous")
    commune = django_filters.ModelChoiceFilter(
        label="Commune", queryset=_communes, empty_label="Toutes", method="filter_content"
    )
    problem = django_filters.ChoiceFilter(
        label="Problème", choices=Problem.choices, empty_label="Tous", method="filter_problem"
    )
    referrer_type = django_filters.ChoiceFilter(
        label="Origine de l'alerte", choices=OrganisationType.choices, empty_label="Toutes", method="filter_content"
    )
    older_than = IntegerFilter(
        label="Ouvertes depuis plus de (jours)", min_value=0, max_value=36500, method="filter_older_than"
    )
    tri = StableOrderingFilter(label="Trier par", fields={field: key for key, field in SORTS.items()})

    def __init__(self, data=None, queryset=None, *, request, seeing: dict, **kwargs):
        """`seeing`: for Info.PARTICIPANTS and Info.HEALTH_SOCIAL, the ids of the rows where the reader sees that
        content (None: every row), from `ids_seeing`."""
        super().__init__(data, queryset, request=request, **kwargs)
        self.seeing = seeing
        # The council's list of problem types, hidden ones last (old situations keep their codes).
        entries = sorted(problem_list(request.council), key=lambda e: e.hidden)
        choices = [(e.code, f"{e.label} (masqué)" if e.hidden else e.label) for e in entries]
        if not self.sees_any(Info.HEALTH_SOCIAL):
            choices = [(v, label) for v, label in choices if not is_clinical_problem(v)]
        self.filters["problem"].extra["choices"] = choices
        if not self.sees_any(Info.PARTICIPANTS):
            for name in CONTENT_FILTERS:
                del self.filters[name]

    def sees_any(self, info: str) -> bool:
        return self.seeing[info] is None or bool(self.seeing[info])

    def _rows_seeing(self, queryset, info: str):
        allowed = self.seeing[info]
        return queryset if allowed is None else queryset.filter(pk__in=allowed)

    def filter_content(self, queryset, name, value):
        return self._rows_seeing(queryset, Info.PARTICIPANTS).filter(**{name: value})

    def filter_problem(self, queryset, name, value):
        info = Info.HEALTH_SOCIAL if is_clinical_problem(value) else Info.PARTICIPANTS
        return self._rows_seeing(queryset, info).filter(problem_rows__code=value)

    def filter_older_than(self, queryset, name, value):
        since = timezone.localdate() - timezone.timedelta(days=value)
        return self._rows_seeing(queryset, Info.PARTICIPANTS).filter(opened_on__lte=since)


def with_list_columns(situations, content_ids: set[int] | None):
    """Annotates `referent` (the organisation of the active referent participant), `next_review` (that of the agenda
    item of the latest meeting) and `last_activity` (the latest event), each blank (None) on the rows whose
    participants class the reader does not see (`content_ids`; None: every row, the coordinator)."""
    from concerto.situations.models import Participant, Situation

    referent = Participant.objects.filter(situation=OuterRef("pk"), is_referent=True, until__isnull=True).values(
        "organisation__name"
    )[:1]
    next_review = (  # through the situation's agenda items (the meetings app lies above this one)
        Situation.objects.filter(pk=OuterRef("pk"), agenda_items__isnull=False)
        .order_by("-agenda_items__meeting__starts_at", "-agenda_items__id")
        .values("agenda_items__next_review")[:1]
    )
    last_activity = (
        Event.objects.filter(target_type="situations.situation", target_id=Cast(OuterRef("pk"), CharField()))
        .order_by("-created_at")
        .values("created_at")[:1]
    )
    columns = {
        "referent": (Subquery(referent), CharField()),
        "next_review": (Subquery(next_review), DateField()),
        "last_activity": (Subquery(last_activity), DateTimeField()),
    }
    if content_ids is None:
        return situations.annotate(**{name: expression for name, (expression, _) in columns.items()})
    seen = Q(pk__in=content_ids)
    return situations.annotate(
        **{
            name: CaseWhen(When(seen, then=expression), default=Value(None), output_field=field)
            for name, (expression, field) in columns.items()
        }
    )


# The alert inbox (the coordinator's alone, who sees every alert whole): `tri` → the ordering.
ALERT_SORTS = {
    "reception": "submitted_at",
    "origine": "referrer_organisation__type",
    "urgence": "urgency_rank",
}


def with_urgency_rank(alerts):
    """Annotates `urgency_rank` (1 for the least urgent), so that alerts sort by urgency and not by its code."""
    ranks = [When(urgency=value, then=Value(rank)) for rank, value in enumerate(Urgency.values, start=1)]
    return alerts.annotate(urgency_rank=CaseWhen(*ranks, default=Value(0), output_field=IntegerField()))


class AlertFilterSet(ListFilterSet):
    urgency = django_filters.ChoiceFilter(label="Urgence perçue", choices=Urgency.choices, empty_label="Toutes")
    referrer_type = django_filters.ChoiceFilter(
        label="Origine",
        field_name="referrer_organisation__type",
        choices=OrganisationType.choices,
        empty_label="Toutes",
    )
    tri = StableOrderingFilter(label="Trier par", fields={field: key for key, field in ALERT_SORTS.items()})
