"""Cells: composition (permanent members and substitutes) and the confidentiality charter."""

from django.contrib import messages
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from concerto.core.decorators import coordinator_required, member_required
from concerto.core.errors import DomainError
from concerto.councils import services
from concerto.councils.forms import CellForm, CellMemberForm, CharterForm
from concerto.councils.models import Cell, CellMember


def _cell(request, pk: int) -> Cell:
    return get_object_or_404(Cell.objects.filter(council=request.council), pk=pk)


@member_required()
def cell_list(request: HttpRequest) -> HttpResponse:
    cells = request.council.cells.prefetch_related("members__membership__user")
    return render(request, "councils/cell_list.html", {"cells": cells})


@coordinator_required
def cell_create(request: HttpRequest) -> HttpResponse:
    form = CellForm(request.POST or None, instance=Cell(council=request.council))
    if request.method == "POST" and form.is_valid():
        cell = services.cell_create(cell=form.instance, actor=request.user)
        messages.success(request, "La cellule est créée.")
        return redirect("councils:cell_detail", pk=cell.pk)
    return render(request, "councils/cell_form.html", {"form": form})


@coordinator_required
def cell_edit(request: HttpRequest, pk: int) -> HttpResponse:
    cell = _cell(request, pk)
    form = CellForm(request.POST or None, instance=cell)
    if request.method == "POST" and form.is_valid():
        try:
            services.cell_update(cell=form.save(commit=False), actor=request.user, fields=list(CellForm.Meta.fields))
        except DomainError as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, "La cellule est modifiée.")
            return redirect("councils:cell_detail", pk=cell.pk)
    return render(request, "councils/cell_form.html", {"form": form})


@member_required()
def cell_detail(request: HttpRequest, pk: int) -> HttpResponse:
    cell = _cell(request, pk)
    charter = cell.current_charter
    committed = charter is not None and charter.commitments.filter(membership=request.membership).exists()
    commitments = {c.membership_id: c for c in charter.commitments.all()} if charter is not None else {}
    members = cell.members.select_related(
        "membership__user", "membership__organisation", "substitute_for__membership__user"
    )
    rows = [{"seat": seat, "commitment": commitments.get(seat.membership_id)} for seat in members]
    return render(
        request,
        "councils/cell_detail.html",
        {
            "cell": cell,
            "charter": charter,
            "committed": committed,
            "rows": rows,
            "member_form": CellMemberForm(cell=cell),
            "charter_form": CharterForm(),
        },
    )


@coordinator_required
@require_POST
def cell_member_add(request: HttpRequest, pk: int) -> HttpResponse:
    cell = _cell(request, pk)
    form = CellMemberForm(request.POST, cell=cell, instance=CellMember(cell=cell))
    if form.is_valid():
        try:
            services.cell_member_add(
                cell=cell, actor=request.user, membership=form.cleaned_data["membership"],
                kind=form.cleaned_data["kind"], substitute_for=form.cleaned_data["substitute_for"],
            )  # fmt: skip
        except DomainError as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(request, "Membre ajouté à la cellule.")
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect("councils:cell_detail", pk=cell.pk)


@coordinator_required
@require_POST
def cell_member_remove(request: HttpRequest, pk: int, seat_pk: int) -> HttpResponse:
    cell = _cell(request, pk)
    seat = get_object_or_404(cell.members.all(), pk=seat_pk)
    services.cell_member_remove(seat=seat, actor=request.user)
    messages.success(request, "Membre retiré de la cellule.")
    return redirect("councils:cell_detail", pk=cell.pk)


@coordinator_required
@require_POST
def charter_upload(request: HttpRequest, pk: int) -> HttpResponse:
    cell = _cell(request, pk)
    form = CharterForm(request.POST, request.FILES)
    if form.is_valid():
        charter = services.charter_upload(cell=cell, actor=request.user, document=form.cleaned_data["document"])
        messages.success(request, f"Charte version {charter.version} publiée : chaque membre doit s'y engager.")
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect("councils:cell_detail", pk=cell.pk)


@member_required()
@require_POST
def charter_commit(request: HttpRequest, pk: int) -> HttpResponse:
    cell = _cell(request, pk)
    if cell.current_charter is not None:
        try:
            commitment = services.charter_commit(cell=cell, membership=request.membership, actor=request.user)
        except DomainError as refusal:
            messages.error(request, str(refusal))
        else:
            version = commitment.charter.version
            messages.success(request, f"Votre engagement à la charte version {version} est enregistré.")
    return redirect("councils:cell_detail", pk=cell.pk)


@member_required()
def charter_download(request: HttpRequest, pk: int) -> FileResponse:
    cell = _cell(request, pk)
    charter = get_object_or_404(cell.charters.all(), pk=cell.current_charter.pk if cell.current_charter else 0)
    return FileResponse(
        charter.document.open("rb"), content_type="application/pdf", as_attachment=True,
        filename=f"charte-{cell.pk}-v{charter.version}.pdf",
    )  # fmt: skip
