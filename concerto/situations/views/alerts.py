"""The alert form (logged-in and through a secure link), the coordinator's inbox and qualification."""

from django.contrib import messages
from django.db import transaction
from django.db.models import Q
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from concerto.accounts.enums import Role
from concerto.core import xlsx
from concerto.core.decorators import coordinator_required, member_required, token_page
from concerto.core.errors import DomainError
from concerto.core.lists import current_sort, paginate, sort_headers
from concerto.core.utils import site_url
from concerto.situations import exports, link_services, scheduling, services
from concerto.situations.access import (
    alert_for,
    alert_identity_for,
    alerts_visible_to,
    attachment_for,
    links_visible_to,
)
from concerto.situations.enums import AlertStatus
from concerto.situations.filters import ALERT_SORTS, AlertFilterSet, with_urgency_rank
from concerto.situations.forms import AlertForm, QualificationForm, SecureLinkForm
from concerto.situations.models import Alert


def _render_form(request, form, alert=None, link=None, status=200):
    return render(request, "situations/alert_form.html", {"form": form, "alert": alert, "link": link}, status=status)


def _save_from_form(request, form, *, council, author, link=None) -> tuple[Alert, bool]:
    # Drafts belong to a member who can come back to them: the public link always submits.
    submit = link is not None or request.POST.get("action") != "draft"
    alert = form.save(commit=False)
    alert.council = council
    alert.author = author
    alert.secure_link = link
    form.apply(alert)
    services.alert_save(
        alert=alert,
        actor=author,
        identity=form.identity_data(),
        files=form.cleaned_data.get("attachments") or [],
        submit=submit,
    )
    return alert, submit


@member_required()
def alert_create(request: HttpRequest) -> HttpResponse:
    draft = request.POST.get("action") == "draft"
    membership = request.membership
    initial = {
        "referrer_name": request.user.get_full_name(),
        "referrer_email": request.user.email,
        "referrer_role": membership.job_title,
        "referrer_organisation": membership.organisation_id,
        "referrer_phone": request.user.phone,
    }
    form = AlertForm(
        request.POST or None, request.FILES or None, council=request.council, draft=draft, initial=initial,
        on_behalf=membership.role == Role.COORDINATOR,
    )  # fmt: skip
    if request.method == "POST" and form.is_valid():
        alert, submitted = _save_from_form(request, form, council=request.council, author=request.user)
        if submitted:
            return redirect("situations:alert_done", pk=alert.pk)
        messages.success(request, "Brouillon enregistré. Vous pourrez le compléter et l'envoyer plus tard.")
        return redirect("situations:alert_edit", pk=alert.pk)
    return _render_form(request, form)


@member_required()
def alert_edit(request: HttpRequest, pk: int) -> HttpResponse:
    alert = alert_for(request, pk, own_draft=True)
    if request.method == "GET":
        # The form shows back the identity typed in the draft: a read, logged like the others.
        alert_identity_for(request, alert, source=request.path)
    draft = request.POST.get("action") == "draft"
    form = AlertForm(
        request.POST or None, request.FILES or None, instance=alert, council=request.council, draft=draft,
        on_behalf=request.membership.role == Role.COORDINATOR,
    )  # fmt: skip
    if request.method == "POST" and form.is_valid():
        try:
            alert, submitted = _save_from_form(request, form, council=request.council, author=request.user)
        except DomainError as refusal:  # sent meanwhile from another tab
            form.add_error(None, str(refusal))
            return _render_form(request, form, alert=alert)
        if submitted:
            return redirect("situations:alert_done", pk=alert.pk)
        messages.success(request, "Brouillon enregistré.")
        return redirect("situations:alert_edit", pk=alert.pk)
    return _render_form(request, form, alert=alert)


@member_required()
def alert_done(request: HttpRequest, pk: int) -> HttpResponse:
    alert = get_object_or_404(alerts_visible_to(request).filter(author=request.user), pk=pk)
    return render(request, "situations/alert_done.html", {"alert": alert})


