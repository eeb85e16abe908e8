"""A meeting of a body: its attendance with the quorum, its decisions; the generic meeting page keeps its agenda,
minutes and sign-off."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from concerto.core.decorators import coordinator_required, member_required
from concerto.core.errors import DomainError
from concerto.governance import services
from concerto.governance.access import body_meeting_for, decisions_for, governance_access
from concerto.governance.forms import AttendanceForm, DecisionForm
from concerto.governance.views.common import form_page
from concerto.meetings.access import meetings_visible_to


def _attendance_form(body_meeting, data=None) -> AttendanceForm:
    members = services.attendance_members(body_meeting)
    return AttendanceForm(data, members=members, statuses=services.member_statuses(body_meeting, members))


@member_required()
def body_meeting(request: HttpRequest, pk: int) -> HttpResponse:
    access = governance_access(request)
    body_meeting = body_meeting_for(access, pk)
    meeting = body_meeting.meeting
    members = services.attendance_members(body_meeting)
    statuses = services.member_statuses(body_meeting, members)
    context = {
        "access": access,
        "body_meeting": body_meeting,
        "body": body_meeting.body,
        "meeting": meeting,
        "quorum": services.quorum(body_meeting),
        "sheet": [(m, statuses.get(m.pk)) for m in members],
        "opens_meeting": meetings_visible_to(request).filter(pk=meeting.pk).exists(),
        "decisions": decisions_for(access).filter(body_meeting=body_meeting).select_related("project"),
        "attendance_form": _attendance_form(body_meeting) if access.can_manage and not meeting.is_frozen else None,
    }
    return render(request, "governance/body_meeting.html", context)


@coordinator_required
@require_POST
def attendance_record(request: HttpRequest, pk: int) -> HttpResponse:
    body_meeting = body_meeting_for(governance_access(request), pk)
    form = _attendance_form(body_meeting, request.POST)
    if form.is_valid():
        try:
            services.attendance_record(body_meeting=body_meeting, actor=request.user, statuses=form.statuses())
        except DomainError as refusal:
            messages.error(request, str(refusal))
        else:
            quorum = services.quorum(body_meeting)
            messages.success(request, f"Présences enregistrées. {quorum.label}.")
    else:
        messages.error(request, "Choisissez une présence valide pour chaque membre.")
    return redirect("governance:meeting", pk=pk)


@coordinator_required
def decision_add(request: HttpRequest, pk: int) -> HttpResponse:
    body_meeting = body_meeting_for(governance_access(request), pk)
    quorum = services.quorum(body_meeting)
    return form_page(
        request,
        DecisionForm(request.POST or None, council=request.council),
        title=f"Adopter une décision — {body_meeting.body.name}, réunion du {body_meeting.meeting.starts_at:%d/%m/%Y}",
        intro=f"{quorum.label}. Une décision liée à un groupe-projet peut en changer l'état.",
        submit="Adopter la décision",
        back=reverse("governance:meeting", args=[pk]),
        success="La décision est inscrite au registre.",
        call=lambda f: services.decision_adopt(body_meeting=body_meeting, actor=request.user, data=f.cleaned_data),
    )
