from django.contrib import messages
from django.db.models import Count, Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from concerto.accounts.models import Membership
from concerto.core.concurrency import VersionConflict
from concerto.core.decorators import coordinator_required, member_required
from concerto.core.errors import DomainError
from concerto.core.events import log_access
from concerto.core.lists import paginate
from concerto.directory import exports, services
from concerto.directory.access import contact_for, organisation_for, organisations_visible_to
from concerto.directory.filters import OrganisationFilterSet
from concerto.directory.forms import ContactForm, OrganisationForm
from concerto.directory.models import Contact
from concerto.directory.selectors import ordering_for

PAGE_SIZE = 25


def _filtered(request: HttpRequest) -> OrganisationFilterSet:
    return OrganisationFilterSet(request.GET or None, organisations_visible_to(request), request=request)


@member_required()
def organisation_list(request: HttpRequest) -> HttpResponse:
    filterset = _filtered(request)
    # Meta.ordering does not apply to aggregated queries: order explicitly for stable pages (best matches first).
    queryset = (
        filterset.qs.annotate(contact_count=Count("contacts", distinct=True))
        .prefetch_related("communes_served")
        .order_by(*ordering_for(filterset.qs))
    )
    page, query_string = paginate(request, queryset, PAGE_SIZE)
    return render(
        request,
        "directory/organisation_list.html",
        {"form": filterset.form, "page": page, "query_string": query_string},
    )


@member_required()
def organisation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = organisation_for(request, pk)
    members = Membership.objects.active().filter(organisation=organisation).select_related("user")
    return render(
        request,
        "directory/organisation_detail.html",
        {"organisation": organisation, "contacts": organisation.contacts.all(), "members": members},
    )


@coordinator_required
def organisation_create(request: HttpRequest) -> HttpResponse:
    form = OrganisationForm(request.POST or None, council=request.council)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            organisation = services.organisation_create(council=request.council, actor=request.user, data=data)
        except DomainError as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, f"La structure « {organisation.name} » a été ajoutée à l'annuaire.")
            return redirect("directory:detail", pk=organisation.pk)
    return render(request, "directory/organisation_form.html", {"form": form})


@coordinator_required
def organisation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = organisation_for(request, pk)
    form = OrganisationForm(request.POST or None, instance=organisation, council=request.council)
    if request.method == "POST" and form.is_valid():
        try:
            services.organisation_update(
                organisation=organisation,
                actor=request.user,
                data=form.cleaned_data,
                expected_version=form.cleaned_data["version"] or 0,
            )
        except VersionConflict:
            form.add_error(
                None,
                "Quelqu'un a modifié cette structure pendant que vous la modifiiez. Vos saisies sont conservées "
                "ci-dessous : vérifiez la fiche actuelle dans un autre onglet, puis enregistrez à nouveau.",
            )
            form.data = form.data.copy()
            form.data["version"] = organisation_for(request, pk).version
        except DomainError as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, "La structure a été mise à jour.")
            return redirect("directory:detail", pk=organisation.pk)
    return render(request, "directory/organisation_form.html", {"form": form, "organisation": organisation})


@coordinator_required
def organisation_delete(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = organisation_for(request, pk)
    if request.method == "POST":
        try:
            services.organisation_delete(organisation=organisation, actor=request.user)
        except DomainError as refusal:
            messages.error(request, str(refusal))
            return redirect("directory:detail", pk=organisation.pk)
        messages.success(request, f"La structure « {organisation.name} » a été supprimée de l'annuaire.")
        return redirect("directory:list")
    return render(request, "directory/organisation_confirm_delete.html", {"organisation": organisation})


@coordinator_required
def contact_create(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = organisation_for(request, pk)
    form = ContactForm(request.POST or None, instance=Contact(organisation=organisation))
    if request.method == "POST" and form.is_valid():
        services.contact_save(contact=form.instance, actor=request.user)
        messages.success(request, "Le contact a été ajouté.")
        return redirect("directory:detail", pk=organisation.pk)
    return render(request, "directory/contact_form.html", {"form": form, "organisation": organisation})


@coordinator_required
def contact_edit(request: HttpRequest, pk: int, contact_pk: int) -> HttpResponse:
    organisation = organisation_for(request, pk)
    contact = contact_for(request, organisation, contact_pk)
    form = ContactForm(request.POST or None, instance=contact)
    if request.method == "POST" and form.is_valid():
        services.contact_save(contact=form.instance, actor=request.user)
        messages.success(request, "Le contact a été mis à jour.")
        return redirect("directory:detail", pk=organisation.pk)
    return render(
        request,
        "directory/contact_form.html",
        {"form": form, "organisation": organisation, "contact": contact},
    )


@coordinator_required
@require_POST
def contact_delete(request: HttpRequest, pk: int, contact_pk: int) -> HttpResponse:
    organisation = organisation_for(request, pk)
    services.contact_delete(contact=contact_for(request, organisation, contact_pk), actor=request.user)
    messages.success(request, "Le contact a été supprimé.")
    return redirect("directory:detail", pk=organisation.pk)


def _export_queryset(request):
    rows = _filtered(request).qs
    return rows.order_by(*ordering_for(rows)).prefetch_related(
        "communes_served",
        "contacts",
        Prefetch("members", queryset=Membership.objects.active().select_related("user")),
    )


def _export_response(request, content: bytes, content_type: str, extension: str) -> HttpResponse:
    # The export holds contacts' personal data: its production is logged like any read of personal data.
    log_access(
        council=request.council,
        user=request.user,
        target=request.council,
        scope="directory_export",
        source=f"{request.path} {extension}",
    )
    filename = f"annuaire-{request.council.code.lower()}-{timezone.localdate():%Y-%m-%d}.{extension}"
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@member_required()
def export_xlsx(request: HttpRequest) -> HttpResponse:
    content = exports.directory_xlsx(_export_queryset(request))
    return _export_response(
        request, content, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"
    )


@member_required()
def export_csv(request: HttpRequest) -> HttpResponse:
    return _export_response(request, exports.directory_csv(_export_queryset(request)), "text/csv; charset=utf-8", "csv")
