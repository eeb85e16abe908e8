"""The Bilan page (issue 14) and its XLSX export: the same `report.build` for both, so the same numbers."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from concerto.core import xlsx
from concerto.core.decorators import member_required
from concerto.reports import report, services
from concerto.reports.access import report_access
from concerto.reports.forms import PeriodForm

HEADERS = ["Indicateur", "Détail", "Valeur", "Unité"]


def _report(request):
    access = report_access(request)
    form = PeriodForm(request.GET or None, council=request.council)
    start, end = form.period()
    return form, report.build(request.council, start, end, cell=form.cell(), exact=access.exact)


@member_required()
def bilan(request: HttpRequest) -> HttpResponse:
    form, result = _report(request)
    return render(
        request,
        "reports/bilan.html",
        {"form": form, "report": result, "query_string": request.GET.urlencode()},
    )


@member_required()
def bilan_export(request: HttpRequest) -> HttpResponse:
    _, result = _report(request)
    content, _ = xlsx.workbook("Bilan", HEADERS, report.xlsx_rows(result))
    services.report_export_record(
        council=request.council,
        actor=request.user,
        start=result.start,
        end=result.end,
        cell=result.cell,
        exact=result.exact,
    )
    return xlsx.response(content, "bilan", request.council)
