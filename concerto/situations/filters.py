"""The situation list's filters (django-filter), under architecture invariant 10: a filter must not tell what a row
hides.

- a filter on a row's content (commune, problem, origin, age) is offered only if the reader sees that content on at
  least one row of the list (a health problem: the health content);
- it applies only to the rows where the reader sees it (`ids_seeing`): the other rows drop out of a filtered list
  instead of being sorted by what they hide;
- a crafted filter the reader may not use (a health problem without the health content) makes the form invalid, and
  an invalid form narrows nothing (ListFilterSet);
- `older_than` is bounded (a century)."""

import django_filters
from django.utils import timezone

from concerto.core.lists import IntegerFilter, ListFilterSet
from concerto.directory.enums import OrganisationType
from concerto.situations.enums import CLINICAL_PROBLEMS, Problem, SituationStatus
from concerto.situations.policy import Info

CONTENT_FILTERS = ("commune", "problem", "referrer_type", "older_than")


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

    def __init__(self, data=None, queryset=None, *, request, seeing: dict, **kwargs):
        """`seeing`: for Info.PARTICIPANTS and Info.HEALTH_SOCIAL, the ids of the rows where the reader sees that
        content (None: every row), from `ids_seeing`."""
        super().__init__(data, queryset, request=request, **kwargs)
        self.seeing = seeing
        if not self.sees_any(Info.HEALTH_SOCIAL):
            problem = self.filters["problem"]
            problem.extra["choices"] = [(v, label) for v, label in Problem.choices if v not in CLINICAL_PROBLEMS]
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
        info = Info.HEALTH_SOCIAL if value in CLINICAL_PROBLEMS else Info.PARTICIPANTS
        return self._rows_seeing(queryset, info).filter(problem_rows__code=value)

    def filter_older_than(self, queryset, name, value):
        since = timezone.localdate() - timezone.timedelta(days=value)
        return self._rows_seeing(queryset, Info.PARTICIPANTS).filter(opened_on__lte=since)
