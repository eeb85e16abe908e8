"""What every list page shares: a FilterSet base (django-filter) and the pagination of its rows.

A list reads its filters from the query string through a FilterSet built on `ListFilterSet`; the FilterSet's form is a
`BaseForm` (DSFR rendering, oversized ids refused). An invalid form narrows nothing: a value that is not offered (for
example a crafted filter on an attribute the reader does not see) leaves the list as it was, instead of applying the
valid half of the filters."""

import django_filters
from django import forms
from django.core.paginator import Page, Paginator
from django.http import HttpRequest

from concerto.core.forms import BaseForm

PAGE_SIZE = 50


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
