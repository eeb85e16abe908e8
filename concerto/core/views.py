from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from concerto.core import audit, dashboard, xlsx
from concerto.core.decorators import member_required
from concerto.core.lists import paginate
from concerto.core.roles import Role


@member_required()
def home(request: HttpRequest) -> HttpResponse:
    council = request.council
    context = {
        "organisation_count": council.organisations.count(),
        "member_count": council.memberships.active().count(),
        "commune_count": council.communes.count(),
        "panels": dashboard.panels(request),
    }
    return render(request, "core/home.html", context)


@member_required(Role.COORDINATOR, Role.DPO)
def audit_log(request: HttpRequest) -> HttpResponse:
    """Labels and target descriptions come from the apps' declarations (one query per target model)."""
    filterset = audit.events_filtered(request)
    page, query_string = paginate(request, filterset.qs)
    return render(
        request,
        "core/audit_log.html",
        {"form": filterset.form, "page": page, "rows": audit.labelled(page), "query_string": query_string},
    )


@member_required(Role.COORDINATOR, Role.DPO)
def audit_log_export(request: HttpRequest) -> HttpResponse:
    """The filtered audit log as XLSX (labels and target descriptions, never a person's name), itself recorded."""
    content, rows = audit.events_xlsx(audit.events_filtered(request).qs)
    audit.audit_log_export_record(council=request.council, actor=request.user, rows=rows)
    return xlsx.response(content, "journal", request.council)


@login_not_required
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # noqa: BLE001 - any database failure means unhealthy
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


@login_not_required
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "core/accessibility.html")