@member_required()
def alert_mine(request: HttpRequest) -> HttpResponse:
    alerts = alerts_visible_to(request).filter(author=request.user).order_by("-created_at")
    return render(request, "situations/alert_mine.html", {"alerts": alerts})


@token_page
def public_alert(request: HttpRequest, token: str) -> HttpResponse:
    """A referrer without an account: same form, an acknowledgment number, and nothing to read afterwards."""
    link = link_services.secure_link_from_token(token)
    if link is None:
        return render(request, "situations/link_invalid.html", status=404)
    if request.method == "POST" and link_services.secure_link_rate_limited(link):
        return render(request, "situations/link_rate_limited.html", status=429)
    form = AlertForm(
        request.POST or None, request.FILES or None, council=link.council, lock_referrer_organisation=link.organisation
    )
    if request.method == "POST" and form.is_valid():
        alert, _submitted = _save_from_form(request, form, council=link.council, author=None, link=link)
        return render(request, "situations/alert_done.html", {"alert": alert, "public": True})
    return _render_form(request, form, link=link)


@coordinator_required
def alert_inbox(request: HttpRequest) -> HttpResponse:
    filterset, sort = _inbox(request)
    page, query_string = paginate(request, filterset.qs)
    recent = alerts_visible_to(request).exclude(status__in=[AlertStatus.DRAFT, AlertStatus.SUBMITTED])[:20]
    return render(
        request,
        "situations/alert_inbox.html",
        {
            "form": filterset.form,
            "page": page,
            "query_string": query_string,
            "recent": recent,
            "sort": sort_headers(request, ALERT_SORTS, sort),
        },
    )


def _inbox(request):
    """The alerts waiting for a decision, filtered and sorted (the oldest first by default)."""
    alerts = with_urgency_rank(
        alerts_visible_to(request)
        .filter(status=AlertStatus.SUBMITTED)
        .select_related("referrer_organisation", "commune")
    )
    filterset = AlertFilterSet(request.GET or None, alerts)
    sort = current_sort(filterset)
    if not sort:
        filterset.queryset = filterset.queryset.order_by("submitted_at", "id")
    return filterset, sort


@coordinator_required
def alert_export(request: HttpRequest) -> HttpResponse:
    """The coordinator's export of the waiting alerts (same filters; never the person's identity nor the referrer's
    name), recorded in the journal."""
    filterset, _ = _inbox(request)
    content, rows = exports.alerts_xlsx(filterset.qs, request.council)
    services.alerts_export_record(council=request.council, actor=request.user, rows=rows)
    return xlsx.response(content, "alertes", request.council)


def _qualify(request, alert: Alert, data: dict) -> HttpResponse:
    """The day of reception confirmed or corrected, and the decision, together (a refused decision keeps the day
    unchanged), through the services: they refuse an alert that is not waiting for one (DomainError)."""
    with transaction.atomic():
        if data.get("received_on") is not None:
            services.alert_set_received_on(alert=alert, actor=request.user, day=data["received_on"])
        return _decide(request, alert, data)


def _decide(request, alert: Alert, data: dict) -> HttpResponse:
    if data["decision"] == "accept" and data.get("schedule"):
        situation, session_start = scheduling.scheduler().accept_and_schedule(
            alert=alert, actor=request.user, cell=data["cell"], priority=data["priority"]
        )
        messages.success(
            request,
            f"Alerte acceptée : situation {situation.code}, inscrite à la séance du "
            f"{timezone.localtime(session_start):%d/%m/%Y}.",
        )
        return redirect("situations:detail", code=situation.code)
    if data["decision"] in ("accept", "attach"):
        situation = services.alert_accept(
            alert=alert,
            actor=request.user,
            cell=data["cell"],
            attach_to=data["attach_to"] if data["decision"] == "attach" else None,
        )
        messages.success(request, f"Alerte acceptée : situation {situation.code}.")
        return redirect("situations:detail", code=situation.code)
    services.alert_decline(
        alert=alert,
        actor=request.user,
        status=AlertStatus.REORIENTED if data["decision"] == "reoriented" else AlertStatus.NOT_ADMISSIBLE,
        reason=data["reason"],
        reoriented_to=data["reoriented_to"],
    )
    messages.success(request, "Décision enregistrée ; l'auteur de l'alerte en est informé.")
    return redirect("situations:alert_inbox")


