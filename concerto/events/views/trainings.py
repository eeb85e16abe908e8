"""Trainings: sessions, trainees, attendance, certificates and the people trained per year and organisation."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from concerto.core import xlsx
from concerto.core.decorators import coordinator_required, member_required
from concerto.core.errors import DomainError
from concerto.core.lists import current_sort, paginate, sort_headers
from concerto.events import selectors, services
from concerto.events.access import certificate_trainee, manages, training_for, trainings_for
from concerto.events.certificates import certificate_pdf
from concerto.events.enums import Attendance
from concerto.events.filters import TRAINING_SORTS, TrainingFilterSet
from concerto.events.forms import TraineeForm, TrainingAttendanceForm, TrainingForm
from concerto.events.views.common import form_page


@member_required()
def training_list(request: HttpRequest) -> HttpResponse:
    filterset = TrainingFilterSet(request.GET or None, trainings_for(request), request=request)
    sort = current_sort(filterset)
    rows = filterset.qs if sort else filterset.qs.order_by("-starts_on", "-id")
    page, query_string = paginate(request, rows)
    return render(
        request,
        "events/training_list.html",
        {
            "manages": manages(request),
            "form": filterset.form,
            "page": page,
            "query_string": query_string,
            "sort": sort_headers(request, TRAINING_SORTS, sort),
        },
    )


@member_required()
def training_detail(request: HttpRequest, pk: int) -> HttpResponse:
    session = training_for(request, pk)
    manager = manages(request)
    trainees = list(session.trainees.select_related("organisation")) if manager else []
    context = {
        "session": session,
        "manages": manager,
        "trainees": trainees,
        "trainee_count": session.trainees.count(),
        "present_count": session.trainees.filter(attendance=Attendance.PRESENT).count(),
    }
    if manager:
        live = [t for t in trainees if t.anonymised_at is None]
        context["attendance_form"] = TrainingAttendanceForm(
            trainees=live, initial={"present": [t.pk for t in live if t.attendance == Attendance.PRESENT]}
        )
    return render(request, "events/training_detail.html", context)


@coordinator_required
def training_create(request: HttpRequest) -> HttpResponse:
    return form_page(
        request,
        TrainingForm(request.POST or None),
        title="Nouvelle session de formation",
        back=reverse("events:training_list"),
        success="La session de formation est enregistrée.",
        call=lambda f: services.training_create(council=request.council, actor=request.user, data=dict(f.cleaned_data)),
        done=lambda session: reverse("events:training_detail", args=[session.pk]),
    )


@coordinator_required
def training_edit(request: HttpRequest, pk: int) -> HttpResponse:
    session = training_for(request, pk, manage=True)
    return form_page(
        request,
        TrainingForm(request.POST or None, instance=session),
        title=f"Modifier la formation « {session.title} »",
        back=reverse("events:training_detail", args=[session.pk]),
        success="La session de formation est modifiée.",
        call=lambda f: services.training_update(session=session, actor=request.user, data=dict(f.cleaned_data)),
    )


@coordinator_required
def trainee_add(request: HttpRequest, pk: int) -> HttpResponse:
    session = training_for(request, pk, manage=True)
    return form_page(
        request,
        TraineeForm(request.POST or None, council=request.council),
        title=f"Inscrire un·e stagiaire à « {session.title} »",
        back=reverse("events:training_detail", args=[session.pk]),
        success="La personne est inscrite à la session.",
        call=lambda f: services.trainee_add(session=session, actor=request.user, data=dict(f.cleaned_data)),
    )


@coordinator_required
@require_POST
def training_attendance(request: HttpRequest, pk: int) -> HttpResponse:
    session = training_for(request, pk, manage=True)
    trainees = list(session.trainees.filter(anonymised_at__isnull=True))
    form = TrainingAttendanceForm(request.POST, trainees=trainees)
    if not form.is_valid():
        messages.error(request, "Présences non enregistrées : vérifiez les cases cochées.")
        return redirect("events:training_detail", pk=session.pk)
    try:
        services.training_attendance_record(
            session=session, actor=request.user, present=set(form.cleaned_data.get("present") or [])
        )
    except DomainError as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, "Les présences sont enregistrées.")
    return redirect("events:training_detail", pk=session.pk)


@coordinator_required
def certificate(request: HttpRequest, pk: int) -> HttpResponse:
    trainee = certificate_trainee(request, pk)
    response = HttpResponse(certificate_pdf(trainee), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="attestation-formation-{trainee.pk}.pdf"'
    response["Cache-Control"] = "no-store"
    return response


@member_required()
def trained(request: HttpRequest) -> HttpResponse:
    return render(request, "events/trained.html", {"rows": selectors.trained_counts(request.council)})


@member_required()
def trained_export(request: HttpRequest) -> HttpResponse:
    rows = [[row["year"], row["organisation"], row["people"]] for row in selectors.trained_counts(request.council)]
    content, _count = xlsx.workbook("Personnes formées", ["Année", "Structure", "Personnes formées"], rows)
    return xlsx.response(content, "personnes-formees", request.council)
