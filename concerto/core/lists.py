"""What every list page shares: a FilterSet base (django-filter) and the pagination of its rows.

A list reads its filters from the query string through a FilterSet built on `ListFilterSet`; the FilterSet's form is a
`BaseForm` (DSFR rendering, oversized ids refused). An invalid form narrows nothing: a value that is not offered (for
example a crafted filter on an attribute the reader does not see) leaves the list as it was, instead of applying the
valid half of the filters."""

import django_filters
from django import forms
from django.core.paginator import Page, Paginator
from django.core.validators import EMPTY_VALUES
from django.db.models import F
from django.http import HttpRequest

from concerto.core.forms import BaseForm

PAGE_SIZE = 50
DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class IntegerFilter(django_filters.NumberFilter):
    """A whole number (NumberFilter takes decimals); bounds go in `min_value` / `max_value`."""

    field_class = forms.IntegerField


class ListFilterSet(django_filters.FilterSet):
    class Meta:
        form = BaseForm

    def filter_queryset(self, queryset):
        if not self.form.is_valid():
            return queryset
        return super().filter_queryset(queryset)


def paginate(request: HttpRequest, rows, size: int = PAGE_SIZE) -> tuple[Page, str]:
    """The requested page of `rows` (the last one when out of range), and the query string without `page`, for the
    page links of includes/pagination.html to keep the filters."""
    page = Paginator(rows, size).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return page, query.urlencode()


class StableOrderingFilter(django_filters.OrderingFilter):
    """The `tri` parameter of a sortable list: the chosen ordering, blank values last whatever the direction, then
    the id as a tie-break (stable pages)."""

    descending_fmt = "%s (ordre décroissant)"  # django-filter's label is built outside any active translation

    def filter(self, qs, value):
        if value in EMPTY_VALUES:
            return qs
        ordering = []
        for param in value:
            field = self.get_ordering_value(param)
            expression = F(field.removeprefix("-"))
            ordering.append(
                expression.desc(nulls_last=True) if field.startswith("-") else expression.asc(nulls_last=True)
            )
        return qs.order_by(*ordering, "id")


def current_sort(filterset, name: str = "tri") -> str:
    """The sort key chosen in the query string ("" when none, or when the form is invalid)."""
    ordering = filterset.form.cleaned_data.get(name) if filterset.form.is_valid() else None
    return ordering[0] if ordering else ""


def sort_headers(request: HttpRequest, keys, current: str) -> dict[str, dict]:
    """For each sortable column: the link that sorts on it (ascending, or descending when it is the current
    ascending sort, keeping the other filters and going back to the first page), its `aria-sort` value and the arrow
    shown next to the sorted column's header (hidden from screen readers, which read `aria-sort`)."""
    headers = {}
    for key in keys:
        query = request.GET.copy()
        query.pop("page", None)
        query["tri"] = f"-{key}" if current == key else key
        state = "ascending" if current == key else "descending" if current == f"-{key}" else "none"
        arrow = {"ascending": "↑", "descending": "↓"}.get(state, "")
        headers[key] = {"url": "?" + query.urlencode(), "aria_sort": state, "arrow": arrow}
    return headers
