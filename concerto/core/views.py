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
    "alert_created": "Alerte créée",
    "alert_submitted": "Alerte envoyée",
    "alert_accepted": "Alerte acceptée",
    "alert_reoriented": "Alerte réorientée",
    "alert_not_admissible": "Alerte non recevable",
    "secure_link_created": "Lien sécurisé créé",
    "secure_link_revoked": "Lien sécurisé révoqué",
    "cell_created": "Cellule créée",
    "cell_member_added": "Membre ajouté à une cellule",
    "cell_member_removed": "Membre retiré d'une cellule",
    "charter_uploaded": "Charte publiée",
    "charter_committed": "Engagement à la charte",
    "meeting_created": "Réunion créée",
    "meeting_updated": "Réunion modifiée",
    "meeting_cancelled": "Réunion annulée",
    "invitations_sent": "Invitations envoyées",
    "actor_invited": "Acteur invité pour une situation",
    "agenda_item_added": "Situation inscrite à l'ordre du jour",
    "attendance_recorded": "Présence enregistrée",
    "confidentiality_confirmed": "Engagement de confidentialité confirmé",
    "decisions_recorded": "Décisions enregistrées",
    "meeting_signed_off": "Relevé de décisions signé",
    "record_corrected": "Correction ajoutée au relevé",
    "poll_created": "Sondage de dates envoyé",
    "retention_updated": "Durées de conservation modifiées",
    "erasure_erased": "Effacement réalisé",
    "erasure_refused": "Effacement refusé",
    "access_log_exported": "Journal des consultations exporté",
}


@member_required()
def home(request: HttpRequest) -> HttpResponse:
    from concerto.core.dashboard import coordinator_board, member_board

    council = request.council
    context = {
        "organisation_count": council.organisations.count(),
        "member_count": council.memberships.active().count(),
        "commune_count": council.communes.count(),
        "unusual_reads": [],
        **member_board(request),
    }
    if request.membership.role == Role.COORDINATOR:
        context["board"] = coordinator_board(council)
    if request.membership.role in (Role.COORDINATOR, Role.DPO):
        from concerto.privacy.access_log import unusual_reads

        context["unusual_reads"] = unusual_reads(council)
    return render(request, "core/home.html", context)


@member_required(Role.COORDINATOR, Role.DPO)
def audit_log(request: HttpRequest) -> HttpResponse:
    events = Event.objects.filter(council=request.council).select_related("actor")
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    from concerto.situations.views.files import EVENT_LABELS as SITUATION_LABELS

    labels = {**SITUATION_LABELS, **EVENT_LABELS}
    for event in page:
        event.label = labels.get(event.verb, event.verb)
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
