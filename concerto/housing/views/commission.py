"""The quarterly Commission appartement, for the coordinator: the session's chair, its agenda (applications, reviews
due) and, per item, the record of the commission's decision or review. The members read the session on the meeting
page and in the record (meetings/disclosure.py, through housing/commission_disclosure.py)."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from concerto.core.decorators import member_required
from concerto.core.errors import DomainError
from concerto.housing import commission
from concerto.housing.access import housing_access
from concerto.housing.commission_disclosure import show_commission_items
from concerto.housing.forms import (
    CommissionApplicationForm,
    CommissionChairForm,
    CommissionDecisionForm,
    CommissionReviewForm,
    CommissionVenueForm,
    OccupancyReviewForm,
)
from concerto.housing.views.common import form_page
from concerto.meetings.access import meeting_for
from concerto.meetings.enums import SubjectKind


def _session(request: HttpRequest, pk: int):
    """The coordinator only (403 for the other roles), a housing meeting of the council (404 otherwise)."""
    housing_access(request, edit=True)
    meeting = meeting_for(request, pk, manage=True)
    if not commission.is_commission(meeting):
        raise Http404
    return meeting


@member_required()
def commission_session(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _session(request, pk)
    items = list(meeting.items.filter(subject_kind__in=[SubjectKind.APPLICATION, SubjectKind.OCCUPANCY_REVIEW]))
    items = show_commission_items(request, items)
    open_ = not meeting.is_frozen
    venue = commission.venue_of(meeting)
    return render(
        request,
        "housing/commission_session.html",
        {
            "access": housing_access(request),
            "meeting": meeting,
            "items": items,
            "open": open_,
            "venue": venue,
            "venue_form": CommissionVenueForm(
                initial={"commune": venue.pk if venue else None}, communes=commission.venue_communes(request.council)
            )
            if open_
            else None,
            "chair_form": CommissionChairForm(
                initial={"chair": meeting.chair_id}, candidates=commission.chair_candidates(request.council, venue)
            )
            if open_ and venue is not None
            else None,
            "application_form": CommissionApplicationForm(applications=commission.schedulable_applications(meeting))
            if open_
            else None,
            "review_form": CommissionReviewForm(occupancies=commission.reviews_due(request.council)) if open_ else None,
        },
    )


def _post(request: HttpRequest, meeting, form, call, success: str) -> HttpResponse:
    if form.is_valid():
        try:
            call(form.cleaned_data)
        except DomainError as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(request, success)
    else:
        messages.error(request, "Choisissez un élément de la liste.")
    return redirect("housing:commission_session", pk=meeting.pk)


@member_required()
@require_POST
def commission_venue(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _session(request, pk)
    form = CommissionVenueForm(request.POST, communes=commission.venue_communes(request.council))
    return _post(
        request, meeting, form,
        lambda data: commission.venue_set(meeting=meeting, actor=request.user, commune=data["commune"]),
        "La commune qui accueille la séance est enregistrée.",
    )  # fmt: skip


@member_required()
@require_POST
def commission_chair(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _session(request, pk)
    # Any elected official of the council is accepted by the form: the use case refuses one of another commune, and
    # says why.
    form = CommissionChairForm(request.POST, candidates=commission.elected_officials(request.council))
    return _post(
        request, meeting, form,
        lambda data: commission.chair_set(meeting=meeting, actor=request.user, membership=data["chair"]),
        "La présidence de séance est enregistrée.",
    )  # fmt: skip


@member_required()
@require_POST
def commission_add_application(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _session(request, pk)
    form = CommissionApplicationForm(request.POST, applications=commission.schedulable_applications(meeting))
    return _post(
        request, meeting, form,
        lambda data: commission.agenda_add_application(meeting=meeting, application=data["application"],
                                                       actor=request.user),
        "La demande est inscrite à l'ordre du jour.",
    )  # fmt: skip


@member_required()
@require_POST
def commission_add_review(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _session(request, pk)
    form = CommissionReviewForm(request.POST, occupancies=commission.reviews_due(request.council))
    return _post(
        request, meeting, form,
        lambda data: commission.agenda_add_review(meeting=meeting, occupancy=data["occupancy"], actor=request.user),
        "Le bilan semestriel est inscrit à l'ordre du jour.",
    )  # fmt: skip


@member_required()
def commission_decision(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    meeting = _session(request, pk)
    item = get_object_or_404(meeting.items.select_related("application"), pk=item_pk,
                             subject_kind=SubjectKind.APPLICATION)  # fmt: skip
    return form_page(
        request,
        CommissionDecisionForm(request.POST or None, council=request.council),
        title=f"Décision de la commission — demande {item.application.reference}",
        back=reverse("housing:commission_session", args=[meeting.pk]),
        submit="Consigner la décision",
        intro="Les propos de la personne et l'engagement commun sont chiffrés. Une admission enregistre l'entrée "
        "dans la place, avec les mêmes vérifications qu'une admission depuis la demande.",
        success="La décision de la commission est consignée.",
        call=lambda f: commission.decision_record(item=item, actor=request.user, data=dict(f.cleaned_data)),
    )


@member_required()
def commission_review(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    meeting = _session(request, pk)
    item = get_object_or_404(meeting.items.select_related("occupancy__place"), pk=item_pk,
                             subject_kind=SubjectKind.OCCUPANCY_REVIEW)  # fmt: skip
    return form_page(
        request,
        OccupancyReviewForm(request.POST or None),
        title=f"Bilan semestriel — {item.occupancy.place.label}",
        back=reverse("housing:commission_session", args=[meeting.pk]),
        submit="Consigner le bilan",
        success="Le bilan semestriel est consigné.",
        call=lambda f: commission.review_record(item=item, actor=request.user, data=dict(f.cleaned_data)),
    )
