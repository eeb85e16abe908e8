"""Project groups (thematic poles): list, page (actions, status history, decisions), create and edit, status,
actions; the one-page table the COPIL reviews, as a page, an XLSX and a PDF."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from concerto.core import xlsx
from concerto.core.decorators import coordinator_required, member_required
from concerto.core.lists import current_sort, paginate, sort_headers
from concerto.governance import exports, services
from concerto.governance.access import decisions_for, governance_access, project_for, projects_for
from concerto.governance.filters import PROJECT_SORTS, ProjectFilterSet
from concerto.governance.forms import ActionForm, ProjectForm, ProjectStatusForm
from concerto.governance.views.common import cleaned, form_page

_RELATED = ("pilot_membership__user", "pilot_contact")


@member_required()
def project_list(request: HttpRequest) -> HttpResponse:
    access = governance_access(request)
    filterset = ProjectFilterSet(request.GET or None, projects_for(access).select_related(*_RELATED), request=request)
    sort = current_sort(filterset)
    page, query_string = paginate(request, filterset.qs if sort else filterset.qs.order_by("name", "id"))
    return render(
        request,
        "governance/project_list.html",
        {
            "access": access,
            "form": filterset.form,
            "page": page,
            "query_string": query_string,
            "sort": sort_headers(request, PROJECT_SORTS, sort),
        },
    )


@member_required()
def project_detail(request: HttpRequest, pk: int) -> HttpResponse:
    access = governance_access(request)
    project = project_for(access, pk)
    return render(
        request,
        "governance/project_detail.html",
        {
            "access": access,
            "project": project,
            "partners": project.partners.order_by("name"),
            "actions": project.actions.all(),
            "history": project.status_changes.select_related("changed_by", "decision__body_meeting__body"),
            "decisions": decisions_for(access)
            .filter(project=project)
            .select_related("body_meeting__body", "body_meeting__meeting"),
        },
    )


@coordinator_required
def project_create(request: HttpRequest) -> HttpResponse:
    return form_page(
        request,
        ProjectForm(request.POST or None, council=request.council),
        title="Nouveau groupe-projet",
        back=reverse("governance:project_list"),
        success="Le groupe-projet est créé.",
        call=lambda f: services.project_create(council=request.council, actor=request.user, data=cleaned(f)),
        done=lambda project: reverse("governance:project_detail", args=[project.pk]),
    )


@coordinator_required
def project_edit(request: HttpRequest, pk: int) -> HttpResponse:
    project = project_for(governance_access(request), pk)
    return form_page(
        request,
        ProjectForm(request.POST or None, instance=project, council=request.council),
        title=f"Modifier le groupe-projet « {project.name} »",
        back=reverse("governance:project_detail", args=[project.pk]),
        success="Le groupe-projet est modifié.",
        call=lambda f: services.project_update(
            project=project, actor=request.user, data=cleaned(f), expected_version=f.cleaned_data["version"] or 0
        ),
    )


@coordinator_required
def project_status(request: HttpRequest, pk: int) -> HttpResponse:
    project = project_for(governance_access(request), pk)
    return form_page(
        request,
        ProjectStatusForm(request.POST or None, initial={"status": project.status}),
        title=f"Changer l'état du groupe-projet « {project.name} »",
        intro="Le changement est inscrit à l'historique. Une décision d'instance peut aussi changer l'état.",
        back=reverse("governance:project_detail", args=[project.pk]),
        success="L'état du groupe-projet est enregistré.",
        call=lambda f: services.project_status_set(
            project=project, actor=request.user, status=f.cleaned_data["status"]
        ),
    )


@coordinator_required
def action_add(request: HttpRequest, pk: int) -> HttpResponse:
    project = project_for(governance_access(request), pk)
    return form_page(
        request,
        ActionForm(request.POST or None),
        title=f"Nouvelle action — {project.name}",
        back=reverse("governance:project_detail", args=[project.pk]),
        success="L'action est ajoutée au registre du groupe-projet.",
        call=lambda f: services.action_add(project=project, actor=request.user, data=f.cleaned_data),
    )


@coordinator_required
@require_POST
def action_toggle(request: HttpRequest, pk: int, action_pk: int) -> HttpResponse:
    project = project_for(governance_access(request), pk)
    action = get_object_or_404(project.actions, pk=action_pk)
    done = services.action_toggle_done(action=action, actor=request.user)
    messages.success(request, "Action notée réalisée." if done else "Action remise à faire.")
    return redirect("governance:project_detail", pk=project.pk)


def _table_rows(request):
    projects = (
        projects_for(governance_access(request))
        .select_related(*_RELATED)
        .prefetch_related("partners", "actions", "decisions")
        .order_by("status", "name", "id")
    )
    return exports.project_rows(projects)


@member_required()
def project_table(request: HttpRequest) -> HttpResponse:
    return render(request, "governance/project_table.html", {"rows": _table_rows(request)})


@member_required()
def project_table_xlsx(request: HttpRequest) -> HttpResponse:
    content, count = exports.projects_xlsx(_table_rows(request))
    services.projects_export_record(council=request.council, actor=request.user, rows=count, kind="xlsx")
    return xlsx.response(content, "groupes-projets", request.council)


@member_required()
def project_table_pdf(request: HttpRequest) -> HttpResponse:
    rows = _table_rows(request)
    content = exports.projects_pdf(request.council, rows)
    services.projects_export_record(council=request.council, actor=request.user, rows=len(rows), kind="pdf")
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="groupes-projets.pdf"'
    return response
