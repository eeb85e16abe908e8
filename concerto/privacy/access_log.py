"""The DPO's view of the access log: who read which person's data, when, from which page — filtered, exported,
and the unusual reading flagged on the home page. Queries in `privacy.selectors`, the export's trace in
`privacy.services`."""

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from concerto.accounts.enums import Role
from concerto.core.decorators import member_required
from concerto.privacy import services
from concerto.privacy.exports import access_log_xlsx
from concerto.privacy.forms import AccessLogFilterForm
from concerto.privacy.selectors import access_log_entries, access_log_rows, unusual_reads

__all__ = ["access_log", "unusual_reads"]

EXPORT_MAX_ROWS = 50_000


@member_required(Role.COORDINATOR, Role.DPO)
def access_log(request: HttpRequest) -> HttpResponse:
    form = AccessLogFilterForm(request.GET or None, council=request.council)
    entries = access_log_entries(request.council, form.cleaned_data if form.is_valid() else None)
    if request.GET.get("export") == "xlsx":
        return _export(request, entries)
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    query_string = request.GET.copy()
    query_string.pop("page", None)
    return render(
        request,
        "privacy/access_log.html",
        {
            "form": form,
            "page": page,
            "rows": access_log_rows(request.council, page.object_list),
            "query_string": query_string.urlencode(),
            "unusual": unusual_reads(request.council),
        },
    )


def _export(request, entries) -> HttpResponse:
    rows = access_log_rows(request.council, entries[:EXPORT_MAX_ROWS])
    workbook = access_log_xlsx(rows)
    services.access_log_exported(council=request.council, actor=request.user, rows=len(rows))
    response = HttpResponse(workbook, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="consultations-{timezone.localdate().isoformat()}.xlsx"'
    return response
