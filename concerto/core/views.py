from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from concerto.core import dashboard
from concerto.core.decorators import member_required
from concerto.core.models import Event
from concerto.core.registry import registry
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
    events = Event.objects.filter(council=request.council).select_related("actor")
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    targets = registry.describe_targets((event.target_type, event.target_id) for event in page)
    rows = [
        {
            "at": event.created_at,
            "label": registry.event_label(event.verb),
            "actor": event.actor,
            "target": targets.get((event.target_type, event.target_id), ""),
        }
        for event in page
    ]
    return render(request, "core/audit_log.html", {"page": page, "rows": rows})


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
