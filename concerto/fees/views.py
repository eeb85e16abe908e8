"""Pages of the membership fees: the calls (list, XLSX, detail, PDF), payments, reminders, members and setting.
The coordinator manages; a member of the governance bodies reads; anyone else gets 403."""

from collections.abc import Callable
from decimal import Decimal

from django.contrib import messages
from django.db.models import Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from concerto.core import xlsx
from concerto.core.decorators import member_required
from concerto.core.errors import DomainError
from concerto.core.lists import current_sort, paginate, sort_headers
from concerto.fees import services
from concerto.fees.access import call_for, calls_for, fees_access
from concerto.fees.filters import CALL_SORTS, FeeCallFilterSet
from concerto.fees.forms import FeeMemberForm, FeeSettingsForm, GenerateForm, PaymentForm
from concerto.fees.models import FeeMember, FeePayment
from concerto.fees.money import euros, rate_text
from concerto.fees.pdf import call_pdf as render_call_pdf
from concerto.fees.templatetags.fees import status_of


def _form_page(request, form, *, title: str, back: str, call: Callable, success: str, submit="Enregistrer",
               intro: str = "", done: Callable | None = None) -> HttpResponse:  # fmt: skip
    if request.method == "POST" and form.is_valid():
        try:
            result = call(form)
        except DomainError as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, success(result) if callable(success) else success)
            return redirect(done(result) if done else back)
    context = {"form": form, "title": title, "back": back, "submit": submit, "intro": intro}
    return render(request, "fees/form.html", context)


def _filtered(request, access):
    filterset = FeeCallFilterSet(request.GET or None, calls_for(access), request=request)
    return filterset, filterset.qs


@member_required()
def call_list(request: HttpRequest) -> HttpResponse:
    access = fees_access(request)
    filterset, calls = _filtered(request, access)
    sort = current_sort(filterset)
    amount = calls.aggregate(total=Sum("amount"))["total"] or Decimal(0)
    paid = FeePayment.objects.filter(call__in=calls.values("pk")).aggregate(total=Sum("amount"))["total"] or Decimal(0)
    page, query_string = paginate(request, calls)
    settings = services.settings_of(request.council)
    return render(
        request,
        "fees/call_list.html",
        {
            "access": access,
            "form": filterset.form,
            "page": page,
            "query_string": query_string,
            "sort": sort_headers(request, CALL_SORTS, sort),
            "totals": {"amount": amount, "paid": paid, "balance": amount - paid},
            "settings": settings,
            "rate": rate_text(settings.rate, settings.get_unit_display()),
        },
    )


@member_required()
def call_export(request: HttpRequest) -> HttpResponse:
    access = fees_access(request)
    _, calls = _filtered(request, access)
    headers = ["Numéro", "Année", "Membre", "Population", "Année de la population", "Montant appelé (€)",
               "Reçu (€)", "Solde (€)", "Statut", "Échéance"]  # fmt: skip
    rows = (
        [c.reference, c.year, c.member.name, c.population, c.population_year, c.amount, c.paid, c.balance,
         status_of(c).label, c.due_on]
        for c in calls.order_by("-year", "reference")
    )  # fmt: skip
    content, count = xlsx.workbook("Cotisations", headers, rows)
    services.export_record(council=request.council, actor=request.user, rows=count)
    return xlsx.response(content, "cotisations", request.council)


@member_required()
def call_detail(request: HttpRequest, pk: int) -> HttpResponse:
    access = fees_access(request)
    call = call_for(access, pk)
    return render(
        request,
        "fees/call_detail.html",
        {
            "access": access,
            "call": call,
            "status": status_of(call),
            "payments": call.payments.select_related("recorded_by"),
            "reminders": call.reminders.select_related("sent_by"),
            "rate": rate_text(call.rate, call.get_unit_display()) if call.rate is not None else "",
        },
    )


