"""Cells: composition (permanent members and substitutes) and the confidentiality charter."""

from django import forms
from django.contrib import messages
from django.db import transaction
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from concerto.accounts.models import Membership
from concerto.core.decorators import coordinator_required, member_required
from concerto.core.events import record_event
from concerto.core.forms import BaseModelForm
from concerto.councils.models import Cell, CellMember, Charter, CharterCommitment

CHARTER_MAX_BYTES = 10 * 1024 * 1024


class CellForm(BaseModelForm):
    class Meta:
        model = Cell
        fields = ["name", "venue", "rhythm"]


class CellMemberForm(BaseModelForm):
    class Meta:
        model = CellMember
        fields = ["membership", "kind", "substitute_for"]

    def __init__(self, *args, cell, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["membership"].queryset = (
            Membership.objects.active().filter(council=cell.council).select_related("user")
        )
        self.fields["membership"].label_from_instance = lambda m: f"{m.user} — {m.organisation or 'sans structure'}"
        self.fields["substitute_for"].queryset = cell.members.filter(kind=CellMember.Kind.PERMANENT).select_related(
            "membership__user"
        )
        self.cell = cell

    def clean_membership(self):
        membership = self.cleaned_data["membership"]
        if self.cell.members.filter(membership=membership).exists():
            raise forms.ValidationError("Cette personne siège déjà dans la cellule.")
        return membership


class CharterForm(BaseModelForm):
    class Meta:
        model = Charter
        fields = ["document"]
        widgets = {"document": forms.FileInput(attrs={"accept": "application/pdf"})}
        help_texts = {"document": "PDF, 10 Mo au plus. Une nouvelle version demande un nouvel engagement de chacun."}

    def clean_document(self):
        document = self.cleaned_data["document"]
        head = document.read(5)
        document.seek(0)
        if head != b"%PDF-":
            raise forms.ValidationError("La charte doit être un document PDF.")
        if document.size > CHARTER_MAX_BYTES:
            raise forms.ValidationError("La charte dépasse 10 Mo.")
        return document


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
        with transaction.atomic():
            cell = form.save()
            record_event(council=request.council, actor=request.user, verb="cell_created", target=cell)
        messages.success(request, "La cellule est créée.")
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
        with transaction.atomic():
            seat = form.save()
            record_event(
                council=request.council, actor=request.user, verb="cell_member_added", target=cell, seat=seat.pk
            )
        messages.success(request, "Membre ajouté à la cellule.")
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect("councils:cell_detail", pk=cell.pk)


@coordinator_required
@require_POST
def cell_member_remove(request: HttpRequest, pk: int, seat_pk: int) -> HttpResponse:
    cell = _cell(request, pk)
    seat = get_object_or_404(cell.members.all(), pk=seat_pk)
    with transaction.atomic():
        record_event(council=request.council, actor=request.user, verb="cell_member_removed", target=cell, seat=seat.pk)
        seat.delete()
    messages.success(request, "Membre retiré de la cellule.")
    return redirect("councils:cell_detail", pk=cell.pk)


@coordinator_required
@require_POST
def charter_upload(request: HttpRequest, pk: int) -> HttpResponse:
    cell = _cell(request, pk)
    form = CharterForm(request.POST, request.FILES)
    if form.is_valid():
        with transaction.atomic():
            current = cell.current_charter
            charter = Charter.objects.create(
                cell=cell,
                version=(current.version + 1) if current else 1,
                document=form.cleaned_data["document"],
                uploaded_by=request.user,
            )
            record_event(
                council=request.council,
                actor=request.user,
                verb="charter_uploaded",
                target=cell,
                version=charter.version,
            )
        messages.success(request, f"Charte version {charter.version} publiée : chaque membre doit s'y engager.")
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect("councils:cell_detail", pk=cell.pk)


@member_required()
@require_POST
def charter_commit(request: HttpRequest, pk: int) -> HttpResponse:
    cell = _cell(request, pk)
    charter = cell.current_charter
    if charter is not None:
        with transaction.atomic():
            _commitment, created = CharterCommitment.objects.get_or_create(
                charter=charter, membership=request.membership
            )
            if created:
                record_event(
                    council=request.council,
                    actor=request.user,
                    verb="charter_committed",
                    target=cell,
                    version=charter.version,
                )
        messages.success(request, f"Votre engagement à la charte version {charter.version} est enregistré.")
    return redirect("councils:cell_detail", pk=cell.pk)


@member_required()
def charter_download(request: HttpRequest, pk: int) -> FileResponse:
    cell = _cell(request, pk)
    charter = get_object_or_404(cell.charters.all(), pk=cell.current_charter.pk if cell.current_charter else 0)
    return FileResponse(
        charter.document.open("rb"), content_type="application/pdf", as_attachment=True,
        filename=f"charte-{cell.pk}-v{charter.version}.pdf",
    )  # fmt: skip
