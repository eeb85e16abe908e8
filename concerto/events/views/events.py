"""The council's events and workshops: list, page, create, edit, cancel, facilitators, attendance, the
questionnaire's results, the topics and the counts per topic and year."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from concerto.core.decorators import coordinator_required, member_required
from concerto.core.documents import french_span
from concerto.core.errors import DomainError
from concerto.core.lists import current_sort, paginate, sort_headers
from concerto.core.utils import site_url
from concerto.events import selectors, services
from concerto.events.access import event_for, events_for, manages
from concerto.events.enums import Attendance
from concerto.events.filters import EVENT_SORTS, EventFilterSet
from concerto.events.forms import AttendanceForm, EventForm, FacilitatorForm, TopicForm
from concerto.events.models import Topic
from concerto.events.views.common import form_page


@member_required()
def event_list(request: HttpRequest) -> HttpResponse:
    filterset = EventFilterSet(request.GET or None, events_for(request).select_related("topic"), request=request)
    sort = current_sort(filterset)
    rows = filterset.qs if sort else filterset.qs.order_by("-starts_at", "-id")
    page, query_string = paginate(request, rows)
    return render(
        request,
        "events/event_list.html",
        {
            "manages": manages(request),
            "form": filterset.form,
            "page": page,
            "query_string": query_string,
            "sort": sort_headers(request, EVENT_SORTS, sort),
        },
    )


@member_required()
def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    event = event_for(request, pk)
    manager = manages(request)
    registrations = list(event.registrations.filter(cancelled_at__isnull=True)) if manager else []
    context = {
        "event": event,
        "manages": manager,
        "when": french_span(event.starts_at, event.ends_at),
        "facilitators": event.facilitators.select_related("member", "contact"),
        "registered": event.registrations.filter(cancelled_at__isnull=True).count(),
        "places_left": services.places_left(event),
        "registrations": registrations,
        "present": sum(1 for r in registrations if r.attendance == Attendance.PRESENT),
        "answers": event.evaluations.count(),
    }
    if manager:
        context["public_link"] = site_url(reverse("events:register", args=[event.public_token]))
        context["evaluation_link"] = site_url(reverse("events:evaluate_anonymous", args=[event.evaluation_token]))
        if not event.is_cancelled:
            context["attendance_form"] = AttendanceForm(
                registrations=registrations,
                initial={
                    "present": [r.pk for r in registrations if r.attendance == Attendance.PRESENT],
                    "headcount": event.headcount,
                },
            )
    return render(request, "events/event_detail.html", context)


@coordinator_required
def event_create(request: HttpRequest) -> HttpResponse:
    return form_page(
        request,
        EventForm(request.POST or None, council=request.council),
        title="Nouvel événement",
        back=reverse("events:list"),
        success="L'événement est enregistré.",
        call=lambda f: services.event_create(council=request.council, actor=request.user, data=dict(f.cleaned_data)),
        done=lambda event: reverse("events:detail", args=[event.pk]),
    )


@coordinator_required
def event_edit(request: HttpRequest, pk: int) -> HttpResponse:
    event = event_for(request, pk, manage=True)
    return form_page(
        request,
        EventForm(request.POST or None, instance=event, council=request.council),
        title=f"Modifier l'événement « {event.title} »",
        back=reverse("events:detail", args=[event.pk]),
        success="L'événement est modifié.",
        call=lambda f: services.event_update(event=event, actor=request.user, data=dict(f.cleaned_data)),
    )


@coordinator_required
@require_POST
def event_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    event = event_for(request, pk, manage=True)
    try:
        services.event_cancel(event=event, actor=request.user)
    except DomainError as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, "L'événement est annulé ; les personnes inscrites sont prévenues par courriel.")
    return redirect("events:detail", pk=event.pk)


@coordinator_required
def facilitator_add(request: HttpRequest, pk: int) -> HttpResponse:
    event = event_for(request, pk, manage=True)
    return form_page(
        request,
        FacilitatorForm(request.POST or None, council=request.council),
        title=f"Animateur·rice de « {event.title} »",
        back=reverse("events:detail", args=[event.pk]),
        intro="Un membre du conseil, un contact de l'annuaire ou une personne nommée ici (par exemple une personne "
        "pair-aidante sans compte).",
        success="L'animateur·rice est ajouté·e.",
        call=lambda f: services.facilitator_add(event=event, actor=request.user, data=dict(f.cleaned_data)),
    )


@coordinator_required
@require_POST
def facilitator_remove(request: HttpRequest, pk: int, facilitator_pk: int) -> HttpResponse:
    event = event_for(request, pk, manage=True)
    facilitator = get_object_or_404(event.facilitators, pk=facilitator_pk)
    services.facilitator_remove(facilitator=facilitator, actor=request.user)
    messages.success(request, "L'animateur·rice est retiré·e.")
    return redirect("events:detail", pk=event.pk)


@coordinator_required
@require_POST
def attendance(request: HttpRequest, pk: int) -> HttpResponse:
    event = event_for(request, pk, manage=True)
    registrations = list(event.registrations.filter(cancelled_at__isnull=True))
    form = AttendanceForm(request.POST, registrations=registrations)
    if not form.is_valid():
        messages.error(request, "Présences non enregistrées : vérifiez les cases cochées et le nombre indiqué.")
        return redirect("events:detail", pk=event.pk)
    try:
        services.attendance_record(
            event=event,
            actor=request.user,
            present=set(form.cleaned_data.get("present") or []),
            headcount=form.cleaned_data.get("headcount"),
        )
    except DomainError as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, "Les présences sont enregistrées.")
    return redirect("events:detail", pk=event.pk)


@coordinator_required
def results(request: HttpRequest, pk: int) -> HttpResponse:
    event = event_for(request, pk, manage=True)
    return render(
        request,
        "events/results.html",
        {"event": event, "when": french_span(event.starts_at, event.ends_at), **selectors.evaluation_results(event)},
    )


@coordinator_required
def topics(request: HttpRequest) -> HttpResponse:
    form = TopicForm((request.POST or None) if request.POST.get("action") != "defaults" else None)
    if request.method == "POST":
        try:
            if request.POST.get("action") == "defaults":
                added = services.topics_add_defaults(council=request.council, actor=request.user)
                messages.success(request, f"{added} thème{'s' if added > 1 else ''} ajouté{'s' if added > 1 else ''}.")
                return redirect("events:topics")
            if form.is_valid():
                services.topic_add(council=request.council, actor=request.user, label=form.cleaned_data["label"])
                messages.success(request, "Le thème est ajouté.")
                return redirect("events:topics")
        except DomainError as refusal:
            form.add_error(None, str(refusal))
    return render(
        request, "events/topics.html", {"form": form, "topics": Topic.objects.filter(council=request.council)}
    )


@member_required()
def summary(request: HttpRequest) -> HttpResponse:
    return render(request, "events/summary.html", selectors.topic_year_counts(request.council))
