"""The Bilan page (issue 14) and its XLSX export: the same `report.build` for both, so the same numbers; and the
annual activity report: its narrative and its three documents (always suppressed: they leave the cell)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from concerto.core import xlsx
from concerto.core.concurrency import VersionConflict
from concerto.core.db_router import replica_reads
from concerto.core.decorators import member_required
from concerto.core.pages import CONFLICT
from concerto.reports import report, services, suppression
from concerto.reports.access import may_edit_narrative, report_access
from concerto.reports.annual import spreadsheet, word
from concerto.reports.annual.content import annual_content, narrative_for
from concerto.reports.annual.pdf import annual_pdf
from concerto.reports.forms import NarrativeForm, PeriodForm, YearForm, last_year

HEADERS = ["Indicateur", "Détail", "Valeur", "Unité"]


def _report(request):
    access = report_access(request)
    form = PeriodForm(request.GET or None, council=request.council)
    start, end = form.period()
    return form, report.build(request.council, start, end, cell=form.cell(), exact=access.exact)


@member_required()
@replica_reads
def bilan(request: HttpRequest) -> HttpResponse:
    form, result = _report(request)
    return render(
        request,
        "reports/bilan.html",
        {"form": form, "report": result, "query_string": request.GET.urlencode()},
    )


@member_required()
@replica_reads
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


DOWNLOADS = {
    "pdf": ("application/pdf", annual_pdf),
    "docx": (word.CONTENT_TYPE, word.annual_docx),
    "xlsx": (xlsx.CONTENT_TYPE, spreadsheet.annual_xlsx),
}


@member_required()
def annual_report(request: HttpRequest) -> HttpResponse:
    """The narrative of a year (written by the coordinator and the DPO) and the downloads of the annual report."""
    report_access(request)
    year = YearForm(request.GET or None).year()
    editor = may_edit_narrative(request.membership)
    if request.method == "POST" and not editor:
        raise PermissionDenied("Seules la coordination et la ou le DPO rédigent le rapport annuel.")
    narrative = narrative_for(request.council, year)
    form = NarrativeForm(request.POST or None, narrative=narrative) if editor else None
    if form is not None and request.method == "POST" and form.is_valid():
        try:
            services.annual_report_save(
                council=request.council,
                year=year,
                actor=request.user,
                data=form.cleaned_data,
                expected_version=form.cleaned_data["version"] or 0,
            )
        except VersionConflict:
            form.add_error(None, CONFLICT)
            form.data = form.data.copy()
            form.data["version"] = narrative_for(request.council, year).version  # saving again overwrites knowingly
        else:
            messages.success(request, f"Le texte du rapport annuel {year} est enregistré.")
            return redirect(f"{reverse('reports:annual')}?annee={year}")
    return render(
        request,
        "reports/annual_report.html",
        {"year": year, "form": form, "narrative": narrative, "threshold": suppression.threshold_for(request.council),
         "years": sorted({year, *range(last_year() - 4, last_year() + 2)}, reverse=True)},
    )  # fmt: skip


@member_required()
@replica_reads
def annual_report_download(request: HttpRequest, kind: str) -> HttpResponse:
    report_access(request)
    if kind not in DOWNLOADS:
        raise Http404("Format inconnu.")
    year = YearForm(request.GET or None).year()
    content_type, build = DOWNLOADS[kind]
    document = build(annual_content(request.council, year))
    services.annual_report_export_record(council=request.council, actor=request.user, year=year, kind=kind)
    response = HttpResponse(document, content_type=content_type)
    filename = f"rapport-annuel-{year}-{request.council.code.lower()}.{kind}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
