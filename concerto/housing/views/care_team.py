"""A care team's housing applications: « Mes demandes » (their organisation's, with status and the commission's
decisions), the submission form and the follow-up page of one application (see `housing.care_team`)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from concerto.core.decorators import member_required
from concerto.core.lists import paginate
from concerto.housing import care_team
from concerto.housing.care_team_forms import CareTeamApplicationForm
from concerto.housing.views.common import form_page


@member_required()
def care_team_list(request: HttpRequest) -> HttpResponse:
    access = care_team.care_team_access(request)
    applications = care_team.care_team_applications(access).order_by("-received_on", "-id")
    page, query_string = paginate(request, applications)
    rows = list(page)
    decisions = care_team.last_decisions(rows)
    sessions = care_team.scheduled_sessions(rows)
    return render(
        request,
        "housing/care_team_list.html",
        {
            "organisation": access.organisation,
            "page": page,
            "query_string": query_string,
            "rows": [(a, decisions.get(a.pk), sessions.get(a.pk)) for a in rows],
            "next_session": care_team.next_council_session(request.council),
        },
    )


@member_required()
def care_team_submit(request: HttpRequest) -> HttpResponse:
    access = care_team.care_team_access(request)

    def call(form):
        data, identity, consent = form.split()
        return care_team.application_submit(access=access, data=data, identity=identity, consent=consent)

    form = CareTeamApplicationForm(
        request.POST or None, council=request.council, psychiatric=access.writes_psychiatric_opinion
    )
    return form_page(
        request,
        form,
        title="Déposer une demande de logement",
        back=reverse("housing:care_team_list"),
        submit="Déposer la demande",
        success="La demande est déposée : l'équipe de coordination en est informée.",
        call=call,
        intro=f"La demande est déposée au nom de votre structure ({access.organisation.name}), qui l'oriente. "
        "L'identité de la personne est conservée à part : après le dépôt, elle n'est plus affichée ici.",
        done=lambda application: reverse("housing:care_team_detail", args=[application.reference]),
    )


@member_required()
def care_team_detail(request: HttpRequest, reference: str) -> HttpResponse:
    access = care_team.care_team_access(request)
    application = care_team.care_team_application_for(access, reference)
    scheduled = care_team.scheduled_sessions([application]).get(application.pk)
    waiting = care_team.waits_for_a_session(application)
    return render(
        request,
        "housing/care_team_detail.html",
        {
            "application": application,
            "decisions": care_team.decisions_of(application),
            "scheduled": scheduled,
            "next_session": care_team.next_council_session(request.council) if waiting and not scheduled else None,
            "communes": application.wished_communes.all(),
        },
    )
