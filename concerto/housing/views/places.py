"""Places, their conventions and unavailabilities, and the housing sub-group's desk."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from concerto.core.decorators import member_required
from concerto.core.errors import DomainError
from concerto.core.lists import current_sort, paginate, sort_headers
from concerto.housing import indicators, selectors, services
from concerto.housing.access import housing_access, incidents_for, occupancies_for, place_for, places_for
from concerto.housing.enums import NationalPlaceKind
from concerto.housing.filters import PLACE_SORTS, PlaceFilterSet
from concerto.housing.forms import ConventionForm, PlaceForm, PlaceKindForm, UnavailabilityForm
from concerto.housing.models import PlaceKind, kind_choices
from concerto.housing.views.common import delete_page, form_page


@member_required()
def place_list(request: HttpRequest) -> HttpResponse:
    access = housing_access(request)
    filterset = PlaceFilterSet(
        request.GET or None, places_for(access).select_related("commune", "landlord"), request=request
    )
    sort = current_sort(filterset)
    rows = filterset.qs if sort else filterset.qs.order_by("label", "id")
    page, query_string = paginate(request, rows)
    kinds = dict(kind_choices(request.council))
    for place in page:
        place.kind_name = kinds.get(place.kind, place.kind)
    return render(
        request,
        "housing/place_list.html",
        {
            "access": access,
            "form": filterset.form,
            "page": page,
            "query_string": query_string,
            "sort": sort_headers(request, PLACE_SORTS, sort),
        },
    )


@member_required()
def place_detail(request: HttpRequest, pk: int) -> HttpResponse:
    access = housing_access(request)
    place = place_for(access, pk)
    occupancies = list(occupancies_for(access, place).prefetch_related("deposits"))
    incidents = {}
    for incident in incidents_for(access, occupancies):
        incidents.setdefault(incident.occupancy_id, []).append(incident)
    rows = [{"occupancy": o, "incidents": incidents.get(o.pk, [])} for o in occupancies]
    return render(
        request,
        "housing/place_detail.html",
        {
            "access": access,
            "place": place,
            "kind": place.kind_label(dict(kind_choices(request.council))),
            "conventions": place.conventions.all(),
            "unavailabilities": place.unavailabilities.all(),
            "current": [r for r in rows if r["occupancy"].is_current],
            "past": [r for r in rows if not r["occupancy"].is_current],
        },
    )


@member_required()
def place_create(request: HttpRequest) -> HttpResponse:
    housing_access(request, edit=True)
    return form_page(
        request,
        PlaceForm(request.POST or None, council=request.council),
        title="Nouvelle place",
        back=reverse("housing:place_list"),
        success="La place est enregistrée.",
        call=lambda f: services.place_create(council=request.council, actor=request.user, data=dict(f.cleaned_data)),
        done=lambda place: reverse("housing:place_detail", args=[place.pk]),
    )


@member_required()
def place_edit(request: HttpRequest, pk: int) -> HttpResponse:
    access = housing_access(request, edit=True)
    place = place_for(access, pk)
    form = PlaceForm(request.POST or None, instance=place, council=request.council)
    back = reverse("housing:place_detail", args=[place.pk])
    return form_page(
        request,
        form,
        title=f"Modifier la place {place.label}",
        back=back,
        success="La place est modifiée.",
        call=lambda f: services.place_update(place=place, actor=request.user, data=dict(f.cleaned_data)),
    )


@member_required()
def convention_add(request: HttpRequest, pk: int) -> HttpResponse:
    access = housing_access(request, edit=True)
    place = place_for(access, pk)
    return form_page(
        request,
        ConventionForm(request.POST or None),
        title=f"Convention de la place {place.label}",
        back=reverse("housing:place_detail", args=[place.pk]),
        success="La convention est enregistrée.",
        call=lambda f: services.convention_add(place=place, actor=request.user, data=dict(f.cleaned_data)),
    )


@member_required()
def unavailability_add(request: HttpRequest, pk: int) -> HttpResponse:
    access = housing_access(request, edit=True)
    place = place_for(access, pk)
    return form_page(
        request,
        UnavailabilityForm(request.POST or None),
        title=f"Indisponibilité de la place {place.label}",
        back=reverse("housing:place_detail", args=[place.pk]),
        success="L'indisponibilité est enregistrée.",
        call=lambda f: services.unavailability_add(place=place, actor=request.user, data=dict(f.cleaned_data)),
    )


DESK_LETTERS = 5


@member_required()
def desk(request: HttpRequest) -> HttpResponse:
    """The housing sub-group's desk: conventions to renew, vacant places, deposits outstanding, arrears."""
    access = housing_access(request, applications=True)
    council = request.council
    today = timezone.localdate()
    figures = indicators.compute(council, today.replace(month=1, day=1), today)
    return render(
        request,
        "housing/desk.html",
        {
            "conventions": selectors.conventions_to_renew(council),
            "vacant": selectors.vacant_places(council),
            "deposits": selectors.deposits_outstanding(council),
            "arrears": selectors.arrears_alerts(council),
            "figures": figures,
            "access": access,
            "letters": selectors.letters(council)[:DESK_LETTERS],
            "prospects": selectors.prospects(council).exclude(status__in=["agreed", "declined"]),
        },
    )


@member_required()
def place_kinds(request: HttpRequest) -> HttpResponse:
    """The kinds of place: the national ones, and the council's own (the coordinator adds them)."""
    housing_access(request, edit=True)
    form = PlaceKindForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.place_kind_add(council=request.council, actor=request.user, label=form.cleaned_data["label"])
        except DomainError as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, "Le type de place est ajouté.")
            return redirect("housing:place_kinds")
    return render(
        request,
        "housing/place_kinds.html",
        {
            "form": form,
            "national": NationalPlaceKind.labels,
            "local": PlaceKind.objects.filter(council=request.council),
        },
    )


def _local_kind(request: HttpRequest, pk: int) -> PlaceKind:
    return get_object_or_404(PlaceKind.objects.filter(council=request.council), pk=pk)


@member_required()
def place_kind_edit(request: HttpRequest, pk: int) -> HttpResponse:
    housing_access(request, edit=True)
    kind = _local_kind(request, pk)
    return form_page(
        request,
        PlaceKindForm(request.POST or None, initial={"label": kind.label}, label="Libellé du type de place"),
        title=f"Modifier le type de place « {kind.label} »",
        back=reverse("housing:place_kinds"),
        intro="Les places de ce type le gardent sous son nouveau libellé.",
        success="Le type de place est modifié.",
        call=lambda f: services.place_kind_update(kind=kind, actor=request.user, label=f.cleaned_data["label"]),
    )


@member_required()
def place_kind_delete(request: HttpRequest, pk: int) -> HttpResponse:
    housing_access(request, edit=True)
    kind = _local_kind(request, pk)
    return delete_page(
        request,
        title=f"Supprimer le type de place « {kind.label} »",
        text="Un type de place ne peut être supprimé que si aucune place ne l'utilise.",
        back=reverse("housing:place_kinds"),
        call=lambda: services.place_kind_delete(kind=kind, actor=request.user),
        success="Le type de place est supprimé.",
    )
