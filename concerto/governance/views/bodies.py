"""The council's bodies: list, page (mandate, members, meetings, decisions), create and edit, members' seats."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone

from concerto.core.decorators import coordinator_required, member_required
from concerto.governance import services
from concerto.governance.access import bodies_for, body_for, decisions_for, governance_access
from concerto.governance.forms import BodyForm, ConveneForm, MemberEndForm, MemberForm
from concerto.governance.views.common import cleaned, form_page
from concerto.meetings.enums import MeetingStatus


@member_required()
def body_list(request: HttpRequest) -> HttpResponse:
    access = governance_access(request)
    bodies = bodies_for(access).order_by("name", "id")
    today = timezone.localdate()
    rows = []
    for body in bodies.prefetch_related("members"):
        rows.append({"body": body, "members": sum(1 for m in body.members.all() if m.is_current(today))})
    return render(request, "governance/body_list.html", {"access": access, "rows": rows})


@member_required()
def body_detail(request: HttpRequest, pk: int) -> HttpResponse:
    access = governance_access(request)
    body = body_for(access, pk)
    today = timezone.localdate()
    members = list(body.members.select_related("membership__user", "membership__organisation", "contact__organisation"))
    body_meetings = list(body.body_meetings.select_related("meeting"))
    now = timezone.now()
    upcoming = [
        bm for bm in body_meetings if bm.meeting.starts_at >= now and bm.meeting.status != MeetingStatus.CANCELLED
    ]
    return render(
        request,
        "governance/body_detail.html",
        {
            "access": access,
            "body": body,
            "current": [m for m in members if m.is_current(today)],
            "former": [m for m in members if not m.is_current(today)],
            "next_meetings": sorted(upcoming, key=lambda bm: bm.meeting.starts_at),
            "past_meetings": [bm for bm in body_meetings if bm not in upcoming],
            "decisions": decisions_for(access).filter(body_meeting__body=body).select_related("project")[:20],
        },
    )


@coordinator_required
def body_create(request: HttpRequest) -> HttpResponse:
    return form_page(
        request,
        BodyForm(request.POST or None),
        title="Nouvelle instance",
        back=reverse("governance:body_list"),
        success="L'instance est créée.",
        call=lambda f: services.body_create(council=request.council, actor=request.user, data=cleaned(f)),
        done=lambda body: reverse("governance:body_detail", args=[body.pk]),
    )


@coordinator_required
def body_edit(request: HttpRequest, pk: int) -> HttpResponse:
    body = body_for(governance_access(request), pk)
    form = BodyForm(request.POST or None, instance=body)
    return form_page(
        request,
        form,
        title=f"Modifier l'instance « {body.name} »",
        back=reverse("governance:body_detail", args=[body.pk]),
        success="L'instance est modifiée.",
        call=lambda f: services.body_update(
            body=body, actor=request.user, data=cleaned(f), expected_version=f.cleaned_data["version"] or 0
        ),
    )


@coordinator_required
def member_add(request: HttpRequest, pk: int) -> HttpResponse:
    body = body_for(governance_access(request), pk)
    return form_page(
        request,
        MemberForm(request.POST or None, council=request.council, initial={"starts_on": timezone.localdate()}),
        title=f"Ajouter un membre à l'instance « {body.name} »",
        intro="Un membre du conseil (avec un compte, convoqué aux réunions) ou un contact de l'annuaire (sans compte).",
        back=reverse("governance:body_detail", args=[body.pk]),
        success="Le membre est ajouté à l'instance.",
        call=lambda f: services.member_add(body=body, actor=request.user, data=f.cleaned_data),
    )


@coordinator_required
def member_end(request: HttpRequest, pk: int, member_pk: int) -> HttpResponse:
    body = body_for(governance_access(request), pk)
    member = get_object_or_404(body.members.select_related("membership__user", "contact"), pk=member_pk)
    return form_page(
        request,
        MemberEndForm(request.POST or None, initial={"ends_on": timezone.localdate()}),
        title=f"Fin du mandat de {member.display_name} ({body.name})",
        back=reverse("governance:body_detail", args=[body.pk]),
        success="La fin du mandat est enregistrée.",
        call=lambda f: services.member_end(member=member, actor=request.user, ends_on=f.cleaned_data["ends_on"]),
    )


@coordinator_required
def body_convene(request: HttpRequest, pk: int) -> HttpResponse:
    body = body_for(governance_access(request), pk)
    form = ConveneForm(request.POST or None, council=request.council)
    return form_page(
        request,
        form,
        title=f"Convoquer une réunion — {body.name}",
        intro="Les membres de l'instance qui ont un compte reçoivent la convocation avec son fichier d'agenda (.ics).",
        submit="Convoquer",
        back=reverse("governance:body_detail", args=[body.pk]),
        success="La réunion est créée et les membres de l'instance sont convoqués.",
        call=lambda f: services.body_convene(
            body=body,
            actor=request.user,
            data=cleaned(f, "projects", "topics"),
            projects=f.cleaned_data["projects"],
            topics=f.cleaned_data["topics"],
        ),  # fmt: skip
        done=lambda bm: reverse("governance:meeting", args=[bm.meeting_id]),
    )