# The fields each decision uses. Without JavaScript all of them are shown (and the form checks the ones needed);
# with htmx, choosing a decision fetches only its own (`?champs=1`, the `qualification_fields.html` partial).
DECISION_FIELDS = {
    "accept": ("cell", "schedule", "priority"),
    "attach": ("attach_to",),
    "reoriented": ("reoriented_to", "reason"),
    "not_admissible": ("reason",),
}
CONDITIONAL_FIELDS = ("cell", "schedule", "priority", "attach_to", "reoriented_to", "reason")


@coordinator_required
def alert_qualify(request: HttpRequest, pk: int) -> HttpResponse:
    alert = alert_for(request, pk, to_qualify=True)
    duplicates = services.possible_duplicates(alert)
    if request.method == "GET" and request.htmx and "champs" in request.GET:
        # Only the fields of the chosen decision, with what was already chosen or typed (not validated yet).
        form = QualificationForm(
            initial=request.GET.dict(), council=request.council, duplicates=duplicates, alert=alert
        )
        names = DECISION_FIELDS.get(request.GET.get("decision", ""), ())
        return render(request, "situations/partials/qualification_fields.html", {"fields": [form[n] for n in names]})
    identity = alert_identity_for(request, alert, source=request.path)
    form = QualificationForm(request.POST or None, council=request.council, duplicates=duplicates, alert=alert)
    if request.method == "POST" and form.is_valid():
        try:
            return _qualify(request, alert, form.cleaned_data)
        except DomainError as refusal:
            alert.refresh_from_db()  # a refused inscription rolled the acceptance back
            if alert.status != AlertStatus.SUBMITTED:  # the form is not shown any more: say it above the page
                messages.error(request, str(refusal))
                return redirect("situations:alert_qualify", pk=alert.pk)
            planner = scheduling.scheduler()
            form.add_error("schedule" if planner and isinstance(refusal, planner.refusal) else None, str(refusal))
    return render(
        request,
        "situations/alert_qualify.html",
        {
            "alert": alert,
            "identity": identity,
            "duplicates": duplicates,
            "form": form,
            "fields": [form[name] for name in CONDITIONAL_FIELDS],
            "attachments": alert.attachments.all(),
        },
    )


@coordinator_required
def attachment_download(request: HttpRequest, pk: int) -> FileResponse:
    attachment = attachment_for(request, pk, source=request.path)
    response = FileResponse(
        attachment.file.open("rb"),
        content_type=attachment.content_type,
        as_attachment=True,
        filename=f"piece-jointe-{attachment.pk}.{attachment.extension}",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@coordinator_required
def link_list(request: HttpRequest) -> HttpResponse:
    form = SecureLinkForm(request.POST or None, council=request.council)
    new_link = None
    if request.method == "POST" and form.is_valid():
        link, token = link_services.secure_link_create(
            council=request.council, organisation=form.cleaned_data["organisation"], actor=request.user,
            days=form.cleaned_data["days"],
        )  # fmt: skip
        new_link = site_url(reverse("situations:public_alert", args=[token]))
        messages.success(request, "Lien créé : copiez-le maintenant, il ne sera plus affiché.")
    links = links_visible_to(request)
    now = timezone.now()
    active = Q(revoked_at__isnull=True, expires_at__gt=now)
    return render(
        request,
        "situations/link_list.html",
        {
            "form": form,
            "links": links,
            "new_link": new_link,
            "active_ids": set(links.filter(active).values_list("pk", flat=True)),
        },
    )


@coordinator_required
@require_POST
def link_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    link = get_object_or_404(links_visible_to(request).filter(revoked_at__isnull=True), pk=pk)
    link_services.secure_link_revoke(link=link, actor=request.user)
    messages.success(request, "Le lien est révoqué : il ne permet plus d'envoyer d'alerte.")
    return redirect("situations:link_list")