@member_required()
def call_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    access = fees_access(request)
    call = call_for(access, pk)
    response = HttpResponse(render_call_pdf(call, paid=call.paid, balance=call.balance), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="appel-{call.reference.lower()}.pdf"'
    return response


@member_required()
def payment_add(request: HttpRequest, pk: int) -> HttpResponse:
    access = fees_access(request, edit=True)
    call = call_for(access, pk)
    back = reverse("fees:call_detail", args=[call.pk])
    return _form_page(
        request,
        PaymentForm(request.POST or None),
        title=f"Paiement de l'appel {call.reference}",
        intro=f"{call.member.name} — solde {euros(call.balance)}.",
        back=back,
        success="Le paiement est enregistré.",
        call=lambda f: services.payment_record(call=call, actor=request.user, data=dict(f.cleaned_data)),
    )


@require_POST
@member_required()
def remind(request: HttpRequest, pk: int) -> HttpResponse:
    access = fees_access(request, edit=True)
    call = call_for(access, pk)
    try:
        services.reminder_send(call=call, actor=request.user)
    except DomainError as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, f"La relance est envoyée à {call.member.name}.")
    return redirect("fees:call_detail", pk=call.pk)


@member_required()
def generate(request: HttpRequest) -> HttpResponse:
    fees_access(request, edit=True)

    def done_message(counts):
        return (
            f"Appels créés : {counts['created']} ; recalculés (sans paiement) : {counts['updated']} ; "
            f"inchangés (déjà un paiement) : {counts['kept']}."
        )

    return _form_page(
        request,
        GenerateForm(request.POST or None),
        title="Émettre les appels de cotisation",
        intro="Un appel par membre actif : population × taux arrondi au centime, ou part fixe. Émettre à nouveau "
        "pour la même année crée les appels manquants et recalcule ceux qui n'ont encore aucun paiement.",
        back=reverse("fees:call_list"),
        submit="Émettre les appels",
        success=done_message,
        call=lambda f: services.calls_generate(
            council=request.council, actor=request.user, year=f.cleaned_data["year"]
        ),
    )


@member_required()
def settings_edit(request: HttpRequest) -> HttpResponse:
    fees_access(request, edit=True)
    current = services.settings_of(request.council)
    initial = {name: getattr(current, name) for name in ("rate", "unit", "population_year", "payment_days",
                                                         "reminder_days")}  # fmt: skip
    return _form_page(
        request,
        FeeSettingsForm(request.POST or None, initial=initial),
        title="Réglage des cotisations",
        back=reverse("fees:call_list"),
        success="Le réglage des cotisations est enregistré.",
        call=lambda f: services.settings_update(council=request.council, actor=request.user, data=f.cleaned_data),
    )


@member_required()
def member_list(request: HttpRequest) -> HttpResponse:
    access = fees_access(request)
    members = FeeMember.objects.filter(council=request.council).select_related("commune", "organisation")
    members = sorted(members, key=lambda m: (m.kind, m.name))
    return render(request, "fees/member_list.html", {"access": access, "members": members})


@member_required()
def member_create(request: HttpRequest) -> HttpResponse:
    fees_access(request, edit=True)
    return _form_page(
        request,
        FeeMemberForm(request.POST or None, council=request.council),
        title="Nouveau membre cotisant",
        back=reverse("fees:member_list"),
        success="Le membre cotisant est enregistré.",
        call=lambda f: services.member_add(council=request.council, actor=request.user, data=f.cleaned_data),
    )


@member_required()
def member_edit(request: HttpRequest, pk: int) -> HttpResponse:
    fees_access(request, edit=True)
    member = get_object_or_404(FeeMember.objects.filter(council=request.council), pk=pk)
    names = ("kind", "commune_id", "organisation_id", "fixed_amount", "contact_email", "active")
    initial = {name.removesuffix("_id"): getattr(member, name) for name in names}
    return _form_page(
        request,
        FeeMemberForm(request.POST or None, council=request.council, initial=initial),
        title=f"Membre cotisant : {member.name}",
        back=reverse("fees:member_list"),
        success="Le membre cotisant est modifié.",
        call=lambda f: services.member_update(member=member, actor=request.user, data=f.cleaned_data),
    )
