"""The coordinator's forms on an occupancy: exit, deposit paid and returned, incident."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from concerto.core.decorators import member_required
from concerto.core.errors import DomainError
from concerto.housing import services
from concerto.housing.access import housing_access, occupancy_for
from concerto.housing.forms import DepositForm, DepositReturnForm, ExitForm, IncidentForm
from concerto.housing.models import Deposit
from concerto.housing.views.common import form_page


def _back(occupancy) -> str:
    return reverse("housing:place_detail", args=[occupancy.place_id])


@member_required()
def occupancy_exit(request: HttpRequest, pk: int) -> HttpResponse:
    occupancy = occupancy_for(housing_access(request, edit=True), pk)
    return form_page(
        request,
        ExitForm(request.POST or None),
        title=f"Sortie — {occupancy.place.label}",
        back=_back(occupancy),
        success="La sortie est enregistrée.",
        call=lambda f: services.occupancy_exit(occupancy=occupancy, actor=request.user, data=dict(f.cleaned_data)),
    )


@member_required()
def deposit_add(request: HttpRequest, pk: int) -> HttpResponse:
    occupancy = occupancy_for(housing_access(request, edit=True), pk)
    return form_page(
        request,
        DepositForm(request.POST or None),
        title=f"Dépôt de garantie — {occupancy.place.label}",
        back=_back(occupancy),
        success="Le versement du dépôt de garantie est enregistré.",
        call=lambda f: services.deposit_pay(occupancy=occupancy, actor=request.user, data=dict(f.cleaned_data)),
    )


@member_required()
def deposit_return(request: HttpRequest, pk: int) -> HttpResponse:
    access = housing_access(request, edit=True)
    deposit = get_object_or_404(
        Deposit.objects.filter(occupancy__place__council=access.council).select_related("occupancy__place"), pk=pk
    )
    return form_page(
        request,
        DepositReturnForm(request.POST or None),
        title=f"Restitution du dépôt — {deposit.occupancy.place.label}",
        back=_back(deposit.occupancy),
        success="La restitution du dépôt de garantie est enregistrée.",
        call=lambda f: services.deposit_return(deposit=deposit, actor=request.user, data=dict(f.cleaned_data)),
    )


@member_required()
def incident_add(request: HttpRequest, pk: int) -> HttpResponse:
    occupancy = occupancy_for(housing_access(request, edit=True), pk)
    return form_page(
        request,
        IncidentForm(request.POST or None),
        title=f"Incident — {occupancy.place.label}",
        back=_back(occupancy),
        success="L'incident est enregistré.",
        call=lambda f: services.incident_add(occupancy=occupancy, actor=request.user, data=dict(f.cleaned_data)),
    )


@member_required()
@require_POST
def slide_extend(request: HttpRequest, pk: int) -> HttpResponse:
    """The sliding lease's 24 months extended by 12, once."""
    occupancy = occupancy_for(housing_access(request, edit=True), pk)
    try:
        services.occupancy_extend_slide(occupancy=occupancy, actor=request.user)
    except DomainError as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, "Le glissement du bail est prolongé de 12 mois.")
    return redirect(_back(occupancy))
