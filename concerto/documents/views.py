"""Pages of the documents library: every member lists and downloads what they may see; the coordinator adds
documents and versions. The printable fiche alerte is generated from the current alert form; the cells' charters are
linked read-only (their versions live with the cell)."""

from django.contrib import messages
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from concerto.core.decorators import coordinator_required, member_required
from concerto.core.errors import DomainError
from concerto.documents import services
from concerto.documents.access import document_for, documents_for, version_for_download
from concerto.documents.alert_form import alert_form_pdf
from concerto.documents.forms import DocumentForm, VersionForm
from concerto.documents.models import DocumentVersion


def _form_page(request, form, *, title: str, back: str, call, success: str, done) -> HttpResponse:
    if request.method == "POST" and form.is_valid():
        try:
            result = call(form)
        except DomainError as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, success)
            return redirect(done(result))
    return render(request, "documents/form.html", {"form": form, "title": title, "back": back})


@member_required()
def document_list(request: HttpRequest) -> HttpResponse:
    documents = list(documents_for(request).prefetch_related("versions"))
    for document in documents:
        document.current = next(iter(document.versions.all()), None)  # versions are ordered newest first
    charters = [cell for cell in request.council.cells.prefetch_related("charters") if cell.charters.all()]
    return render(
        request,
        "documents/document_list.html",
        {
            "documents": documents,
            "charters": [(cell, cell.charters.all()[0]) for cell in charters],
            "can_edit": request.membership.role == "coordinator",
        },
    )


@coordinator_required
def document_create(request: HttpRequest) -> HttpResponse:
    return _form_page(
        request,
        DocumentForm(request.POST or None, request.FILES or None),
        title="Nouveau document de la bibliothèque",
        back=reverse("documents:list"),
        success="Le document est ajouté à la bibliothèque.",
        call=lambda f: services.document_add(council=request.council, actor=request.user, data=f.cleaned_data),
        done=lambda document: reverse("documents:detail", args=[document.pk]),
    )


@member_required()
def document_detail(request: HttpRequest, pk: int) -> HttpResponse:
    document = document_for(request, pk)
    return render(
        request,
        "documents/document_detail.html",
        {
            "document": document,
            "versions": document.versions.select_related("uploaded_by"),
            "can_edit": request.membership.role == "coordinator",
        },
    )


@coordinator_required
def version_add(request: HttpRequest, pk: int) -> HttpResponse:
    document = document_for(request, pk)
    back = reverse("documents:detail", args=[document.pk])
    return _form_page(
        request,
        VersionForm(request.POST or None, request.FILES or None),
        title=f"Nouvelle version : {document.title}",
        back=back,
        success="La nouvelle version est déposée.",
        call=lambda f: services.version_add(document=document, actor=request.user, data=f.cleaned_data),
        done=lambda version: back,
    )


@member_required()
def version_download(request: HttpRequest, pk: int) -> FileResponse:
    version: DocumentVersion = version_for_download(request, pk, source=request.path)
    response = FileResponse(
        version.file.open("rb"),
        content_type=version.content_type,
        as_attachment=True,
        filename=f"document-{version.document_id}-v{version.number}.{version.extension}",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@member_required()
def alert_form(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(alert_form_pdf(request.council), content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="fiche-alerte.pdf"'
    return response
