"""The cross-council observatory (issue 14): the observatory's page and its XLSX (one `observatory.build` for
both), its coordinator's request to a council, and the member council's page « Observatoires » where its
coordinator consents, refuses or withdraws."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from concerto.core import xlsx
from concerto.core.db_router import replica_reads
from concerto.core.decorators import coordinator_required, member_required
from concerto.core.errors import DomainError
from concerto.reports import observatory, observatory_services
from concerto.reports.forms import ObservatoryPeriodForm, ObservatoryRequestForm
from concerto.reports.views import HEADERS


def _observatory(request):
    form = ObservatoryPeriodForm(request.GET or None)
    start, end = form.period()
    return form, observatory.build(request.council, start, end)


def _page(request, request_form=None, status=200) -> HttpResponse:
    manage = observatory.observatory_access(request)
    form, result = _observatory(request)
    return render(
        request,
        "reports/observatory.html",
        {
            "form": form,
            "result": result,
            "manage": manage,
            "request_form": request_form or (ObservatoryRequestForm() if manage else None),
            "requests": [
                (m, observatory.STATUS_LABELS[observatory.status_of(m)])
                for m in (observatory.memberships_of(request.council) if manage else [])
            ],
            "min_members": observatory.MIN_MEMBERS,
            "not_summed": observatory.NOT_SUMMED,
            "query_string": request.GET.urlencode(),
        },
        status=status,
    )


@member_required()
@replica_reads
def observatory_page(request: HttpRequest) -> HttpResponse:
    return _page(request)


@member_required()
@replica_reads
def observatory_export(request: HttpRequest) -> HttpResponse:
    observatory.observatory_access(request)
    _, result = _observatory(request)
    content, _ = xlsx.workbook("Observatoire", HEADERS, observatory.xlsx_rows(result))
    observatory_services.observatory_export_record(
        council=request.council, actor=request.user, start=result.start, end=result.end, members=len(result.members)
    )
    return xlsx.response(content, "observatoire", request.council)


@coordinator_required
@require_POST
def observatory_request(request: HttpRequest) -> HttpResponse:
    form = ObservatoryRequestForm(request.POST)
    if form.is_valid():
        try:
            membership = observatory_services.observatory_request(
                observatory=request.council, actor=request.user, code=form.cleaned_data["code"]
            )
        except DomainError as error:
            form.add_error("code", str(error))
        else:
            messages.success(request, f"La demande est envoyée à {membership.member.name}.")
            return redirect("reports:observatory")
    return _page(request, form)


@member_required()
def observatories(request: HttpRequest) -> HttpResponse:
    answer = observatory.member_access(request)
    return render(
        request,
        "reports/observatories.html",
        {
            "answer": answer,
            "requests": [
                (m, observatory.status_of(m), observatory.STATUS_LABELS[observatory.status_of(m)])
                for m in observatory.requests_to(request.council)
            ],
            "shared": observatory.SHARED,
        },
    )


def _answer(request, pk: int, service, success: str) -> HttpResponse:
    membership = observatory.request_for(request.council, pk)
    try:
        service(membership=membership, actor=request.user)
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, success.format(name=membership.observatory.name))
    return redirect("reports:observatories")


@coordinator_required
@require_POST
def observatory_consent(request: HttpRequest, pk: int) -> HttpResponse:
    return _answer(
        request, pk, observatory_services.observatory_consent, "Votre conseil participe à l'observatoire {name}."
    )


@coordinator_required
@require_POST
def observatory_refuse(request: HttpRequest, pk: int) -> HttpResponse:
    return _answer(request, pk, observatory_services.observatory_refuse, "La demande de {name} est refusée.")


@coordinator_required
@require_POST
def observatory_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    return _answer(
        request,
        pk,
        observatory_services.observatory_withdraw,
        "Votre conseil ne participe plus à l'observatoire {name} : ses chiffres en sont retirés.",
    )
