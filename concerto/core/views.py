from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from concerto.accounts.enums import Role
from concerto.core.decorators import member_required
from concerto.core.models import Event

EVENT_LABELS = {
    "organisation_created": "Structure ajoutée à l'annuaire",
    "organisation_updated": "Structure modifiée",
    "organisation_deleted": "Structure supprimée",
    "contact_created": "Contact ajouté",
    "contact_updated": "Contact modifié",
    "contact_deleted": "Contact supprimé",
    "invitation_sent": "Invitation envoyée",
    "invitation_accepted": "Invitation acceptée",
    "invitation_revoked": "Invitation annulée",
    "membership_updated": "Adhésion modifiée",
    "member_unlocked": "Compte déverrouillé",
    "council_updated": "Informations du conseil modifiées",
    "commune_added": "Commune ajoutée au territoire",
    "commune_removed": "Commune retirée du territoire",
    "sector_added": "Secteur de psychiatrie ajouté",
    "sector_removed": "Secteur de psychiatrie retiré",
}


@member_required()
def home(request: HttpRequest) -> HttpResponse:
    from concerto.core.dashboard import coordinator_board, member_board

    council = request.council
    context = {
        "organisation_count": council.organisations.count(),
        "member_count": council.memberships.active().count(),
        "commune_count": council.communes.count(),
        **member_board(request),
    }
    if request.membership.role == Role.COORDINATOR:
        context["board"] = coordinator_board(council)
    return render(request, "core/home.html", context)


@member_required(Role.COORDINATOR, Role.DPO)
def audit_log(request: HttpRequest) -> HttpResponse:
    events = Event.objects.filter(council=request.council).select_related("actor")
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    for event in page:
        event.label = EVENT_LABELS.get(event.verb, event.verb)
    return render(request, "core/audit_log.html", {"page": page})


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
